// The private tracking page of a web request: status, deadline, the public conversation and a
// box to add a message. The token comes from the link (/track?n=…&token=…) and is sent only to
// our API; the page sets no cookies and the server's Referrer-Policy keeps it from leaking.
import './index.css';
import { io } from 'socket.io-client';
import { proposalSection } from './bill-proposal';
import { el, formatDate, languageSwitcher, pageLanguage, translator, type Lang } from './index-i18n';

interface View {
  ticketNumber: string;
  status: string;
  category: string;
  deadline: string | null;
  messages: Array<{ id: string; from: 'customer' | 'agent'; body: string; at: string }>;
}

const lang: Lang = pageLanguage();
const t = translator(lang);
document.documentElement.lang = lang;
document.title = t('track.title');
const app = document.getElementById('app')!;
const params = new URLSearchParams(location.search);
const number = params.get('n') ?? '';
const token = params.get('token') ?? '';
const seen = new Set<string>();

function messageItem(m: View['messages'][number]): HTMLElement {
  seen.add(m.id);
  const who = m.from === 'agent' ? t('chat.agent') : t('chat.you');
  const when = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(m.at));
  return el('li', { class: `msg msg-${m.from}`, 'data-id': m.id }, el('span', { class: 'who' }, `${who} · ${when}`), el('p', {}, m.body));
}

async function load(): Promise<View | null> {
  const res = await fetch(`/api/reception/requests/${encodeURIComponent(number)}?token=${encodeURIComponent(token)}&lang=${lang}`);
  return res.ok ? ((await res.json()) as View) : null;
}

async function main(): Promise<void> {
  app.append(el('header', {}, languageSwitcher(lang), el('h1', {}, t('track.title'))));
  const view = number && token ? await load().catch(() => null) : null;
  if (!view) {
    app.append(el('p', { class: 'error', role: 'alert', id: 'not-found' }, t('track.notFound')));
    return;
  }
  const log = el('ol', { class: 'chat-log', 'aria-live': 'polite', id: 'conversation', 'aria-labelledby': 'conv-title' });
  for (const m of view.messages) log.append(messageItem(m));
  const input = el('textarea', {
    id: 'f-message',
    name: 'message',
    rows: '4',
    required: '',
    maxlength: '5000',
    'aria-describedby': 'track-feedback',
  });
  const feedback = el('p', { id: 'track-feedback', role: 'status' });
  const form = el(
    'form',
    { id: 'follow-up', novalidate: '' },
    el('label', { for: 'f-message' }, t('track.add')),
    input,
    feedback,
    el('button', { type: 'submit', id: 'follow-up-send' }, t('track.send')),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const message = input.value.trim();
    if (!message) return;
    const res = await fetch(`/api/reception/requests/${encodeURIComponent(number)}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token, message, language: lang }),
    });
    const body = (await res.json().catch(() => ({}))) as {
      message?: View['messages'][number] | string;
      details?: Array<{ message: string }>;
    };
    if (res.status === 201 && body.message && typeof body.message === 'object') {
      if (!seen.has(body.message.id)) log.append(messageItem(body.message));
      input.value = '';
      feedback.textContent = t('track.sent');
    } else {
      feedback.textContent = body.details?.[0]?.message ?? (typeof body.message === 'string' ? body.message : t('error.generic'));
    }
  });
  app.append(
    el(
      'section',
      { 'aria-labelledby': 'summary-title' },
      el('h2', { id: 'summary-title', class: 'visually-hidden' }, view.ticketNumber),
      el(
        'dl',
        { class: 'result' },
        el('dt', {}, t('result.number')),
        el('dd', { id: 'ticket-number' }, view.ticketNumber),
        el('dt', {}, t('track.status')),
        el('dd', { id: 'status', class: 'status' }, t(`status.${view.status}`)),
        el('dt', {}, t('track.deadline')),
        el('dd', { id: 'deadline' }, formatDate(view.deadline, lang)),
      ),
    ),
    el('section', { 'aria-labelledby': 'conv-title' }, el('h2', { id: 'conv-title' }, t('track.conversation')), log, form),
  );
  // An instalment or deferral request: the proposal for its bill, to accept here.
  const proposal = await proposalSection(lang, number, token);
  if (proposal) app.querySelector('section')?.after(proposal);
  // Agents' answers appear live while the page is open.
  const socket = io('/reception', { transports: ['websocket', 'polling'] });
  const resume = () => void socket.emitWithAck('chat:resume', { ticketNumber: number, token }).catch(() => undefined);
  socket.on('connect', resume);
  socket.on('chat:message', (m: View['messages'][number]) => {
    if (!seen.has(m.id)) log.append(messageItem(m));
  });
}

void main();
