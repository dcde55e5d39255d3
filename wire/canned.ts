// Canned answers: one text per language, optionally for one ticket category; placeholders in
// braces are filled from the ticket and the agent edits before sending. These are the built-in
// ones: the server seeds its store with them (core/canned), admins change them in the browser.
import type { Language } from './index';

export interface Canned {
  id: string;
  label: string;
  /** Offered first on tickets of this category; none: for every ticket. */
  category?: string | null;
  text: Record<Language, string>;
}

export const DEFAULT_CANNED: Canned[] = [
  {
    id: 'received',
    label: 'Request received',
    text: {
      it: 'Gentile cliente, abbiamo ricevuto la sua richiesta {number} e la stiamo esaminando. La ricontatteremo al più presto.',
      ru: 'Уважаемый клиент, ваше обращение {number} получено и находится в работе. Мы свяжемся с вами в ближайшее время.',
      en: 'Dear customer, we have received your request {number} and are looking into it. We will get back to you shortly.',
    },
  },
  {
    id: 'reading',
    label: 'Reading recorded',
    text: {
      it: 'La sua autolettura è stata registrata e sarà considerata nella prossima bolletta. Grazie.',
      ru: 'Ваши показания приняты и будут учтены в следующем счёте. Спасибо.',
      en: 'Your meter reading has been recorded and will be used for your next bill. Thank you.',
    },
  },
  {
    id: 'instalment',
    label: 'Instalment plan',
    text: {
      it: 'Può richiedere la rateizzazione della bolletta: le invieremo il piano con le scadenze delle rate.',
      ru: 'Вы можете оформить рассрочку оплаты счёта: мы пришлём график платежей.',
      en: 'You can pay this bill in instalments: we will send you the plan with the due dates.',
    },
  },
  {
    id: 'outage',
    label: 'Outage known',
    text: {
      it: 'Siamo a conoscenza del guasto nella sua zona; i tecnici sono al lavoro per ripristinare il servizio.',
      ru: 'Нам известно об аварии в вашем районе; бригада уже работает над восстановлением.',
      en: 'We are aware of the outage in your area; our crews are working to restore supply.',
    },
  },
  {
    id: 'closing',
    label: 'Closing',
    text: {
      it: 'La ringraziamo per averci contattato. Consideriamo chiusa la richiesta {number}; ci scriva se serve altro.',
      ru: 'Спасибо за обращение. Обращение {number} закрыто; напишите нам, если потребуется что-то ещё.',
      en: 'Thank you for contacting us. We consider request {number} closed; write to us if you need anything else.',
    },
  },
];

export function cannedText(c: Canned, language: string, vars: Record<string, string>): string {
  const text = c.text[(language as Language) in c.text ? (language as Language) : 'en'] || c.text.en;
  return text.replace(/\{(\w+)\}/g, (_m, k: string) => vars[k] ?? '');
}
