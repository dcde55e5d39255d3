// The reception's "your data and your situation" section: ask for a copy of your personal
// data (the link goes to the e-mail or phone on file, never to the page), and tell us that
// someone at home depends on medical equipment or is in difficulty (pending until an agent
// confirms it). Identity: the account number with the phone or e-mail on file.
import { el, formatDate, type Lang } from './index-i18n';

type Strings = Record<string, string>;

const STRINGS: Record<Lang, Strings> = {
  it: {
    title: 'I suoi dati e la sua situazione',
    intro: 'Per entrambe le richieste indichi il codice cliente e il telefono o l’e-mail che ci ha comunicato.',
    account: 'Codice cliente',
    phone: 'Telefono registrato',
    email: 'E-mail registrata',
    'export.legend': 'Copia dei suoi dati personali',
    'export.hint': 'Le invieremo un link per scaricarli all’e-mail registrata (o per SMS se non ne abbiamo una).',
    'export.submit': 'Chieda i suoi dati',
    'export.done': 'Richiesta {{n}} registrata. Il link è stato inviato {{via}}; risposta dovuta entro il {{d}}.',
    'export.none': 'Richiesta {{n}} registrata. Non siamo riusciti a inviare il link: un operatore la contatterà entro il {{d}}.',
    'via.email': 'all’e-mail registrata',
    'via.sms': 'per SMS al telefono registrato',
    'declare.legend': 'Segnali la sua situazione',
    'declare.kind': 'La sua situazione',
    'kind.medical': 'Io o qualcuno in casa dipende da apparecchiature medicali',
    'kind.elderly_disabled': 'Persona anziana o con disabilità',
    'kind.hardship': 'Difficoltà economiche',
    'kind.temporary': 'Situazione temporanea (lutto, malattia)',
    'declare.submit': 'Invii la segnalazione',
    'declare.pending': 'Grazie. Un operatore la contatterà per confermare.',
    'declare.pending_medical':
      'Grazie. Un operatore la contatterà per confermare; intanto non avvieremo riduzioni né sospensioni della fornitura.',
    'declare.already': 'Grazie, la sua segnalazione è già registrata.',
    'error.contact': 'Indichi il telefono o l’e-mail registrati.',
    'error.generic': 'Qualcosa non ha funzionato. Riprovi tra poco.',
  },
  ru: {
    title: 'Ваши данные и ваша ситуация',
    intro: 'Для обоих запросов укажите номер лицевого счёта и телефон или e-mail, указанные в договоре.',
    account: 'Номер лицевого счёта',
    phone: 'Телефон из договора',
    email: 'E-mail из договора',
    'export.legend': 'Копия ваших персональных данных',
    'export.hint': 'Мы отправим ссылку для скачивания на e-mail из договора (или по SMS, если e-mail нет).',
    'export.submit': 'Запросить данные',
    'export.done': 'Запрос {{n}} зарегистрирован. Ссылка отправлена {{via}}; срок ответа — до {{d}}.',
    'export.none': 'Запрос {{n}} зарегистрирован. Ссылку отправить не удалось: оператор свяжется с вами до {{d}}.',
    'via.email': 'на e-mail из договора',
    'via.sms': 'по SMS на телефон из договора',
    'declare.legend': 'Сообщите о своей ситуации',
    'declare.kind': 'Ваша ситуация',
    'kind.medical': 'Я или кто-то дома зависит от медицинского оборудования',
    'kind.elderly_disabled': 'Пожилой человек или человек с инвалидностью',
    'kind.hardship': 'Финансовые трудности',
    'kind.temporary': 'Временные обстоятельства (утрата близкого, болезнь)',
    'declare.submit': 'Отправить',
    'declare.pending': 'Спасибо. Оператор свяжется с вами для подтверждения.',
    'declare.pending_medical':
      'Спасибо. Оператор свяжется с вами для подтверждения; до этого мы не будем ограничивать или приостанавливать подачу.',
    'declare.already': 'Спасибо, ваше сообщение уже зарегистрировано.',
    'error.contact': 'Укажите телефон или e-mail из договора.',
    'error.generic': 'Что-то пошло не так. Повторите попытку позже.',
  },
  en: {
    title: 'Your data and your situation',
    intro: 'For either request, give your account number and the phone or e-mail we have on file.',
    account: 'Account number',
    phone: 'Phone on file',
    email: 'E-mail on file',
    'export.legend': 'A copy of your personal data',
    'export.hint': 'We send a download link to the e-mail on file (or by SMS if we have no e-mail).',
    'export.submit': 'Ask for your data',
    'export.done': 'Request {{n}} recorded. The link was sent {{via}}; the answer is due by {{d}}.',
    'export.none': 'Request {{n}} recorded. We could not send the link: an agent will contact you by {{d}}.',
    'via.email': 'to the e-mail on file',
    'via.sms': 'by SMS to the phone on file',
    'declare.legend': 'Tell us about your situation',
    'declare.kind': 'Your situation',
    'kind.medical': 'I or someone in my home depends on medical equipment',
    'kind.elderly_disabled': 'Elderly or disabled',
    'kind.hardship': 'Financial hardship',
    'kind.temporary': 'A temporary situation (bereavement, illness)',
    'declare.submit': 'Send',
    'declare.pending': 'Thank you. An agent will contact you to confirm it.',
    'declare.pending_medical':
      'Thank you. An agent will contact you to confirm it; meanwhile we will not start any power reduction or suspension of the supply.',
    'declare.already': 'Thank you, this is already on file.',
    'error.contact': 'Give the phone or the e-mail we have on file.',
    'error.generic': 'Something went wrong. Please try again shortly.',
  },
};

const KINDS = ['medical', 'elderly_disabled', 'hardship', 'temporary'] as const;

function fill(s: string, v: Record<string, string>): string {
  return s.replace(/\{\{(\w+)\}\}/g, (_, k: string) => v[k] ?? '');
}

/** Account number, phone, e-mail: the identity fields of one form, ids prefixed by `p`. */
function identityFields(p: string, t: (k: string) => string): HTMLElement[] {
  const input = (name: string, type: string, autocomplete: string) => {
    const id = `${p}-${name}`;
    return el(
      'div',
      { class: 'field' },
      el('label', { for: id }, t(name)),
      el('input', { id, name, type, autocomplete, maxlength: name === 'email' ? '320' : '32', 'aria-describedby': `${id}-error` }),
      el('p', { class: 'error', id: `${id}-error`, 'aria-live': 'polite' }),
    );
  };
  return [input('account', 'text', 'off'), input('phone', 'tel', 'tel'), input('email', 'email', 'email')];
}

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

async function post(path: string, body: unknown): Promise<Answer> {
  const res = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: ((await res.json().catch(() => ({}))) ?? {}) as Record<string, unknown> };
}

/** Marks the fields the server named, or shows its message; true when the answer was a success. */
function showErrors(form: HTMLFormElement, p: string, a: Answer, out: HTMLElement, t: (k: string) => string): boolean {
  for (const e of form.querySelectorAll<HTMLElement>('.error')) e.textContent = '';
  for (const i of form.querySelectorAll('input')) i.removeAttribute('aria-invalid');
  if (a.status < 300) return true;
  const details = (a.body.details as Array<{ field: string; message: string }> | undefined) ?? [];
  const named = Array.isArray(details) ? details : [];
  const idOf = (field: string) => `${p}-${field === 'accountNumber' ? 'account' : field}`;
  for (const d of named) {
    const input = document.getElementById(idOf(d.field));
    input?.setAttribute('aria-invalid', 'true');
    const slot = document.getElementById(`${idOf(d.field)}-error`);
    if (slot) slot.textContent = d.message;
  }
  out.textContent = named.length ? '' : String(a.body.message ?? t('error.generic'));
  out.className = 'error';
  return false;
}

function values(p: string): { accountNumber: string; phone?: string; email?: string } {
  const v = (n: string) => (document.getElementById(`${p}-${n}`) as HTMLInputElement).value.trim();
  return { accountNumber: v('account'), phone: v('phone') || undefined, email: v('email') || undefined };
}

function exportForm(lang: Lang, t: (k: string) => string): HTMLFormElement {
  const out = el('p', { id: 'privacy-export-result', role: 'status', 'aria-live': 'polite' });
  const button = el('button', { type: 'submit', id: 'privacy-export-submit' }, t('export.submit'));
  const form = el(
    'form',
    { id: 'privacy-export', novalidate: '' },
    el('fieldset', {}, el('legend', {}, t('export.legend')), el('p', { class: 'hint' }, t('export.hint')), ...identityFields('pe', t)),
    button,
    out,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    button.disabled = true;
    try {
      const a = await post('/api/reception/privacy/export-requests', { ...values('pe'), language: lang });
      if (!showErrors(form, 'pe', a, out, t)) return;
      const via = a.body.sentVia as string | null;
      const d = formatDate(a.body.deadline as string, lang);
      out.className = 'done';
      out.textContent = fill(t(via ? 'export.done' : 'export.none'), {
        n: String(a.body.ticketNumber),
        via: via ? t(`via.${via}`) : '',
        d,
      });
    } catch {
      out.className = 'error';
      out.textContent = t('error.generic');
    } finally {
      button.disabled = false;
    }
  });
  return form;
}

function declareForm(lang: Lang, t: (k: string) => string): HTMLFormElement {
  const out = el('p', { id: 'privacy-declare-result', role: 'status', 'aria-live': 'polite' });
  const choices = el('fieldset', { class: 'choices' }, el('legend', {}, t('declare.kind')));
  for (const k of KINDS) {
    const id = `pd-kind-${k}`;
    choices.append(
      el(
        'div',
        {},
        el('input', { type: 'radio', name: 'kind', id, value: k, ...(k === 'medical' ? { checked: '' } : {}) }),
        el('label', { for: id }, t(`kind.${k}`)),
      ),
    );
  }
  const button = el('button', { type: 'submit', id: 'privacy-declare-submit' }, t('declare.submit'));
  const form = el(
    'form',
    { id: 'privacy-declare', novalidate: '' },
    el('fieldset', {}, el('legend', {}, t('declare.legend')), ...identityFields('pd', t), choices),
    button,
    out,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const kind = (form.querySelector('input[name="kind"]:checked') as HTMLInputElement | null)?.value ?? 'medical';
    button.disabled = true;
    try {
      const a = await post('/api/reception/vulnerabilities', { ...values('pd'), kind, language: lang });
      if (!showErrors(form, 'pd', a, out, t)) return;
      out.className = 'done';
      out.textContent = t(
        a.body.status === 'already' ? 'declare.already' : kind === 'medical' ? 'declare.pending_medical' : 'declare.pending',
      );
    } catch {
      out.className = 'error';
      out.textContent = t('error.generic');
    } finally {
      button.disabled = false;
    }
  });
  return form;
}

/**
 * The section, mounted after the request form: two buttons, each opening its form in place
 * (built on demand, so the page's main form stays the only one a visitor sees at first).
 */
export function privacySection(lang: Lang): HTMLElement {
  const t = (k: string) => STRINGS[lang][k] ?? STRINGS.en[k] ?? k;
  const section = el(
    'section',
    { class: 'privacy', id: 'privacy', 'aria-labelledby': 'privacy-title' },
    el('h2', { id: 'privacy-title' }, t('title')),
    el('p', {}, t('intro')),
  );
  const opener = (id: string, label: string, build: () => HTMLFormElement) => {
    const button = el('button', { type: 'button', id, 'aria-expanded': 'false' }, label);
    button.addEventListener('click', () => {
      const form = build();
      button.replaceWith(form);
      form.querySelector('input')?.focus();
    });
    return button;
  };
  section.append(
    opener('open-privacy-export', t('export.legend'), () => exportForm(lang, t)),
    opener('open-privacy-declare', t('declare.legend'), () => declareForm(lang, t)),
  );
  return section;
}
