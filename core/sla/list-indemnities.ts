// The regulatory list of automatic late-answer indemnities (docs/rules.md, "Automatic
// indemnities"): one line per ticket that earned one, and the totals by amount.
import { Task } from '../../models/task';

export interface IndemnityLine {
  ticketId: string;
  ticketNumber: string | null;
  accountNumber: string | null;
  amount: number;
  status: string;
  owedAt: Date | null;
  note: string | null;
}

export async function listLateAnswerIndemnities(range: { from: Date; to: Date }): Promise<{
  from: Date;
  to: Date;
  items: IndemnityLine[];
  totals: { count: number; amount: number; byAmount: Record<string, number> };
}> {
  // Indexed on (kind, status); the reason and the date narrow a small set of credit notes.
  const rows = await Task.find(
    { kind: 'credit_note', reason: 'late_answer', dueAt: { $gte: range.from, $lt: range.to } },
    { ticketId: 1, ticketNumber: 1, accountNumber: 1, amount: 1, status: 1, dueAt: 1, note: 1 },
  )
    .sort({ dueAt: 1 })
    .lean();
  const items = rows.map((r) => ({
    ticketId: r.ticketId ?? '',
    ticketNumber: r.ticketNumber ?? null,
    accountNumber: r.accountNumber ?? null,
    amount: r.amount ?? 0,
    status: r.status,
    owedAt: r.dueAt ?? null,
    note: r.note ?? null,
  }));
  const byAmount: Record<string, number> = {};
  for (const i of items) byAmount[String(i.amount)] = (byAmount[String(i.amount)] ?? 0) + 1;
  const amount = Math.round(items.reduce((s, i) => s + i.amount, 0) * 100) / 100;
  return { from: range.from, to: range.to, items, totals: { count: items.length, amount, byAmount } };
}
