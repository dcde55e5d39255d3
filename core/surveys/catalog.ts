// Survey text per language; placeholders: number (ticket), max (top of the scale), link.
import { createTranslator, type Catalog } from '../i18n';

export const surveyCatalog: Catalog = {
  it: {
    subject: 'Com’è andata? Pratica {{number}}',
    body: 'Abbiamo chiuso la sua pratica {{number}}. Quanto è soddisfatto del servizio, da 1 a {{max}}? Risponda qui (può aggiungere un commento): {{link}}',
  },
  en: {
    subject: 'How did we do? Case {{number}}',
    body: 'We have closed your case {{number}}. How satisfied are you with our service, from 1 to {{max}}? Answer here (you may add a comment): {{link}}',
  },
  ru: {
    subject: 'Оцените нашу работу: обращение {{number}}',
    body: 'Ваше обращение {{number}} закрыто. Насколько вы довольны обслуживанием по шкале от 1 до {{max}}? Ответьте по ссылке (можно добавить комментарий): {{link}}',
  },
};

export const translateSurvey = createTranslator(surveyCatalog, 'it');
