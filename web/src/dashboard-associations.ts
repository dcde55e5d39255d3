// The consumer associations' figures on the dashboard's regulatory page, as the seed reports
// them: cases per association and month, share resolved positively, average days to
// resolution, with a CSV. Mounted into the regulatory panel by one import in dashboard.ts;
// it reads the panel's own date filters and reloads with them.
interface Row {
  association: string;
  name: string;
  month: string;
  opened: number;
  resolved: number;
  positiveShare: number | null;
  partialShare: number | null;
  avgDays: number | null;
}

const panel = document.getElementById('regulatory');
const box = document.createElement('section');
box.id = 'associations-box';
const title = document.createElement('h2');
title.textContent = 'Consumer associations';
const csv = document.createElement('button');
csv.type = 'button';
csv.className = 'csv';
csv.id = 'associations-csv';
csv.textContent = 'CSV';
const tableEl = document.createElement('table');
tableEl.id = 'associations-table';
box.append(title, csv, tableEl);
panel?.querySelector('h2')?.before(box);

const monthOf = (id: string) => (document.getElementById(id) as HTMLInputElement | null)?.value.slice(0, 7) ?? '';
const url = (format?: string) =>
  `/api/stats/associations?${new URLSearchParams({ from: monthOf('r-from'), to: monthOf('r-to'), ...(format ? { format } : {}) })}`;
const pct = (v: number | null) => (v == null ? '–' : `${(v * 100).toFixed(1)} %`);

async function load(): Promise<void> {
  if (!monthOf('r-from') || !monthOf('r-to')) return;
  const res = await fetch(url(), { credentials: 'same-origin' });
  if (!res.ok) return;
  const { rows } = (await res.json()) as { rows: Row[] };
  const head = ['association', 'month', 'cases', 'resolved', 'resolved positively', 'partly', 'average days'];
  const tr = (cells: string[], tag: 'th' | 'td') => {
    const r = document.createElement('tr');
    for (const c of cells) {
      const cell = document.createElement(tag);
      cell.textContent = c;
      r.append(cell);
    }
    return r;
  };
  tableEl.replaceChildren(
    tr(head, 'th'),
    ...rows.map((x) =>
      tr(
        [
          x.name,
          x.month,
          String(x.opened),
          String(x.resolved),
          pct(x.positiveShare),
          pct(x.partialShare),
          x.avgDays == null ? '–' : x.avgDays.toFixed(1),
        ],
        'td',
      ),
    ),
  );
}

csv.addEventListener('click', () => {
  window.location.href = url('csv');
});
document.getElementById('regulatory-filters')?.addEventListener('submit', () => void load());
document.getElementById('tab-regulatory')?.addEventListener('click', () => setTimeout(() => void load(), 0));
