// The agent console: live queues over socket.io (`/agents`), the conversation of one
// ticket, reply / note / transfer / resolve through the REST API, the customer panel.
// Vanilla TypeScript; all text goes in through textContent, never as HTML.
import { io, type Socket } from 'socket.io-client';
import { isLiveChannel, type OfferPayload, type QueueSnapshot, type SnapshotItem, type SnapshotMine } from '../../wire';
import type { OutageView } from '../../wire/outages';
import { billActions, contractActions, type PanelContext } from './console-billing';
import { CANNED, cannedText, type Canned } from './console-canned';
import { consoleLanguage, consoleTranslator, labelOf, rememberLanguage, translateStatic, type Lang } from './console-i18n';

/** The agent's language for everything on screen: words, dates, times, amounts. */
let lang: Lang = consoleLanguage();
let tr = consoleTranslator(lang);
/** The browser's regional variant when it speaks the chosen language (en-GB dates for a British agent), else the language. */
const locale = () => (navigator.language.slice(0, 2) === lang ? navigator.language : lang);
const dateTime = (iso: unknown) =>
  iso ? new Intl.DateTimeFormat(locale(), { dateStyle: 'short', timeStyle: 'short' }).format(new Date(String(iso))) : '';
const dateOnly = (iso: unknown) => (iso ? new Intl.DateTimeFormat(locale(), { dateStyle: 'medium' }).format(new Date(String(iso))) : '');
/** The time of a recent message: hh:mm today, the date otherwise. */
const shortWhen = (iso: unknown) => {
  if (!iso) return '';
  const d = new Date(String(iso));
  const today = new Date().toDateString() === d.toDateString();
  return new Intl.DateTimeFormat(locale(), today ? { timeStyle: 'short' } : { dateStyle: 'short' }).format(d);
};
function money(amount: unknown, currency: unknown): string {
  if (typeof amount !== 'number') return '';
  try {
    return new Intl.NumberFormat(locale(), { style: 'currency', currency: String(currency || 'EUR') }).format(amount);
  } catch {
    return `${new Intl.NumberFormat(locale()).format(amount)} ${String(currency ?? '')}`;
  }
}
// Symbols every system font has (no colour emoji needed on a kiosk or a Linux desk).
const CHANNEL_ICON: Record<string, string> = { voice: '☎', sms: '✆', email: '✉', web: '✎', chat: '⌨', walk_in: '⌂', association: '⚐' };
import { protectionPanel } from './console-protection';
// Desk mode for walk-in offices: its own module, mounted beside the queues.
import './console-desk';

/** A row of a queue list: a snapshot item, updated in place by the ticket events. */
interface Item
  extends
    Pick<SnapshotItem<string>, 'ticketId' | 'number' | 'queue' | 'channel' | 'category' | 'priority' | 'language' | 'offeredTo'>,
    Partial<Pick<SnapshotItem<string>, 'enqueuedAt' | 'state'>> {
  status?: string;
  sla?: 'warning' | 'breached';
  /** The first line of the latest customer message, and when it came (queue previews). */
  preview?: string;
  lastMessageAt?: string;
}
interface Mine extends Item, Pick<SnapshotMine<string>, 'subject' | 'firstResponseDueAt' | 'resolutionDueAt' | 'firstResponseAt'> {}
type Snapshot = QueueSnapshot<string>;
type Offer = Pick<OfferPayload<string>, 'ticketId' | 'number' | 'channel' | 'category' | 'expiresAt'>;

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const el = <K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, cls?: string): HTMLElementTagNameMap[K] => {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls;
  return e;
};

const state = {
  me: { id: '', name: '', role: 'agent' },
  snapshot: null as Snapshot | null,
  items: new Map<string, Item>(),
  mine: new Map<string, Mine>(),
  agents: new Map<string, { id: string; name: string; presence: string }>(),
  selected: null as string | null,
  detail: null as { ticket: Record<string, any>; messages: Array<Record<string, any>>; outage?: OutageView<string> } | null,
  /** Outages in force, for linking a ticket by hand (refreshed on `outage:changed`). */
  outages: [] as Array<OutageView<string>>,
  offer: null as Offer | null,
  socket: null as Socket | null,
};

async function api(method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(path, {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
    credentials: 'same-origin',
  });
  const text = await res.text();
  const data = text ? JSON.parse(text) : null;
  if (!res.ok) throw Object.assign(new Error(data?.message ?? res.statusText), { code: data?.error, status: res.status });
  return data;
}

/** The URL if it is an absolute http(s) one, else null: only those become links. */
function httpUrl(u: unknown): string | null {
  if (typeof u !== 'string') return null;
  try {
    const url = new URL(u);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

// ---- time helpers ----
function fmtDuration(seconds: number): string {
  const s = Math.abs(Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  const d = Math.floor(s / 86400);
  const body =
    d >= 2 ? `${d}d${String(h % 24).padStart(2, '0')}h` : h ? `${h}h${String(m).padStart(2, '0')}m` : `${m}:${String(r).padStart(2, '0')}`;
  return seconds < 0 ? `-${body}` : body;
}
function waitingSeconds(iso?: string): number {
  return iso ? (Date.now() - new Date(iso).getTime()) / 1000 : 0;
}
/**
 * When a waiting contact is due, on its own clock: a live one (call, chat, desk) within the
 * answer time of its channel (seconds), a deferred one (SMS, e-mail, form) by the regulatory
 * answer deadline of its category (days).
 */
function waitingDue(item: Item): number | null {
  const days = state.snapshot?.answerDays?.[item.category];
  const target = isLiveChannel(item.channel)
    ? state.snapshot?.firstResponseSeconds?.[item.channel]
    : days == null
      ? undefined
      : days * 86400;
  if (!item.enqueuedAt || !target) return null;
  return new Date(item.enqueuedAt).getTime() + target * 1000;
}

/** My ticket: a live contact's first answer until it is given, then (and for deferred work always) the answer deadline. */
function mineDue(item: Mine): string | undefined {
  return isLiveChannel(item.channel) && !item.firstResponseAt && item.firstResponseDueAt ? item.firstResponseDueAt : item.resolutionDueAt;
}

// ---- rendering ----
function sortItems(list: Item[]): Item[] {
  return list.sort((a, b) => a.priority - b.priority || (a.enqueuedAt ?? '').localeCompare(b.enqueuedAt ?? ''));
}

function itemRow(item: Item, mine = false): HTMLLIElement {
  const li = el('li');
  li.dataset.ticket = item.ticketId;
  li.classList.add(`p${item.priority}`);
  if (item.state === 'offered') li.classList.add('offered');
  if (item.ticketId === state.selected) li.classList.add('selected');
  // Live contacts (someone on the line, in the chat, at the desk) look different from deferred work.
  const live = isLiveChannel(item.channel);
  li.classList.add(live ? 'live' : 'deferred');
  li.dataset.channel = item.channel;
  const icon = el('span', CHANNEL_ICON[item.channel] ?? '•', 'icon');
  icon.setAttribute('aria-hidden', 'true');
  const head = el('span', undefined, 'head');
  head.append(icon, `${item.number} · ${labelOf(tr, 'cat', item.category)}`);
  li.append(head);
  const wait = el('span', '', 'wait');
  if (!mine && item.enqueuedAt) wait.dataset.since = item.enqueuedAt;
  li.append(wait);
  if (item.preview) {
    const pv = el('span', item.preview, 'preview');
    if (item.lastMessageAt) pv.prepend(el('time', shortWhen(item.lastMessageAt), 'when'), ' ');
    li.append(pv);
  }
  const sub = el(
    'span',
    `${labelOf(tr, 'channel', item.channel)} (${tr(live ? 'live' : 'deferred')}) · ${item.language ?? ''}${item.state === 'offered' ? ` · ${tr('offered')}` : ''}`,
    'sub',
  );
  const sla = el('span', '', 'sla');
  const due = mine ? mineDue(item as Mine) : waitingDue(item);
  if (due) sla.dataset.due = String(typeof due === 'number' ? due : new Date(due).getTime());
  if (item.sla) sla.classList.add(item.sla);
  sub.append(' · SLA ', sla);
  li.append(sub);
  // One row of all the lists is in the Tab order (the selected one, else the first); the
  // arrow keys move between rows, Enter opens (see onRowKey).
  li.setAttribute('role', 'option');
  li.setAttribute('aria-selected', String(item.ticketId === state.selected));
  li.tabIndex = -1;
  li.addEventListener('click', () => void select(item.ticketId));
  return li;
}

/** Tab reaches the queue rows once (roving tabindex); focus survives a re-render. */
function rovingFocus(focusedTicket: string | null): void {
  const rows = [...document.querySelectorAll<HTMLElement>('.queues li[data-ticket]')];
  const current = rows.find((r) => r.dataset.ticket === state.selected) ?? rows[0];
  if (current) current.tabIndex = 0;
  if (focusedTicket) rows.find((r) => r.dataset.ticket === focusedTicket)?.focus();
}

function onRowKey(e: KeyboardEvent): void {
  const row = (e.target as HTMLElement).closest<HTMLElement>('li[data-ticket]');
  if (!row || e.ctrlKey || e.metaKey || e.altKey) return;
  const rows = [...document.querySelectorAll<HTMLElement>('.queues li[data-ticket]')];
  const i = rows.indexOf(row);
  const to =
    e.key === 'ArrowDown'
      ? rows[i + 1]
      : e.key === 'ArrowUp'
        ? rows[i - 1]
        : e.key === 'Home'
          ? rows[0]
          : e.key === 'End'
            ? rows.at(-1)
            : null;
  if (to) {
    e.preventDefault();
    e.stopPropagation();
    state.selected = to.dataset.ticket ?? null;
    renderLists();
  } else if (e.key === 'Enter' || e.key === ' ') {
    e.preventDefault();
    e.stopPropagation();
    void select(row.dataset.ticket ?? null);
  }
}

function renderLists(): void {
  const focused = (document.activeElement as HTMLElement | null)?.closest<HTMLElement>('.queues li[data-ticket]');
  // A row had the focus: after drawing, the selected row has it (the arrows move both).
  const focusedTicket = focused ? (state.selected ?? focused.dataset.ticket ?? null) : null;
  const mine = $('mine');
  mine.replaceChildren(...sortItems([...state.mine.values()]).map((m) => itemRow(m, true)));
  if (!state.mine.size) mine.append(Object.assign(el('li', tr('nothingAssigned'), 'muted'), { role: 'option' }));
  const box = $('queues');
  box.replaceChildren();
  for (const q of state.snapshot?.queues ?? []) {
    const items = sortItems([...state.items.values()].filter((i) => i.queue === q.id));
    const h = el('h2', `${q.name} (${items.length})${q.mode === 'push' ? ' · push' : ''}`);
    const ul = el('ul', undefined, 'list');
    ul.dataset.queue = q.id;
    ul.setAttribute('role', 'listbox');
    ul.setAttribute('aria-label', q.name);
    ul.append(...items.map((i) => itemRow(i)));
    box.append(h, ul);
  }
  rovingFocus(focusedTicket);
  const agents = $('agents');
  $('agents-box').hidden = !state.agents.size;
  agents.replaceChildren(
    ...[...state.agents.values()].map((a) => {
      const li = el('li', a.name);
      li.append(el('span', a.presence, 'muted'));
      return li;
    }),
  );
  tick();
}

function tick(): void {
  for (const e of document.querySelectorAll<HTMLElement>('[data-since]')) e.textContent = fmtDuration(waitingSeconds(e.dataset.since));
  for (const e of document.querySelectorAll<HTMLElement>('[data-due]')) {
    const left = (Number(e.dataset.due) - Date.now()) / 1000;
    e.textContent = fmtDuration(left);
    if (left < 0) e.classList.add('breached');
  }
  if (state.offer) {
    const left = Math.max(0, Math.round((new Date(state.offer.expiresAt).getTime() - Date.now()) / 1000));
    $('offer-left').textContent = tr('offer.answerWithin', { s: left });
  }
}

/** The ticket the agent sees in the conversation pane: what keys and buttons act on. */
function shownTicketId(): string | null {
  const id = state.detail?.ticket?._id;
  return typeof id === 'string' ? id : null;
}

function listOrder(): string[] {
  return [...document.querySelectorAll<HTMLElement>('.queues li[data-ticket]')].map((e) => e.dataset.ticket as string);
}

async function select(ticketId: string | null): Promise<void> {
  state.selected = ticketId;
  renderLists();
  if (!ticketId) {
    $('ticket').hidden = true;
    $('empty').hidden = false;
    return;
  }
  try {
    state.detail = await api('GET', `/api/tickets/${ticketId}`);
  } catch {
    state.detail = null;
  }
  renderTicket();
}

/**
 * The reply box belongs to the ticket on screen: a draft stays with its ticket when another one
 * is opened (an accepted offer, a click), and comes back with it; nothing typed for one customer
 * can be sent to another.
 */
const drafts = new Map<string, string>();

/** The canned answers: the server's (managed by admins), the built-in ones until it answers. */
let cannedList: Canned[] = CANNED;
async function loadCanned(): Promise<void> {
  try {
    cannedList = (await api('GET', '/api/canned')).answers;
  } catch {
    /* the built-in ones stay */
  }
}
function bindReplyBox(ticketId: string | null): void {
  const box = $<HTMLTextAreaElement>('reply');
  const owner = box.dataset.ticket ?? '';
  if (owner === (ticketId ?? '')) return;
  if (owner && box.value) drafts.set(owner, box.value);
  else if (owner) drafts.delete(owner);
  box.value = (ticketId && drafts.get(ticketId)) || '';
  box.dataset.ticket = ticketId ?? '';
}

function renderTicket(): void {
  const d = state.detail;
  $('ticket').hidden = !d;
  $('empty').hidden = !!d;
  bindReplyBox(shownTicketId());
  if (!d) return;
  const t = d.ticket;
  $('t-title').textContent = `${t.number} — ${t.subject ?? ''}`;
  $('t-meta').textContent =
    `${labelOf(tr, 'channel', t.channel)} · ${labelOf(tr, 'cat', t.category)} · ${tr('priority', { p: t.priority })} · ${t.language} · ${labelOf(tr, 'status', t.status)}${t.assignee ? (t.assignee === state.me.id ? ` · ${tr('yours')}` : ` · ${tr('assigned')}`) : ''}`;
  $<HTMLButtonElement>('claim').disabled = t.status !== 'queued';
  renderOutageLink(t, d.outage);
  const thread = $('thread');
  thread.replaceChildren(
    ...d.messages.map((m) => {
      const li = el('li', undefined, m.direction);
      li.dataset.state = m.state;
      const who = tr(m.direction === 'in' ? 'who.in' : m.direction === 'note' ? 'who.note' : 'who.out');
      li.append(
        el(
          'span',
          `${who} · ${dateTime(m.createdAt ?? m.receivedAt)}${m.direction === 'out' ? ` · ${labelOf(tr, 'msg', m.state)}` : ''}`,
          'meta',
        ),
      );
      if (m.subject && m.channel === 'email') li.append(el('strong', m.subject), document.createElement('br'));
      li.append(document.createTextNode(m.body ?? ''));
      (m.attachments ?? []).forEach((a: Record<string, any>, index: number) => {
        // Stored attachments (e-mail) download through the API; recordings and MMS link to the provider.
        const label = `📎 ${a.filename ?? (m.channel === 'voice' ? 'recording' : 'attachment')}${a.size ? ` (${Math.ceil(a.size / 1024)} KB)` : ''}`;
        const href = a.storageKey ? `/api/attachments/${encodeURIComponent(m._id)}/${index}` : httpUrl(a.url);
        if (!href) {
          // Not an http(s) URL (a `javascript:` "media URL" from a forged webhook): shown, never clickable.
          li.append(document.createElement('br'), el('span', `${label} (link not shown: ${String(a.url ?? '').slice(0, 80)})`, 'muted'));
          return;
        }
        const link = el('a', label);
        link.setAttribute('href', href);
        link.setAttribute('target', '_blank');
        link.setAttribute('rel', 'noopener noreferrer');
        li.append(document.createElement('br'), link);
      });
      return li;
    }),
  );
  thread.scrollTop = thread.scrollHeight;
  // Canned answers in the ticket's language.
  const canned = $<HTMLSelectElement>('canned');
  // This category's answers first, then those for every ticket; other categories' are not offered.
  const offered = cannedList
    .filter((c) => !c.category || c.category === t.category)
    .sort((a, b) => (b.category ? 1 : 0) - (a.category ? 1 : 0));
  canned.replaceChildren(el('option', tr('canned')), ...offered.map((c) => Object.assign(el('option', c.label), { value: c.id })));
  void renderCustomer(t.accountNumber);
}

/**
 * A contact about an outage incident is linked to it (issue 13): the agent sees which and its
 * estimate, and may unlink it (it comes back to its queue) — or link an open ticket by hand.
 */
function renderOutageLink(t: Record<string, any>, outage: OutageView<string> | undefined): void {
  const box = $('t-outage');
  box.replaceChildren();
  const open = ['queued', 'assigned', 'pending'].includes(t.status);
  if (outage) {
    const eta = outage.expectedRestorationAt ? ` · restoration ${new Date(outage.expectedRestorationAt).toLocaleString()}` : '';
    box.append(el('span', `Outage ${outage.number} · ${outage.status} · ${outage.service} ${outage.areaCodes.join(' ')}${eta}`, 'badge'));
    if (open) {
      const unlink = el('button', 'Unlink');
      unlink.type = 'button';
      unlink.id = 'unlink-outage';
      unlink.addEventListener('click', () => void outageAction('DELETE', t._id));
      box.append(unlink);
    }
    return;
  }
  const active = state.outages.filter((o) => o.status === 'active');
  if (!open || !active.length) return;
  const pick = el('select');
  pick.id = 'link-outage-pick';
  pick.setAttribute('aria-label', 'Outage to link to');
  pick.append(...active.map((o) => Object.assign(el('option', `${o.number} · ${o.service} ${o.areaCodes.join(' ')}`), { value: o.id })));
  const link = el('button', 'Link to outage');
  link.type = 'button';
  link.id = 'link-outage';
  link.addEventListener('click', () => void outageAction('POST', t._id, pick.value));
  box.append(pick, link);
}

async function outageAction(method: 'POST' | 'DELETE', ticketId: string, outageId?: string): Promise<void> {
  try {
    await api(method, `/api/tickets/${ticketId}/outage`, outageId ? { outageId } : undefined);
  } catch (err) {
    status((err as Error).message, true);
  }
  if (state.selected === ticketId) await select(ticketId);
}

async function loadOutages(): Promise<void> {
  state.outages = (await api('GET', '/api/outages?status=active').catch(() => null))?.outages ?? [];
}

async function renderCustomer(accountNumber?: string): Promise<void> {
  const box = $('customer');
  if (!accountNumber) {
    box.replaceChildren(el('p', tr('customer.none'), 'muted'));
    return;
  }
  let data: any;
  try {
    data = await api('GET', `/api/customers/${encodeURIComponent(accountNumber)}`);
  } catch {
    box.replaceChildren(el('p', tr('customer.notFound'), 'muted'));
    return;
  }
  const dl = el('dl');
  const row = (k: string, v: string) => dl.append(el('dt', k), el('dd', v));
  row(tr('account'), data.customer.accountNumber);
  row(tr('name'), data.customer.name);
  row(tr('phone'), (data.customer.phones ?? []).join(', '));
  row(tr('email'), (data.customer.emails ?? []).join(', '));
  row(tr('language'), data.customer.language);
  row(tr('segment'), data.customer.segment);
  const decisions: PanelContext = { api, ticketId: state.selected, refresh: () => void renderCustomer(accountNumber), t: tr };
  const protection = protectionPanel(data.customer.vulnerabilities, {
    confirm: async (kind, evidence) => {
      await api('POST', `/api/customers/${encodeURIComponent(accountNumber)}/vulnerabilities/${kind}/confirm`, { evidence });
      void renderCustomer(accountNumber);
    },
  });
  const parts: HTMLElement[] = [...(protection ? [protection] : []), dl, el('h2', tr('contracts'))];
  for (const c of data.contracts) {
    const card = el('div', undefined, 'card');
    card.append(
      el('strong', `${c.contractNumber} · ${c.service}`),
      document.createElement('br'),
      document.createTextNode(`${c.address ?? ''} ${c.status}`),
    );
    if (c.disputed) card.append(el('div', tr('disputed'), 'stage bad'));
    card.append(el('div', tr('lastReading', { v: (c.lastReading ?? []).join('/'), d: dateOnly(c.lastReadingAt) }), 'muted'));
    for (const r of c.readings ?? []) card.append(el('div', `${dateOnly(r.receivedAt)} ${r.values.join('/')} · ${r.status}`));
    card.append(contractActions(c, decisions));
    parts.push(card);
  }
  parts.push(el('h2', tr('bills')));
  for (const b of data.bills) {
    const card = el('div', undefined, 'card');
    card.append(
      el('strong', `${b.billNumber} · ${money(b.amount, b.currency)}`),
      document.createTextNode(` ${tr('due', { d: dateOnly(b.dueAt) })} · ${b.status}`),
    );
    if (b.outstanding > 0) card.append(el('div', tr('outstanding', { a: money(b.outstanding, b.currency) })));
    card.append(el('div', tr('dunning', { s: b.dunningStage }), `stage${b.dunningStage !== 'none' ? ' bad' : ''}`));
    if (b.dunningPaused) card.append(el('div', tr('paused', { r: b.dunningPaused.replace('_', ' ') }), 'muted'));
    if (b.heldByDispute) card.append(el('div', tr('held'), 'stage bad'));
    if (b.deferral) card.append(el('div', tr('deferredTo', { d: dateOnly(b.deferral.newDueAt) })));
    if (b.instalmentPlan)
      card.append(el('div', tr('plan', { s: b.instalmentPlan.status, n: (b.instalmentPlan.instalments ?? []).length })));
    card.append(billActions(b, decisions));
    parts.push(card);
  }
  parts.push(el('h2', tr('earlierTickets')));
  const tl = el('ul', undefined, 'list small');
  for (const t of data.tickets) tl.append(el('li', `${t.number} · ${labelOf(tr, 'cat', t.category)} · ${labelOf(tr, 'status', t.status)}`));
  parts.push(tl, el('h2', tr('notifications')));
  const nl = el('ul', undefined, 'list small');
  for (const n of data.notifications)
    nl.append(el('li', `${n.billNumber} · ${n.stage} · ${labelOf(tr, 'channel', n.channel)} · ${n.status}`));
  parts.push(nl);
  box.replaceChildren(...parts);
}

// ---- live updates ----
function applySnapshot(s: Snapshot): void {
  state.snapshot = s;
  state.items = new Map(s.items.map((i) => [i.ticketId, i]));
  state.mine = new Map(s.mine.map((m) => [m.ticketId, m]));
  state.agents = new Map((s.agents ?? []).map((a) => [a.id, a]));
  showPresence(s.me.presence);
  const tq = $<HTMLSelectElement>('transfer-queue');
  tq.replaceChildren(el('option', tr('transferQueue')), ...s.queues.map((q) => Object.assign(el('option', q.name), { value: q.id })));
  (tq.options[0] as HTMLOptionElement).value = '';
  renderLists();
  if (state.selected) void select(state.selected);
  // A reconnect must not lose a pending offer: the snapshot still carries it.
  const pending = s.items.find((i) => i.ticketId === s.me.offerTicketId && i.offeredTo === s.me.id) as
    (Item & { offerExpiresAt?: string }) | undefined;
  if (pending?.offerExpiresAt)
    showOffer({
      ticketId: pending.ticketId,
      number: pending.number,
      channel: pending.channel,
      category: pending.category,
      expiresAt: pending.offerExpiresAt,
    });
  else if (state.offer && state.offer.ticketId !== s.me.offerTicketId) hideOffer();
}

function visibleQueue(q: string): boolean {
  return !!state.snapshot?.queues.some((x) => x.id === q);
}

function refreshSelected(ticketId: string): void {
  if (state.selected === ticketId) void select(ticketId);
}

function connect(): void {
  const socket = io('/agents', { transports: ['websocket', 'polling'] });
  state.socket = socket;
  const conn = $('conn');
  // Events that arrive between (re)connecting and the snapshot are replayed on top of it
  // (each handler is idempotent), so nothing emitted while the snapshot was built is lost.
  let buffered: Array<() => void> | null = [];
  const onLive = <T>(name: string, handler: (p: T) => void) =>
    socket.on(name, (p: T) => {
      if (buffered) buffered.push(() => handler(p));
      else handler(p);
    });
  socket.on('outage:changed', () => {
    void loadOutages().then(() => {
      if (state.detail) renderOutageLink(state.detail.ticket, state.detail.outage);
      if (state.selected && state.detail?.outage) void select(state.selected);
    });
  });
  socket.on('connect', () => {
    void loadOutages();
    buffered ??= [];
    conn.textContent = tr('conn.live');
    conn.className = 'conn ok';
  });
  socket.on('disconnect', () => {
    conn.textContent = tr('conn.reconnecting');
    conn.className = 'conn down';
  });
  socket.on('connect_error', (err) => {
    conn.textContent = tr('conn.offline', { reason: err.message });
    conn.className = 'conn down';
    if (err.message === 'unauthenticated') showLogin();
  });
  socket.on('queue:snapshot', (s: Snapshot) => {
    applySnapshot(s);
    const replay = buffered ?? [];
    buffered = null;
    for (const run of replay) run();
  });
  onLive('ticket:queued', (p: Item) => {
    if (visibleQueue(p.queue)) state.items.set(p.ticketId, { ...p, state: 'waiting' });
    state.mine.delete(p.ticketId);
    renderLists();
    refreshSelected(p.ticketId);
  });
  onLive('ticket:updated', (p: Item & { assignee?: string; transferred?: boolean }) => {
    const known = state.items.get(p.ticketId);
    if (p.status === 'queued' && visibleQueue(p.queue) && !p.transferred) {
      if (known) state.items.set(p.ticketId, { ...known, ...p });
    } else if (p.status !== 'queued' || p.transferred) state.items.delete(p.ticketId);
    if (p.assignee === state.me.id && p.status === 'assigned')
      state.mine.set(p.ticketId, { ...(state.mine.get(p.ticketId) ?? {}), ...p } as Mine);
    else if (p.assignee !== undefined && p.assignee !== state.me.id) state.mine.delete(p.ticketId);
    renderLists();
    refreshSelected(p.ticketId);
  });
  onLive('ticket:claimed', (p: Mine & { agentId: string }) => {
    state.items.delete(p.ticketId);
    if (p.agentId === state.me.id) {
      // The claimer's own event carries the subject and SLA deadlines of "my tickets"; an
      // older server's does not, and then the snapshot has them.
      state.mine.set(p.ticketId, { ...p });
      if (!('assignedAt' in p)) socket.emit('snapshot:get', (s: Snapshot | null) => s && applySnapshot(s));
    }
    if (state.offer?.ticketId === p.ticketId) hideOffer();
    renderLists();
    refreshSelected(p.ticketId);
  });
  onLive('ticket:resolved', (p: Item) => {
    state.items.delete(p.ticketId);
    state.mine.delete(p.ticketId);
    renderLists();
    refreshSelected(p.ticketId);
  });
  onLive('ticket:offered', (p: Offer) => showOffer(p));
  onLive('ticket:offer-ended', (p: { ticketId: string }) => {
    if (state.offer?.ticketId === p.ticketId) hideOffer();
  });
  onLive('ticket:sla', (p: { ticketId: string; state: 'warning' | 'breached' }) => {
    const i = state.items.get(p.ticketId) ?? state.mine.get(p.ticketId);
    if (i) i.sla = p.state;
    renderLists();
  });
  onLive('agent:status', (p: { agentId: string; state: string }) => {
    if (p.agentId === state.me.id) showPresence(p.state);
    const a = state.agents.get(p.agentId);
    if (a) a.presence = p.state;
    renderLists();
  });
  // Supervisors only (the statistics feature emits to their room), about once a second.
  socket.on(
    'stats:live',
    (p: {
      overall?: { waiting?: number; longestWaitSeconds?: number; serviceLevel?: number | null; slaAtRisk?: number };
      agents?: { occupancy?: number | null };
    }) => {
      const o = p.overall ?? {};
      const pct = (v?: number | null) => (typeof v === 'number' ? `${Math.round(v * 100)}%` : '–');
      $('stats').textContent = tr('stats.line', {
        w: o.waiting ?? '–',
        l: typeof o.longestWaitSeconds === 'number' ? fmtDuration(o.longestWaitSeconds) : '–',
        r: o.slaAtRisk ?? '–',
        sl: pct(o.serviceLevel),
        o: pct(p.agents?.occupancy),
      });
    },
  );
}

// ---- offers ----
function showOffer(o: Offer): void {
  state.offer = o;
  $('offer-text').textContent = `${o.number} · ${labelOf(tr, 'channel', o.channel)} · ${labelOf(tr, 'cat', o.category)}`;
  $('offer').hidden = false;
  tick();
}
function hideOffer(): void {
  state.offer = null;
  $('offer').hidden = true;
}
/** The offered ticket is opened on screen first (the reply box leaves whatever was typed with its own ticket), then claimed. */
async function acceptOffer(): Promise<void> {
  const o = state.offer;
  if (!o) return;
  hideOffer();
  (document.activeElement as HTMLElement | null)?.blur();
  await select(o.ticketId);
  await claim(o.ticketId);
}
async function rejectOffer(): Promise<void> {
  const o = state.offer;
  if (!o) return;
  hideOffer();
  await api('POST', `/api/tickets/${o.ticketId}/reject`).catch(() => undefined);
}

// ---- actions ----
function status(text: string, isError = false): void {
  const s = $('send-status');
  s.textContent = text;
  s.className = isError ? 'error' : 'muted';
}

async function claim(ticketId = shownTicketId()): Promise<void> {
  if (!ticketId) return;
  try {
    await api('POST', `/api/tickets/${ticketId}/claim`);
    await select(ticketId);
    status(tr('claimed'));
  } catch (err) {
    status((err as Error).message, true);
  }
}

async function send(): Promise<void> {
  const ticketId = shownTicketId();
  const box = $<HTMLTextAreaElement>('reply');
  const body = box.value.trim();
  if (!ticketId || !body) return;
  // Written for another ticket than the one on screen (it changed meanwhile): never sent here.
  if (box.dataset.ticket !== ticketId) return status(tr('otherDraft'), true);
  const asNote = $<HTMLInputElement>('as-note').checked;
  try {
    await api('POST', `/api/tickets/${ticketId}/${asNote ? 'notes' : 'reply'}`, { body });
    box.value = '';
    drafts.delete(ticketId);
    status(tr(asNote ? 'noteAdded' : 'replySent'));
    await select(ticketId);
  } catch (err) {
    status((err as Error).message, true);
  }
}

async function transfer(): Promise<void> {
  const ticketId = shownTicketId();
  const toQueue = $<HTMLSelectElement>('transfer-queue').value;
  const toAgent = $<HTMLSelectElement>('transfer-agent').value;
  if (!ticketId || (!toQueue && !toAgent)) return status(tr('chooseTarget'), true);
  const note = $<HTMLTextAreaElement>('reply').value.trim() || undefined;
  try {
    await api('POST', `/api/tickets/${ticketId}/transfer`, toAgent ? { toAgent, note } : { toQueue, note });
    $<HTMLTextAreaElement>('reply').value = '';
    status(tr('transferred'));
    await select(ticketId);
  } catch (err) {
    status((err as Error).message, true);
  }
}

async function resolve(): Promise<void> {
  const ticketId = shownTicketId();
  if (!ticketId) return;
  try {
    await api('POST', `/api/tickets/${ticketId}/resolve`, { outcome: $<HTMLSelectElement>('outcome').value });
    status(tr('resolved'));
    await select(ticketId);
  } catch (err) {
    status((err as Error).message, true);
  }
}

async function setPresence(value: string): Promise<void> {
  await api('POST', '/api/agents/me/presence', { state: value }).catch((err: Error) => status(err.message, true));
}

function moveSelection(delta: number): void {
  const order = listOrder();
  if (!order.length) return;
  const i = state.selected ? order.indexOf(state.selected) : -1;
  const next = order[Math.max(0, Math.min(order.length - 1, i + delta))] ?? null;
  state.selected = next;
  renderLists();
}

function onKey(e: KeyboardEvent): void {
  const target = e.target as HTMLElement;
  const typing = target.tagName === 'TEXTAREA' || target.tagName === 'INPUT' || target.tagName === 'SELECT';
  if (typing) {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && target.id === 'reply') {
      e.preventDefault();
      void send();
    } else if (e.key === 'Escape') target.blur();
    return;
  }
  if (e.ctrlKey || e.metaKey || e.altKey) return;
  const actions: Record<string, () => void> = {
    j: () => moveSelection(1),
    k: () => moveSelection(-1),
    Enter: () => void select(state.selected),
    // Keys act on what the agent sees: c claims the ticket on screen, never a pop-up offer for
    // another one; only with no ticket on screen is the offer the thing in view. o accepts it.
    c: () => void (shownTicketId() ? claim() : acceptOffer()),
    o: () => void acceptOffer(),
    x: () => void rejectOffer(),
    r: () => {
      $<HTMLInputElement>('as-note').checked = false;
      $('reply').focus();
    },
    n: () => {
      $<HTMLInputElement>('as-note').checked = true;
      $('reply').focus();
    },
    t: () => $('transfer-queue').focus(),
    e: () => void resolve(),
    g: () => {
      // Pull: take the most urgent, longest-waiting item of my queues.
      const next = sortItems([...state.items.values()].filter((i) => i.state !== 'offered'))[0];
      if (next) void claim(next.ticketId);
    },
    a: () => {
      const p = $<HTMLSelectElement>('presence');
      p.value = p.value === 'available' ? 'away' : 'available';
      showPresence(p.value);
      void setPresence(p.value);
    },
    '?': () => $<HTMLDialogElement>('help').showModal(),
  };
  const act = actions[e.key];
  if (act) {
    e.preventDefault();
    act();
  }
}

// ---- search ----
interface Hit {
  ticketId: string;
  number: string;
  channel: string;
  category: string;
  status: string;
  subject?: string;
  createdAt?: string;
  language?: string;
}

/** Results open in the same view: a click or Enter shows the ticket in the conversation pane. */
async function search(query: string): Promise<void> {
  const box = $('search-box');
  const list = $('search-results');
  if (!query.trim()) {
    box.hidden = true;
    list.replaceChildren();
    return;
  }
  let hits: Hit[] = [];
  try {
    hits = (await api('GET', `/api/search/tickets?q=${encodeURIComponent(query.trim())}`)).tickets;
  } catch (err) {
    status((err as Error).message, true);
  }
  box.hidden = false;
  list.replaceChildren(
    ...hits.map((h) => {
      const li = el('li');
      li.dataset.ticket = h.ticketId;
      li.setAttribute('role', 'option');
      li.setAttribute('aria-selected', 'false');
      li.tabIndex = -1;
      const icon = el('span', CHANNEL_ICON[h.channel] ?? '•', 'icon');
      icon.setAttribute('aria-hidden', 'true');
      const head = el('span', undefined, 'head');
      head.append(icon, `${h.number} · ${labelOf(tr, 'cat', h.category)}`);
      li.append(head, el('span', labelOf(tr, 'status', h.status), 'wait'));
      li.append(el('span', `${dateOnly(h.createdAt)} · ${h.subject ?? ''}`, 'sub'));
      li.addEventListener('click', () => void select(h.ticketId));
      return li;
    }),
  );
  if (!hits.length) list.append(Object.assign(el('li', tr('noResults'), 'muted'), { role: 'option' }));
  rovingFocus(null);
  const first = list.querySelector<HTMLElement>('li[data-ticket]');
  if (first) {
    first.tabIndex = 0;
    first.focus();
  }
}

// ---- language ----
/** Everything on screen in the agent's language; called at start and when the agent changes it. */
function applyLanguage(next: Lang): void {
  lang = next;
  tr = consoleTranslator(lang);
  document.documentElement.lang = lang;
  document.title = tr('login.title');
  translateStatic(tr);
  $<HTMLSelectElement>('ui-lang').value = lang;
  for (const o of $<HTMLSelectElement>('outcome').options) o.textContent = labelOf(tr, 'outcome', o.value);
  for (const o of $<HTMLSelectElement>('presence').options) o.textContent = labelOf(tr, 'presence', o.value);
  const tq = $<HTMLSelectElement>('transfer-queue').options[0];
  if (tq) tq.textContent = tr('transferQueue');
  const ta = $<HTMLSelectElement>('transfer-agent').options[0];
  if (ta) ta.textContent = tr('transferAgent');
  if (state.me.name) $('me-name').textContent = `${state.me.name} (${labelOf(tr, 'role', state.me.role)})`;
  if (state.offer) showOffer(state.offer);
  renderLists();
  if (state.detail) renderTicket();
}

/** A new agent starts offline: say so, and what it means for the customers. */
function showPresence(value: string): void {
  $<HTMLSelectElement>('presence').value = value;
  $('offline-notice').hidden = value !== 'offline';
}

// ---- start ----
function showLogin(): void {
  $('app').hidden = true;
  $('login').hidden = false;
  $('login-email').focus();
}

async function start(): Promise<void> {
  $('login').hidden = true;
  $('app').hidden = false;
  $('me-name').textContent = `${state.me.name} (${labelOf(tr, 'role', state.me.role)})`;
  $('admin-link').hidden = state.me.role === 'agent';
  try {
    const dir = await api('GET', '/api/agents/directory');
    const sel = $<HTMLSelectElement>('transfer-agent');
    sel.replaceChildren(
      Object.assign(el('option', tr('transferAgent')), { value: '' }),
      ...dir.agents
        .filter((a: { id: string }) => a.id !== state.me.id)
        .map((a: { id: string; name: string }) => Object.assign(el('option', a.name), { value: a.id })),
    );
  } catch {
    /* transfer to an agent stays unavailable */
  }
  void loadCanned();
  connect();
}

function wire(): void {
  $('login-form').addEventListener('submit', (e) => {
    e.preventDefault();
    void (async () => {
      try {
        const me = await api('POST', '/api/auth/login', {
          email: $<HTMLInputElement>('login-email').value,
          password: $<HTMLInputElement>('login-password').value,
        });
        state.me = { id: me.id, name: me.name, role: me.role };
        await start();
      } catch (err) {
        $('login-error').textContent = (err as Error).message;
      }
    })();
  });
  $('logout').addEventListener('click', () => void api('POST', '/api/auth/logout').finally(() => location.reload()));
  $('presence').addEventListener('change', (e) => {
    const value = (e.target as HTMLSelectElement).value;
    showPresence(value);
    void setPresence(value);
  });
  $('search-form').addEventListener('submit', (e) => {
    e.preventDefault();
    void search($<HTMLInputElement>('search').value);
  });
  $('ui-lang').addEventListener('change', (e) => {
    const next = (e.target as HTMLSelectElement).value as Lang;
    rememberLanguage(next);
    applyLanguage(next);
  });
  $('claim').addEventListener('click', () => void claim());
  $('send').addEventListener('click', () => void send());
  $('transfer').addEventListener('click', () => void transfer());
  $('resolve').addEventListener('click', () => void resolve());
  $('offer-accept').addEventListener('click', () => void acceptOffer());
  $('offer-reject').addEventListener('click', () => void rejectOffer());
  $('help-btn').addEventListener('click', () => $<HTMLDialogElement>('help').showModal());
  $('canned').addEventListener('change', (e) => {
    const c = cannedList.find((x) => x.id === (e.target as HTMLSelectElement).value);
    const t = state.detail?.ticket;
    if (c && t) {
      $<HTMLTextAreaElement>('reply').value = cannedText(c, t.language ?? 'en', { number: t.number });
      $('reply').focus();
    }
  });
  document.querySelector('nav.queues')?.addEventListener('keydown', (e) => onRowKey(e as KeyboardEvent));
  document.addEventListener('keydown', onKey);
  setInterval(tick, 1000);
}

wire();
applyLanguage(lang);
api('GET', '/api/auth/me').then(
  (me) => {
    state.me = { id: me.id, name: me.name, role: me.role };
    void start();
  },
  () => showLogin(),
);
