// The manager dashboard: a wall board fed by `stats:live` (socket.io, namespace /agents,
// room supervisors) with a REST snapshot on load and after every reconnect; interval
// reports drawn with Chart.js; the regulator's figures against the active rule set; CSV
// of every table. Numbers and dates follow the operator's locale; times are shown in the
// time zone the statistics are kept in. Text goes in through textContent, never as HTML.
import { io } from 'socket.io-client';
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LineController,
  LineElement,
  LinearScale,
  PointElement,
  Tooltip,
} from 'chart.js';
// The consumer associations' table on the regulatory page: its own module.
import './dashboard-associations';
// The walk-in offices' tables (wall board, intervals): their own module, fed by DOM events.
import './dashboard-walkin';
import type { IntervalReport, IntervalRow, LivePayload, LiveRow, RegulatoryReport } from '../../wire/stats';
import { renderIndemnities } from './dashboard-indemnities';
import { mountIncidents, type IncidentsPage } from './dashboard-incidents';
import { wireLoginForm } from './login-form';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Legend, Tooltip);

type Num = number | null;

/** ?lang= first, then the choice remembered by the staff pages (shared with the console), then the browser's. */
const LANGS = ['it', 'ru', 'en'];
const LANG = ((): string => {
  const q = new URLSearchParams(location.search).get('lang');
  if (q && LANGS.includes(q)) return q;
  let saved: string | null = null;
  try {
    saved = localStorage.getItem('hotline.lang');
  } catch {
    /* storage disabled */
  }
  if (saved && LANGS.includes(saved)) return saved;
  const nav = (navigator.language || 'en').slice(0, 2);
  return LANGS.includes(nav) ? nav : 'it';
})();
/** Numbers and dates in the page's language (the regional variant of the browser when it matches). */
const LOCALE = navigator.language.slice(0, 2) === LANG ? navigator.language : LANG;
const T: Record<string, Record<string, string>> = {
  it: {
    title: 'Centro contatti',
    board: 'Pannello',
    intervals: 'Intervalli',
    regulatory: 'Regolatorio',
    incidents: 'Guasti',
    waiting: 'In attesa',
    longest: 'Attesa più lunga',
    avgWait: 'Attesa media oggi',
    serviceLevel: 'Livello di servizio',
    abandon: 'Abbandoni',
    answered: 'Risposte oggi',
    atRisk: 'SLA a rischio',
    occupancy: 'Occupazione',
    accessibility: 'Accessibilità (AS)',
    clock: 'orologio',
    clockDays: 'scadenza, giorni',
    clockSeconds: 'risposta, secondi',
    definitions: 'Come si calcolano gli indicatori',
    queues: 'Code',
    channels: 'Canali',
    agents: 'Operatori',
    queue: 'Coda',
    channel: 'Canale',
    from: 'Dal',
    to: 'Al',
    granularity: 'Dettaglio',
    show: 'Mostra',
    login: 'Accedi',
    email: 'E-mail',
    password: 'Password',
    forbidden: 'Serve il ruolo di supervisore.',
    available: 'disponibili',
    busy: 'occupati',
    wrap_up: 'post-chiamata',
    away: 'assenti',
    offline: 'disconnessi',
    figure: 'Indicatore',
    value: 'Valore',
    target: 'Obiettivo',
    basis: 'Base',
    colWait: 'attesa media',
    colAnswered: 'risposte',
    colAbandon: 'abbandoni',
    colLongest: 'attesa max',
    colSl: 'LS',
    state: 'stato',
    csv: 'CSV',
    logout: 'Esci',
    admin: 'Amministrazione',
    ruleSet: 'regole',
    tmaBasis: '{n} ({a} risposte + {b} abbandonate)',
    tmaNoIvr: 'TMA senza IVR (risposte + abbandonate)',
    tmaIvr: 'TMA con IVR (risposte + abbandonate)',
    humanWithin: 'operatore entro le scelte IVR',
    withinDeadline: '{c}: entro il termine',
    averageDays: '{c}: giorni medi',
    answerDaysService: 'giorni medi di risposta: {s}',
    walkInWait: 'sportello: attesa media',
    walkInOver40: 'sportello: oltre 40 min',
    walkInNoShows: 'sportello: non presentati (non serviti)',
    readingsAccepted: 'autoletture {c}: accettate',
    auto: 'automatico',
    g15m: '15 min',
    ghour: 'ora',
    gday: 'giorno',
    gmonth: 'mese',
    language: 'Lingua',
    short: 'brevi',
    free: 'libera',
    onCalls: 'in chiamata',
    loggedIn: 'collegati',
    start: 'inizio',
    offered: 'offerte',
    transfers: 'trasferimenti',
    needed: 'necessari',
    actual: 'presenti',
    agentsNeeded: 'operatori necessari (Erlang C)',
    agentsLoggedIn: 'operatori collegati',
    'role.agent': 'operatore',
    'role.supervisor': 'supervisore',
    'role.admin': 'amministratore',
  },
  ru: {
    title: 'Контакт-центр',
    board: 'Табло',
    intervals: 'Интервалы',
    regulatory: 'Регулятор',
    incidents: 'Аварии',
    waiting: 'В очереди',
    longest: 'Макс. ожидание',
    avgWait: 'Среднее ожидание',
    serviceLevel: 'Уровень сервиса',
    abandon: 'Потерянные',
    answered: 'Отвечено',
    atRisk: 'SLA под угрозой',
    occupancy: 'Загрузка',
    accessibility: 'Доступность (AS)',
    clock: 'срок',
    clockDays: 'срок ответа, дни',
    clockSeconds: 'ответ, секунды',
    definitions: 'Как считаются показатели',
    queues: 'Очереди',
    channels: 'Каналы',
    agents: 'Операторы',
    queue: 'Очередь',
    channel: 'Канал',
    from: 'С',
    to: 'По',
    granularity: 'Шаг',
    show: 'Показать',
    login: 'Войти',
    email: 'E-mail',
    password: 'Пароль',
    forbidden: 'Нужна роль супервизора.',
    available: 'свободны',
    busy: 'заняты',
    wrap_up: 'постобработка',
    away: 'отошли',
    offline: 'не в сети',
    figure: 'Показатель',
    value: 'Значение',
    target: 'Цель',
    basis: 'База',
    colWait: 'ср. ожидание',
    colAnswered: 'отвечено',
    colAbandon: 'потеряно',
    colLongest: 'макс. ожидание',
    colSl: 'SL',
    state: 'статус',
    csv: 'CSV',
    logout: 'Выйти',
    admin: 'Администрирование',
    ruleSet: 'правила',
    tmaBasis: '{n} ({a} отвечено + {b} потеряно)',
    tmaNoIvr: 'TMA без IVR (отвеченные + потерянные)',
    tmaIvr: 'TMA с IVR (отвеченные + потерянные)',
    humanWithin: 'оператор в пределах выборов IVR',
    withinDeadline: '{c}: в срок',
    averageDays: '{c}: среднее, дни',
    answerDaysService: 'средний срок ответа, дни: {s}',
    walkInWait: 'офис: среднее ожидание',
    walkInOver40: 'офис: дольше 40 мин',
    walkInNoShows: 'офис: не явились (не обслужены)',
    readingsAccepted: 'показания {c}: приняты',
    auto: 'авто',
    g15m: '15 мин',
    ghour: 'час',
    gday: 'день',
    gmonth: 'месяц',
    language: 'Язык',
    short: 'коротких',
    free: 'свободна',
    onCalls: 'в разговоре',
    loggedIn: 'в сети',
    start: 'начало',
    offered: 'поступило',
    transfers: 'переводы',
    needed: 'нужно',
    actual: 'факт',
    agentsNeeded: 'нужно операторов (Эрланг C)',
    agentsLoggedIn: 'операторов в сети',
    'role.agent': 'оператор',
    'role.supervisor': 'супервизор',
    'role.admin': 'администратор',
  },
  en: {
    title: 'Contact centre',
    board: 'Wall board',
    intervals: 'Intervals',
    regulatory: 'Regulatory',
    incidents: 'Outages',
    waiting: 'Waiting',
    longest: 'Longest wait',
    avgWait: 'Average wait today',
    serviceLevel: 'Service level',
    abandon: 'Abandoned',
    answered: 'Answered today',
    atRisk: 'SLA at risk',
    occupancy: 'Occupancy',
    accessibility: 'Accessibility (AS)',
    definitions: 'How the figures are computed',
    queues: 'Queues',
    channels: 'Channels',
    agents: 'Agents',
    queue: 'Queue',
    channel: 'Channel',
    from: 'From',
    to: 'To',
    granularity: 'Granularity',
    show: 'Show',
    login: 'Log in',
    email: 'E-mail',
    password: 'Password',
    available: 'available',
    busy: 'busy',
    wrap_up: 'wrap-up',
    away: 'away',
    offline: 'offline',
    forbidden: 'This page needs the supervisor role.',
    figure: 'Figure',
    value: 'Value',
    target: 'Target',
    basis: 'Basis',
    colWait: 'avg wait',
    colAnswered: 'answered',
    colAbandon: 'abandoned',
    colLongest: 'longest',
    colSl: 'SL',
    state: 'state',
    csv: 'CSV',
    logout: 'Log out',
    admin: 'Administration',
    ruleSet: 'rule set',
    tmaBasis: '{n} ({a} answered + {b} abandoned)',
    tmaNoIvr: 'TMA without IVR (answered + abandoned)',
    tmaIvr: 'TMA with IVR (answered + abandoned)',
    humanWithin: 'human within IVR choices',
    withinDeadline: '{c}: within deadline',
    averageDays: '{c}: average days',
    answerDaysService: 'average answer days: {s}',
    walkInWait: 'walk-in average wait',
    walkInOver40: 'walk-in over 40 min',
    walkInNoShows: 'walk-in no-shows (not served)',
    readingsAccepted: 'self-readings {c}: accepted',
    auto: 'auto',
    g15m: '15 min',
    ghour: 'hour',
    gday: 'day',
    gmonth: 'month',
    language: 'Language',
    short: 'short',
    free: 'free',
    onCalls: 'on calls',
    loggedIn: 'logged in',
    start: 'start',
    offered: 'offered',
    transfers: 'transfers',
    needed: 'needed',
    actual: 'actual',
    agentsNeeded: 'agents needed (Erlang C)',
    agentsLoggedIn: 'agents logged in',
    'role.agent': 'agent',
    'role.supervisor': 'supervisor',
    'role.admin': 'admin',
  },
};
const t = (k: string, fallback = k): string => T[LANG]?.[k] ?? T.en?.[k] ?? fallback;
const fill = (text: string, vars: Record<string, string | number>) =>
  text.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));

const $ = <E extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as E;
const nf = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 1 });
const pf = new Intl.NumberFormat(LOCALE, { style: 'percent', maximumFractionDigits: 1 });
const num = (v: Num | undefined) => (v == null ? '–' : nf.format(v));
const pct = (v: Num | undefined) => (v == null ? '–' : pf.format(v));
function dur(s: Num | undefined): string {
  if (s == null) return '–';
  const v = Math.round(s);
  if (v < 60) return `${v} s`;
  if (v < 3600) return `${Math.floor(v / 60)}:${String(v % 60).padStart(2, '0')}`;
  return `${Math.floor(v / 3600)} h ${String(Math.floor((v % 3600) / 60)).padStart(2, '0')}`;
}
let timezone = 'Europe/Rome';
const fmtTime = (iso: string, withDate: boolean) =>
  new Intl.DateTimeFormat(LOCALE, {
    timeZone: timezone,
    ...(withDate ? { dateStyle: 'short' } : {}),
    timeStyle: 'short',
  }).format(new Date(iso));
const fmtDay = (iso: string) => new Intl.DateTimeFormat(LOCALE, { timeZone: timezone, dateStyle: 'medium' }).format(new Date(iso));

for (const el of document.querySelectorAll<HTMLElement>('[data-t]')) el.textContent = t(el.dataset.t!, el.textContent ?? '');
document.documentElement.lang = LANG;

async function get<R>(path: string): Promise<R> {
  const res = await fetch(path, { credentials: 'same-origin', headers: { accept: 'application/json' } });
  if (res.status === 401) {
    showLogin();
    throw new Error('unauthenticated');
  }
  const body = await res.json().catch(() => ({}));
  if (res.status === 403) throw new Error(t('forbidden'));
  if (!res.ok) throw new Error((body as { message?: string }).message ?? `HTTP ${res.status}`);
  return body as R;
}

function table(el: HTMLTableElement, head: string[], rows: Array<Array<string | { text: string; cls?: string }>>): void {
  el.replaceChildren();
  const thead = el.createTHead().insertRow();
  for (const h of head) {
    const th = document.createElement('th');
    th.textContent = h;
    thead.appendChild(th);
  }
  const body = el.createTBody();
  for (const r of rows) {
    const tr = body.insertRow();
    for (const c of r) {
      const td = tr.insertCell();
      if (typeof c === 'string') td.textContent = c;
      else {
        td.textContent = c.text;
        if (c.cls) td.className = c.cls;
      }
    }
  }
}

// ---- wall board ---------------------------------------------------------------
/**
 * Big numbers fit their tile on any screen, from a 1366 laptop to a 4K TV: the CSS sizes them
 * by the tile's width (container units); a value longer than the CSS expects shrinks until it
 * fits on one line, never wraps or spills.
 */
function fitTiles(): void {
  for (const v of document.querySelectorAll<HTMLElement>('.tile .value')) {
    v.style.fontSize = '';
    let size = parseFloat(getComputedStyle(v).fontSize);
    while (v.scrollWidth > v.clientWidth && size > 12) {
      size = Math.floor(size * 0.9);
      v.style.fontSize = `${size}px`;
    }
  }
}
window.addEventListener('resize', () => fitTiles());

function tile(kpi: string, text: string, level?: 'good' | 'warn' | 'bad'): void {
  const el = document.querySelector<HTMLElement>(`[data-kpi="${kpi}"]`)!;
  el.querySelector('.value')!.textContent = text;
  if (level) el.dataset.level = level;
  else delete el.dataset.level;
}

function renderLive(p: LivePayload): void {
  timezone = p.timezone;
  const o = p.overall;
  tile('waiting', String(o.waiting), o.waiting > 0 ? 'warn' : 'good');
  const waitTarget = p.targets.averageWaitTargetSeconds;
  tile('longest', dur(o.longestWaitSeconds), waitTarget && o.longestWaitSeconds > waitTarget ? 'bad' : undefined);
  tile('avgWait', dur(o.avgWait), waitTarget && o.avgWait != null ? (o.avgWait > waitTarget ? 'bad' : 'good') : undefined);
  const slTarget = p.targets.serviceLevelTarget ?? 0.8;
  tile('serviceLevel', pct(o.serviceLevel), o.serviceLevel == null ? undefined : o.serviceLevel >= slTarget ? 'good' : 'bad');
  tile('abandon', pct(o.abandonRate), o.abandonRate != null && o.abandonRate > 0.1 ? 'bad' : undefined);
  document.querySelector('[data-kpi="abandon"] .sub')!.textContent = `${o.abandoned} / ${o.offered} · ${t('short')} ${o.shortAbandoned}`;
  tile('answered', `${o.answered} / ${o.offered}`);
  tile('atRisk', String(o.slaAtRisk), o.slaAtRisk > 0 ? 'bad' : 'good');
  tile('occupancy', pct(p.agents.occupancy));
  const acc = p.accessibility;
  const asTarget = p.targets.accessibilityTarget;
  tile('accessibility', pct(acc.as), acc.as == null || asTarget == null ? undefined : acc.as >= asTarget ? 'good' : 'bad');
  document.querySelector('[data-kpi="accessibility"] .sub')!.textContent =
    `${t('free')} ${dur(acc.freeSeconds)} · ${t('onCalls')} ${dur(acc.onCallSeconds)} / ${t('loggedIn')} ${dur(acc.loggedInSeconds)}`;
  const states = $('agent-states');
  states.replaceChildren(
    ...Object.entries(p.agents.byState).map(([state, count]) => {
      const span = document.createElement('span');
      span.dataset.state = state;
      const b = document.createElement('b');
      b.textContent = String(count);
      span.append(b, t(state));
      return span;
    }),
  );
  const head = [
    t('queue'),
    t('waiting'),
    t('colLongest', 'longest'),
    t('colAnswered', 'answered'),
    t('colAbandon', 'abandoned'),
    t('colWait', 'avg wait'),
    'p90',
    t('colSl', 'SL'),
  ];
  const row = (r: LiveRow) => [
    r.name,
    String(r.waiting),
    dur(r.longestWaitSeconds),
    `${r.answered} / ${r.offered}`,
    `${r.abandoned} (${pct(r.abandonRate)})`,
    dur(r.avgWait),
    dur(r.p90Wait),
    pct(r.serviceLevel),
  ];
  table($('queues-table'), head, p.queues.map(row));
  // Each channel on its own clock: SL and "at risk" of a deferred channel follow the answer deadline in days.
  const clockOf = (r: LiveRow) => (r.clock === 'deadline_days' ? t('clockDays', 'deadline, days') : t('clockSeconds', 'answer, seconds'));
  table(
    $('channels-table'),
    [t('channel'), ...head.slice(1), t('clock', 'clock')],
    p.channels.filter((c) => c.offered || c.waiting || c.answered).map((r) => [...row(r), clockOf(r)]),
  );
  table(
    $('agents-table'),
    [t('agents'), t('state', 'state'), 'WIP'],
    p.agents.list.map((a) => [a.name, t(a.presence), String(a.workInProgress)]),
  );
  $('clock').textContent = `${fmtTime(p.at, true)} (${p.timezone})`;
  window.dispatchEvent(new CustomEvent('hotline:live', { detail: p }));
  fillFilters(p);
  fitTiles();
}

let filtersFilled = false;
function fillFilters(p: LivePayload): void {
  if (filtersFilled) return;
  filtersFilled = true;
  const add = (sel: HTMLSelectElement, value: string, label: string) => {
    const o = document.createElement('option');
    o.value = value;
    o.textContent = label;
    sel.appendChild(o);
  };
  for (const q of p.queues) add($('f-queue'), q.key, q.name);
  for (const c of p.channels) add($('f-channel'), c.key, c.key);
}

async function refreshLive(): Promise<void> {
  try {
    renderLive(await get<LivePayload>('/api/stats/live'));
  } catch {
    /* shown by the login form or the connection dot */
  }
}

let lastPush = 0;
let incidents: IncidentsPage | null = null;

function connect(): void {
  const socket = io('/agents', { withCredentials: true, transports: ['websocket', 'polling'] });
  incidents = mountIncidents($('incidents'), $('board-outages'), socket);
  socket.on('connect', () => {
    $('conn').dataset.state = 'on';
    void refreshLive(); // a snapshot after every (re)connect: pushes missed meanwhile are not replayed
  });
  socket.on('disconnect', () => ($('conn').dataset.state = 'off'));
  socket.on('stats:live', (p: LivePayload) => {
    lastPush = Date.now();
    renderLive(p);
  });
  // Without pushes (socket down, or this node not publishing), poll the snapshot.
  setInterval(() => {
    if (Date.now() - lastPush > 5000 && !$('board').hidden) void refreshLive();
  }, 5000);
}

// ---- intervals ----------------------------------------------------------------
let chart: Chart | null = null;
let staffing: Chart | null = null;
function intervalsUrl(format?: string): string {
  const tz = timezone;
  const q = new URLSearchParams({
    queue: $<HTMLSelectElement>('f-queue').value,
    channel: $<HTMLSelectElement>('f-channel').value,
    from: $<HTMLInputElement>('f-from').value,
    to: nextDay($<HTMLInputElement>('f-to').value),
  });
  const g = $<HTMLSelectElement>('f-granularity').value;
  if (g) q.set('granularity', g);
  if (format) q.set('format', format);
  void tz;
  return `/api/stats/intervals?${q}`;
}
function nextDay(d: string): string {
  const x = new Date(`${d}T12:00:00Z`);
  x.setUTCDate(x.getUTCDate() + 1);
  return x.toISOString().slice(0, 10);
}

async function loadIntervals(): Promise<void> {
  $('intervals-error').textContent = '';
  let r: IntervalReport;
  try {
    r = await get<IntervalReport>(intervalsUrl());
  } catch (err) {
    $('intervals-error').textContent = (err as Error).message;
    return;
  }
  timezone = r.timezone;
  window.dispatchEvent(new CustomEvent('hotline:intervals', { detail: r }));
  const label = (row: IntervalRow) =>
    r.granularity === 'day' || r.granularity === 'month'
      ? fmtDay(row.start)
      : fmtTime(row.start, r.granularity === 'hour' || r.rows.length > 96);
  const labels = r.rows.map(label);
  chart?.destroy();
  chart = new Chart($<HTMLCanvasElement>('intervals-chart'), {
    data: {
      labels,
      datasets: [
        { type: 'bar', label: 'offered', data: r.rows.map((x) => x.offered), backgroundColor: '#4da3ff', yAxisID: 'y' },
        { type: 'bar', label: 'answered', data: r.rows.map((x) => x.answered), backgroundColor: '#5be38a', yAxisID: 'y' },
        { type: 'bar', label: 'abandoned', data: r.rows.map((x) => x.abandoned), backgroundColor: '#ff6b6b', yAxisID: 'y' },
        { type: 'line', label: 'avg wait (s)', data: r.rows.map((x) => x.avgWait), borderColor: '#ffc857', yAxisID: 'y1' },
        { type: 'line', label: 'p90 wait (s)', data: r.rows.map((x) => x.p90Wait), borderColor: '#c792ea', yAxisID: 'y1' },
      ],
    },
    options: {
      maintainAspectRatio: false,
      animation: false,
      scales: {
        y: { beginAtZero: true, position: 'left' },
        y1: { beginAtZero: true, position: 'right', grid: { drawOnChartArea: false } },
      },
      plugins: { legend: { labels: { color: '#f2f5f8' } } },
    },
  });
  staffing?.destroy();
  staffing = new Chart($<HTMLCanvasElement>('staffing-chart'), {
    type: 'line',
    data: {
      labels,
      datasets: [
        { label: t('agentsNeeded'), data: r.rows.map((x) => x.agentsNeeded), borderColor: '#ffc857' },
        { label: t('agentsLoggedIn'), data: r.rows.map((x) => x.agentsActual), borderColor: '#4da3ff' },
      ],
    },
    options: {
      maintainAspectRatio: false,
      animation: false,
      scales: { y: { beginAtZero: true } },
      plugins: { legend: { labels: { color: '#f2f5f8' } } },
    },
  });
  table(
    $('intervals-table'),
    [
      t('start'),
      t('offered'),
      t('colAnswered', 'answered'),
      t('colAbandon', 'abandoned'),
      t('short'),
      t('colWait', 'avg wait'),
      'p90',
      'SL',
      'AHT',
      t('transfers'),
      'FCR',
      'CSAT',
      t('needed'),
      t('actual'),
      'AS',
    ],
    [...r.rows, { ...r.total, start: '', local: 'total' } as IntervalRow].map((x) => [
      x.start ? label(x) : 'Σ',
      String(x.offered),
      String(x.answered),
      String(x.abandoned),
      String(x.shortAbandoned),
      dur(x.avgWait),
      dur(x.p90Wait),
      pct(x.serviceLevel),
      dur(x.aht),
      String(x.transfers),
      pct(x.fcr),
      num(x.csat),
      num(x.agentsNeeded),
      num(x.agentsActual),
      pct(x.accessibility),
    ]),
  );
}

// ---- regulatory ---------------------------------------------------------------
const regulatoryUrl = (format?: string) =>
  `/api/stats/regulatory?${new URLSearchParams({ from: $<HTMLInputElement>('r-from').value, to: nextDay($<HTMLInputElement>('r-to').value), ...(format ? { format } : {}) })}`;
async function loadRegulatory(): Promise<void> {
  $('regulatory-error').textContent = '';
  let r: RegulatoryReport;
  try {
    r = await get<RegulatoryReport>(regulatoryUrl());
  } catch (err) {
    $('regulatory-error').textContent = (err as Error).message;
    return;
  }
  $('regulatory-ruleset').textContent = `${t('ruleSet')}: ${r.ruleSet} · ${r.timezone}`;
  const verdict = (ok: boolean | null, text: string) => ({ text, cls: ok == null ? undefined : ok ? 'ok' : 'ko' });
  const tmaBasis = fill(t('tmaBasis'), { n: r.tmaCalls, a: r.tmaAnswered, b: r.tmaAbandoned });
  const rows: Array<Array<string | { text: string; cls?: string }>> = [
    [t('tmaNoIvr'), dur(r.tmaSeconds), '', tmaBasis],
    [
      t('tmaIvr'),
      verdict(r.meets.tma, dur(r.tmaWithIvrSeconds)),
      r.targets.averageWaitTargetSeconds == null ? '–' : `≤ ${dur(r.targets.averageWaitTargetSeconds)}`,
      tmaBasis,
    ],
    [
      'LS',
      verdict(r.meets.ls, pct(r.ls)),
      r.targets.serviceLevelTarget == null ? '–' : `≥ ${pct(r.targets.serviceLevelTarget)}`,
      String(r.agentRequested),
    ],
    [
      'AS',
      verdict(r.meets.as, pct(r.as)),
      r.targets.accessibilityTarget == null ? '–' : `≥ ${pct(r.targets.accessibilityTarget)}`,
      dur(r.loggedInSeconds),
    ],
    [t('humanWithin'), pct(r.humanWithinChoices), '', String(r.agentRequested)],
    ...Object.entries(r.written).flatMap(([cat, w]) => [
      [
        fill(t('withinDeadline'), { c: cat }),
        verdict(r.meets.written?.[cat] ?? null, pct(w.withinDeadline)),
        r.targets.withinDeadline?.[cat] == null ? '' : `≥ ${pct(r.targets.withinDeadline[cat])}`,
        String(w.answered),
      ],
      [fill(t('averageDays'), { c: cat }), num(w.avgDays), '', String(w.answered)],
    ]),
    ...Object.entries(r.answerDaysByService).map(([svc, w]) => [
      fill(t('answerDaysService'), { s: svc }),
      num(w.avgDays),
      '',
      String(w.answered),
    ]),
    [t('walkInWait'), dur(r.walkIn.avgWaitSeconds), '', String(r.walkIn.served)],
    [t('walkInOver40'), pct(r.walkIn.shareOver40Min), '', String(r.walkIn.served)],
    // A no-show is not served: counted apart, its wait in no average (docs/rules.md, "Walk-in offices").
    [t('walkInNoShows'), String(r.walkIn.noShows), '', String(r.walkIn.served + r.walkIn.noShows)],
    ...(['requested', 'placed', 'connected', 'failed'] as const).map((k) => [`callbacks ${k}`, String(r.callbacks[k]), '', '']),
    ...Object.entries(r.readings).map(([ch, x]) => [fill(t('readingsAccepted'), { c: ch }), pct(x.acceptedShare), '', String(x.received)]),
  ];
  table($('regulatory-table'), [t('figure'), t('value'), t('target'), t('basis')], rows);
  void renderIndemnities($('regulatory'), $<HTMLInputElement>('r-from').value, nextDay($<HTMLInputElement>('r-to').value));
  // The report says how each figure is computed; the page shows it beside the numbers.
  $('regulatory-definitions').replaceChildren(
    ...Object.values(r.definitions).flatMap((text) => {
      const [name, ...rest] = text.split(': ');
      const dt = document.createElement('dt');
      dt.textContent = name ?? '';
      const dd = document.createElement('dd');
      dd.textContent = rest.join(': ');
      return [dt, dd];
    }),
  );
}

// ---- shell --------------------------------------------------------------------
function showLogin(): void {
  for (const id of ['board', 'intervals', 'regulatory', 'incidents']) $(id).hidden = true;
  $('login').hidden = false;
  $('login-email').focus();
}

const tabs = ['board', 'intervals', 'regulatory', 'incidents'] as const;
function show(tab: (typeof tabs)[number]): void {
  for (const x of tabs) {
    $(x).hidden = x !== tab;
    $(`tab-${x}`).setAttribute('aria-selected', String(x === tab));
  }
  if (tab === 'intervals' && !chart) void loadIntervals();
  if (tab === 'regulatory') void loadRegulatory();
  if (tab === 'incidents') incidents?.show();
  else incidents?.hide();
}
for (const x of tabs) $(`tab-${x}`).addEventListener('click', () => show(x));

$('interval-filters').addEventListener('submit', (e) => {
  e.preventDefault();
  void loadIntervals();
});
$('regulatory-filters').addEventListener('submit', (e) => {
  e.preventDefault();
  void loadRegulatory();
});
const download = (url: string) => {
  window.location.href = url;
};
$('intervals-csv').addEventListener('click', () => download(intervalsUrl('csv')));
$('regulatory-csv').addEventListener('click', () => download(regulatoryUrl('csv')));
for (const b of document.querySelectorAll<HTMLButtonElement>('button[data-csv]'))
  b.addEventListener('click', () => download(b.dataset.csv!));

wireLoginForm();

/** The signed-in person, their role, the language choice and logout, on the header of every tab. */
async function showMe(): Promise<void> {
  const me = await get<{ name: string; role: string }>('/api/auth/me').catch(() => null);
  if (!me) return;
  $('me-name').textContent = `${me.name} (${t(`role.${me.role}`, me.role)})`;
  $('me').hidden = false;
}
$<HTMLSelectElement>('ui-lang').value = LANG;
$('ui-lang').addEventListener('change', (e) => {
  try {
    localStorage.setItem('hotline.lang', (e.target as HTMLSelectElement).value);
  } catch {
    /* storage disabled */
  }
  const url = new URL(location.href);
  url.searchParams.delete('lang');
  location.href = url.toString();
});
$('logout').addEventListener('click', () => {
  void fetch('/api/auth/logout', { method: 'POST', credentials: 'same-origin' }).finally(() => location.reload());
});

async function main(): Promise<void> {
  const today = new Date();
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  $<HTMLInputElement>('f-from').value = iso(today);
  $<HTMLInputElement>('f-to').value = iso(today);
  $<HTMLInputElement>('r-from').value = iso(new Date(today.getFullYear(), today.getMonth(), 1, 12));
  $<HTMLInputElement>('r-to').value = iso(today);
  try {
    renderLive(await get<LivePayload>('/api/stats/live'));
  } catch (err) {
    if ((err as Error).message !== 'unauthenticated') {
      $('board').hidden = false;
      $('agent-states').textContent = (err as Error).message;
    }
    return;
  }
  show('board');
  void showMe();
  connect();
}
void main();
