// The dunning ladder as a state machine over one bill: from the stage the bill is at
// (models/bill.ts dunning.stage) and the rule set's ladder, what is the next step and
// when. Pure: the clock and the time zone are passed in; nothing is read or written.
import { DUNNING_STAGES, type DunningStage } from '../../models/bill';
import type { LadderStage, RuleSet } from '../rules/presets';
import { type BillLike, isSettled, missedInstalment, outstanding } from './bill-like';
import { addDelay, localDay } from './calendar';
import type { SupplyDebt } from './supply-debt';

export type PauseReason = 'disputed' | 'instalment_plan' | 'deferral';

export type DunningStep =
  /** Nothing more will happen: the bill is paid or cancelled, or the ladder is complete. */
  | { kind: 'stop'; reason: 'paid' | 'cancelled' | 'ladder_complete' }
  | { kind: 'paused'; reason: PauseReason }
  /** The next stage falls due at `at` (start of that local day). */
  | { kind: 'wait'; stage: DunningStage; at: Date }
  /** The next stage waits until the supply's debt reaches its threshold (ru: more than 2 months' charges). */
  | { kind: 'below_threshold'; stage: DunningStage }
  /** The next stage counts from the delivery of the previous one, not proven yet. */
  | { kind: 'awaiting_delivery'; stage: DunningStage }
  /** The next stage is due but leads to disconnection and the moratorium is on. */
  | { kind: 'held'; stage: DunningStage; reason: 'moratorium'; at: Date }
  | { kind: 'fire'; stage: DunningStage; at: Date; def: LadderStage | null };

export interface DunningOptions {
  timeZone: string;
  /** The bill's contract has an open disputed-contract ticket (contract.disputeTicketId). */
  contractDisputed?: boolean;
  /** When the current stage's message was delivered, for stages counted from delivery. */
  previousDeliveredAt?: Date | null;
  /**
   * The supply's debt (core/billing/supply-debt.ts), read by stages with a debt condition;
   * without it those stages judge by this bill alone (its outstanding amount and its amount
   * as the monthly charge).
   */
  supplyDebt?: SupplyDebt | null;
}

const order = (s: string | null | undefined): number => Math.max(0, DUNNING_STAGES.indexOf((s ?? 'none') as DunningStage));

/** Why the ladder is paused for this bill now, or null. A missed instalment resumes it. */
export function pauseReason(bill: BillLike, now: Date, opts: DunningOptions): PauseReason | null {
  if (bill.disputed || opts.contractDisputed) return 'disputed';
  const today = localDay(now, opts.timeZone).toJSDate();
  const plan = bill.instalmentPlan?.status;
  if ((plan === 'active' || plan === 'pending_approval') && !missedInstalment(bill, today)) return 'instalment_plan';
  const newDue = bill.deferral?.newDueAt;
  if (newDue && localDay(newDue, opts.timeZone) >= localDay(now, opts.timeZone)) return 'deferral';
  return null;
}

/** The date the ladder counts from: the due date, moved by a deferral, or the first missed instalment. */
export function ladderAnchor(bill: BillLike, now: Date, timeZone: string): Date {
  const missed = missedInstalment(bill, localDay(now, timeZone).toJSDate());
  const due = bill.deferral?.newDueAt ?? bill.dueAt;
  return missed && missed.dueAt > due ? missed.dueAt : due;
}

/** True when the bill's next ladder stage counts from the delivery of its current one (the caller looks it up). */
export function needsDeliveryProof(bill: BillLike, rules: RuleSet): boolean {
  const current = order(bill.dunning?.stage);
  const next = applicableStages(bill, rules).find((s) => order(s.stage) > current);
  return next?.after.from === 'previous_delivered' && current > order('due_soon');
}

/**
 * True when the bill is overdue and a stage still ahead of it has a debt condition: the
 * caller then reads the supply's debt (one look-up by contract) before deciding.
 */
export function needsSupplyDebt(bill: BillLike, rules: RuleSet, now: Date, timeZone: string): boolean {
  if (isSettled(bill) || bill.status === 'cancelled') return false;
  if (localDay(now, timeZone) <= localDay(ladderAnchor(bill, now, timeZone), timeZone)) return false;
  const current = order(bill.dunning?.stage);
  return rules.dunning.ladder.some((s) => order(s.stage) > current && (s.maxDebt !== undefined || s.minDebtMonths !== undefined));
}

/** A stage under `maxDebt` is skipped when the supply's total overdue debt is not under it (seed: the first reminder). */
function underMaxDebt(s: LadderStage, bill: BillLike, debt: SupplyDebt | null | undefined): boolean {
  return s.maxDebt === undefined || (debt ? debt.overdue : outstanding(bill)) < s.maxDebt;
}

/**
 * A stage with `minDebtMonths` waits (and the ladder with it) until the supply's overdue debt
 * is more than that many average monthly charges (ru: the customer is a debtor).
 */
function debtorReached(s: LadderStage, bill: BillLike, debt: SupplyDebt | null | undefined): boolean {
  if (s.minDebtMonths === undefined) return true;
  const overdue = debt ? debt.overdue : outstanding(bill);
  return overdue > s.minDebtMonths * (debt?.averageMonthlyCharge ?? bill.amount);
}

/** The ladder stages that apply to this bill (service filter, the debt ceiling), in ladder order. */
export function applicableStages(bill: BillLike, rules: RuleSet, debt?: SupplyDebt | null): LadderStage[] {
  return rules.dunning.ladder.filter(
    (s) => (!s.services || (bill.service != null && s.services.includes(bill.service as never))) && underMaxDebt(s, bill, debt),
  );
}

/** The next step of the ladder for `bill` as of `now`. */
export function nextDunningStep(bill: BillLike, rules: RuleSet, now: Date, opts: DunningOptions): DunningStep {
  if (bill.status === 'cancelled' || bill.collectionCancelledBy) return { kind: 'stop', reason: 'cancelled' };
  if (isSettled(bill)) return { kind: 'stop', reason: 'paid' };
  const paused = pauseReason(bill, now, opts);
  if (paused) return { kind: 'paused', reason: paused };

  const tz = opts.timeZone;
  const country = rules.dunning.country;
  const today = localDay(now, tz).toJSDate();
  const current = order(bill.dunning?.stage);
  const anchor = ladderAnchor(bill, now, tz);
  const anchorDay = localDay(anchor, tz).toJSDate();

  // Due soon: only from "none", only in the window before the (possibly deferred) due date.
  if (current < order('due_soon')) {
    const from = addDelay(anchorDay, -rules.dunning.dueSoonDays, 'calendar', country, tz);
    if (today < from) return { kind: 'wait', stage: 'due_soon', at: from };
    if (today <= anchorDay) return { kind: 'fire', stage: 'due_soon', at: from, def: null };
    // Past the due date: the due-soon message no longer makes sense, the ladder takes over.
  }

  const next = applicableStages(bill, rules, opts.supplyDebt).find((s) => order(s.stage) > current);
  if (!next) return { kind: 'stop', reason: 'ladder_complete' };
  if (!debtorReached(next, bill, opts.supplyDebt)) return { kind: 'below_threshold', stage: next.stage };

  const previousAt = bill.dunning?.stageAt && current > order('due_soon') ? localDay(bill.dunning.stageAt, tz).toJSDate() : null;
  if (next.after.from === 'previous_delivered' && previousAt && !opts.previousDeliveredAt)
    return { kind: 'awaiting_delivery', stage: next.stage };
  const deliveredAt = opts.previousDeliveredAt ? localDay(opts.previousDeliveredAt, tz).toJSDate() : null;
  const base =
    next.after.from === 'previous' && previousAt
      ? previousAt
      : next.after.from === 'previous_delivered' && deliveredAt
        ? deliveredAt
        : anchorDay;
  let at = addDelay(base, next.after.days, next.after.unit, country, tz);
  if (next.after.plusWorkingDays) at = addDelay(at, next.after.plusWorkingDays, 'working', country, tz);
  if (next.minDaysAfterPrevious !== undefined && previousAt) {
    const gap = addDelay(previousAt, next.minDaysAfterPrevious, 'calendar', country, tz);
    if (gap > at) at = gap;
  }
  if (today < at) return { kind: 'wait', stage: next.stage, at };
  if (next.leadsToDisconnection && rules.dunning.moratorium) return { kind: 'held', stage: next.stage, reason: 'moratorium', at };
  return { kind: 'fire', stage: next.stage, at, def: next };
}

/** The stage that should be sent for this bill now, or null (paused, waiting, held, done). */
export function dunningStage(bill: BillLike, rules: RuleSet, now: Date, opts: DunningOptions): DunningStage | null {
  const step = nextDunningStep(bill, rules, now, opts);
  return step.kind === 'fire' ? step.stage : null;
}

/** The ladder definition of a stage for a bill (null for due_soon). */
export function stageDefinition(bill: BillLike, rules: RuleSet, stage: DunningStage): LadderStage | null {
  return applicableStages(bill, rules).find((s) => s.stage === stage) ?? rules.dunning.ladder.find((s) => s.stage === stage) ?? null;
}
