// The reception's consent section: the customer gives their account number and the e-mail or
// phone on file, sees how we may contact them (SMS, e-mail, automated calls) and for what
// (payment reminders, offers), and changes it (POST /api/reception/consents/lookup, then
// /api/reception/consents). The server checks who they are; nothing is kept in the browser.
import { el, type Lang } from './index-i18n';

const TEXT: Record<Lang, Record<string, string>> = {
  it: {
    title: 'Le sue preferenze di contatto',
    intro: 'Scelga come e per che cosa possiamo contattarla. Indichi il codice cliente e l’e-mail o il telefono che ci ha comunicato.',
    account: 'Codice cliente',
    contact: 'E-mail o telefono che ci ha comunicato',
    open: 'Cambia le mie preferenze',
    show: 'Mostra le mie preferenze',
    channels: 'Promemoria e avvisi di servizio',
    purposes: 'Per che cosa',
    sms: 'Via SMS',
    email: 'Via e-mail',
    voice: 'Con chiamata automatica',
    reminders: 'Promemoria di pagamento',
    marketing: 'Offerte commerciali',
    legal: 'Gli avvisi previsti dalla legge (per esempio prima di una sospensione della fornitura) le arriveranno comunque.',
    save: 'Salva le preferenze',
    saved: 'Preferenze salvate.',
    unchanged: 'Nessuna modifica da salvare.',
    required: 'Indichi il codice cliente e l’e-mail o il telefono.',
    error: 'Qualcosa non ha funzionato. Riprovi tra poco.',
  },
  en: {
    title: 'Your contact preferences',
    intro: 'Choose how and what for we may contact you. Give your account number and the e-mail or phone you gave us.',
    account: 'Account number',
    contact: 'E-mail or phone you gave us',
    open: 'Change my preferences',
    show: 'Show my preferences',
    channels: 'Reminders and service notices',
    purposes: 'What for',
    sms: 'By text message',
    email: 'By e-mail',
    voice: 'By automated call',
    reminders: 'Payment reminders',
    marketing: 'Commercial offers',
    legal: 'Notices the law requires (for example before your supply is suspended) will still reach you.',
    save: 'Save my preferences',
    saved: 'Preferences saved.',
    unchanged: 'Nothing to save.',
    required: 'Give your account number and your e-mail or phone.',
    error: 'Something went wrong. Please try again shortly.',
  },
  ru: {
    title: 'Ваши настройки связи',
    intro:
      'Выберите, как и по какому поводу мы можем с вами связываться. Укажите номер клиента и почту или телефон, которые вы нам сообщили.',
    account: 'Номер клиента',
    contact: 'Почта или телефон, которые вы нам сообщили',
    open: 'Изменить мои настройки',
    show: 'Показать мои настройки',
    channels: 'Напоминания и служебные уведомления',
    purposes: 'По какому поводу',
    sms: 'По SMS',
    email: 'По электронной почте',
    voice: 'Автоматическим звонком',
    reminders: 'Напоминания об оплате',
    marketing: 'Коммерческие предложения',
    legal: 'Уведомления, которые требует закон (например, перед приостановкой поставки), вы получите в любом случае.',
    save: 'Сохранить настройки',
    saved: 'Настройки сохранены.',
    unchanged: 'Изменений нет.',
    required: 'Укажите номер клиента и почту или телефон.',
    error: 'Что-то пошло не так. Повторите попытку позже.',
  },
};

const CHANNELS = ['sms', 'email', 'voice'] as const;
const PURPOSES = ['reminders', 'marketing'] as const;
type Key = (typeof CHANNELS)[number] | (typeof PURPOSES)[number];
type Consents = Record<Key, boolean>;
type Holder = { accountNumber: string; email?: string; phone?: string; language: Lang };

async function post(path: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json().catch(() => ({}))) as Record<string, unknown> };
}

/** The server's message: the field errors it names, else its message, else ours. */
function problem(body: Record<string, unknown>, fallback: string): string {
  const details = Array.isArray(body.details) ? (body.details as Array<{ message?: string }>) : [];
  return details.map((d) => d.message).join(' ') || String(body.message ?? fallback);
}

function checkboxes(legend: string, keys: readonly Key[], t: (k: string) => string, consents: Consents): HTMLFieldSetElement {
  const set = el('fieldset', {}, el('legend', {}, legend));
  for (const k of keys) {
    const box = el('input', { type: 'checkbox', id: `consent-${k}`, name: k });
    box.checked = consents[k];
    set.append(el('div', { class: 'check' }, box, el('label', { for: `consent-${k}` }, t(k))));
  }
  return set;
}

function choices(lang: Lang, holder: Holder, loaded: Consents): HTMLFormElement {
  const t = (k: string) => TEXT[lang][k] ?? TEXT.en[k] ?? k;
  let current = loaded;
  const status = el('p', { id: 'consent-status', role: 'status' });
  const save = el('button', { type: 'submit', id: 'consent-save' }, t('save'));
  const form = el(
    'form',
    { id: 'consent-form', novalidate: '' },
    checkboxes(t('channels'), CHANNELS, t, loaded),
    checkboxes(t('purposes'), PURPOSES, t, loaded),
    el('p', { class: 'hint' }, t('legal')),
    save,
    status,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const change: Partial<Consents> = {};
    for (const k of [...CHANNELS, ...PURPOSES]) {
      const on = (document.getElementById(`consent-${k}`) as HTMLInputElement).checked;
      if (on !== current[k]) change[k] = on;
    }
    if (Object.keys(change).length === 0) {
      status.textContent = t('unchanged');
      return;
    }
    save.disabled = true;
    try {
      const r = await post('/api/reception/consents', { ...holder, change });
      if (r.status === 200) {
        current = r.body.consents as Consents;
        status.textContent = t('saved');
      } else status.textContent = problem(r.body, t('error'));
    } catch {
      status.textContent = t('error');
    } finally {
      save.disabled = false;
    }
  });
  return form;
}

/**
 * The section, mounted once by the reception page (web/src/index.ts). Its fields appear when
 * the customer opens it, so the request form stays the only form on a first look.
 */
export function consentSection(lang: Lang): HTMLElement {
  const t = (k: string) => TEXT[lang][k] ?? TEXT.en[k] ?? k;
  const open = el('button', { type: 'button', id: 'consent-open', 'aria-expanded': 'false' }, t('open'));
  open.addEventListener('click', () => {
    const form = lookupForm(lang);
    open.replaceWith(form);
    (form.querySelector('input') as HTMLInputElement).focus();
  });
  return el(
    'section',
    { class: 'consent-box', id: 'consent-box', 'aria-labelledby': 'consent-title' },
    el('h2', { id: 'consent-title' }, t('title')),
    el('p', {}, t('intro')),
    open,
  );
}

function lookupForm(lang: Lang): HTMLFormElement {
  const t = (k: string) => TEXT[lang][k] ?? TEXT.en[k] ?? k;
  const account = el('input', { type: 'text', id: 'consent-account', maxlength: '32', autocomplete: 'off', required: '' });
  const contact = el('input', { type: 'text', id: 'consent-contact', maxlength: '320', autocomplete: 'email', required: '' });
  const error = el('p', { class: 'error', id: 'consent-error', role: 'alert' });
  const show = el('button', { type: 'submit', id: 'consent-show' }, t('show'));
  const lookup = el(
    'form',
    { id: 'consent-lookup', novalidate: '' },
    el('div', { class: 'field' }, el('label', { for: 'consent-account' }, t('account')), account),
    el('div', { class: 'field' }, el('label', { for: 'consent-contact' }, t('contact')), contact),
    error,
    show,
  );
  lookup.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.textContent = '';
    const accountNumber = account.value.trim();
    const given = contact.value.trim();
    if (!accountNumber || !given) {
      error.textContent = t('required');
      return;
    }
    const holder: Holder = { accountNumber, language: lang, ...(given.includes('@') ? { email: given } : { phone: given }) };
    show.disabled = true;
    try {
      const r = await post('/api/reception/consents/lookup', holder);
      if (r.status !== 200) {
        error.textContent = problem(r.body, t('error'));
        return;
      }
      const form = choices(lang, holder, r.body.consents as Consents);
      lookup.replaceWith(form);
      (form.querySelector('input') as HTMLInputElement).focus();
    } catch {
      error.textContent = t('error');
    } finally {
      show.disabled = false;
    }
  });
  return lookup;
}
