// The public reception page: the request form (it/ru/en, phone-friendly, accessible) and,
// when an agent is available, a live chat. Posts to /api/reception/requests and shows the
// ticket number, the deadline and the private tracking link.
import './index.css';
import { billNumberField, proposalNote, type ProposalView } from './bill-proposal';
import { ChatView, savedChat } from './index-chat';
import './index-booking'; // booking a slot at a walk-in office: its own section
import { consentSection } from './index-consent';
import { privacySection } from './index-privacy';
import { CATEGORY_KEYS, el, formatDate, languageSwitcher, pageLanguage, translator, type Lang } from './index-i18n';

const lang: Lang = pageLanguage();
const t = translator(lang);
document.documentElement.lang = lang;
document.title = t('title');

const app = document.getElementById('app')!;

function field(name: string, input: HTMLElement, hint?: string, label = t(`f.${name}`)): HTMLElement {
  input.id = `f-${name}`;
  input.setAttribute('name', name);
  const describedBy = [`e-${name}`];
  const wrap = el('div', { class: 'field', id: `w-${name}` }, el('label', { for: `f-${name}` }, label));
  if (hint) {
    wrap.append(el('p', { class: 'hint', id: `h-${name}` }, hint));
    describedBy.unshift(`h-${name}`);
  }
  input.setAttribute('aria-describedby', describedBy.join(' '));
  wrap.append(input, el('p', { class: 'error', id: `e-${name}`, 'aria-live': 'polite' }));
  return wrap;
}

function resultPanel(
  r: { ticketNumber: string; deadline: string | null; trackingUrl: string; answer?: string },
  note?: string,
): HTMLElement {
  const url = `${location.origin}${r.trackingUrl}&lang=${lang}`;
  const panel = el(
    'section',
    { class: 'result', id: 'result', role: 'status', tabindex: '-1', 'aria-labelledby': 'result-title' },
    el('h2', { id: 'result-title' }, t('result.title')),
  );
  if (note) panel.append(el('p', {}, note));
  // An outage in force where the visitor lives, or an emergency: what they need to know now.
  if (r.answer) panel.append(el('p', { id: 'answer', class: 'answer' }, r.answer));
  panel.append(
    el(
      'dl',
      {},
      el('dt', {}, t('result.number')),
      el('dd', { id: 'ticket-number' }, r.ticketNumber),
      el('dt', {}, t('result.deadline')),
      el('dd', { id: 'deadline' }, formatDate(r.deadline, lang)),
    ),
    el('p', {}, t('result.link')),
    el('p', { class: 'link' }, el('a', { href: url, id: 'tracking-link' }, url)),
  );
  return panel;
}

function showResult(panel: HTMLElement, replace: HTMLElement): void {
  replace.replaceWith(panel);
  panel.focus();
}

/**
 * The id of one request, sent with every attempt to submit it: a double click, a retry after
 * a lost answer or a 503 gets the first ticket back instead of opening a second one.
 * getRandomValues, not randomUUID: the page may be served over plain http on a LAN.
 */
function newSubmissionId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_');
}

const MAX_AUTOMATIC_RETRIES = 3;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Posts the request; the same submission again after a 503 (stored, not yet numbered) or a lost answer. */
async function postRequest(data: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
  for (let attempt = 0; ; attempt++) {
    try {
      const res = await fetch('/api/reception/requests', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(data),
      });
      const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
      if (res.status !== 503 || attempt >= MAX_AUTOMATIC_RETRIES) return { status: res.status, body };
      await sleep(Math.min(Number(res.headers.get('retry-after')) || 2, 10) * 1000);
    } catch (err) {
      if (attempt >= MAX_AUTOMATIC_RETRIES) throw err;
      await sleep(2000);
    }
  }
}

function buildForm(): HTMLFormElement {
  const category = el('select', { required: '' });
  category.append(el('option', { value: '' }, '—'));
  for (const c of CATEGORY_KEYS) category.append(el('option', { value: c }, t(`cat.${c}`)));
  const reading = el('input', { type: 'text', inputmode: 'numeric', pattern: '[0-9]*', maxlength: '12', autocomplete: 'off' });
  const readingField = field('reading', reading);
  readingField.hidden = true;
  category.addEventListener('change', () => {
    readingField.hidden = category.value !== 'meter_reading';
    // A hidden field keeps neither its value nor its error: the form would refuse a request
    // for a mistake nobody can see ("check the highlighted fields", nothing highlighted).
    if (readingField.hidden) {
      reading.value = '';
      reading.removeAttribute('aria-invalid');
      readingField.querySelector('.error')!.textContent = '';
      const visibleErrors = [...document.querySelectorAll('.field:not([hidden]) .error')].some((p) => p.textContent);
      if (!visibleErrors) document.getElementById('form-error')!.textContent = '';
    }
  });
  // Honeypot: out of sight and out of the tab order; people leave it empty, bots do not.
  const honeypot = el(
    'div',
    { class: 'hp', 'aria-hidden': 'true' },
    el('label', { for: 'f-website' }, t('f.website')),
    el('input', { id: 'f-website', name: 'website', type: 'text', tabindex: '-1', autocomplete: 'off' }),
  );

  const submit = el('button', { type: 'submit', id: 'submit' }, t('submit'));
  const summary = el('p', { class: 'error summary', id: 'form-error', role: 'alert' });
  const form = el(
    'form',
    { id: 'request-form', novalidate: '' },
    el(
      'fieldset',
      {},
      el('legend', {}, t('form.legend')),
      field('category', category),
      field('name', el('input', { type: 'text', autocomplete: 'name', required: '', maxlength: '200' })),
      field('email', el('input', { type: 'email', autocomplete: 'email', maxlength: '320' }), t('f.contactHint')),
      field('phone', el('input', { type: 'tel', autocomplete: 'tel', maxlength: '40' })),
      field('accountNumber', el('input', { type: 'text', maxlength: '32' })),
      field('contractNumber', el('input', { type: 'text', maxlength: '32' })),
      billNumberField(lang, category, field),
      readingField,
      field('subject', el('input', { type: 'text', maxlength: '200' })),
      field('message', el('textarea', { rows: '6', required: '', maxlength: '5000' })),
      honeypot,
    ),
    summary,
    submit,
  );

  // Kept until a ticket is shown: every retry of this request, automatic or by hand, carries it.
  const submissionId = newSubmissionId();
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    for (const p of form.querySelectorAll('.field .error')) p.textContent = '';
    for (const i of form.querySelectorAll('[aria-invalid]')) i.removeAttribute('aria-invalid');
    summary.textContent = '';
    const data: Record<string, string> = { language: lang, submissionId };
    for (const [k, v] of new FormData(form).entries()) {
      if (document.getElementById(`w-${k}`)?.hidden) continue; // not part of this category's request
      if (typeof v === 'string' && v.trim() !== '') data[k] = v.trim();
    }
    submit.disabled = true;
    submit.textContent = t('sending');
    try {
      const res = await postRequest(data);
      const body = res.body;
      // 201: a new ticket; 200: this submission was already stored (an earlier answer was lost).
      if (res.status === 201 || res.status === 200) {
        const panel = resultPanel(body as never);
        const proposal = proposalNote(body.proposal as ProposalView | null);
        if (proposal) panel.insertBefore(proposal, panel.children[1] ?? null);
        showResult(panel, form);
        return;
      }
      const details = Array.isArray(body.details) ? (body.details as Array<{ field: string; message: string }>) : [];
      let first: HTMLElement | null = null;
      for (const d of details) {
        const input = document.getElementById(`f-${d.field}`);
        const err = document.getElementById(`e-${d.field}`);
        if (input && err) {
          err.textContent = d.message;
          input.setAttribute('aria-invalid', 'true');
          first ??= input;
        }
      }
      summary.textContent = details.length ? t('error.fields') : String(body.message ?? t('error.generic'));
      first?.focus();
    } catch {
      summary.textContent = t('error.generic');
    } finally {
      submit.disabled = false;
      submit.textContent = t('submit');
    }
  });
  return form;
}

function buildChat(available: boolean): HTMLElement | null {
  const saved = savedChat();
  if (!available && !saved) return null;
  const section = el(
    'section',
    { class: 'chat-box', id: 'chat-box', 'aria-labelledby': 'chat-title' },
    el('h2', { id: 'chat-title' }, t('chat.title')),
  );
  const chat = new ChatView(lang);
  if (saved) {
    section.append(chat.root);
    void chat.resume(saved).then((ok) => {
      if (!ok) chat.root.replaceWith(startForm());
    });
    return section;
  }
  function startForm(): HTMLElement {
    const form = el(
      'form',
      { id: 'chat-start', novalidate: '' },
      el('p', {}, t('chat.available')),
      field('chatName', el('input', { type: 'text', autocomplete: 'name', required: '', maxlength: '200' }), undefined, t('f.name')),
      field('chatEmail', el('input', { type: 'email', autocomplete: 'email', maxlength: '320' }), undefined, t('f.email')),
      field('chatMessage', el('textarea', { rows: '3', required: '', maxlength: '2000' }), undefined, t('chat.firstMessage')),
      el('p', { class: 'error', id: 'chat-error', role: 'alert' }),
      el('button', { type: 'submit', id: 'chat-start-button' }, t('chat.start')),
    );
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const v = (n: string) => (document.getElementById(`f-${n}`) as HTMLInputElement).value.trim() || undefined;
      const r = await chat.start({ name: v('chatName'), email: v('chatEmail'), message: v('chatMessage') ?? '' });
      if (!r.ok) {
        const details = (r.details as Array<{ field: string; message: string }> | undefined) ?? [];
        (document.getElementById('chat-error') as HTMLElement).textContent =
          details.map((d) => d.message).join(' ') || String(r.message ?? t('error.generic'));
        return;
      }
      if (r.mode === 'request') {
        chat.end();
        showResult(resultPanel(r as never, t('chat.becameRequest')), form);
        return;
      }
      form.replaceWith(chat.root);
      (document.getElementById('chat-input') as HTMLElement).focus();
    });
    return form;
  }
  section.append(startForm());
  return section;
}

async function main(): Promise<void> {
  const header = el('header', {}, languageSwitcher(lang), el('h1', {}, t('title')), el('p', { class: 'intro' }, t('intro')));
  const form = buildForm();
  app.append(header, form);
  app.append(consentSection(lang));
  app.append(privacySection(lang));
  const available = await fetch('/api/reception/chat')
    .then((r) => r.json() as Promise<{ available: boolean }>)
    .then((b) => b.available)
    .catch(() => false);
  const chat = buildChat(available);
  if (chat) header.after(chat);
}

void main();
