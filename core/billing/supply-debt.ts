// What a customer owes on one supply (a contract), as the dunning rules read it: the total
// overdue debt — every overdue bill of the contract, not one bill — and the average monthly
// charge that says how many months of charges that debt is. Pure: bills and clock passed in.
import { DateTime } from 'luxon';
import { type BillLike, cents, isSettled, outstanding } from './bill-like';
import { localDay } from './calendar';

export interface SupplyDebt {
  /** Outstanding amount of the contract's open bills whose due date has passed. */
  overdue: number;
  /**
   * Amount billed over the last 12 months ÷ the months those bills cover; null with no bill.
   * n bills spread over s months cover s·n/(n−1) months (each covers one billing period); one bill covers a month.
   */
  averageMonthlyCharge: number | null;
}

export function supplyDebt(bills: BillLike[], now: Date, timeZone: string): SupplyDebt {
  const today = localDay(now, timeZone);
  let overdue = 0;
  let billed = 0;
  const dues: DateTime[] = [];
  const from = today.minus({ months: 12 });
  const until = today.plus({ months: 1 });
  for (const b of bills) {
    if (b.status === 'cancelled') continue;
    const due = localDay(b.dueAt, timeZone);
    if (!isSettled(b) && due < today) overdue += outstanding(b);
    if (due > from && due <= until) {
      billed += b.amount;
      dues.push(due);
    }
  }
  if (!dues.length) return { overdue: cents(overdue), averageMonthlyCharge: null };
  const times = dues.map((d) => d.toMillis());
  const span = DateTime.fromMillis(Math.max(...times)).diff(DateTime.fromMillis(Math.min(...times)), 'months').months;
  const months = dues.length === 1 ? 1 : Math.min(12, Math.max(1, Math.round((span * dues.length) / (dues.length - 1))));
  return { overdue: cents(overdue), averageMonthlyCharge: cents(billed / months) };
}
