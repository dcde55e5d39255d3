// What a customer is told once a plan or a deferral is granted, in words that suit a text
// message and an e-mail alike, and the number formats every channel shares (amounts with the
// language's decimal mark, dates in the configured time zone).
import { DateTime } from 'luxon';
import { createTranslator, type Catalog } from '../i18n';
import type { Language } from '../../wire';
import type { Decision } from './decide';

export const confirmationCatalog: Catalog = {
  it: {
    'confirmed.instalment': 'Piano a rate della fattura {{bill}} attivo: {{count}} rate, la prima il {{date}}. Grazie.',
    'confirmed.instalment_pending': 'Richiesta di rate per la fattura {{bill}} registrata: un operatore la approverà.',
    'confirmed.deferral': 'Rinvio confermato: la fattura {{bill}} ora scade il {{date}}. Grazie.',
  },
  en: {
    'confirmed.instalment': 'Instalment plan for bill {{bill}} is active: {{count}} instalments, the first on {{date}}. Thank you.',
    'confirmed.instalment_pending': 'Your instalment request for bill {{bill}} is recorded: an agent will approve it.',
    'confirmed.deferral': 'Deferral confirmed: bill {{bill}} is now due on {{date}}. Thank you.',
  },
  ru: {
    'confirmed.instalment': 'Рассрочка по счёту {{bill}} оформлена: {{count}} платежа, первый до {{date}}.',
    'confirmed.instalment_pending': 'Заявка на рассрочку по счёту {{bill}} принята, её одобрит оператор.',
    'confirmed.deferral': 'Отсрочка оформлена: счёт {{bill}} оплатить до {{date}}.',
  },
};

const tConfirmation = createTranslator(confirmationCatalog, 'it');

export const money = (v: number, language: Language) => (language === 'en' ? v.toFixed(2) : v.toFixed(2).replace('.', ','));

/** An annual rate as a percentage: 0.055 → "5,5" (it, ru) or "5.5" (en). */
export function percent(rate: number, language: Language): string {
  const text = String(Math.round(rate * 10_000) / 100);
  return language === 'en' ? text : text.replace('.', ',');
}

export function formatDay(at: Date, language: Language, timeZone: string): string {
  return DateTime.fromJSDate(at, { zone: timeZone }).toFormat(language === 'en' ? 'd LLL yyyy' : 'dd/MM/yyyy', { locale: language });
}

export function confirmationText(d: Decision, language: Language, timeZone: string): string {
  const bill = d.billNumber;
  if (d.kind === 'deferral')
    return tConfirmation(language, 'confirmed.deferral', { bill, date: formatDay(d.newDueAt, language, timeZone) });
  if (d.plan.status === 'pending_approval') return tConfirmation(language, 'confirmed.instalment_pending', { bill });
  return tConfirmation(language, 'confirmed.instalment', {
    bill,
    count: d.plan.instalments.length,
    date: formatDay(d.plan.instalments[0]!.dueAt, language, timeZone),
  });
}
