// Survey text per language; placeholders: number (ticket), max (top of the scale), link.
// By SMS the customer may also simply reply with the score (channels/sms/webhook.ts).
import { createTranslator, type Catalog } from '../i18n';

export const surveyCatalog: Catalog = {
  it: {
    subject: 'Com’è andata? Pratica {{number}}',
    body: 'Abbiamo chiuso la sua pratica {{number}}. Quanto è soddisfatto del servizio, da 1 a {{max}}? Risponda qui (può aggiungere un commento): {{link}}',
    smsBody:
      'Pratica {{number}} chiusa. Quanto è soddisfatto, da 1 a {{max}}? Risponda a questo SMS con il numero e, se vuole, un commento, oppure qui: {{link}}',
  },
  en: {
    subject: 'How did we do? Case {{number}}',
    body: 'We have closed your case {{number}}. How satisfied are you with our service, from 1 to {{max}}? Answer here (you may add a comment): {{link}}',
    smsBody:
      'Case {{number}} closed. How satisfied are you, from 1 to {{max}}? Reply to this SMS with the number and, if you like, a comment, or answer here: {{link}}',
  },
  ru: {
    subject: 'Оцените нашу работу: обращение {{number}}',
    body: 'Ваше обращение {{number}} закрыто. Насколько вы довольны обслуживанием по шкале от 1 до {{max}}? Ответьте по ссылке (можно добавить комментарий): {{link}}',
    smsBody:
      'Обращение {{number}} закрыто. Оцените нас от 1 до {{max}}: ответьте на это SMS числом (можно с комментарием) или по ссылке: {{link}}',
  },
};

export const translateSurvey = createTranslator(surveyCatalog, 'it');
