// Customer-facing text of outages, per language. `outageSmsCatalog` is part of the SMS
// catalogue (channels/sms, one GSM-7 segment each: test/unit/sms-catalog.test.ts); the
// notices and answers below carry an operator's own message and a date, so they are
// measured apart (test/unit/outage-wording.test.ts).
import { createTranslator, type Catalog } from '../i18n';

export const outageSmsCatalog: Catalog = {
  it: {
    'outage.restored': 'Il servizio {{service}} nella sua zona è stato ripristinato. Ci scusiamo per il disagio.',
    'service.gas': 'gas',
    'service.electricity': 'luce',
    'service.water': 'acqua',
    'service.heating': 'calore',
  },
  en: {
    'outage.restored': 'The {{service}} supply in your area has been restored. We apologise for the inconvenience.',
    'service.gas': 'gas',
    'service.electricity': 'electricity',
    'service.water': 'water',
    'service.heating': 'heating',
  },
  ru: {
    'outage.restored': 'Услуга «{{service}}» в вашем районе восстановлена.',
    'service.gas': 'газ',
    'service.electricity': 'свет',
    'service.water': 'воду',
    'service.heating': 'тепло',
  },
};

export const tOutage = createTranslator(outageSmsCatalog, 'it');

/**
 * Notices and answers. {{message}} is the outage's public message in the customer's language
 * (or `default_message` when the operator wrote none in it); {{eta}} is `eta` or `eta_unknown`.
 */
export const outageNoticeCatalog: Catalog = {
  it: {
    default_message: 'È in corso un guasto al servizio {{service}} nella sua zona. Causa: {{cause}}.',
    cause_unknown: 'in verifica',
    eta: 'Ripristino previsto: {{restoration}}.',
    eta_unknown: 'Stiamo lavorando per ripristinarlo al più presto.',
    answer: '{{message}} {{eta}} Segnalazione {{ticket}} registrata: non serve altro, la avviseremo al ripristino.',
    declared: 'Avviso guasto: {{message}} {{eta}}',
    restored: 'Il servizio {{service}} nella sua zona è stato ripristinato. Ci scusiamo per il disagio.',
    closed: 'Il servizio {{service}} è stato ripristinato; la sua segnalazione {{ticket}} è chiusa. Ci scusiamo per il disagio.',
    'subject.answer': 'Guasto nella sua zona [{{ticket}}]',
    'subject.declared': 'Guasto al servizio {{service}} nella sua zona',
    'subject.restored': 'Servizio {{service}} ripristinato',
    'subject.closed': 'Servizio ripristinato [{{ticket}}]',
  },
  en: {
    default_message: 'There is a {{service}} outage in your area. Cause: {{cause}}.',
    cause_unknown: 'under investigation',
    eta: 'Expected restoration: {{restoration}}.',
    eta_unknown: 'We are working to restore it as soon as possible.',
    answer: '{{message}} {{eta}} Report {{ticket}} recorded: nothing more is needed, we will tell you when it is back.',
    declared: 'Outage notice: {{message}} {{eta}}',
    restored: 'The {{service}} supply in your area has been restored. We apologise for the inconvenience.',
    closed: 'The {{service}} supply has been restored; your report {{ticket}} is closed. We apologise for the inconvenience.',
    'subject.answer': 'Outage in your area [{{ticket}}]',
    'subject.declared': '{{service}} outage in your area',
    'subject.restored': '{{service}} supply restored',
    'subject.closed': 'Supply restored [{{ticket}}]',
  },
  ru: {
    default_message: 'В вашем районе авария: {{service}}. Причина: {{cause}}.',
    cause_unknown: 'выясняется',
    eta: 'Ожидаемое восстановление: {{restoration}}.',
    eta_unknown: 'Мы работаем над восстановлением.',
    answer: '{{message}} {{eta}} Обращение {{ticket}} принято, больше ничего не нужно: мы сообщим о восстановлении.',
    declared: 'Авария: {{message}} {{eta}}',
    restored: 'Услуга «{{service}}» в вашем районе восстановлена. Приносим извинения.',
    closed: 'Услуга «{{service}}» восстановлена, обращение {{ticket}} закрыто. Приносим извинения.',
    'subject.answer': 'Авария в вашем районе [{{ticket}}]',
    'subject.declared': 'Авария в вашем районе: {{service}}',
    'subject.restored': 'Услуга «{{service}}» восстановлена',
    'subject.closed': 'Услуга восстановлена [{{ticket}}]',
  },
};

export const tNotice = createTranslator(outageNoticeCatalog, 'it');
