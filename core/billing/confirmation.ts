// What a customer is told once a plan or a deferral is granted, in words that suit a text
// message and an e-mail alike, and the number formats every channel shares (amounts with the
// language's decimal mark, dates in the configured time zone).
import { DateTime } from 'luxon';
import { createTranslator, type Catalog } from '../i18n';
import type { Language } from '../../wire';
import type { Decision } from './decide';

export const confirmationCatalog: Catalog = {
  it: {
    'dispute.upheld':
      'Il suo reclamo per il contratto {{contract}} non richiesto è stato accolto: non le chiederemo alcun pagamento e riceverà una nota di credito.',
    'dispute.rejected':
      'Abbiamo verificato il contratto {{contract}}: il reclamo non è stato accolto e le bollette restano dovute. Per chiarimenti ci contatti.',
    'confirmed.instalment_approved': 'Il piano a rate della fattura {{bill}} è stato approvato.',
    'confirmed.instalment': 'Piano a rate della fattura {{bill}} attivo: {{count}} rate, la prima il {{date}}. Grazie.',
    'confirmed.instalment_pending': 'Richiesta di rate per la fattura {{bill}} registrata: un operatore la approverà.',
    'confirmed.deferral': 'Rinvio confermato: la fattura {{bill}} ora scade il {{date}}. Grazie.',
    'rate.basis': ' ({{base}}% + BCE {{ref}}% dal {{from}})',
    'rate.basis_spoken': ', cioè {{base}} per cento più il tasso BCE del {{ref}} per cento in vigore dal {{from}}',
  },
  en: {
    'dispute.upheld':
      'Your claim that contract {{contract}} was never requested has been upheld: nothing is owed on it and you will receive a credit note.',
    'dispute.rejected':
      'We have checked contract {{contract}}: your claim was not upheld and its bills remain due. Contact us with any questions.',
    'confirmed.instalment_approved': 'The instalment plan for bill {{bill}} has been approved.',
    'confirmed.instalment': 'Instalment plan for bill {{bill}} is active: {{count}} instalments, the first on {{date}}. Thank you.',
    'confirmed.instalment_pending': 'Your instalment request for bill {{bill}} is recorded: an agent will approve it.',
    'confirmed.deferral': 'Deferral confirmed: bill {{bill}} is now due on {{date}}. Thank you.',
    'rate.basis': ' ({{base}}% + ECB {{ref}}% from {{from}})',
    'rate.basis_spoken': ', that is {{base}} percent plus the ECB rate of {{ref}} percent in force from {{from}}',
  },
  ru: {
    'dispute.upheld': 'Ваша жалоба на договор {{contract}} удовлетворена: оплата не требуется, вы получите кредит-ноту.',
    'dispute.rejected': 'Мы проверили договор {{contract}}: жалоба отклонена, счета подлежат оплате.',
    'confirmed.instalment_approved': 'Рассрочка по счёту {{bill}} одобрена.',
    'confirmed.instalment': 'Рассрочка по счёту {{bill}} оформлена: {{count}} платежа, первый до {{date}}.',
    'confirmed.instalment_pending': 'Заявка на рассрочку по счёту {{bill}} принята, её одобрит оператор.',
    'confirmed.deferral': 'Отсрочка оформлена: счёт {{bill}} оплатить до {{date}}.',
    'rate.basis': ' ({{base}}% + ставка ЕЦБ {{ref}}% с {{from}})',
    'rate.basis_spoken': ', то есть {{base}} процента плюс ставка ЕЦБ {{ref}} процента, действующая с {{from}}',
  },
};

export const tConfirmation = createTranslator(confirmationCatalog, 'it');

export const money = (v: number, language: Language) => (language === 'en' ? v.toFixed(2) : v.toFixed(2).replace('.', ','));

/** An annual rate as a percentage: 0.055 → "5,5" (it, ru) or "5.5" (en). */
export function percent(rate: number, language: Language): string {
  const text = String(Math.round(rate * 10_000) / 100);
  return language === 'en' ? text : text.replace('.', ',');
}

export function formatDay(at: Date, language: Language, timeZone: string): string {
  return DateTime.fromJSDate(at, { zone: timeZone }).toFormat(language === 'en' ? 'd LLL yyyy' : 'dd/MM/yyyy', { locale: language });
}

/**
 * Which rates made a plan's interest, for the customer's answer: "(3,5% + BCE 2,15% dal
 * 11/06/2025)" in text, a sentence when spoken. Empty without a reference rate (none in the
 * table on that day) or without interest (eased hardship terms).
 */
export function rateBasis(
  plan: { interestRate: number; referenceRate: { from: string; rate: number } | null },
  language: Language,
  opts: { timeZone: string; spoken?: boolean },
): string {
  const ref = plan.referenceRate;
  if (!ref || plan.interestRate <= 0) return '';
  const from = DateTime.fromISO(ref.from, { zone: opts.timeZone }).setLocale(language);
  return tConfirmation(language, opts.spoken ? 'rate.basis_spoken' : 'rate.basis', {
    base: percent(plan.interestRate - ref.rate, language),
    ref: percent(ref.rate, language),
    from: opts.spoken ? from.toFormat('d MMMM yyyy') : formatDay(from.toJSDate(), language, opts.timeZone),
  });
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
