// The agent console: live queues over socket.io (`/agents`), the conversation of one
// ticket, reply / note / transfer / resolve through the REST API, the customer panel.
// Vanilla TypeScript; all text goes in through textContent, never as HTML.
import { io, type Socket } from 'socket.io-client';
import { isLiveChannel, type OfferPayload, type QueueSnapshot, type SnapshotItem, type SnapshotMine } from '../../wire';
import type { OutageView } from '../../wire/outages';
import { CANNED, cannedText } from './console-canned';

/** A row of a queue list: a snapshot item, updated in place by the ticket events. */
interface Item
  extends
    Pick<SnapshotItem<string>, 'ticketId' | 'number' | 'queue' | 'channel' | 'category' | 'priority' | 'language' | 'offeredTo'>,
    Partial<Pick<SnapshotItem<string>, 'enqueuedAt' | 'state'>> {
  status?: string;
  sla?: 'warning' | 'breached';
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
  li.append(el('span', `${item.number} · ${item.category.replace(/_/g, ' ')}`));
  const wait = el('span', '', 'wait');
  if (!mine && item.enqueuedAt) wait.dataset.since = item.enqueuedAt;
  li.append(wait);
  const sub = el('span', `${item.channel} · ${item.language ?? ''}${item.state === 'offered' ? ' · offered' : ''}`, 'sub');
  const sla = el('span', '', 'sla');
  const due = mine ? mineDue(item as Mine) : waitingDue(item);
  if (due) sla.dataset.due = String(typeof due === 'number' ? due : new Date(due).getTime());
  if (item.sla) sla.classList.add(item.sla);
  sub.append(' · SLA ', sla);
  li.append(sub);
  li.addEventListener('click', () => void select(item.ticketId));
  return li;
}

function renderLists(): void {
  const mine = $('mine');
  mine.replaceChildren(...sortItems([...state.mine.values()]).map((m) => itemRow(m, true)));
  if (!state.mine.size) mine.append(el('li', 'nothing assigned', 'muted'));
  const box = $('queues');
  box.replaceChildren();
  for (const q of state.snapshot?.queues ?? []) {
    const items = sortItems([...state.items.values()].filter((i) => i.queue === q.id));
    const h = el('h2', `${q.name} (${items.length})${q.mode === 'push' ? ' · push' : ''}`);
    const ul = el('ul', undefined, 'list');
    ul.dataset.queue = q.id;
    ul.append(...items.map((i) => itemRow(i)));
    box.append(h, ul);
  }
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
    $('offer-left').textContent = String(left);
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
    `${t.channel} · ${t.category.replace(/_/g, ' ')} · priority ${t.priority} · ${t.language} · ${t.status}${t.assignee ? (t.assignee === state.me.id ? ' · yours' : ' · assigned') : ''}`;
  $<HTMLButtonElement>('claim').disabled = t.status !== 'queued';
  renderOutageLink(t, d.outage);
  const thread = $('thread');
  thread.replaceChildren(
    ...d.messages.map((m) => {
      const li = el('li', undefined, m.direction);
      li.dataset.state = m.state;
      const who = m.direction === 'in' ? 'customer' : m.direction === 'note' ? 'note' : 'agent';
      li.append(
        el(
          'span',
          `${who} · ${new Date(m.createdAt ?? m.receivedAt).toLocaleString()}${m.direction === 'out' ? ` · ${m.state}` : ''}`,
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
  canned.replaceChildren(el('option', 'Canned answer…'), ...CANNED.map((c) => Object.assign(el('option', c.label), { value: c.id })));
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
    box.replaceChildren(el('p', 'No customer linked to this ticket.', 'muted'));
    return;
  }
  let data: any;
  try {
    data = await api('GET', `/api/customers/${encodeURIComponent(accountNumber)}`);
  } catch {
    box.replaceChildren(el('p', 'Customer not found.', 'muted'));
    return;
  }
  const dl = el('dl');
  const row = (k: string, v: string) => dl.append(el('dt', k), el('dd', v));
  row('Account', data.customer.accountNumber);
  row('Name', data.customer.name);
  row('Phone', (data.customer.phones ?? []).join(', '));
  row('E-mail', (data.customer.emails ?? []).join(', '));
  row('Language', data.customer.language);
  row('Segment', data.customer.segment);
  const parts: HTMLElement[] = [dl, el('h2', 'Contracts')];
  for (const c of data.contracts) {
    const card = el('div', undefined, 'card');
    card.append(
      el('strong', `${c.contractNumber} · ${c.service}`),
      document.createElement('br'),
      document.createTextNode(`${c.address ?? ''} ${c.status}`),
    );
    if (c.disputed) card.append(el('div', 'disputed contract: dunning blocked', 'stage bad'));
    card.append(
      el(
        'div',
        `last reading ${(c.lastReading ?? []).join('/')} ${c.lastReadingAt ? new Date(c.lastReadingAt).toLocaleDateString() : ''}`,
        'muted',
      ),
    );
    for (const r of c.readings ?? [])
      card.append(el('div', `${new Date(r.receivedAt).toLocaleDateString()} ${r.values.join('/')} · ${r.status}`));
    parts.push(card);
  }
  parts.push(el('h2', 'Bills'));
  for (const b of data.bills) {
    const card = el('div', undefined, 'card');
    card.append(
      el('strong', `${b.billNumber} · ${b.amount} ${b.currency}`),
      document.createTextNode(` due ${new Date(b.dueAt).toLocaleDateString()} · ${b.status}`),
    );
    if (b.outstanding > 0) card.append(el('div', `outstanding ${b.outstanding}`));
    card.append(el('div', `dunning: ${b.dunningStage}`, `stage${b.dunningStage !== 'none' ? ' bad' : ''}`));
    if (b.dunningPaused) card.append(el('div', `reminders paused: ${b.dunningPaused.replace('_', ' ')}`, 'muted'));
    if (b.heldByDispute) card.append(el('div', 'held: issued while the contract is disputed', 'stage bad'));
    if (b.deferral) card.append(el('div', `deferred to ${new Date(b.deferral.newDueAt).toLocaleDateString()}`));
    if (b.instalmentPlan)
      card.append(el('div', `instalment plan: ${b.instalmentPlan.status} (${(b.instalmentPlan.instalments ?? []).length} instalments)`));
    parts.push(card);
  }
  parts.push(el('h2', 'Earlier tickets'));
  const tl = el('ul', undefined, 'list small');
  for (const t of data.tickets) tl.append(el('li', `${t.number} · ${t.category} · ${t.status}`));
  parts.push(tl, el('h2', 'Notifications sent'));
  const nl = el('ul', undefined, 'list small');
  for (const n of data.notifications) nl.append(el('li', `${n.billNumber} · ${n.stage} · ${n.channel ?? ''} · ${n.status}`));
  parts.push(nl);
  box.replaceChildren(...parts);
}

// ---- live updates ----
function applySnapshot(s: Snapshot): void {
  state.snapshot = s;
  state.items = new Map(s.items.map((i) => [i.ticketId, i]));
  state.mine = new Map(s.mine.map((m) => [m.ticketId, m]));
  state.agents = new Map((s.agents ?? []).map((a) => [a.id, a]));
  $<HTMLSelectElement>('presence').value = s.me.presence;
  const tq = $<HTMLSelectElement>('transfer-queue');
  tq.replaceChildren(el('option', '— transfer to queue —'), ...s.queues.map((q) => Object.assign(el('option', q.name), { value: q.id })));
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
    conn.textContent = 'live';
    conn.className = 'conn ok';
  });
  socket.on('disconnect', () => {
    conn.textContent = 'reconnecting…';
    conn.className = 'conn down';
  });
  socket.on('connect_error', (err) => {
    conn.textContent = `offline (${err.message})`;
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
    if (p.agentId === state.me.id) $<HTMLSelectElement>('presence').value = p.state;
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
      $('stats').textContent =
        `waiting ${o.waiting ?? '–'} · longest ${typeof o.longestWaitSeconds === 'number' ? fmtDuration(o.longestWaitSeconds) : '–'} · at risk ${o.slaAtRisk ?? '–'} · SL ${pct(o.serviceLevel)} · occupancy ${pct(p.agents?.occupancy)}`;
    },
  );
}

// ---- offers ----
function showOffer(o: Offer): void {
  state.offer = o;
  $('offer-text').textContent = `${o.number} · ${o.channel} · ${o.category.replace(/_/g, ' ')}`;
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
    status('claimed');
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
  if (box.dataset.ticket !== ticketId) return status('this draft belongs to another ticket', true);
  const asNote = $<HTMLInputElement>('as-note').checked;
  try {
    await api('POST', `/api/tickets/${ticketId}/${asNote ? 'notes' : 'reply'}`, { body });
    box.value = '';
    drafts.delete(ticketId);
    status(asNote ? 'note added' : 'reply sent');
    await select(ticketId);
  } catch (err) {
    status((err as Error).message, true);
  }
}

async function transfer(): Promise<void> {
  const ticketId = shownTicketId();
  const toQueue = $<HTMLSelectElement>('transfer-queue').value;
  const toAgent = $<HTMLSelectElement>('transfer-agent').value;
  if (!ticketId || (!toQueue && !toAgent)) return status('choose a queue or an agent', true);
  const note = $<HTMLTextAreaElement>('reply').value.trim() || undefined;
  try {
    await api('POST', `/api/tickets/${ticketId}/transfer`, toAgent ? { toAgent, note } : { toQueue, note });
    $<HTMLTextAreaElement>('reply').value = '';
    status('transferred');
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
    status('resolved');
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

// ---- start ----
function showLogin(): void {
  $('app').hidden = true;
  $('login').hidden = false;
  $('login-email').focus();
}

async function start(): Promise<void> {
  $('login').hidden = true;
  $('app').hidden = false;
  $('me-name').textContent = `${state.me.name} (${state.me.role})`;
  try {
    const dir = await api('GET', '/api/agents/directory');
    const sel = $<HTMLSelectElement>('transfer-agent');
    sel.replaceChildren(
      Object.assign(el('option', '— or an agent —'), { value: '' }),
      ...dir.agents
        .filter((a: { id: string }) => a.id !== state.me.id)
        .map((a: { id: string; name: string }) => Object.assign(el('option', a.name), { value: a.id })),
    );
  } catch {
    /* transfer to an agent stays unavailable */
  }
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
  $('presence').addEventListener('change', (e) => void setPresence((e.target as HTMLSelectElement).value));
  $('claim').addEventListener('click', () => void claim());
  $('send').addEventListener('click', () => void send());
  $('transfer').addEventListener('click', () => void transfer());
  $('resolve').addEventListener('click', () => void resolve());
  $('offer-accept').addEventListener('click', () => void acceptOffer());
  $('offer-reject').addEventListener('click', () => void rejectOffer());
  $('help-btn').addEventListener('click', () => $<HTMLDialogElement>('help').showModal());
  $('canned').addEventListener('change', (e) => {
    const c = CANNED.find((x) => x.id === (e.target as HTMLSelectElement).value);
    const t = state.detail?.ticket;
    if (c && t) {
      $<HTMLTextAreaElement>('reply').value = cannedText(c, t.language ?? 'en', { number: t.number });
      $('reply').focus();
    }
  });
  document.addEventListener('keydown', onKey);
  setInterval(tick, 1000);
}

wire();
api('GET', '/api/auth/me').then(
  (me) => {
    state.me = { id: me.id, name: me.name, role: me.role };
    void start();
  },
  () => showLogin(),
);
