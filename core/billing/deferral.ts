// Payment deferral (dilazione) for a household bill: only before it is overdue, once per
// bill, up to a maximum amount, with no other overdue bill or missed instalment. Pure.
import type { RuleSet } from '../rules/presets';
import { type BillLike, type CustomerLike, isSettled, missedInstalment } from './bill-like';
import { localDay } from './calendar';

export type DeferralRefusal =
  | 'bill_settled'
  | 'bill_disputed'
  | 'not_household'
  | 'already_deferred'
  | 'bill_overdue'
  | 'amount_too_high'
  | 'plan_exists'
  | 'other_bill_overdue'
  | 'missed_instalment';

export type DeferralDecision = { ok: true; originalDueAt: Date; newDueAt: Date } | { ok: false; reason: DeferralRefusal; message: string };

const refuse = (reason: DeferralRefusal, message: string): DeferralDecision => ({ ok: false, reason, message });

export function deferral(
  bill: BillLike,
  customer: CustomerLike,
  otherBills: BillLike[],
  rules: RuleSet,
  now: Date,
  opts: { timeZone: string; contractDisputed?: boolean },
): DeferralDecision {
  const r = rules.deferral;
  const today = localDay(now, opts.timeZone);
  if (isSettled(bill)) return refuse('bill_settled', 'the bill is already paid or cancelled');
  if (bill.disputed || opts.contractDisputed)
    return refuse('bill_disputed', 'the bill is under dispute: collection is suspended until the dispute is closed');
  if (r.householdsOnly && customer.segment === 'business')
    return refuse('not_household', 'deferrals on these terms are for household customers');
  if (r.oncePerBill && bill.deferral?.requestedAt) return refuse('already_deferred', 'the bill has already been deferred once');
  if (today > localDay(bill.dueAt, opts.timeZone)) return refuse('bill_overdue', 'a deferral can only be asked before the due date');
  if (bill.amount > r.maxAmount) return refuse('amount_too_high', `deferrals are for bills up to ${r.maxAmount.toFixed(2)}`);
  const plan = bill.instalmentPlan?.status;
  if (plan === 'active' || plan === 'pending_approval') return refuse('plan_exists', 'the bill is already in an instalment plan');
  const todayStart = today.toJSDate();
  const missed = [bill, ...otherBills].find((b) => missedInstalment(b, todayStart) && !isSettled(b));
  if (missed) return refuse('missed_instalment', `an instalment of bill ${missed.billNumber} is overdue`);
  const overdue = otherBills.find(
    (b) =>
      b.billNumber !== bill.billNumber &&
      !isSettled(b) &&
      !b.disputed &&
      b.instalmentPlan?.status !== 'active' &&
      localDay(b.deferral?.newDueAt ?? b.dueAt, opts.timeZone) < today,
  );
  if (overdue) return refuse('other_bill_overdue', `bill ${overdue.billNumber} is overdue`);
  return { ok: true, originalDueAt: bill.dueAt, newDueAt: today.plus({ days: r.days }).toJSDate() };
}
