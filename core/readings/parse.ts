// SMS self-reading ("autolettura") as customers type it: the contract number, the
// service's initial, the reading — `12345678g4567` (docs/rules.md). Tolerated: spaces
// anywhere between the parts, any case, a decimal comma or point, a leading word
// ("lettura", "reading", "показания"), and Cyrillic look-alike letters. Two-register
// (day/night, Т1/Т2, F1/F2) electricity meters send both values, separated by a space,
// "/", ";" or "+", optionally labelled:
//   12345678ee 4567 2345      12345678ee4567/2345      12345678 EE T1 4567 T2 2345
import type { Service } from '../../models/contract';

export const SERVICE_CODES: Record<string, Service> = { g: 'gas', ee: 'electricity', a: 'water', t: 'heating' };
export const SERVICE_LETTERS: Record<Service, string> = { gas: 'g', electricity: 'ee', water: 'a', heating: 't' };

export interface ParsedReading {
  contractNumber: string;
  service: Service;
  /** One value per register, in the order sent (day first). */
  values: number[];
}

export type ParseResult =
  | { kind: 'reading'; reading: ParsedReading }
  /** Looks like an attempt at a reading but does not follow the format: answer with the format. */
  | { kind: 'malformed'; contractNumber?: string; problem: 'no_service' | 'unknown_service' | 'no_value' | 'bad_value' | 'too_many_values' }
  /** Not a reading at all: a conversation. */
  | { kind: 'other' };

// Cyrillic letters that look like the Latin service letters, typed on a Russian keyboard.
const LOOKALIKES: Record<string, string> = { а: 'a', е: 'e', т: 't', г: 'g', Т: 't', Е: 'e', А: 'a' };
const PREFIX = /^(auto)?lettura|^reading|^meter|^показани[яе]|^autolettura/iu;
const REGISTER_LABEL = /^(t[12]|f[123]|d|n|day|night|giorno|notte|день|ночь)$/iu;

function toNumber(raw: string): number | null {
  if (!/^\d{1,12}([.,]\d{1,3})?$/.test(raw)) return null;
  return Number(raw.replace(',', '.'));
}

export function parseSelfReading(input: string): ParseResult {
  let text = input.normalize('NFKC').trim();
  if (text.length === 0 || text.length > 80) return { kind: 'other' };
  text = text.replace(PREFIX, '').replace(/^[\s:.-]+/, '');
  text = text.replace(/[аеЕтТгА]/g, (c) => LOOKALIKES[c] ?? c).toLowerCase();

  const head = /^(\d{4,20})\s*/.exec(text);
  // Free text (or a bare short number) is a conversation, not a reading.
  if (!head) return { kind: 'other' };
  const contractNumber = head[1] ?? '';
  let rest = text.slice(head[0].length);
  if (/[^\da-z\s.,/;+:-]/.test(rest)) return { kind: 'other' };

  // A bare number is an answer in a conversation ("my contract is…"), not a reading.
  if (rest.trim() === '') return { kind: 'other' };
  const svc = /^([a-z]+)\s*/.exec(rest);
  if (!svc) return { kind: 'malformed', contractNumber, problem: 'no_service' };
  // "ee4567" or "ee t1 4567": the letters up to the first digit or space are the service.
  const letters = svc[1] ?? '';
  // A number followed by words ("3331234567 call me") is a conversation.
  if (letters.length > 2) return { kind: 'other' };
  const service = SERVICE_CODES[letters];
  if (!service) return { kind: 'malformed', contractNumber, problem: 'unknown_service' };
  rest = rest.slice(svc[0].length);

  const tokens = rest
    .split(/[\s/;+]+/)
    .map((t) => t.replace(/:$/, ''))
    .filter((t) => t !== '' && t !== '-' && !REGISTER_LABEL.test(t));
  if (tokens.length === 0) return { kind: 'malformed', contractNumber, problem: 'no_value' };
  if (tokens.length > 2) return { kind: 'malformed', contractNumber, problem: 'too_many_values' };
  const values: number[] = [];
  for (const t of tokens) {
    const v = toNumber(t);
    if (v === null) return { kind: 'malformed', contractNumber, problem: 'bad_value' };
    values.push(v);
  }
  return { kind: 'reading', reading: { contractNumber, service, values } };
}

/** "4567" or "4567/2345", with a decimal comma where the customer's locale writes one. */
export function formatValues(values: number[], language: string): string {
  return values.map((v) => (language === 'en' ? String(v) : String(v).replace('.', ','))).join('/');
}
