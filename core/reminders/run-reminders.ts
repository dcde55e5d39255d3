// The reminders job: streams open bills through a cursor in batches (memory does not grow
// with the number of bills), decides each bill's next dunning step, creates the reminder
// for (bill, stage) once, and sends it. Reminders left pending by quiet hours, a missing
// channel or a worker that died are picked up first, so a restarted run misses nothing.
import { Bill, stagesBelow, type DunningStage } from '../../models/bill';
import { insertNew } from '../../models/store';
import { allOrFirstError, batches, inPool, pipeline } from '../pool';
import { Reminder, reminderId } from '../../models/reminder';
import { needsDeliveryProof, needsSupplyDebt, nextDunningStep } from '../billing/dunning';
import { supplyDebt, type SupplyDebt } from '../billing/supply-debt';
import { Message } from '../../models/message';
import { outstanding, type BillLike } from '../billing/bill-like';
import type { CoreContext } from '../context';
import { guardDisconnection } from '../protection/dunning-guard';
import { sendReminder, type ClaimedReminder, type SendOutcome } from './send-reminder';

export interface ReminderCounts {
  [k: string]: number;
  scanned: number;
  due: number;
  created: number;
  sent: number;
  cancelled: number;
  deferred: number;
  pending: number;
  failed: number;
  skipped: number;
  paused: number;
  held: number;
  retried: number;
  awaitingDelivery: number;
  /** Disconnection steps stopped or delayed by the vulnerability register (core/protection/). */
  protected: number;
}

/**
 * When a sent reminder reached the customer, or null: the receipt date of the registered letter
 * when the back office recorded it (the formal notice's legal proof), else its message's
 * delivery (status callback).
 */
async function deliveredAt(id: string): Promise<Date | null> {
  const r = await Reminder.findById(id, { messageId: 1, status: 1, receivedAt: 1 }).lean();
  if (r?.receivedAt) return r.receivedAt;
  if (!r?.messageId) return null;
  const m = await Message.findById(r.messageId, { deliveredAt: 1, state: 1 }).lean();
  return m?.state === 'delivered' ? (m.deliveredAt ?? null) : null;
}

/** The supply's overdue debt and average monthly charge, from its bills (indexed by contract). */
async function supplyDebtOf(contractNumber: string, asOf: Date, timeZone: string): Promise<SupplyDebt> {
  const rows = await Bill.find({ contractNumber }, { billNumber: 1, amount: 1, paidAmount: 1, status: 1, dueAt: 1 }).lean();
  return supplyDebt(rows as unknown as BillLike[], asOf, timeZone);
}

/** Fields the ladder reads; the rest of the bill stays in the store. */
const BILL_FIELDS = {
  billNumber: 1,
  contractNumber: 1,
  accountNumber: 1,
  service: 1,
  amount: 1,
  paidAmount: 1,
  status: 1,
  dueAt: 1,
  disputed: 1,
  collectionCancelledBy: 1,
  dunning: 1,
  instalmentPlan: 1,
  deferral: 1,
} as const;

function tally(counts: ReminderCounts, outcome: SendOutcome): void {
  counts[outcome] += 1;
}

export interface RunRemindersOptions {
  /** Called after each batch of bills (the benchmark samples memory here). */
  onBatch?: (counts: ReminderCounts) => void;
  /** Checked between batches: true stops the scan early (a time-boxed benchmark; the next run resumes). */
  shouldStop?: () => boolean;
}

const emptyCounts = (): ReminderCounts => ({
  scanned: 0,
  due: 0,
  created: 0,
  sent: 0,
  cancelled: 0,
  deferred: 0,
  pending: 0,
  failed: 0,
  skipped: 0,
  paused: 0,
  held: 0,
  retried: 0,
  awaitingDelivery: 0,
  protected: 0,
});

type BillRow = Parameters<typeof nextDunningStep>[0] & { accountNumber?: string | null };
interface Claim {
  bill: BillRow;
  stage: DunningStage;
  doc: { _id: string } & Record<string, unknown>;
}
interface Fired {
  bill: BillRow;
  stage: DunningStage;
  claimed?: ClaimedReminder;
}

export async function runReminders(ctx: CoreContext, asOf: Date, opts: RunRemindersOptions = {}): Promise<ReminderCounts> {
  const counts = emptyCounts();
  await retryLeftovers(ctx, asOf, counts);
  // 2. The ladder over every open bill; each batch sends while the cursor reads and decides
  // the next one (core/pool.ts pipeline: at most two batches in memory).
  const batchSize = ctx.config.REMINDER_BATCH_SIZE;
  const cursor = Bill.find({ status: 'open' }, BILL_FIELDS).lean().cursor({ batchSize });
  const { stopped } = await pipeline(cursor as AsyncIterable<unknown> as AsyncIterable<BillRow>, batchSize, {
    prepare: async (bills) => {
      counts.scanned += bills.length;
      const claims = await decideBatch(ctx, asOf, bills, counts);
      return claimBatch(ctx, asOf, claims, counts);
    },
    send: async ({ stageWrite, fired }) => {
      await allOrFirstError([
        stageWrite,
        inPool(fired, ctx.config.REMINDER_CONCURRENCY, async (f) => {
          const cmd = { reminderId: reminderId(f.bill.billNumber, f.stage), now: asOf, claimed: f.claimed };
          tally(counts, (await sendReminder(ctx, cmd)).outcome);
        }),
      ]);
      opts.onBatch?.(counts);
    },
    shouldStop: opts.shouldStop,
  });
  if (stopped) await cursor.close();
  return counts;
}

/** 1. What earlier runs left: queued for quiet hours, no channel yet, or claimed by a worker that died. */
async function retryLeftovers(ctx: CoreContext, asOf: Date, counts: ReminderCounts): Promise<void> {
  const leftovers = Reminder.find({ status: { $in: ['pending', 'sending'] } }, { _id: 1 })
    .lean()
    .cursor({ batchSize: ctx.config.REMINDER_BATCH_SIZE });
  for await (const rows of batches(leftovers, ctx.config.REMINDER_BATCH_SIZE)) {
    await inPool(
      rows.map((r) => String(r._id)),
      ctx.config.REMINDER_CONCURRENCY,
      async (id) => {
        const r = await sendReminder(ctx, { reminderId: id, now: asOf });
        if (r.outcome !== 'skipped') counts.retried += 1;
        tally(counts, r.outcome);
      },
    );
  }
}

/** Each bill's next dunning step; the ones that fire become claims (reminder documents to insert). */
async function decideBatch(ctx: CoreContext, asOf: Date, bills: BillRow[], counts: ReminderCounts): Promise<Claim[]> {
  const claims: Claim[] = [];
  const debts = new Map<string, Promise<SupplyDebt>>();
  await inPool(bills, ctx.config.REMINDER_CONCURRENCY, async (bill) => {
    const timeZone = ctx.config.TIMEZONE;
    // Only bills whose next stage counts from a proven delivery pay for two lookups by _id.
    const previousDeliveredAt = needsDeliveryProof(bill, ctx.rules)
      ? await deliveredAt(reminderId(bill.billNumber, bill.dunning?.stage ?? 'none'))
      : null;
    // Only overdue bills with a debt condition ahead read their supply's bills (one indexed look-up per contract and batch).
    let debt: SupplyDebt | null = null;
    if (bill.contractNumber && needsSupplyDebt(bill, ctx.rules, asOf, timeZone)) {
      const contract = bill.contractNumber;
      let p = debts.get(contract);
      if (!p) debts.set(contract, (p = supplyDebtOf(contract, asOf, timeZone)));
      debt = await p;
    }
    const step = await guardDisconnection(
      ctx,
      bill,
      nextDunningStep(bill, ctx.rules, asOf, { timeZone, previousDeliveredAt, supplyDebt: debt }),
      asOf,
    );
    if (step.kind === 'protected') {
      counts.protected += 1;
      return;
    }
    if (step.kind === 'awaiting_delivery') {
      counts.awaitingDelivery += 1;
      return;
    }
    if (step.kind === 'paused') {
      counts.paused += 1;
      if (bill.dunning?.pausedReason !== step.reason)
        await Bill.updateOne({ _id: bill.billNumber }, { $set: { 'dunning.pausedReason': step.reason } });
      return;
    }
    if (step.kind === 'held') {
      counts.held += 1;
      return;
    }
    if (step.kind !== 'fire') return;
    counts.due += 1;
    // The insert is the claim: status "sending" for this worker, exactly one per (bill, stage).
    claims.push({ bill, stage: step.stage, doc: claimDoc(ctx, asOf, bill, step.stage) });
  });
  return claims;
}

function claimDoc(ctx: CoreContext, asOf: Date, bill: BillRow, stage: DunningStage): Claim['doc'] {
  return {
    _id: reminderId(bill.billNumber, stage),
    billNumber: bill.billNumber,
    stage,
    accountNumber: bill.accountNumber,
    contractNumber: bill.contractNumber,
    status: 'sending',
    claimedAt: ctx.clock.now(),
    attempts: 1,
    notBefore: asOf,
    decidedAt: asOf,
    amount: outstanding(bill),
  };
}

/** Inserts the batch's claims and starts recording the stages; what it returns is sent next. */
async function claimBatch(
  ctx: CoreContext,
  asOf: Date,
  claims: Claim[],
  counts: ReminderCounts,
): Promise<{ fired: Fired[]; stageWrite: Promise<unknown> }> {
  // One request for the batch's claims. An id that exists already is a re-run, or a run that
  // died after creating it: sendReminder claims that one the slow way (or finds it done).
  const taken = await insertNew(
    Reminder,
    claims.map((c) => c.doc),
  );
  counts.created += taken.size;
  const fired: Fired[] = claims.map((c) => ({
    bill: c.bill,
    stage: c.stage,
    claimed: taken.has(c.doc._id) ? { _id: c.doc._id, billNumber: c.bill.billNumber, stage: c.stage, attempts: 1 } : undefined,
  }));
  // The stage only moves forward: a compare-and-set per bill, keyed by `_id` (an `$in` over
  // many ids would read the whole collection on FerretDB), sent as one bulk request; a
  // re-run finds it done and changes nothing. It overlaps the previous batch's sends; its
  // outcome is taken with this batch's sends (the no-op handler only keeps a failure from
  // counting as unhandled while it waits). A worker that dies first is reconciled by the retry.
  const stageWrite =
    fired.length === 0
      ? Promise.resolve()
      : Bill.bulkWrite(
          fired.map((f) => ({
            updateOne: {
              filter: { _id: f.bill.billNumber, 'dunning.stage': { $in: stagesBelow(f.stage) } },
              update: { $set: { 'dunning.stage': f.stage, 'dunning.stageAt': asOf, 'dunning.pausedReason': null } },
            },
          })),
          { ordered: false },
        );
  stageWrite.catch(() => undefined);
  return { fired, stageWrite };
}
