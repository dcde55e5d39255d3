// Customer-facing text of reminders, notices and the formal letter, per language. Each
// names the customer and the amount (seed 002 §7.1.11). Placeholders: name, amount
// (formatted for the language), billNumber, dueDate, newDueDate.
import { createTranslator, type Catalog } from '../i18n';

export const reminderCatalog: Catalog = {
  it: {
    'due_soon.subject': 'Bolletta {{billNumber}} in scadenza',
    'due_soon.body':
      'Gentile {{name}}, le ricordiamo che la bolletta {{billNumber}} di {{amount}} scade il {{dueDate}}. Se ha già pagato, ignori questo messaggio.',
    'first_reminder.subject': 'Sollecito di pagamento: bolletta {{billNumber}}',
    'first_reminder.body':
      'Gentile {{name}}, la bolletta {{billNumber}} di {{amount}}, scaduta il {{dueDate}}, risulta non pagata. La preghiamo di provvedere al pagamento o di chiedere una rateizzazione.',
    'formal_notice.subject': 'Costituzione in mora: bolletta {{billNumber}}',
    'formal_notice.body':
      'Gentile {{name}}, nonostante il sollecito la bolletta {{billNumber}} di {{amount}}, scaduta il {{dueDate}}, non risulta pagata. Senza pagamento la fornitura potrà essere sospesa. Le abbiamo inviato una lettera raccomandata.',
    'power_reduction.subject': 'Riduzione di potenza: bolletta {{billNumber}}',
    'power_reduction.body':
      'Gentile {{name}}, per il mancato pagamento della bolletta {{billNumber}} di {{amount}} la potenza della fornitura sarà ridotta al 15 %; in seguito la fornitura potrà essere sospesa.',
    'suspension_eligible.subject': 'Sospensione della fornitura: bolletta {{billNumber}}',
    'suspension_eligible.body':
      'Gentile {{name}}, la bolletta {{billNumber}} di {{amount}} non è stata pagata: la fornitura può ora essere sospesa. Ci contatti per un piano di rateizzazione.',
    'combined.subject': 'Bollette da pagare',
    'combined.body':
      'Gentile {{name}}, risultano {{count}} bollette non pagate per un totale di {{amount}}. Può pagarle insieme o chiederci una rateizzazione.',
    'tariff.subject': 'Variazione delle condizioni di fornitura',
    'tariff.body': 'Gentile {{name}}, dal {{effectiveDate}} cambiano le condizioni della sua fornitura: {{summary}}',
    'letter.title': 'Costituzione in mora e preavviso di sospensione',
    'letter.body':
      'Gentile {{name}},\n\nla bolletta n. {{billNumber}}, scaduta il {{dueDate}}, risulta non pagata per un importo di {{amount}}.\n\nLa invitiamo a pagare entro 20 giorni dal ricevimento della presente. In mancanza di pagamento la fornitura potrà essere sospesa, previa eventuale riduzione di potenza.\n\nPuò chiedere una rateizzazione o informazioni al servizio clienti.',
  },
  en: {
    'due_soon.subject': 'Bill {{billNumber}} is due soon',
    'due_soon.body':
      'Dear {{name}}, your bill {{billNumber}} of {{amount}} is due on {{dueDate}}. If you have already paid, please ignore this message.',
    'first_reminder.subject': 'Payment reminder: bill {{billNumber}}',
    'first_reminder.body':
      'Dear {{name}}, your bill {{billNumber}} of {{amount}}, due on {{dueDate}}, is still unpaid. Please pay it or ask us for an instalment plan.',
    'formal_notice.subject': 'Formal notice: bill {{billNumber}}',
    'formal_notice.body':
      'Dear {{name}}, despite our reminder your bill {{billNumber}} of {{amount}}, due on {{dueDate}}, is unpaid. Without payment the supply may be suspended. We have sent you a registered letter.',
    'power_reduction.subject': 'Power reduction: bill {{billNumber}}',
    'power_reduction.body':
      'Dear {{name}}, because bill {{billNumber}} of {{amount}} is unpaid, your supply will be reduced to 15 % power and may later be suspended.',
    'suspension_eligible.subject': 'Supply suspension: bill {{billNumber}}',
    'suspension_eligible.body':
      'Dear {{name}}, bill {{billNumber}} of {{amount}} is unpaid: the supply may now be suspended. Contact us to agree an instalment plan.',
    'combined.subject': 'Bills to pay',
    'combined.body':
      'Dear {{name}}, {{count}} of your bills are unpaid, {{amount}} in total. You can pay them together or ask us for an instalment plan.',
    'tariff.subject': 'Change to your supply terms',
    'tariff.body': 'Dear {{name}}, from {{effectiveDate}} the terms of your supply change: {{summary}}',
    'letter.title': 'Formal notice of arrears and warning of suspension',
    'letter.body':
      'Dear {{name}},\n\nbill no. {{billNumber}}, due on {{dueDate}}, is unpaid for an amount of {{amount}}.\n\nPlease pay within 20 days of receiving this letter. Without payment the supply may be suspended, possibly after a reduction of power.\n\nYou may ask customer service for an instalment plan or for information.',
  },
  ru: {
    'due_soon.subject': 'Срок оплаты счёта {{billNumber}}',
    'due_soon.body':
      'Уважаемый(ая) {{name}}, напоминаем: счёт {{billNumber}} на сумму {{amount}} нужно оплатить до {{dueDate}}. Если вы уже оплатили, не обращайте внимания на это сообщение.',
    'first_reminder.subject': 'Напоминание об оплате счёта {{billNumber}}',
    'first_reminder.body':
      'Уважаемый(ая) {{name}}, счёт {{billNumber}} на сумму {{amount}} со сроком оплаты {{dueDate}} не оплачен. Пожалуйста, оплатите его или попросите рассрочку.',
    'formal_notice.subject': 'Предупреждение о задолженности по счёту {{billNumber}}',
    'formal_notice.body':
      'Уважаемый(ая) {{name}}, задолженность по счёту {{billNumber}} составляет {{amount}} (срок оплаты {{dueDate}}). Если она не будет погашена в течение 20 дней, подача энергии будет ограничена, а затем приостановлена.',
    'power_reduction.subject': 'Ограничение подачи энергии: счёт {{billNumber}}',
    'power_reduction.body':
      'Уважаемый(ая) {{name}}, из-за неоплаты счёта {{billNumber}} на сумму {{amount}} подача энергии будет ограничена, а затем может быть приостановлена.',
    'suspension_eligible.subject': 'Приостановление подачи энергии: счёт {{billNumber}}',
    'suspension_eligible.body':
      'Уважаемый(ая) {{name}}, счёт {{billNumber}} на сумму {{amount}} не оплачен: подача энергии может быть приостановлена. Свяжитесь с нами, чтобы договориться о рассрочке.',
    'combined.subject': 'Неоплаченные счета',
    'combined.body':
      'Уважаемый(ая) {{name}}, у вас {{count}} неоплаченных счетов на общую сумму {{amount}}. Вы можете оплатить их вместе или попросить рассрочку.',
    'tariff.subject': 'Изменение условий поставки',
    'tariff.body': 'Уважаемый(ая) {{name}}, с {{effectiveDate}} меняются условия вашей поставки: {{summary}}',
    'letter.title': 'Уведомление о задолженности и предупреждение о приостановлении',
    'letter.body':
      'Уважаемый(ая) {{name}},\n\nсчёт № {{billNumber}} со сроком оплаты {{dueDate}} не оплачен; задолженность составляет {{amount}}.\n\nПросим погасить её в течение 20 дней с момента получения уведомления. В противном случае подача энергии будет ограничена, а затем приостановлена.\n\nВы можете обратиться в службу поддержки за рассрочкой или разъяснениями.',
  },
};

export const translateReminder = createTranslator(reminderCatalog, 'it');

const LOCALES: Record<string, string> = { it: 'it-IT', en: 'en-GB', ru: 'ru-RU' };

// Building an Intl formatter costs far more than using one: one per locale and currency / time zone.
const amountFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

export function formatAmount(amount: number, currency: string, language: string): string {
  const locale = LOCALES[language] ?? 'it-IT';
  const key = `${locale}|${currency}`;
  let f = amountFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, { style: 'currency', currency });
    amountFormats.set(key, f);
  }
  return f.format(amount);
}

export function formatDate(d: Date, language: string, timeZone: string): string {
  const locale = LOCALES[language] ?? 'it-IT';
  const key = `${locale}|${timeZone}`;
  let f = dateFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone });
    dateFormats.set(key, f);
  }
  return f.format(d);
}
