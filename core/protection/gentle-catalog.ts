// The gentle wording of reminders for customers on the vulnerability register: the same
// facts (name, amount, bill, date — seed 002 §7.1.11), no threat, and a way to get help.
// A stage without a gentle entry falls back to the standard text (core/reminders/catalog.ts).
import { createTranslator, type Catalog } from '../i18n';
import { reminderCatalog, translateReminder } from '../reminders/catalog';

export const gentleCatalog: Catalog = {
  it: {
    'due_soon.body':
      'Gentile {{name}}, un promemoria: la bolletta {{billNumber}} di {{amount}} scade il {{dueDate}}. Se le serve aiuto o più tempo, ci chiami: troveremo insieme una soluzione.',
    'first_reminder.body':
      'Gentile {{name}}, la bolletta {{billNumber}} di {{amount}}, scaduta il {{dueDate}}, non risulta ancora pagata. Sappiamo che può essere un momento difficile: ci contatti e la aiuteremo con una rateizzazione o più tempo.',
    'formal_notice.body':
      'Gentile {{name}}, la bolletta {{billNumber}} di {{amount}}, scaduta il {{dueDate}}, è ancora aperta e per legge le inviamo anche una lettera. Un nostro operatore è a disposizione per concordare con lei una soluzione.',
    'power_reduction.body':
      'Gentile {{name}}, la bolletta {{billNumber}} di {{amount}} è ancora aperta. Prima di qualsiasi intervento sulla fornitura vorremmo parlare con lei: ci chiami per un piano di pagamento.',
    'suspension_eligible.body':
      'Gentile {{name}}, la bolletta {{billNumber}} di {{amount}} è ancora aperta. Vorremmo concordare con lei una soluzione prima di qualsiasi intervento: ci contatti, la aiuteremo.',
  },
  en: {
    'due_soon.body':
      'Dear {{name}}, a reminder: your bill {{billNumber}} of {{amount}} is due on {{dueDate}}. If you need help or more time, call us and we will find a way together.',
    'first_reminder.body':
      'Dear {{name}}, your bill {{billNumber}} of {{amount}}, due on {{dueDate}}, is still open. We know times can be hard: contact us and we will help with an instalment plan or more time.',
    'formal_notice.body':
      'Dear {{name}}, your bill {{billNumber}} of {{amount}}, due on {{dueDate}}, is still open, and the law asks us to send you a letter as well. One of our advisers is ready to agree a solution with you.',
    'power_reduction.body':
      'Dear {{name}}, your bill {{billNumber}} of {{amount}} is still open. Before anything is done to your supply we would like to talk with you: please call us to agree a payment plan.',
    'suspension_eligible.body':
      'Dear {{name}}, your bill {{billNumber}} of {{amount}} is still open. We would like to agree a solution with you before anything else happens: contact us and we will help.',
  },
  ru: {
    'due_soon.body':
      'Уважаемый(ая) {{name}}, напоминаем: счёт {{billNumber}} на сумму {{amount}} нужно оплатить до {{dueDate}}. Если вам нужна помощь или отсрочка, позвоните нам — мы вместе найдём решение.',
    'first_reminder.body':
      'Уважаемый(ая) {{name}}, счёт {{billNumber}} на сумму {{amount}} со сроком оплаты {{dueDate}} пока не оплачен. Мы понимаем, что бывают трудные времена: свяжитесь с нами, и мы поможем с рассрочкой или отсрочкой.',
    'formal_notice.body':
      'Уважаемый(ая) {{name}}, счёт {{billNumber}} на сумму {{amount}} (срок оплаты {{dueDate}}) пока не оплачен; по закону мы также направляем вам письменное уведомление. Наш специалист готов согласовать с вами удобное решение.',
    'power_reduction.body':
      'Уважаемый(ая) {{name}}, счёт {{billNumber}} на сумму {{amount}} пока не оплачен. Прежде чем что-либо менять в подаче энергии, мы хотели бы поговорить с вами: позвоните нам, чтобы договориться о графике оплаты.',
    'suspension_eligible.body':
      'Уважаемый(ая) {{name}}, счёт {{billNumber}} на сумму {{amount}} пока не оплачен. Мы хотели бы договориться с вами о решении: свяжитесь с нами, мы поможем.',
  },
};

const translateGentle = createTranslator(gentleCatalog, 'it');

/** A reminder's subject or body, gentle when asked and the catalogue has it. */
export function reminderText(language: string, key: string, params: Record<string, unknown>, gentle: boolean): string {
  const lng = language in reminderCatalog ? language : 'it';
  if (gentle && gentleCatalog[lng as keyof Catalog]?.[key]) return translateGentle(lng, key, params);
  return translateReminder(language, key, params);
}
