// The reminder's wording inputs, from the re-checked bill and customer: language, the debt
// and the catalogue placeholders (shared by the letter and every channel's message).
import type { Language } from '../../wire';
import { outstanding } from '../billing/bill-like';
import { formatAmount, formatDate } from './catalog';
import type { Checked } from './recheck';

export interface Notice {
  language: Language;
  debt: number;
  params: { name: string; amount: string; billNumber: string; dueDate: string; count?: number };
  /** Catalogue key prefix when not the stage's own: "combined" (core/reminders/frequency-cap.ts). */
  key?: 'combined';
}

/** The notice of a message that stands for several unpaid bills: their number and total. */
export function combinedNotice(n: Notice, combined: { count: number; total: number }, currency: string): Notice {
  return {
    ...n,
    key: 'combined',
    params: { ...n.params, count: combined.count, amount: formatAmount(combined.total, currency, n.language) },
  };
}

/** A customer with no language on record is written to in the deployment's default language. */
export function noticeFor({ bill, customer }: Checked, timeZone: string, defaultLanguage: Language): Notice {
  const language = customer.language ?? defaultLanguage;
  const debt = outstanding(bill);
  const params = {
    name: customer.name,
    amount: formatAmount(debt, bill.currency ?? 'EUR', language),
    billNumber: bill.billNumber,
    dueDate: formatDate(bill.deferral?.newDueAt ?? bill.dueAt, language, timeZone),
  };
  return { language, debt, params };
}
