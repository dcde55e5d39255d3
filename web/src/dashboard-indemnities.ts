// The regulatory page's list of automatic late-answer indemnities (it-2026: €30 / €60 / €90
// per complaint answered late), with totals: GET /api/stats/indemnities for the same period.
interface IndemnityList {
  items: Array<{
    ticketNumber: string | null;
    accountNumber: string | null;
    amount: number;
    status: string;
    owedAt: string | null;
    note: string | null;
  }>;
  totals: { count: number; amount: number; byAmount: Record<string, number> };
}

function cell(tag: 'td' | 'th', text: string): HTMLElement {
  const c = document.createElement(tag);
  c.textContent = text;
  return c;
}

/** Renders (or re-renders) the indemnity section at the end of `panel`; errors are shown in it. */
export async function renderIndemnities(panel: HTMLElement, from: string, to: string): Promise<void> {
  let section = document.getElementById('indemnities');
  if (!section) {
    section = document.createElement('section');
    section.id = 'indemnities';
    section.setAttribute('aria-labelledby', 'indemnities-title');
    panel.append(section);
  }
  const title = document.createElement('h2');
  title.id = 'indemnities-title';
  title.textContent = 'Automatic indemnities (late written answers)';
  const res = await fetch(`/api/stats/indemnities?${new URLSearchParams({ from, to })}`, { credentials: 'same-origin' }).catch(() => null);
  if (!res?.ok) {
    section.replaceChildren(title, cell('td', 'could not load the indemnities'));
    return;
  }
  const list = (await res.json()) as IndemnityList;
  const byAmount = Object.entries(list.totals.byAmount)
    .map(([amount, n]) => `${n} × €${amount}`)
    .join(', ');
  const totals = document.createElement('p');
  totals.id = 'indemnities-totals';
  totals.textContent = `${list.totals.count} indemnities, €${list.totals.amount.toFixed(2)} in all${byAmount ? ` (${byAmount})` : ''}`;
  const table = document.createElement('table');
  const head = document.createElement('tr');
  for (const h of ['ticket', 'account', 'amount', 'owed on', 'status', 'reason']) head.append(cell('th', h));
  table.append(head);
  for (const i of list.items) {
    const tr = document.createElement('tr');
    tr.append(
      cell('td', i.ticketNumber ?? ''),
      cell('td', i.accountNumber ?? ''),
      cell('td', `€${i.amount}`),
      cell('td', i.owedAt ? new Date(i.owedAt).toLocaleDateString() : ''),
      cell('td', i.status),
      cell('td', i.note ?? ''),
    );
    table.append(tr);
  }
  section.replaceChildren(title, totals, table);
}
