// Instalment plan (rateizzazione) for a household bill: eligibility per the rule set,
// the schedule and its interest, or the precise reason it is refused. Pure.
import { DateTime } from 'luxon';
import type { ReferenceRate, RuleSet } from '../rules/presets';
import { type BillLike, type CustomerLike, cents, isSettled, missedInstalment, outstanding } from './bill-like';
import { localDay } from './calendar';

export type InstalmentRefusal =
  | 'bill_settled'
  | 'bill_disputed'
  | 'plan_exists'
  | 'not_household'
  | 'amount_too_low'
  | 'unknown_service'
  | 'other_plan_in_arrears'
  | 'irregular_payments';

export interface PlannedInstalment {
  dueAt: Date;
  amount: number;
  principal: number;
  interest: number;
}

export interface InstalmentPlanProposal {
  /** `pending_approval`: a hardship case, an agent decides the eased terms. */
  status: 'active' | 'pending_approval';
  hardship: boolean;
  principal: number;
  /** Annual rate applied (base + reference rate; 0 under eased hardship terms). */
  interestRate: number;
  /** The reference rate in force on the day of the request, from the rule set's dated table, with its source. */
  referenceRate: ReferenceRate | null;
  totalInterest: number;
  total: number;
  instalments: PlannedInstalment[];
}

export type InstalmentDecision = { ok: true; plan: InstalmentPlanProposal } | { ok: false; reason: InstalmentRefusal; message: string };

const refuse = (reason: InstalmentRefusal, message: string): InstalmentDecision => ({ ok: false, reason, message });

export interface InstalmentOptions {
  timeZone: string;
  /** The bill's contract has an open disputed-contract ticket. */
  contractDisputed?: boolean;
}

/** The entry of the dated table in force on the local day of `at` (the latest that started on or before it); null before the first. */
export function referenceRateOn(table: ReferenceRate[], at: Date, timeZone: string): ReferenceRate | null {
  const day = localDay(at, timeZone).toISODate() ?? '';
  let found: ReferenceRate | null = null;
  for (const entry of table) if (entry.from <= day && (!found || entry.from > found.from)) found = entry;
  return found;
}

export function instalmentPlan(
  bill: BillLike,
  customer: CustomerLike,
  otherBills: BillLike[],
  rules: RuleSet,
  now: Date,
  opts: InstalmentOptions,
): InstalmentDecision {
  const r = rules.instalments;
  const today = localDay(now, opts.timeZone).toJSDate();
  if (isSettled(bill)) return refuse('bill_settled', 'the bill is already paid or cancelled');
  if (bill.disputed || opts.contractDisputed)
    return refuse('bill_disputed', 'the bill is under dispute: collection is suspended until the dispute is closed');
  const existing = bill.instalmentPlan?.status;
  if (existing === 'active' || existing === 'pending_approval') return refuse('plan_exists', 'the bill already has an instalment plan');
  if (r.householdsOnly && customer.segment === 'business')
    return refuse('not_household', 'instalment plans on these terms are for household customers');
  const min = bill.service ? r.minAmount[bill.service as keyof typeof r.minAmount] : undefined;
  if (min === undefined) return refuse('unknown_service', 'the bill has no known service, so its threshold is unknown');
  if (!(bill.amount > min)) return refuse('amount_too_low', `the bill must be above ${min.toFixed(2)} for an instalment plan`);
  // Allowed while another plan runs, if that plan is paid up.
  const inArrears = otherBills.find((b) => b.billNumber !== bill.billNumber && !isSettled(b) && missedInstalment(b, today));
  if (inArrears) return refuse('other_plan_in_arrears', `another instalment plan (bill ${inArrears.billNumber}) has a missed instalment`);

  const hardship = (customer.hardship ?? []).length > 0;
  if (hardship) {
    // Eased terms need earlier payments to be regular: no other bill overdue and unpaid.
    const overdue = otherBills.find(
      (b) =>
        b.billNumber !== bill.billNumber &&
        !isSettled(b) &&
        !b.disputed &&
        localDay(b.deferral?.newDueAt ?? b.dueAt, opts.timeZone).toJSDate() < today &&
        b.instalmentPlan?.status !== 'active',
    );
    if (overdue) return refuse('irregular_payments', `eased terms need regular earlier payments: bill ${overdue.billNumber} is overdue`);
  }

  const count = hardship ? r.hardshipCount : r.count;
  const reference = referenceRateOn(r.referenceRates, today, opts.timeZone);
  // Rounded so 3.5 % + 2 % is 0.055, not 0.05500000000000001.
  const rate = hardship && !r.hardshipInterest ? 0 : Math.round((r.baseInterestRate + (reference?.rate ?? 0)) * 1e6) / 1e6;
  const principal = outstanding(bill);
  const first = localDay(bill.dueAt, opts.timeZone).plus({ days: r.firstDueDaysAfterDue });
  const share = cents(principal / count);
  const instalments: PlannedInstalment[] = [];
  let balance = principal;
  for (let i = 0; i < count; i++) {
    const p = i === count - 1 ? cents(balance) : share;
    // Simple monthly interest on the balance still owed during that month.
    const interest = cents((balance * rate) / 12);
    instalments.push({ dueAt: (first.plus({ months: i }) as DateTime).toJSDate(), principal: p, interest, amount: cents(p + interest) });
    balance = cents(balance - p);
  }
  const totalInterest = cents(instalments.reduce((s, i) => s + i.interest, 0));
  return {
    ok: true,
    plan: {
      status: hardship ? 'pending_approval' : 'active',
      hardship,
      principal,
      interestRate: rate,
      referenceRate: reference,
      totalInterest,
      total: cents(principal + totalInterest),
      instalments,
    },
  };
}
