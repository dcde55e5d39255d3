// The shape of a bill the pure rules read: models/bill.ts as a lean document, or a plain
// object in a unit test. Optional and nullable, as the store returns it.
export interface InstalmentLike {
  dueAt: Date;
  amount: number;
  paidAt?: Date | null;
}

export interface BillLike {
  billNumber: string;
  contractNumber?: string | null;
  service?: string | null;
  amount: number;
  paidAmount?: number | null;
  status?: string | null;
  dueAt: Date;
  disputed?: boolean | null;
  /** An upheld dispute over the contract cancelled collection of this bill for good. */
  collectionCancelledBy?: string | null;
  dunning?: { stage?: string | null; stageAt?: Date | null; pausedReason?: string | null } | null;
  instalmentPlan?: { status?: string | null; instalments?: InstalmentLike[] | null } | null;
  deferral?: { requestedAt?: Date | null; originalDueAt?: Date | null; newDueAt?: Date | null } | null;
}

export interface CustomerLike {
  segment?: string | null;
  hardship?: string[] | null;
}

/** Money rounding: amounts are currency units with cents. */
export const cents = (v: number): number => Math.round(v * 100) / 100;

export function outstanding(bill: BillLike): number {
  return cents(bill.amount - (bill.paidAmount ?? 0));
}

export function isSettled(bill: BillLike): boolean {
  return bill.status === 'paid' || bill.status === 'cancelled' || !!bill.collectionCancelledBy || outstanding(bill) <= 0;
}

/** The first instalment of a running plan that fell due before `today` unpaid, if any. */
export function missedInstalment(bill: BillLike, todayStart: Date): InstalmentLike | null {
  const plan = bill.instalmentPlan;
  if (!plan || (plan.status !== 'active' && plan.status !== 'defaulted')) return null;
  for (const i of plan.instalments ?? []) {
    if (!i.paidAt && i.dueAt.getTime() < todayStart.getTime()) return i;
  }
  return null;
}
