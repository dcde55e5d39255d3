// What a billing system's export looks like, read as the import's fields: header aliases in
// Italian, Russian and English (case, accents, spaces, `_` and `-` do not matter, so
// `Codice Cliente`, `codice_cliente` and `CODICE-CLIENTE` are one name), decimal commas and
// day-first dates. README, "Importing from the billing system", lists them.
import { z } from 'zod';

/** Per field, the other names it may carry. The field's own name (camelCase) always works. */
export const HEADER_ALIASES: Record<string, string[]> = {
  accountNumber: [
    'account',
    'account_no',
    'codice_cliente',
    'cod_cliente',
    'numero_cliente',
    'cliente',
    'лицевой_счёт',
    'лицевой_счет',
    'л/с',
    'номер_лицевого_счёта',
    'абонент',
  ],
  name: [
    'customer_name',
    'full_name',
    'nome',
    'nominativo',
    'ragione_sociale',
    'intestatario',
    'фио',
    'имя',
    'наименование',
    'абонент_фио',
  ],
  phone: ['phones', 'telephone', 'mobile', 'telefono', 'cellulare', 'tel', 'телефон', 'мобильный'],
  email: ['emails', 'e-mail', 'mail', 'posta_elettronica', 'эл_почта', 'электронная_почта', 'почта'],
  language: ['lang', 'lingua', 'язык'],
  segment: ['customer_type', 'segmento', 'tipo_cliente', 'сегмент', 'тип_абонента'],
  contractNumber: ['contract', 'contract_no', 'numero_contratto', 'contratto', 'codice_contratto', 'номер_договора', 'договор'],
  service: ['commodity', 'servizio', 'fornitura', 'tipo_fornitura', 'услуга', 'ресурс'],
  supplyPointCode: ['supply_point', 'pod', 'pdr', 'pod_pdr', 'codice_pod', 'codice_pdr', 'точка_поставки', 'точка_учёта'],
  address: ['supply_address', 'indirizzo', 'indirizzo_fornitura', 'адрес', 'адрес_поставки'],
  areaCode: ['area', 'zona', 'codice_area', 'cabina', 'район', 'участок'],
  meterDigits: ['digits', 'cifre_contatore', 'разрядность', 'разрядность_счётчика'],
  registers: ['tariff_registers', 'registri', 'fasce', 'тарифность', 'число_тарифов'],
  lastReading: ['reading', 'ultima_lettura', 'lettura', 'последние_показания', 'показания'],
  lastReadingAt: ['reading_date', 'data_ultima_lettura', 'data_lettura', 'дата_показаний'],
  avgDailyUse: ['average_daily_use', 'consumo_medio_giornaliero', 'consumo_medio', 'среднесуточный_расход'],
  readingWindowStartDay: ['inizio_finestra_lettura', 'начало_приёма_показаний'],
  readingWindowEndDay: ['fine_finestra_lettura', 'конец_приёма_показаний'],
  shared: ['condiviso', 'общий'],
  billNumber: [
    'bill',
    'invoice',
    'invoice_number',
    'numero_fattura',
    'fattura',
    'numero_bolletta',
    'bolletta',
    'номер_счёта',
    'номер_счета',
    'счёт',
    'счет',
  ],
  amount: ['total', 'importo', 'totale', 'importo_totale', 'сумма', 'сумма_к_оплате'],
  currency: ['valuta', 'валюта'],
  issuedAt: ['issue_date', 'issued', 'data_emissione', 'emessa_il', 'дата_выставления', 'дата_счёта'],
  dueAt: ['due_date', 'due', 'scadenza', 'data_scadenza', 'срок_оплаты', 'оплатить_до'],
  paidAmount: ['paid', 'pagato', 'importo_pagato', 'оплачено'],
  paidAt: ['payment_date', 'data_pagamento', 'pagato_il', 'дата_оплаты', 'дата_платежа'],
  reference: ['payment_reference', 'payment_id', 'riferimento', 'id_pagamento', 'cro', 'номер_платежа', 'платёжный_документ'],
};

/** A header as compared: lower case, no accents (ё → е, й → и), nothing but letters and digits. */
export function headerKey(h: string): string {
  return h
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}

/** header → field for the given fields (those of one import kind); null for a column the kind does not know. */
export function headerResolver(fields: Iterable<string>): (header: string) => string | null {
  const map = new Map<string, string>();
  for (const f of fields) {
    map.set(headerKey(f), f);
    for (const alias of HEADER_ALIASES[f] ?? []) if (!map.has(headerKey(alias))) map.set(headerKey(alias), f);
  }
  return (header) => map.get(headerKey(header)) ?? null;
}

/**
 * A number written by a person or a spreadsheet: `12.5`, `12,5`, `1.234,56`, `1,234.56`,
 * `1 234,56`. A lone comma followed by exactly three digits (`1,234`) could be either and is refused.
 */
export function parseDecimal(text: string): number | null {
  let s = text.trim().replace(/[\s\u00a0\u202f']/g, '');
  if (!s) return null;
  const comma = s.lastIndexOf(',');
  const dot = s.lastIndexOf('.');
  if (comma >= 0 && dot >= 0) {
    // The later one separates the decimals; the other groups thousands.
    s = comma > dot ? s.replace(/\./g, '').replace(',', '.') : s.replace(/,/g, '');
  } else if (comma >= 0) {
    if (s.indexOf(',') !== comma || /^-?\d{1,3},\d{3}$/.test(s)) return null;
    s = s.replace(',', '.');
  }
  if (!/^-?\d+(\.\d+)?$/.test(s)) return null;
  return Number(s);
}

/** A number field: a number, or text read by parseDecimal. */
export const decimal = (inner: z.ZodNumber = z.number()) =>
  z.preprocess((v, ctx) => {
    if (typeof v !== 'string') return v;
    const n = parseDecimal(v);
    if (n === null) {
      ctx.addIssue({
        code: 'custom',
        message: `not a number: ${v} (decimal comma or point; thousands separators only with decimals, e.g. 1.234,56)`,
      });
      return z.NEVER;
    }
    return n;
  }, inner.finite());

/**
 * A date: ISO 8601 (`2026-03-04`, `2026-03-04T10:00:00Z`), or day first as Italian and Russian
 * exports write it (`04/03/2026`, `04.03.2026`, `04-03-2026`: 4 March). A day-first date that is
 * not a real date (`03/25/2026`, month first) is refused, never guessed.
 */
export function parseDate(text: string): Date | null {
  const s = text.trim();
  const dayFirst = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(s);
  if (dayFirst) {
    const [, d, m, y, hh, mm, ss] = dayFirst.map((x) => (x === undefined ? undefined : Number(x)));
    const date = new Date(Date.UTC(y!, m! - 1, d!, hh ?? 0, mm ?? 0, ss ?? 0));
    return date.getUTCDate() === d && date.getUTCMonth() === m! - 1 ? date : null;
  }
  if (!/^\d{4}-\d{2}-\d{2}/.test(s)) return null;
  const date = new Date(s);
  return Number.isNaN(date.getTime()) ? null : date;
}

export const dateField = z.preprocess(
  (v, ctx) => {
    if (typeof v !== 'string') return v;
    const d = parseDate(v);
    if (!d) {
      ctx.addIssue({ code: 'custom', message: `not a date: ${v} (ISO 8601 2026-03-04, or day first 04/03/2026 or 04.03.2026)` });
      return z.NEVER;
    }
    return d;
  },
  z.date({ error: 'must be a date (ISO 8601 or dd/mm/yyyy)' }).refine((d) => !Number.isNaN(d.getTime()), 'must be a date'),
);

/** Service names as billing systems write them. */
export const SERVICE_ALIASES: Record<string, string[]> = {
  electricity: ['power', 'luce', 'energia', 'energia_elettrica', 'elettricità', 'ee', 'электроэнергия', 'электричество', 'свет'],
  gas: ['gas_naturale', 'metano', 'газ', 'газоснабжение'],
  water: ['acqua', 'idrico', 'servizio_idrico', 'вода', 'водоснабжение', 'хвс'],
  heating: ['district_heating', 'riscaldamento', 'teleriscaldamento', 'отопление', 'теплоснабжение'],
};

/** A service name in any of its spellings, as the service it names (unchanged when unknown: the schema reports it). */
export function serviceOf(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const k = headerKey(v);
  for (const [service, aliases] of Object.entries(SERVICE_ALIASES))
    if (headerKey(service) === k || aliases.some((a) => headerKey(a) === k)) return service;
  return v;
}
