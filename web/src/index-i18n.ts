// Text of the public reception pages (form, chat, tracking) in it, ru, en.
import { LANGUAGES, type Language } from '../../wire';

export type Lang = Language;
export const LANGS: Lang[] = [...LANGUAGES];

// The server's own list, so the form can never offer a category the API refuses.
export { FORM_CATEGORIES as CATEGORY_KEYS } from '../../wire';

type Strings = Record<string, string>;

export const STRINGS: Record<Lang, Strings> = {
  it: {
    title: 'Sportello virtuale',
    intro:
      'Scriva a noi: reclami, richieste, letture, contratti contestati, rateizzazioni. Riceverà un numero di pratica e un link personale per seguirla.',
    'form.legend': 'La sua richiesta',
    'f.category': 'Tipo di richiesta',
    'f.name': 'Nome e cognome',
    'f.email': 'E-mail',
    'f.phone': 'Telefono',
    'f.contactHint': "Indichi almeno l'e-mail o il telefono.",
    'f.accountNumber': 'Codice cliente (facoltativo)',
    'f.contractNumber': 'Numero di contratto (facoltativo)',
    'f.subject': 'Oggetto (facoltativo)',
    'f.message': 'Messaggio',
    'f.reading': 'Lettura del contatore (solo cifre)',
    'f.website': 'Non compilare questo campo',
    submit: 'Invia la richiesta',
    sending: 'Invio in corso…',
    'result.title': 'Richiesta registrata',
    'result.number': 'Numero di pratica',
    'result.deadline': 'Risposta entro il',
    'result.link': 'Link personale per seguire la richiesta (lo conservi, non lo condivida):',
    'result.open': 'Apri la pagina della richiesta',
    'error.generic': 'Qualcosa non ha funzionato. Riprovi tra poco.',
    'error.fields': 'Controlli i campi evidenziati.',
    'chat.title': 'Chat con un operatore',
    'chat.available': 'Un operatore è disponibile adesso.',
    'chat.start': 'Inizia la chat',
    'chat.firstMessage': 'Come possiamo aiutarla?',
    'chat.input': 'Scriva un messaggio',
    'chat.send': 'Invia',
    'chat.you': 'Lei',
    'chat.agent': 'Operatore',
    'chat.becameRequest': 'Al momento nessun operatore è disponibile: il suo messaggio è stato registrato come richiesta.',
    'chat.end': 'Chiudi la chat',
    'track.title': 'La sua richiesta',
    'track.status': 'Stato',
    'track.deadline': 'Risposta entro il',
    'track.conversation': 'Conversazione',
    'track.add': 'Aggiungi un messaggio',
    'track.send': 'Invia',
    'track.notFound': 'Richiesta non trovata o link non valido.',
    'track.sent': 'Messaggio inviato.',
    'status.queued': 'In attesa di un operatore',
    'status.assigned': 'In lavorazione',
    'status.pending': 'In attesa di sue informazioni',
    'status.resolved': 'Risolta',
    'status.closed': 'Chiusa',
    'cat.complaint': 'Reclamo',
    'cat.information_request': 'Richiesta di informazioni',
    'cat.suggestion': 'Suggerimento',
    'cat.feedback': 'Segnalazione / opinione',
    'cat.meter_reading': 'Lettura del contatore',
    'cat.disputed_contract': 'Contratto non richiesto',
    'cat.instalment': 'Rateizzazione',
    'cat.deferral': 'Dilazione di pagamento',
    'cat.withdrawal': 'Recesso / ripensamento',
  },
  ru: {
    title: 'Интернет-приёмная',
    intro:
      'Напишите нам: жалобы, запросы, показания счётчиков, оспариваемые договоры, рассрочка. Вы получите номер обращения и личную ссылку для отслеживания.',
    'form.legend': 'Ваше обращение',
    'f.category': 'Тип обращения',
    'f.name': 'Имя и фамилия',
    'f.email': 'Электронная почта',
    'f.phone': 'Телефон',
    'f.contactHint': 'Укажите электронную почту или телефон.',
    'f.accountNumber': 'Лицевой счёт (необязательно)',
    'f.contractNumber': 'Номер договора (необязательно)',
    'f.subject': 'Тема (необязательно)',
    'f.message': 'Сообщение',
    'f.reading': 'Показания счётчика (только цифры)',
    'f.website': 'Не заполняйте это поле',
    submit: 'Отправить обращение',
    sending: 'Отправка…',
    'result.title': 'Обращение зарегистрировано',
    'result.number': 'Номер обращения',
    'result.deadline': 'Ответ до',
    'result.link': 'Личная ссылка для отслеживания (сохраните её и не передавайте другим):',
    'result.open': 'Открыть страницу обращения',
    'error.generic': 'Что-то пошло не так. Повторите попытку позже.',
    'error.fields': 'Проверьте выделенные поля.',
    'chat.title': 'Чат с оператором',
    'chat.available': 'Оператор сейчас на связи.',
    'chat.start': 'Начать чат',
    'chat.firstMessage': 'Чем мы можем помочь?',
    'chat.input': 'Напишите сообщение',
    'chat.send': 'Отправить',
    'chat.you': 'Вы',
    'chat.agent': 'Оператор',
    'chat.becameRequest': 'Сейчас нет свободных операторов: ваше сообщение зарегистрировано как обращение.',
    'chat.end': 'Закрыть чат',
    'track.title': 'Ваше обращение',
    'track.status': 'Статус',
    'track.deadline': 'Ответ до',
    'track.conversation': 'Переписка',
    'track.add': 'Добавить сообщение',
    'track.send': 'Отправить',
    'track.notFound': 'Обращение не найдено или ссылка неверна.',
    'track.sent': 'Сообщение отправлено.',
    'status.queued': 'Ожидает оператора',
    'status.assigned': 'В работе',
    'status.pending': 'Ожидает ваших сведений',
    'status.resolved': 'Решено',
    'status.closed': 'Закрыто',
    'cat.complaint': 'Жалоба',
    'cat.information_request': 'Запрос информации',
    'cat.suggestion': 'Предложение',
    'cat.feedback': 'Отзыв',
    'cat.meter_reading': 'Показания счётчика',
    'cat.disputed_contract': 'Оспариваемый договор',
    'cat.instalment': 'Рассрочка',
    'cat.deferral': 'Отсрочка платежа',
    'cat.withdrawal': 'Отказ от договора',
  },
  en: {
    title: 'Virtual reception',
    intro:
      'Write to us: complaints, requests, meter readings, disputed contracts, instalments. You will get a request number and a personal link to follow it.',
    'form.legend': 'Your request',
    'f.category': 'Kind of request',
    'f.name': 'Full name',
    'f.email': 'E-mail',
    'f.phone': 'Phone',
    'f.contactHint': 'Give at least your e-mail or your phone.',
    'f.accountNumber': 'Customer number (optional)',
    'f.contractNumber': 'Contract number (optional)',
    'f.subject': 'Subject (optional)',
    'f.message': 'Message',
    'f.reading': 'Meter reading (digits only)',
    'f.website': 'Leave this field empty',
    submit: 'Send the request',
    sending: 'Sending…',
    'result.title': 'Request registered',
    'result.number': 'Request number',
    'result.deadline': 'Answer by',
    'result.link': 'Personal link to follow the request (keep it, do not share it):',
    'result.open': 'Open the request page',
    'error.generic': 'Something went wrong. Please try again shortly.',
    'error.fields': 'Please check the highlighted fields.',
    'chat.title': 'Chat with an agent',
    'chat.available': 'An agent is available now.',
    'chat.start': 'Start the chat',
    'chat.firstMessage': 'How can we help?',
    'chat.input': 'Write a message',
    'chat.send': 'Send',
    'chat.you': 'You',
    'chat.agent': 'Agent',
    'chat.becameRequest': 'No agent is available right now: your message has been registered as a request.',
    'chat.end': 'Close the chat',
    'track.title': 'Your request',
    'track.status': 'Status',
    'track.deadline': 'Answer by',
    'track.conversation': 'Conversation',
    'track.add': 'Add a message',
    'track.send': 'Send',
    'track.notFound': 'Request not found, or the link is not valid.',
    'track.sent': 'Message sent.',
    'status.queued': 'Waiting for an agent',
    'status.assigned': 'Being handled',
    'status.pending': 'Waiting for your information',
    'status.resolved': 'Resolved',
    'status.closed': 'Closed',
    'cat.complaint': 'Complaint',
    'cat.information_request': 'Information request',
    'cat.suggestion': 'Suggestion',
    'cat.feedback': 'Feedback',
    'cat.meter_reading': 'Meter reading',
    'cat.disputed_contract': 'Disputed (unrequested) contract',
    'cat.instalment': 'Instalment plan',
    'cat.deferral': 'Payment deferral',
    'cat.withdrawal': 'Withdrawal',
  },
};

/** ?lang= first, then the browser's languages, then Italian. */
export function pageLanguage(): Lang {
  const q = new URLSearchParams(location.search).get('lang');
  if (q && (LANGS as string[]).includes(q)) return q as Lang;
  for (const l of navigator.languages ?? [navigator.language]) {
    const base = l.slice(0, 2).toLowerCase();
    if ((LANGS as string[]).includes(base)) return base as Lang;
  }
  return 'it';
}

export function translator(lang: Lang): (key: string) => string {
  return (key) => STRINGS[lang][key] ?? STRINGS.en[key] ?? key;
}

export function formatDate(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(lang, { dateStyle: 'long' }).format(new Date(iso));
}

/** Builds an element; text goes through textContent, never innerHTML. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: Array<Node | string>
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) e.append(c);
  return e;
}

export function languageSwitcher(current: Lang): HTMLElement {
  const nav = el('nav', { class: 'langs', 'aria-label': 'Language / Lingua / Язык' });
  const names: Record<Lang, string> = { it: 'Italiano', ru: 'Русский', en: 'English' };
  for (const l of LANGS) {
    const params = new URLSearchParams(location.search);
    params.set('lang', l);
    const a = el('a', { href: `?${params.toString()}`, lang: l, hreflang: l }, names[l]);
    if (l === current) a.setAttribute('aria-current', 'true');
    nav.append(a);
  }
  return nav;
}
