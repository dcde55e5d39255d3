// The admin screens (/admin): the team (list with presence, create, edit skills, capacity and
// role, deactivate, reset a password, CSV import), the queues (routing mode, offer timeout,
// service level, own opening hours; exceptional closures in admin-hours.ts), the audit log (filter, CSV) and the canned answers. Supervisors see the team
// and manage queues and canned answers; the rest is the admin's (the server enforces both).
// Text goes in through textContent, never as HTML.
import { CATEGORIES, CHANNELS, LANGUAGES } from '../../wire';
import { consoleLanguage, consoleTranslator, labelOf, rememberLanguage, type Lang } from './console-i18n';
import { hoursText, renderClosures } from './admin-hours';

const A: Record<Lang, Record<string, string>> = {
  it: {
    title: 'Amministrazione',
    console: 'Console',
    dashboard: 'Cruscotto',
    language: 'Lingua',
    logout: 'Esci',
    login: 'Accedi',
    email: 'E-mail',
    password: 'Password',
    team: 'Squadra',
    queues: 'Code',
    audit: 'Registro attività',
    canned: 'Risposte predefinite',
    name: 'Nome',
    role: 'Ruolo',
    presence: 'Presenza',
    active: 'Attivo',
    actions: 'Azioni',
    languages: 'Lingue',
    channels: 'Canali e capacità',
    categories: 'Categorie',
    save: 'Salva',
    cancel: 'Annulla',
    edit: 'Modifica',
    deactivate: 'Disattiva',
    activate: 'Riattiva',
    resetPassword: 'Nuova password',
    newAgent: 'Nuovo operatore',
    editAgent: 'Operatore',
    import: 'Importa operatori (CSV)',
    importBtn: 'Importa',
    csvHelp: 'name,email,role,languages,channels,categories,password — elenchi separati da |',
    mode: 'Modalità',
    offerTimeout: 'Tempo per accettare (s)',
    slSeconds: 'Soglia livello di servizio (s)',
    slTarget: 'Obiettivo LS',
    hours: 'Orari',
    action: 'Azione',
    actor: 'Chi',
    target: 'Oggetto',
    details: 'Dettagli',
    at: 'Quando',
    from: 'Dal',
    to: 'Al',
    show: 'Mostra',
    csv: 'CSV',
    id: 'Id',
    label: 'Etichetta',
    category: 'Categoria',
    anyCategory: '— ogni categoria —',
    cannedEdit: 'Risposta predefinita',
    delete: 'Elimina',
    saved: 'Salvato.',
    newPassword: 'Nuova password per {name}: {password} (mostrata una sola volta)',
    forbidden: 'Questa schermata richiede un altro ruolo.',
    yes: 'sì',
    no: 'no',
    online: 'collegato',
  },
  ru: {
    title: 'Администрирование',
    console: 'Консоль',
    dashboard: 'Табло',
    language: 'Язык',
    logout: 'Выйти',
    login: 'Войти',
    email: 'Эл. почта',
    password: 'Пароль',
    team: 'Команда',
    queues: 'Очереди',
    audit: 'Журнал действий',
    canned: 'Шаблоны ответов',
    name: 'Имя',
    role: 'Роль',
    presence: 'Статус',
    active: 'Активен',
    actions: 'Действия',
    languages: 'Языки',
    channels: 'Каналы и нагрузка',
    categories: 'Категории',
    save: 'Сохранить',
    cancel: 'Отмена',
    edit: 'Изменить',
    deactivate: 'Отключить',
    activate: 'Включить',
    resetPassword: 'Новый пароль',
    newAgent: 'Новый оператор',
    editAgent: 'Оператор',
    import: 'Импорт операторов (CSV)',
    importBtn: 'Импортировать',
    csvHelp: 'name,email,role,languages,channels,categories,password — списки через |',
    mode: 'Режим',
    offerTimeout: 'Время на принятие (с)',
    slSeconds: 'Порог уровня сервиса (с)',
    slTarget: 'Цель SL',
    hours: 'Часы работы',
    action: 'Действие',
    actor: 'Кто',
    target: 'Объект',
    details: 'Подробности',
    at: 'Когда',
    from: 'С',
    to: 'По',
    show: 'Показать',
    csv: 'CSV',
    id: 'Id',
    label: 'Название',
    category: 'Категория',
    anyCategory: '— любая категория —',
    cannedEdit: 'Шаблон ответа',
    delete: 'Удалить',
    saved: 'Сохранено.',
    newPassword: 'Новый пароль для {name}: {password} (показан один раз)',
    forbidden: 'Для этого экрана нужна другая роль.',
    yes: 'да',
    no: 'нет',
    online: 'в сети',
  },
  en: {
    title: 'Administration',
    console: 'Console',
    dashboard: 'Dashboard',
    language: 'Language',
    logout: 'Log out',
    login: 'Log in',
    email: 'E-mail',
    password: 'Password',
    team: 'Team',
    queues: 'Queues',
    audit: 'Audit log',
    canned: 'Canned answers',
    name: 'Name',
    role: 'Role',
    presence: 'Presence',
    active: 'Active',
    actions: 'Actions',
    languages: 'Languages',
    channels: 'Channels and capacity',
    categories: 'Categories',
    save: 'Save',
    cancel: 'Cancel',
    edit: 'Edit',
    deactivate: 'Deactivate',
    activate: 'Activate',
    resetPassword: 'New password',
    newAgent: 'New agent',
    editAgent: 'Agent',
    import: 'Import agents (CSV)',
    importBtn: 'Import',
    csvHelp: 'name,email,role,languages,channels,categories,password — lists separated by |',
    mode: 'Mode',
    offerTimeout: 'Offer timeout (s)',
    slSeconds: 'Service-level threshold (s)',
    slTarget: 'SL target',
    hours: 'Opening hours',
    action: 'Action',
    actor: 'Who',
    target: 'Target',
    details: 'Details',
    at: 'When',
    from: 'From',
    to: 'To',
    show: 'Show',
    csv: 'CSV',
    id: 'Id',
    label: 'Label',
    category: 'Category',
    anyCategory: '— every category —',
    cannedEdit: 'Canned answer',
    delete: 'Delete',
    saved: 'Saved.',
    newPassword: 'New password for {name}: {password} (shown once)',
    forbidden: 'This screen needs another role.',
    yes: 'yes',
    no: 'no',
    online: 'logged in',
  },
};

const lang = consoleLanguage();
const tc = consoleTranslator(lang);
const t = (k: string, vars: Record<string, string> = {}) =>
  (A[lang][k] ?? A.en[k] ?? k).replace(/\{(\w+)\}/g, (m, x: string) => vars[x] ?? m);

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const el = <K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, attrs: Record<string, string> = {}): HTMLElementTagNameMap[K] => {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
};

async function api(method: string, path: string, body?: unknown, type = 'application/json'): Promise<any> {
  const res = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: body !== undefined ? { 'content-type': type } : {},
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  const data = text ? JSON.parse(text) : null;
  if (!res.ok)
    throw Object.assign(new Error(res.status === 403 ? t('forbidden') : (data?.message ?? res.statusText)), { status: res.status });
  return data;
}

function say(text: string, error = false): void {
  const s = $('status');
  s.textContent = text;
  s.className = error ? 'status error' : 'status';
}
const fail = (err: unknown) => say((err as Error).message, true);

function table(
  target: HTMLTableElement,
  head: string[],
  rows: Array<Array<string | Node>>,
  rowAttrs?: (i: number) => Record<string, string>,
): void {
  target.replaceChildren();
  const tr = target.createTHead().insertRow();
  for (const h of head) tr.append(el('th', h, { scope: 'col' }));
  const body = target.createTBody();
  rows.forEach((r, i) => {
    const row = body.insertRow();
    for (const [k, v] of Object.entries(rowAttrs?.(i) ?? {})) row.setAttribute(k, v);
    for (const c of r) {
      const td = row.insertCell();
      td.append(c);
    }
  });
}

function button(text: string, onClick: () => void, attrs: Record<string, string> = {}): HTMLButtonElement {
  const b = el('button', text, { type: 'button', ...attrs });
  b.addEventListener('click', onClick);
  return b;
}

// ---- team ----
interface AgentRow {
  id: string;
  name: string;
  email: string;
  role: string;
  languages: string[];
  channels: string[];
  categories: string[];
  capacity: Record<string, number>;
  presence: string;
  loggedIn: boolean;
  active: boolean;
}
let agents: AgentRow[] = [];

async function loadTeam(): Promise<void> {
  try {
    agents = (await api('GET', '/api/admin/agents')).agents;
  } catch (err) {
    fail(err);
    return;
  }
  table(
    $<HTMLTableElement>('team-table'),
    [t('name'), t('email'), t('role'), t('presence'), t('active'), t('actions')],
    agents.map((a) => {
      const presence = el(
        'span',
        `${labelOf(tc, 'presence', a.presence)}${a.loggedIn ? ` · ${t('online')}` : ''}`,
        a.loggedIn ? { class: 'online' } : {},
      );
      const actions = el('span');
      actions.append(
        button(t('edit'), () => editAgent(a), { 'aria-label': `${t('edit')} ${a.name}` }),
        ' ',
        a.active
          ? button(t('deactivate'), () => void act(`/api/admin/agents/${a.id}/deactivate`), {
              'aria-label': `${t('deactivate')} ${a.name}`,
            })
          : button(t('activate'), () => void act(`/api/admin/agents/${a.id}/activate`), { 'aria-label': `${t('activate')} ${a.name}` }),
        ' ',
        button(t('resetPassword'), () => void reset(a), { 'aria-label': `${t('resetPassword')} ${a.name}` }),
      );
      return [a.name, a.email, labelOf(tc, 'role', a.role), presence, a.active ? t('yes') : t('no'), actions];
    }),
    (i) => ({ 'data-agent': agents[i]!.id, class: agents[i]!.active ? '' : 'inactive' }),
  );
}

async function act(path: string): Promise<void> {
  try {
    await api('POST', path);
    say(t('saved'));
    await loadTeam();
  } catch (err) {
    fail(err);
  }
}

async function reset(a: AgentRow): Promise<void> {
  try {
    const r = await api('POST', `/api/admin/agents/${a.id}/reset-password`, {});
    say(t('newPassword', { name: a.name, password: r.password }));
  } catch (err) {
    fail(err);
  }
}

function checkboxes(box: HTMLElement, name: string, values: readonly string[], label: (v: string) => string, capacity = false): void {
  const legend = box.querySelector('legend');
  box.replaceChildren(...(legend ? [legend] : []));
  for (const v of values) {
    const l = el('label');
    const c = el('input', undefined, { type: 'checkbox', name, value: v });
    l.append(c, label(v));
    if (capacity)
      l.append(el('input', undefined, { type: 'number', min: '0', max: '100', name: `cap-${v}`, 'aria-label': `${label(v)}: capacity` }));
    box.append(l);
  }
}

function editAgent(a: AgentRow | null): void {
  const f = $<HTMLFormElement>('agent-form');
  f.hidden = false;
  f.reset();
  $<HTMLInputElement>('a-id').value = a?.id ?? '';
  $<HTMLInputElement>('a-name').value = a?.name ?? '';
  $<HTMLInputElement>('a-email').value = a?.email ?? '';
  $<HTMLInputElement>('a-email').disabled = !!a;
  $<HTMLInputElement>('a-password').disabled = !!a;
  $<HTMLSelectElement>('a-role').value = a?.role ?? 'agent';
  const check = (name: string, values: string[]) =>
    f.querySelectorAll<HTMLInputElement>(`input[name="${name}"]`).forEach((c) => (c.checked = values.includes(c.value)));
  check('languages', a?.languages ?? [lang]);
  check('channels', a?.channels ?? [...CHANNELS]);
  check('categories', a?.categories ?? [...CATEGORIES]);
  for (const ch of CHANNELS) {
    const input = f.querySelector<HTMLInputElement>(`input[name="cap-${ch}"]`);
    if (input) input.value = a?.capacity?.[ch] != null ? String(a.capacity[ch]) : '';
  }
  $('a-name').focus();
}

async function saveAgent(): Promise<void> {
  const f = $<HTMLFormElement>('agent-form');
  const values = (name: string) => [...f.querySelectorAll<HTMLInputElement>(`input[name="${name}"]:checked`)].map((c) => c.value);
  const capacity: Record<string, number> = {};
  for (const ch of CHANNELS) {
    const v = f.querySelector<HTMLInputElement>(`input[name="cap-${ch}"]`)?.value;
    if (v) capacity[ch] = Number(v);
  }
  const id = $<HTMLInputElement>('a-id').value;
  const profile = {
    name: $<HTMLInputElement>('a-name').value,
    role: $<HTMLSelectElement>('a-role').value,
    languages: values('languages'),
    channels: values('channels'),
    categories: values('categories'),
    capacity,
  };
  try {
    if (id) await api('POST', `/api/admin/agents/${id}`, profile);
    else
      await api('POST', '/api/admin/agents', {
        ...profile,
        email: $<HTMLInputElement>('a-email').value,
        password: $<HTMLInputElement>('a-password').value,
      });
    f.hidden = true;
    say(t('saved'));
    await loadTeam();
  } catch (err) {
    fail(err);
  }
}

async function importCsv(): Promise<void> {
  try {
    const r = await api('POST', '/api/admin/agents/import', $<HTMLTextAreaElement>('import-csv').value, 'text/csv');
    $('import-report').textContent = [
      `${r.created} / ${r.received}`,
      ...r.failed.map((x: { row: number; email?: string; reason: string }) => `#${x.row} ${x.email ?? ''}: ${x.reason}`),
      ...r.generated.map((x: { email: string; password: string }) => `${x.email}: ${x.password}`),
    ].join('\n');
    await loadTeam();
  } catch (err) {
    fail(err);
  }
}

// ---- queues ----
interface QueueRow {
  _id: string;
  name: string;
  mode: string;
  offerTimeoutSeconds: number;
  serviceLevelSeconds: number;
  serviceLevelTarget: number;
  businessHours?: string;
}

async function loadQueues(): Promise<void> {
  let queues: QueueRow[];
  try {
    queues = (await api('GET', '/api/queues')).queues;
  } catch (err) {
    fail(err);
    return;
  }
  table(
    $<HTMLTableElement>('queues-table'),
    [t('name'), t('mode'), t('offerTimeout'), t('slSeconds'), t('slTarget'), t('hours'), ''],
    queues.map((q) => {
      const mode = el('select', undefined, { 'aria-label': `${t('mode')} ${q.name}`, name: 'mode' });
      for (const m of ['pull', 'push']) mode.append(Object.assign(el('option', m), { value: m, selected: q.mode === m }));
      const num = (name: string, value: number, attrs: Record<string, string>, label: string) =>
        el('input', undefined, { type: 'number', name, value: String(value), 'aria-label': `${label} ${q.name}`, ...attrs });
      const timeout = num('offerTimeoutSeconds', q.offerTimeoutSeconds, { min: '5', max: '600' }, t('offerTimeout'));
      const sl = num('serviceLevelSeconds', q.serviceLevelSeconds, { min: '1' }, t('slSeconds'));
      const target = num('serviceLevelTarget', q.serviceLevelTarget, { min: '0', max: '1', step: '0.05' }, t('slTarget'));
      const hours = el('input', undefined, {
        type: 'text',
        name: 'businessHours',
        value: q.businessHours ?? '',
        placeholder: '—',
        title: hoursText(lang, 'hoursHint'),
        'aria-label': `${t('hours')} ${q.name}`,
      });
      const save = button(
        t('save'),
        () =>
          void api('POST', `/api/queues/${encodeURIComponent(q._id)}`, {
            mode: mode.value,
            offerTimeoutSeconds: Number(timeout.value),
            serviceLevelSeconds: Number(sl.value),
            serviceLevelTarget: Number(target.value),
            businessHours: hours.value.trim(),
          }).then(() => say(t('saved')), fail),
        { 'aria-label': `${t('save')} ${q.name}`, 'data-queue': q._id },
      );
      return [q.name, mode, timeout, sl, target, hours, save];
    }),
  );
  await renderClosures($('queues-extra'), queues, { lang, api, say, fail });
}

// ---- audit ----
function auditQuery(format?: string): string {
  const q = new URLSearchParams();
  const action = $<HTMLInputElement>('f-action').value.trim();
  if (action) q.set('action', action);
  const from = $<HTMLInputElement>('f-from').value;
  const to = $<HTMLInputElement>('f-to').value;
  if (from) q.set('from', new Date(`${from}T00:00:00`).toISOString());
  if (to) q.set('to', new Date(new Date(`${to}T00:00:00`).getTime() + 86_400_000).toISOString());
  if (format) q.set('format', format);
  return `/api/admin/audit?${q.toString()}`;
}

async function loadAudit(): Promise<void> {
  $<HTMLAnchorElement>('audit-csv').href = auditQuery('csv');
  let entries: Array<{ at: string; actorName: string; action: string; target?: string; details?: string }>;
  try {
    entries = (await api('GET', auditQuery())).entries;
  } catch (err) {
    fail(err);
    return;
  }
  const when = new Intl.DateTimeFormat(lang, { dateStyle: 'short', timeStyle: 'medium' });
  table(
    $<HTMLTableElement>('audit-table'),
    [t('at'), t('actor'), t('action'), t('target'), t('details')],
    entries.map((e) => [when.format(new Date(e.at)), e.actorName, e.action, e.target ?? '', e.details ?? '']),
  );
}

// ---- canned ----
interface CannedRow {
  id: string;
  label: string;
  category: string | null;
  text: Record<string, string>;
}

async function loadCanned(): Promise<void> {
  let answers: CannedRow[];
  try {
    answers = (await api('GET', '/api/canned')).answers;
  } catch (err) {
    fail(err);
    return;
  }
  table(
    $<HTMLTableElement>('canned-table'),
    [t('id'), t('label'), t('category'), ...LANGUAGES, t('actions')],
    answers.map((c) => {
      const actions = el('span');
      actions.append(
        button(t('edit'), () => editCanned(c), { 'aria-label': `${t('edit')} ${c.label}` }),
        ' ',
        button(
          t('delete'),
          () =>
            void api('POST', `/api/admin/canned/${encodeURIComponent(c.id)}/delete`).then(() => {
              say(t('saved'));
              void loadCanned();
            }, fail),
          { 'aria-label': `${t('delete')} ${c.label}` },
        ),
      );
      return [
        c.id,
        c.label,
        c.category ? labelOf(tc, 'cat', c.category) : t('anyCategory'),
        c.text.it ?? '',
        c.text.ru ?? '',
        c.text.en ?? '',
        actions,
      ];
    }),
  );
}

function editCanned(c: CannedRow): void {
  $<HTMLInputElement>('c-id').value = c.id;
  $<HTMLInputElement>('c-label').value = c.label;
  $<HTMLSelectElement>('c-category').value = c.category ?? '';
  for (const l of LANGUAGES) $<HTMLTextAreaElement>(`c-${l}`).value = c.text[l] ?? '';
  $('c-label').focus();
}

async function saveCannedForm(): Promise<void> {
  const category = $<HTMLSelectElement>('c-category').value;
  try {
    await api('POST', '/api/admin/canned', {
      id: $<HTMLInputElement>('c-id').value.trim(),
      label: $<HTMLInputElement>('c-label').value,
      category: category || null,
      text: Object.fromEntries(LANGUAGES.map((l) => [l, $<HTMLTextAreaElement>(`c-${l}`).value])),
    });
    say(t('saved'));
    await loadCanned();
  } catch (err) {
    fail(err);
  }
}

// ---- shell ----
const TABS = { team: loadTeam, queues: loadQueues, audit: loadAudit, canned: loadCanned } as const;
type Tab = keyof typeof TABS;

function show(tab: Tab): void {
  for (const x of Object.keys(TABS) as Tab[]) {
    $(x).hidden = x !== tab;
    $(`tab-${x}`).setAttribute('aria-selected', String(x === tab));
    $(`tab-${x}`).tabIndex = x === tab ? 0 : -1;
  }
  say('');
  void TABS[tab]();
}

function translate(): void {
  document.documentElement.lang = lang;
  document.title = t('title');
  for (const e of document.querySelectorAll<HTMLElement>('[data-a]')) e.textContent = t(e.dataset.a!);
  for (const e of document.querySelectorAll<HTMLElement>('[data-a-label]')) e.setAttribute('aria-label', t(e.dataset.aLabel!));
  for (const o of $<HTMLSelectElement>('a-role').options) o.textContent = labelOf(tc, 'role', o.value);
  $<HTMLSelectElement>('ui-lang').value = lang;
  checkboxes($('a-languages'), 'languages', LANGUAGES, (v) => v);
  checkboxes($('a-channels'), 'channels', CHANNELS, (v) => labelOf(tc, 'channel', v), true);
  checkboxes($('a-categories'), 'categories', CATEGORIES, (v) => labelOf(tc, 'cat', v));
  $('c-category').replaceChildren(
    Object.assign(el('option', t('anyCategory')), { value: '' }),
    ...CATEGORIES.map((c) => Object.assign(el('option', labelOf(tc, 'cat', c)), { value: c })),
  );
}

function wire(): void {
  translate();
  for (const x of Object.keys(TABS) as Tab[]) $(`tab-${x}`).addEventListener('click', () => show(x));
  // Tabs: arrow keys move between them (one tab stop).
  document.querySelector('.tabs')?.addEventListener('keydown', (e) => {
    const k = (e as KeyboardEvent).key;
    if (k !== 'ArrowRight' && k !== 'ArrowLeft') return;
    const tabs = Object.keys(TABS) as Tab[];
    const i = tabs.findIndex((x) => $(`tab-${x}`).getAttribute('aria-selected') === 'true');
    const next = tabs[(i + (k === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length]!;
    show(next);
    $(`tab-${next}`).focus();
  });
  $('agent-new').addEventListener('click', () => editAgent(null));
  $('agent-cancel').addEventListener('click', () => ($('agent-form').hidden = true));
  $('agent-form').addEventListener('submit', (e) => {
    e.preventDefault();
    void saveAgent();
  });
  $('import-form').addEventListener('submit', (e) => {
    e.preventDefault();
    void importCsv();
  });
  $('audit-filters').addEventListener('submit', (e) => {
    e.preventDefault();
    void loadAudit();
  });
  $('canned-form').addEventListener('submit', (e) => {
    e.preventDefault();
    void saveCannedForm();
  });
  $('ui-lang').addEventListener('change', (e) => {
    rememberLanguage((e.target as HTMLSelectElement).value as Lang);
    location.reload();
  });
  $('logout').addEventListener('click', () => void api('POST', '/api/auth/logout').finally(() => location.reload()));
  $('login-form').addEventListener('submit', (e) => {
    e.preventDefault();
    void api('POST', '/api/auth/login', {
      email: $<HTMLInputElement>('login-email').value,
      password: $<HTMLInputElement>('login-password').value,
    }).then(
      () => location.reload(),
      (err: Error) => ($('login-error').textContent = err.message),
    );
  });
}

wire();
api('GET', '/api/auth/me').then(
  (me: { name: string; role: string }) => {
    $('app').hidden = false;
    $('me-name').textContent = `${me.name} (${labelOf(tc, 'role', me.role)})`;
    const tab = (new URLSearchParams(location.search).get('tab') ?? 'team') as Tab;
    show(tab in TABS ? tab : 'team');
  },
  () => {
    $('login').hidden = false;
    $('login-email').focus();
  },
);
