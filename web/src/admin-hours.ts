// The admin Queues screen's exceptional closures (below the queues table): the closures not yet
// over, each removable, and a form to close one queue or all of them from–to, with a reason and
// the message the IVR says instead of the opening hours (it / ru / en). Text goes in through
// textContent, never as HTML.
import type { Lang } from './console-i18n';

const H: Record<Lang, Record<string, string>> = {
  it: {
    closures: 'Chiusure straordinarie',
    none: 'Nessuna chiusura in programma.',
    queue: 'Coda',
    all: 'Tutte le code',
    from: 'Dal',
    to: 'Al',
    reason: 'Motivo',
    message: 'Messaggio al telefono',
    add: 'Aggiungi chiusura',
    remove: 'Elimina',
    removeConfirm: 'Eliminare la chiusura «{reason}»?',
    added: 'Chiusura aggiunta.',
    removed: 'Chiusura eliminata.',
    hoursHint: 'Orari propri della coda (vuoto = orari del call center), es. «mon-fri 08:00-22:00; sat 08:00-18:00» o «24/7».',
  },
  ru: {
    closures: 'Внеплановые закрытия',
    none: 'Закрытий не запланировано.',
    queue: 'Очередь',
    all: 'Все очереди',
    from: 'С',
    to: 'По',
    reason: 'Причина',
    message: 'Сообщение по телефону',
    add: 'Добавить закрытие',
    remove: 'Удалить',
    removeConfirm: 'Удалить закрытие «{reason}»?',
    added: 'Закрытие добавлено.',
    removed: 'Закрытие удалено.',
    hoursHint: 'Свои часы очереди (пусто = часы колл-центра), напр. «mon-fri 08:00-22:00; sat 08:00-18:00» или «24/7».',
  },
  en: {
    closures: 'Exceptional closures',
    none: 'No closures planned.',
    queue: 'Queue',
    all: 'All queues',
    from: 'From',
    to: 'To',
    reason: 'Reason',
    message: 'Message on the phone',
    add: 'Add closure',
    remove: 'Remove',
    removeConfirm: 'Remove the closure “{reason}”?',
    added: 'Closure added.',
    removed: 'Closure removed.',
    hoursHint: 'A queue’s own hours (empty = the call centre’s), e.g. “mon-fri 08:00-22:00; sat 08:00-18:00” or “24/7”.',
  },
};

export interface HoursDeps {
  lang: Lang;
  api(method: string, path: string, body?: unknown): Promise<any>;
  say(text: string): void;
  fail(err: unknown): void;
}

interface ClosureRow {
  id: string;
  queue: string;
  allQueues: boolean;
  from: string;
  to: string;
  reason: string;
  message: Partial<Record<Lang, string>>;
}

const LANGS: Lang[] = ['it', 'ru', 'en'];

export function hoursText(lang: Lang, key: string, vars: Record<string, string> = {}): string {
  return (H[lang][key] ?? H.en[key] ?? key).replace(/\{(\w+)\}/g, (m, x: string) => vars[x] ?? m);
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, attrs: Record<string, string> = {}): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

function labelled(text: string, control: HTMLElement): HTMLLabelElement {
  const label = el('label', text);
  label.append(control);
  return label;
}

/** Renders the closures editor into `root` (the Queues screen's #queues-extra). */
export async function renderClosures(root: HTMLElement, queues: Array<{ _id: string; name: string }>, deps: HoursDeps): Promise<void> {
  const t = (k: string, vars?: Record<string, string>) => hoursText(deps.lang, k, vars);
  let closures: ClosureRow[];
  try {
    closures = (await deps.api('GET', '/api/closures')).closures;
  } catch (err) {
    deps.fail(err);
    return;
  }
  const names = new Map(queues.map((q) => [q._id, q.name]));
  const when = new Intl.DateTimeFormat(deps.lang, { dateStyle: 'short', timeStyle: 'short' });
  const rerender = () => renderClosures(root, queues, deps);

  const section = el('section', undefined, { 'aria-labelledby': 'closures-title' });
  section.append(el('p', t('hoursHint'), { class: 'hint' }), el('h2', t('closures'), { id: 'closures-title' }));
  if (!closures.length) section.append(el('p', t('none'), { id: 'closures-none' }));
  else {
    const table = el('table', undefined, { id: 'closures-table' });
    const head = table.createTHead().insertRow();
    for (const h of [t('queue'), t('from'), t('to'), t('reason'), t('message'), '']) head.append(el('th', h, { scope: 'col' }));
    const body = table.createTBody();
    for (const c of closures) {
      const row = body.insertRow();
      row.dataset.closure = c.id;
      const remove = el('button', t('remove'), { type: 'button', 'aria-label': `${t('remove')} ${c.reason}` });
      remove.addEventListener('click', () => {
        if (!confirm(t('removeConfirm', { reason: c.reason }))) return;
        void deps.api('DELETE', `/api/closures/${encodeURIComponent(c.id)}`).then(() => {
          deps.say(t('removed'));
          return rerender();
        }, deps.fail);
      });
      const message = LANGS.filter((l) => c.message[l])
        .map((l) => `${l}: ${c.message[l]}`)
        .join(' · ');
      const cells = [
        c.allQueues ? t('all') : (names.get(c.queue) ?? c.queue),
        when.format(new Date(c.from)),
        when.format(new Date(c.to)),
        c.reason,
        message,
      ];
      for (const text of cells) row.insertCell().textContent = text;
      row.insertCell().append(remove);
    }
    const scroll = el('div', undefined, { class: 'scroll', tabindex: '0', role: 'region', 'aria-label': t('closures') });
    scroll.append(table);
    section.append(scroll);
  }

  const form = el('form', undefined, { id: 'closure-form', class: 'filters' });
  const queue = el('select', undefined, { name: 'queue' });
  queue.append(Object.assign(el('option', t('all')), { value: '*' }));
  for (const q of queues) queue.append(Object.assign(el('option', q.name), { value: q._id }));
  const from = el('input', undefined, { type: 'datetime-local', name: 'from', required: '' });
  const to = el('input', undefined, { type: 'datetime-local', name: 'to', required: '' });
  const reason = el('input', undefined, { type: 'text', name: 'reason', required: '', maxlength: '200' });
  const messages = LANGS.map((l) => el('input', undefined, { type: 'text', name: `message-${l}`, maxlength: '500', lang: l }));
  form.append(
    labelled(t('queue'), queue),
    labelled(t('from'), from),
    labelled(t('to'), to),
    labelled(t('reason'), reason),
    ...messages.map((m, i) => labelled(`${t('message')} (${LANGS[i]})`, m)),
    el('button', t('add'), { type: 'submit' }),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const message = Object.fromEntries(LANGS.map((l, i) => [l, messages[i]!.value.trim()]).filter(([, v]) => v));
    void deps
      .api('POST', '/api/closures', {
        queue: queue.value,
        // datetime-local is the browser's local time; the server takes instants.
        from: from.value ? new Date(from.value).toISOString() : '',
        to: to.value ? new Date(to.value).toISOString() : '',
        reason: reason.value,
        ...(Object.keys(message).length ? { message } : {}),
      })
      .then(() => {
        deps.say(t('added'));
        return rerender();
      }, deps.fail);
  });
  section.append(form);
  root.replaceChildren(section);
}
