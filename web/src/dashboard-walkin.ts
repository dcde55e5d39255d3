// Walk-in offices on the dashboard: on the wall board, per office and service, who waits now,
// the average wait today, the share over the rule set's threshold (40 min) and the visitors
// served and no-shows — live with every `stats:live` push; under the interval table, each
// interval's served and waits per office. Mounted by one import in dashboard.ts, which hands
// it the figures as DOM events (`hotline:live`, `hotline:intervals`). Text goes in as textContent.
import type { IntervalReport, LivePayload } from '../../wire/stats';

const LANG = document.documentElement.lang || 'en';
const T: Record<string, Record<string, string>> = {
  it: {
    title: 'Sportelli',
    office: 'sportello',
    service: 'servizio',
    waiting: 'in attesa',
    avgWait: 'attesa media oggi',
    over: 'oltre {m} min',
    served: 'serviti oggi',
    noShows: 'non presentati',
    intervals: 'Sportelli per intervallo',
    start: 'inizio',
    none: 'Nessuna visita.',
  },
  ru: {
    title: 'Офисы обслуживания',
    office: 'офис',
    service: 'услуга',
    waiting: 'ждут',
    avgWait: 'среднее ожидание сегодня',
    over: 'дольше {m} мин',
    served: 'обслужено сегодня',
    noShows: 'не явились',
    intervals: 'Офисы по интервалам',
    start: 'начало',
    none: 'Посещений нет.',
  },
  en: {
    title: 'Walk-in offices',
    office: 'office',
    service: 'service',
    waiting: 'waiting',
    avgWait: 'average wait today',
    over: 'over {m} min',
    served: 'served today',
    noShows: 'no-shows',
    intervals: 'Walk-in offices per interval',
    start: 'start',
    none: 'No visits.',
  },
};
const lang = new URLSearchParams(location.search).get('lang') ?? localStorageLang() ?? LANG.slice(0, 2);
const t = (k: string) => (T[lang] ?? T.en!)[k] ?? T.en![k] ?? k;
function localStorageLang(): string | null {
  try {
    return localStorage.getItem('hotline.lang');
  } catch {
    return null;
  }
}

const dur = (s: number | null) => (s == null ? '–' : `${Math.floor(s / 60)}:${String(Math.round(s % 60)).padStart(2, '0')}`);
const pct = (v: number | null) => (v == null ? '–' : `${(v * 100).toFixed(1)} %`);

function fillTable(el: HTMLTableElement, head: string[], rows: string[][]): void {
  const tr = (cells: string[], tag: 'th' | 'td') => {
    const r = document.createElement('tr');
    for (const c of cells) {
      const cell = document.createElement(tag);
      cell.textContent = c;
      r.append(cell);
    }
    return r;
  };
  el.replaceChildren(tr(head, 'th'), ...rows.map((r) => tr(r, 'td')));
}

function section(id: string, title: string, csv?: string): HTMLTableElement {
  const box = document.createElement('section');
  box.className = 'wide';
  box.id = `${id}-box`;
  const h = document.createElement('h2');
  h.textContent = title;
  box.append(h);
  if (csv) {
    const b = document.createElement('button');
    b.className = 'csv';
    b.dataset.csv = csv;
    b.textContent = 'CSV';
    b.type = 'button';
    b.addEventListener('click', () => location.assign(csv));
    box.append(b);
  }
  const table = document.createElement('table');
  table.id = id;
  box.append(table);
  return table;
}

const board = section('walkin-table', t('title'), '/api/stats/live?format=csv&table=walk_in');
document.querySelector('#board .tables')?.append(board.parentElement!);
const perInterval = section('walkin-intervals-table', t('intervals'));
document.getElementById('intervals-table')?.after(perInterval.parentElement!);

window.addEventListener('hotline:live', (e) => {
  const p = (e as CustomEvent<LivePayload>).detail;
  if (!p.walkIn) return;
  const m = String(Math.round(p.walkIn.longWaitSeconds / 60));
  fillTable(
    board,
    [t('office'), t('service'), t('waiting'), t('avgWait'), t('over').replace('{m}', m), t('served'), t('noShows')],
    p.walkIn.rows.map((r) => [
      r.officeName,
      r.service,
      String(r.waiting),
      dur(r.avgWaitSeconds),
      pct(r.shareOverLongWait),
      String(r.served),
      String(r.noShows),
    ]),
  );
});

window.addEventListener('hotline:intervals', (e) => {
  const r = (e as CustomEvent<IntervalReport>).detail;
  const rows = r.rows.flatMap((row) =>
    (row.walkIn ?? []).map((w) => [
      new Date(row.start).toLocaleString(lang, { timeZone: r.timezone, dateStyle: 'short', timeStyle: 'short' }),
      w.office,
      String(w.served),
      dur(w.avgWaitSeconds),
      pct(w.shareOverLongWait),
      String(w.noShows),
    ]),
  );
  fillTable(perInterval, [t('start'), t('office'), t('served').split(' ')[0]!, t('avgWait').split(' ')[0]!, '> 40', t('noShows')], rows);
  if (!rows.length) perInterval.replaceChildren();
});
