// The dashboard's outage incidents (issue 13): supervisors declare an outage, change its
// estimate and message (naming the version they saw: a change made meanwhile by someone else
// is shown, not overwritten), promote or dismiss a suspicion, resolve; each incident's figures,
// live from `outage:changed` (socket.io, /agents) and refreshed while the page is open; CSV of
// all figures. The wall board shows the outages in force. Text goes in through textContent.
import type { Socket } from 'socket.io-client';
import type { OutageChanged, OutageView } from '../../wire/outages';

type View = OutageView<string>;

const LANG = (navigator.language || 'en').slice(0, 2);
const T: Record<string, Record<string, string>> = {
  it: {
    declare: 'Dichiara un guasto',
    service: 'Servizio',
    areas: 'Zone (codici, separati da virgola)',
    points: 'Punti di fornitura (uno per riga)',
    cause: 'Causa',
    message: 'Messaggio ai clienti',
    started: 'Inizio',
    eta: 'Ripristino previsto',
    urgent: 'Urgente (avvisi anche di notte)',
    notify: 'Avvisa ora tutti i clienti della zona',
    submit: 'Dichiara',
    save: 'Salva',
    cancel: 'Annulla',
    edit: 'Modifica',
    resolve: 'Risolto',
    promote: 'Conferma',
    dismiss: 'Archivia',
    open: 'In corso e sospetti',
    closed: 'Chiusi',
    none: 'Nessun guasto in corso.',
    stale: 'Modificato nel frattempo da un altro supervisore: ora è alla versione {v}. Controlli e salvi di nuovo.',
    unknown: 'Non trovati',
    editing: 'Modifica di',
    'col.number': 'Numero',
    'col.status': 'Stato',
    'col.service': 'Servizio',
    'col.place': 'Zona',
    'col.version': 'Versione',
    'col.eta': 'Ripristino',
    'col.protected': 'Clienti tutelati',
    'col.links': 'Collegati',
    'col.contacts': 'Contatti per canale',
    'col.deflected': 'Senza operatore / annunci',
    'col.notices': 'Avvisi inviati / previsti',
    'col.delivered': 'Consegnati · falliti',
    'col.toDeclared': 'Segnalazione → dichiarazione',
    'col.toResolved': 'Segnalazione → risoluzione',
  },
  ru: {
    declare: 'Объявить аварию',
    service: 'Услуга',
    areas: 'Районы (коды через запятую)',
    points: 'Точки поставки (по одной в строке)',
    cause: 'Причина',
    message: 'Сообщение клиентам',
    started: 'Начало',
    eta: 'Ожидаемое восстановление',
    urgent: 'Срочно (уведомления и ночью)',
    notify: 'Уведомить всех клиентов района сейчас',
    submit: 'Объявить',
    save: 'Сохранить',
    cancel: 'Отмена',
    edit: 'Изменить',
    resolve: 'Устранена',
    promote: 'Подтвердить',
    dismiss: 'Отклонить',
    open: 'Текущие и предполагаемые',
    closed: 'Закрытые',
    none: 'Аварий нет.',
    stale: 'Тем временем изменено другим супервизором: теперь версия {v}. Проверьте и сохраните снова.',
    unknown: 'Не найдены',
    editing: 'Изменение',
    'col.number': 'Номер',
    'col.status': 'Статус',
    'col.service': 'Услуга',
    'col.place': 'Район',
    'col.version': 'Версия',
    'col.eta': 'Восстановление',
    'col.protected': 'Защищённые клиенты',
    'col.links': 'Связано',
    'col.contacts': 'Обращения по каналам',
    'col.deflected': 'Без оператора / объявлено',
    'col.notices': 'Уведомления отправлено / всего',
    'col.delivered': 'Доставлено · ошибки',
    'col.toDeclared': 'Сообщение → объявление',
    'col.toResolved': 'Сообщение → устранение',
  },
  en: {
    declare: 'Declare an outage',
    service: 'Service',
    areas: 'Areas (codes, comma-separated)',
    points: 'Supply points (one per line)',
    cause: 'Cause',
    message: 'Message to customers',
    started: 'Started',
    eta: 'Expected restoration',
    urgent: 'Urgent (notices at night too)',
    notify: 'Tell every customer of the area now',
    submit: 'Declare',
    save: 'Save',
    cancel: 'Cancel',
    edit: 'Edit',
    resolve: 'Resolved',
    promote: 'Confirm',
    dismiss: 'Dismiss',
    open: 'In force and suspected',
    closed: 'Closed',
    none: 'No outage in force.',
    stale: 'Changed meanwhile by another supervisor: it is now at version {v}. Check and save again.',
    unknown: 'Not found',
    editing: 'Editing',
    'col.number': 'Number',
    'col.status': 'Status',
    'col.service': 'Service',
    'col.place': 'Place',
    'col.version': 'Version',
    'col.eta': 'Restoration',
    'col.protected': 'Protected customers',
    'col.links': 'Linked',
    'col.contacts': 'Contacts by channel',
    'col.deflected': 'No agent / announced',
    'col.notices': 'Notices sent / planned',
    'col.delivered': 'Delivered · failed',
    'col.toDeclared': 'Report → declared',
    'col.toResolved': 'Report → resolved',
  },
};
const t = (k: string): string => T[LANG]?.[k] ?? T.en?.[k] ?? k;
const LANGS = ['it', 'en', 'ru'] as const;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: Array<Node | string>) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...children);
  return e;
}

async function api<R>(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: R & { error?: string; message?: string; details?: any } }> {
  const res = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json().catch(() => ({})) };
}

const when = (iso?: string) =>
  iso ? new Intl.DateTimeFormat(navigator.language, { dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso)) : '–';
const secs = (s: number | null) => (s == null ? '–' : s < 3600 ? `${Math.round(s / 60)} min` : `${(s / 3600).toFixed(1)} h`);
/** A datetime-local value in the browser's zone, from an ISO instant. */
function localInput(iso?: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}
const isoOf = (local: string) => (local ? new Date(local).toISOString() : undefined);
const codes = (text: string) =>
  text
    .split(/[\s,;]+/)
    .map((c) => c.trim())
    .filter(Boolean);

function localisedFields(prefix: string): HTMLElement {
  const box = el('div', { class: 'langs' });
  for (const l of LANGS) box.append(el('label', {}, l, el('input', { id: `${prefix}-${l}`, lang: l })));
  return box;
}
const localisedValue = (prefix: string) =>
  Object.fromEntries(
    LANGS.map((l) => [l, (document.getElementById(`${prefix}-${l}`) as HTMLInputElement).value.trim()]).filter(([, v]) => v),
  );
const fillLocalised = (prefix: string, v: Partial<Record<string, string>>) => {
  for (const l of LANGS) (document.getElementById(`${prefix}-${l}`) as HTMLInputElement).value = v[l] ?? '';
};

function figuresText(o: View): string {
  const f = o.figures;
  const contacts = Object.entries(f.contacts)
    .map(([ch, n]) => `${ch} ${n}`)
    .join(' · ');
  return contacts || '–';
}

export interface IncidentsPage {
  /** The tab was opened: read the incidents now, and keep them fresh while it is open. */
  show(): void;
  hide(): void;
}

/** Mounts the incidents tab into `root` and the wall board's strip into `strip`; `socket` carries `outage:changed`. */
export function mountIncidents(root: HTMLElement, strip: HTMLElement, socket: Socket | null): IncidentsPage {
  let outages: View[] = [];
  let closed: View[] = [];
  let editing: View | null = null;
  let timer: ReturnType<typeof setInterval> | null = null;

  const declareForm = el(
    'form',
    { id: 'declare-form', class: 'filters', 'aria-labelledby': 'declare-title' },
    el('h2', { id: 'declare-title' }, t('declare')),
    el(
      'label',
      {},
      t('service'),
      el('select', { id: 'd-service' }, ...['electricity', 'gas', 'water', 'heating'].map((s) => el('option', { value: s }, s))),
    ),
    el('label', {}, t('areas'), el('input', { id: 'd-areas' })),
    el('label', {}, t('points'), el('textarea', { id: 'd-points', rows: '2' })),
    el('fieldset', {}, el('legend', {}, t('cause')), localisedFields('d-cause')),
    el('fieldset', {}, el('legend', {}, t('message')), localisedFields('d-message')),
    el('label', {}, t('eta'), el('input', { id: 'd-eta', type: 'datetime-local' })),
    el('label', { class: 'check' }, el('input', { id: 'd-urgent', type: 'checkbox' }), t('urgent')),
    el('label', { class: 'check' }, el('input', { id: 'd-notify', type: 'checkbox' }), t('notify')),
    el('button', { type: 'submit' }, t('submit')),
  );
  const declareError = el('p', { id: 'declare-error', class: 'error', role: 'alert' });

  const editForm = el(
    'form',
    { id: 'edit-form', class: 'filters', hidden: '' },
    el('h2', { id: 'edit-title' }),
    el('fieldset', {}, el('legend', {}, t('cause')), localisedFields('e-cause')),
    el('fieldset', {}, el('legend', {}, t('message')), localisedFields('e-message')),
    el('label', {}, t('eta'), el('input', { id: 'e-eta', type: 'datetime-local' })),
    el('label', { class: 'check' }, el('input', { id: 'e-urgent', type: 'checkbox' }), t('urgent')),
    el('button', { type: 'submit' }, t('save')),
    el('button', { type: 'button', id: 'e-cancel' }, t('cancel')),
  );
  const editError = el('p', { id: 'edit-error', class: 'error', role: 'alert' });

  const openTable = el('table', { id: 'outages-table' });
  const closedTable = el('table', { id: 'closed-table' });
  const csv = el('button', { type: 'button', class: 'csv', id: 'outages-csv' }, 'CSV');
  root.replaceChildren(
    el('section', {}, el('h2', {}, t('open')), openTable),
    editForm,
    editError,
    declareForm,
    declareError,
    el('section', {}, el('h2', {}, t('closed')), csv, closedTable),
  );

  const input = (id: string) => document.getElementById(id) as HTMLInputElement;

  function row(o: View, actions: HTMLElement[]): HTMLTableRowElement {
    const tr = el('tr', { 'data-outage': o.id, 'data-status': o.status, 'data-version': String(o.version) });
    const f = o.figures;
    const cells = [
      o.number,
      o.status,
      o.service,
      [...o.areaCodes, ...(o.supplyPoints.length ? [`+${o.supplyPoints.length} PDR`] : [])].join(' '),
      `v${o.version}`,
      when(o.expectedRestorationAt),
      String(o.protectedCustomers),
      String(f.links),
      figuresText(o),
      `${f.deflected} / ${f.announced}`,
      `${f.notices.declared.sent + f.notices.resolved.sent} / ${f.notices.declared.planned + f.notices.resolved.planned}`,
      `${f.notices.declared.delivered + f.notices.resolved.delivered} · ${f.notices.declared.failed + f.notices.resolved.failed}`,
      secs(f.reportToDeclaredSeconds),
      secs(f.reportToResolvedSeconds),
    ];
    for (const [i, c] of cells.entries()) tr.append(el('td', { 'data-col': COLS[i]! }, c));
    tr.append(el('td', {}, ...actions));
    return tr;
  }
  const COLS = [
    'number',
    'status',
    'service',
    'place',
    'version',
    'eta',
    'protected',
    'links',
    'contacts',
    'deflected',
    'notices',
    'delivered',
    'toDeclared',
    'toResolved',
  ];
  const head = () => el('thead', {}, el('tr', {}, ...[...COLS.map((c) => t(`col.${c}`)), ''].map((c) => el('th', { scope: 'col' }, c))));

  const button = (label: string, action: string, o: View) => {
    const b = el('button', { type: 'button', 'data-action': action, 'aria-label': `${label} ${o.number}` }, label);
    b.addEventListener('click', () => void act(action, o));
    return b;
  };

  function render(): void {
    openTable.replaceChildren(head());
    const body = el('tbody');
    for (const o of outages) {
      const actions =
        o.status === 'suspected'
          ? [button(t('promote'), 'promote', o), button(t('dismiss'), 'dismiss', o)]
          : [button(t('edit'), 'edit', o), button(t('resolve'), 'resolve', o)];
      body.append(row(o, actions));
    }
    if (!outages.length) body.append(el('tr', {}, el('td', { colspan: String(COLS.length + 1) }, t('none'))));
    openTable.append(body);
    closedTable.replaceChildren(head(), el('tbody', {}, ...closed.map((o) => row(o, []))));
    // The wall board: what is in force, at a glance.
    strip.replaceChildren(
      ...outages.map((o) =>
        el(
          'span',
          { class: `outage ${o.status}`, 'data-outage': o.id },
          `${o.number} · ${o.service} · ${o.areaCodes.join(' ')} · ${o.status} · ${o.figures.links}`,
        ),
      ),
    );
    strip.hidden = outages.length === 0;
    if (editing) {
      const now = outages.find((o) => o.id === editing!.id);
      if (!now || now.status !== 'active') closeEdit();
    }
  }

  async function refresh(): Promise<void> {
    const [open, all] = await Promise.all([
      api<{ outages: View[] }>('GET', '/api/outages?status=open'),
      api<{ outages: View[] }>('GET', '/api/outages?status=all&limit=50'),
    ]);
    if (open.status !== 200) return;
    outages = open.body.outages;
    closed = (all.body.outages ?? []).filter((o) => o.status === 'resolved' || o.status === 'dismissed');
    render();
  }

  function openEdit(o: View): void {
    editing = o;
    editForm.hidden = false;
    editError.textContent = '';
    (editForm.querySelector('#edit-title') as HTMLElement).textContent = `${t('editing')} ${o.number} (v${o.version})`;
    fillLocalised('e-cause', o.cause);
    fillLocalised('e-message', o.publicMessage);
    input('e-eta').value = localInput(o.expectedRestorationAt);
    input('e-urgent').checked = o.urgent;
    input('e-eta').focus();
  }
  function closeEdit(): void {
    editing = null;
    editForm.hidden = true;
    editError.textContent = '';
  }

  async function act(action: string, o: View): Promise<void> {
    if (action === 'edit') return openEdit(o);
    const res = await api<{ outage: View }>('POST', `/api/admin/outages/${o.id}/${action}`, {});
    if (res.status !== 200) editError.textContent = res.body.message ?? `HTTP ${res.status}`;
    await refresh();
  }

  declareForm.addEventListener('submit', (e) => {
    e.preventDefault();
    void (async () => {
      declareError.textContent = '';
      const res = await api<{ outage: View }>('POST', '/api/admin/outages', {
        service: (document.getElementById('d-service') as HTMLSelectElement).value,
        areaCodes: codes(input('d-areas').value),
        supplyPoints: codes((document.getElementById('d-points') as HTMLTextAreaElement).value),
        cause: localisedValue('d-cause'),
        publicMessage: localisedValue('d-message'),
        expectedRestorationAt: isoOf(input('d-eta').value),
        urgent: input('d-urgent').checked,
        notify: input('d-notify').checked,
      });
      if (res.status === 201) {
        (declareForm as HTMLFormElement).reset();
        await refresh();
        return;
      }
      const d = res.body.details;
      declareError.textContent =
        res.body.error === 'UnknownAreas'
          ? `${t('unknown')}: ${[...(d?.unknownAreaCodes ?? []), ...(d?.unknownSupplyPoints ?? [])].join(', ')}`
          : (res.body.message ?? `HTTP ${res.status}`);
    })();
  });

  editForm.addEventListener('submit', (e) => {
    e.preventDefault();
    const o = editing;
    if (!o) return;
    void (async () => {
      const eta = isoOf(input('e-eta').value);
      const res = await api<{ outage: View }>('PATCH', `/api/admin/outages/${o.id}`, {
        version: o.version,
        cause: localisedValue('e-cause'),
        publicMessage: localisedValue('e-message'),
        expectedRestorationAt: eta ?? null,
        urgent: input('e-urgent').checked,
      });
      if (res.status === 200) {
        closeEdit();
        await refresh();
        return;
      }
      if (res.body.error === 'StaleVersion' && res.body.details?.current) {
        // Someone else's change came first: show it, keep the form open on the version that won.
        const current = res.body.details.current as View;
        openEdit(current);
        editError.textContent = t('stale').replace('{v}', String(current.version));
        await refresh();
        return;
      }
      editError.textContent = res.body.message ?? `HTTP ${res.status}`;
    })();
  });
  editForm.querySelector('#e-cancel')!.addEventListener('click', closeEdit);
  csv.addEventListener('click', () => {
    window.location.href = '/api/outages?status=all&limit=500&format=csv';
  });

  socket?.on('outage:changed', (_e: OutageChanged<string>) => void refresh());
  socket?.on('connect', () => void refresh());
  void refresh();

  return {
    show() {
      void refresh();
      // Links and notices move without a change of the outage: their figures are read again every few seconds.
      timer ??= setInterval(() => void refresh(), 5000);
    },
    hide() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
