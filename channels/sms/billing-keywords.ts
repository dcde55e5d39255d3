// Self-service keywords on bills (channels/sms/README.md, "Instalments and deferrals"): a word
// per language and the bill number — `RATE F123`, `RINVIO F123`, `PLAN F123`, `DEFER F123`,
// `РАССРОЧКА F123`, `ОТСРОЧКА F123` — and the confirmation `SI` / `YES` / `ДА`. Pure.
import type { DecisionKind } from '../../core/billing/decide';
import type { Language } from '../../wire';

const WORDS: Record<string, { kind: DecisionKind; language: Language }> = {};
const add = (kind: DecisionKind, language: Language, words: string[]) => {
  for (const w of words) WORDS[w] = { kind, language };
};
add('instalment', 'it', ['rate', 'rateizza', 'rateizzazione']);
add('deferral', 'it', ['rinvio', 'dilazione']);
add('instalment', 'en', ['plan', 'instalments', 'installments']);
add('deferral', 'en', ['defer']);
add('instalment', 'ru', ['рассрочка']);
add('deferral', 'ru', ['отсрочка']);

const CONFIRM: Record<string, Language> = { si: 'it', sì: 'it', "si'": 'it', yes: 'en', да: 'ru' };

export type BillingKeyword =
  | { kind: DecisionKind; language: Language; billNumber: string }
  /** The word without a bill number (or with something that cannot be one): the customer gets the syntax. */
  | { kind: DecisionKind; language: Language; billNumber: null };

/** The message's words as typed (the bill number keeps its case); compare them lower-cased. */
const words = (body: string) =>
  body
    .normalize('NFKC')
    .trim()
    .replace(/^[\s"'«.!?]+|[\s"'».!?]+$/g, '')
    .split(/\s+/)
    .filter(Boolean);

export function billingKeyword(body: string): BillingKeyword | null {
  const w = words(body);
  if (w.length === 0 || w.length > 2) return null;
  const found = WORDS[w[0]!.toLowerCase()];
  if (!found) return null;
  const bill = w[1] ?? null;
  // A bill number: letters, digits and dashes, with at least one digit.
  return { ...found, billNumber: bill && /^[A-Za-z0-9-]{1,64}$/.test(bill) && /\d/.test(bill) ? bill : null };
}

/** `SI`, `SÌ`, `YES`, `ДА` as a whole message: the language it was said in, or null. */
export function confirmation(body: string): Language | null {
  const w = words(body);
  return w.length === 1 ? (CONFIRM[w[0]!.toLowerCase()] ?? null) : null;
}
