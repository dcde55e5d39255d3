// Customer-facing text of the e-mail channel, per language, with {{placeholders}}.
import { createTranslator, type Catalog } from '../../core/i18n';

export const emailCatalog: Catalog = {
  it: {
    'ack.subject': 'Abbiamo ricevuto la sua richiesta [{{number}}]',
    'ack.body':
      "Gentile cliente,\n\nabbiamo ricevuto il suo messaggio e lo abbiamo registrato con il numero {{number}} ({{category}}).\nLe risponderemo entro il {{deadline}} ({{period}}, il termine previsto per questo tipo di richiesta).\n\nPer scriverci ancora su questa pratica risponda a questa e-mail o indichi [{{number}}] nell'oggetto.\n\nQuesto è un messaggio automatico.\n{{signature}}",
    'unsubscribe.footer': 'Non desidera più ricevere questi messaggi via e-mail? {{url}}',
    'unsubscribe.footer_html': 'Non desidera più ricevere questi messaggi via e-mail?',
    'unsubscribe.label': "Annulla l'iscrizione",
    'reply.footer': "Per rispondere su questa pratica risponda a questa e-mail mantenendo [{{number}}] nell'oggetto.",
    'reply.subject': 'Re: {{subject}} [{{number}}]',
    signature: 'Servizio clienti',
    'period.calendar': '{{count}} giorni',
    'period.working': '{{count}} giorni lavorativi',
    'period.hours': '{{count}} ore',
    'category.complaint': 'reclamo',
    'category.information_request': 'richiesta di informazioni',
    'category.suggestion': 'suggerimento',
    'category.feedback': 'segnalazione',
    'category.meter_reading': 'lettura del contatore',
    'category.outage': 'guasto',
    'category.billing': 'fatturazione',
    'category.instalment': 'rateizzazione',
    'category.deferral': 'dilazione di pagamento',
    'category.disputed_contract': 'contratto non richiesto',
    'category.withdrawal': 'recesso / ripensamento',
    'category.callback': 'richiamata',
    'category.voicemail': 'messaggio in segreteria',
  },
  ru: {
    'ack.subject': 'Ваше обращение получено [{{number}}]',
    'ack.body':
      'Уважаемый клиент!\n\nМы получили ваше сообщение и зарегистрировали его под номером {{number}} ({{category}}).\nМы ответим до {{deadline}} (срок для обращений этого типа — {{period}}).\n\nЧтобы написать нам по этому обращению, ответьте на это письмо или укажите [{{number}}] в теме.\n\nЭто автоматическое сообщение.\n{{signature}}',
    'unsubscribe.footer': 'Не хотите больше получать такие письма? {{url}}',
    'unsubscribe.footer_html': 'Не хотите больше получать такие письма?',
    'unsubscribe.label': 'Отписаться',
    'reply.footer': 'Чтобы ответить по этому обращению, ответьте на это письмо, сохранив [{{number}}] в теме.',
    'reply.subject': 'Re: {{subject}} [{{number}}]',
    signature: 'Служба поддержки клиентов',
    'period.calendar': '{{count}} дн.',
    'period.working': '{{count}} раб. дн.',
    'period.hours': '{{count}} ч.',
    'category.complaint': 'жалоба',
    'category.information_request': 'запрос информации',
    'category.suggestion': 'предложение',
    'category.feedback': 'отзыв',
    'category.meter_reading': 'показания счётчика',
    'category.outage': 'авария',
    'category.billing': 'вопрос по счёту',
    'category.instalment': 'рассрочка',
    'category.deferral': 'отсрочка платежа',
    'category.disputed_contract': 'оспариваемый договор',
    'category.withdrawal': 'отказ от договора',
    'category.callback': 'обратный звонок',
    'category.voicemail': 'голосовое сообщение',
  },
  en: {
    'ack.subject': 'We have received your request [{{number}}]',
    'ack.body':
      'Dear customer,\n\nwe have received your message and registered it as {{number}} ({{category}}).\nWe will answer by {{deadline}} ({{period}}, the deadline for this kind of request).\n\nTo write to us about this matter, reply to this e-mail or put [{{number}}] in the subject.\n\nThis is an automatic message.\n{{signature}}',
    'unsubscribe.footer': 'No longer want these messages by e-mail? {{url}}',
    'unsubscribe.footer_html': 'No longer want these messages by e-mail?',
    'unsubscribe.label': 'Unsubscribe',
    'reply.footer': 'To reply about this matter, answer this e-mail keeping [{{number}}] in the subject.',
    'reply.subject': 'Re: {{subject}} [{{number}}]',
    signature: 'Customer Service',
    'period.calendar': '{{count}} days',
    'period.working': '{{count}} working days',
    'period.hours': '{{count}} hours',
    'category.complaint': 'complaint',
    'category.information_request': 'information request',
    'category.suggestion': 'suggestion',
    'category.feedback': 'feedback',
    'category.meter_reading': 'meter reading',
    'category.outage': 'outage',
    'category.billing': 'billing question',
    'category.instalment': 'instalment plan',
    'category.deferral': 'payment deferral',
    'category.disputed_contract': 'disputed contract',
    'category.withdrawal': 'withdrawal',
    'category.callback': 'callback',
    'category.voicemail': 'voicemail',
  },
};

export const tEmail = createTranslator(emailCatalog);

/** A deadline as a date in the customer's language and the utility's time zone. */
export function formatDeadline(at: Date, language: string, timeZone: string): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone }).format(at);
}
