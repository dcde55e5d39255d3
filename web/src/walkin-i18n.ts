// Texts of the walk-in pages (check-in, display, desk mode) in it / ru / en, and the small
// DOM helper they share. The language: ?lang=, else the browser's, else Italian.
export type Lang = 'it' | 'ru' | 'en';

const TEXT: Record<Lang, Record<string, string>> = {
  it: {
    'checkin.title': 'Prenda il suo numero',
    'checkin.office': 'Sportello',
    'checkin.service': 'Servizio',
    'checkin.account': 'Codice cliente (facoltativo)',
    'checkin.phone': 'Telefono (facoltativo)',
    'checkin.take': 'Prendi il numero',
    'checkin.your': 'Il suo numero',
    'checkin.ahead': 'Persone prima di lei: {n}',
    'checkin.booking': 'Codice di prenotazione (se ha prenotato)',
    'checkin.booked': 'Prenotato: sarà chiamato alle {time}',
    'checkin.closed': 'Lo sportello è chiuso.',
    'login.title': 'Accesso operatore',
    'login.email': 'E-mail',
    'login.password': 'Password',
    'login.submit': 'Entra',
    'display.title': 'Ora serviamo',
    'display.desk': 'sportello {desk}',
    'display.none': 'In attesa del prossimo numero',
    'display.previous': 'Chiamati prima',
    'desk.title': 'Modalità sportello',
    'desk.desk': 'Sportello n.',
    'desk.next': 'Chiama il prossimo',
    'desk.recall': 'Richiama',
    'desk.noshow': 'Non presentato',
    'desk.done': 'Fatto',
    'desk.waiting': 'In attesa: {n}',
    'desk.serving': 'Al suo sportello: {number}',
    'desk.nobody': 'Nessuno in attesa',
  },
  ru: {
    'checkin.title': 'Получите номер',
    'checkin.office': 'Офис',
    'checkin.service': 'Услуга',
    'checkin.account': 'Лицевой счёт (необязательно)',
    'checkin.phone': 'Телефон (необязательно)',
    'checkin.take': 'Получить номер',
    'checkin.your': 'Ваш номер',
    'checkin.ahead': 'Перед вами: {n}',
    'checkin.booking': 'Код записи (если вы записались)',
    'checkin.booked': 'По записи: вас пригласят в {time}',
    'checkin.closed': 'Офис закрыт.',
    'login.title': 'Вход для сотрудника',
    'login.email': 'Эл. почта',
    'login.password': 'Пароль',
    'login.submit': 'Войти',
    'display.title': 'Сейчас обслуживается',
    'display.desk': 'окно {desk}',
    'display.none': 'Ожидаем следующий номер',
    'display.previous': 'Вызваны ранее',
    'desk.title': 'Режим окна',
    'desk.desk': 'Окно №',
    'desk.next': 'Вызвать следующего',
    'desk.recall': 'Вызвать повторно',
    'desk.noshow': 'Не явился',
    'desk.done': 'Готово',
    'desk.waiting': 'В очереди: {n}',
    'desk.serving': 'У вашего окна: {number}',
    'desk.nobody': 'Никто не ждёт',
  },
  en: {
    'checkin.title': 'Take a number',
    'checkin.office': 'Office',
    'checkin.service': 'Service',
    'checkin.account': 'Account number (optional)',
    'checkin.phone': 'Phone (optional)',
    'checkin.take': 'Take a number',
    'checkin.your': 'Your number',
    'checkin.ahead': 'People before you: {n}',
    'checkin.booking': 'Booking code (if you booked)',
    'checkin.booked': 'Booked: you will be called at {time}',
    'checkin.closed': 'The office is closed.',
    'login.title': 'Staff login',
    'login.email': 'E-mail',
    'login.password': 'Password',
    'login.submit': 'Log in',
    'display.title': 'Now serving',
    'display.desk': 'desk {desk}',
    'display.none': 'Waiting for the next number',
    'display.previous': 'Called before',
    'desk.title': 'Desk mode',
    'desk.desk': 'Desk no.',
    'desk.next': 'Call next',
    'desk.recall': 'Recall',
    'desk.noshow': 'No show',
    'desk.done': 'Done',
    'desk.waiting': 'Waiting: {n}',
    'desk.serving': 'At your desk: {number}',
    'desk.nobody': 'Nobody is waiting',
  },
};

export function pageLang(): Lang {
  const asked = new URLSearchParams(location.search).get('lang') ?? navigator.language.slice(0, 2);
  return asked === 'ru' || asked === 'en' ? asked : 'it';
}

export function tr(lang: Lang): (key: string, params?: Record<string, string | number>) => string {
  return (key, params = {}) => (TEXT[lang][key] ?? key).replace(/\{(\w+)\}/g, (_m, k: string) => String(params[k] ?? ''));
}

export function h(tag: string, attrs: Record<string, string> = {}, ...children: Array<Node | string>): HTMLElement {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...children);
  return e;
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = (await res.json().catch(() => ({}))) as T & { error?: string; message?: string };
  if (!res.ok) throw Object.assign(new Error(data.message ?? `HTTP ${res.status}`), { status: res.status, code: data.error });
  return data;
}
