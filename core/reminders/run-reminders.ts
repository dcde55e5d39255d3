// The reminders job: streams open bills through a cursor in batches (memory does not grow
// with the number of bills), decides each bill's next dunning step, creates the reminder
// for (bill, stage) once, and sends it. Reminders left pending by quiet hours, a missing
// channel or a worker that died are picked up first, so a restarted run misses nothing.
import { DUNNING_STAGES, type DunningStage } from '../../models/bill';
import { Bill } from '../../models/bill';
import { insertNew } from '../../models/guard';
import { allOrFirstError, inPool } from '../pool';
import { Reminder, reminderId } from '../../models/reminder';
import { needsDeliveryProof, nextDunningStep } from '../billing/dunning';
import { Message } from '../../models/message';
import { outstanding } from '../billing/bill-like';
import type { CoreContext } from '../context';
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
}

/** When the message of a sent reminder was delivered (delivery status callback), or null. */
async function deliveredAt(id: string): Promise<Date | null> {
  const r = await Reminder.findById(id, { messageId: 1, status: 1 }).lean();
  if (!r?.messageId) return null;
  const m = await Message.findById(r.messageId, { deliveredAt: 1, state: 1 }).lean();
  return m?.state === 'delivered' ? (m.deliveredAt ?? null) : null;
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
  dunning: 1,
  instalmentPlan: 1,
  deferral: 1,
} as const;

const lowerStages = (stage: DunningStage): Array<DunningStage | null> => [null, ...DUNNING_STAGES.slice(0, DUNNING_STAGES.indexOf(stage))];

function tally(counts: ReminderCounts, outcome: SendOutcome): void {
  counts[outcome] += 1;
}

export interface RunRemindersOptions {
  /** Called after each batch of bills (the benchmark samples memory here). */
  onBatch?: (counts: ReminderCounts) => void;
  /** Checked between batches: true stops the scan early (a time-boxed benchmark; the next run resumes). */
  shouldStop?: () => boolean;
}

export async function runReminders(ctx: CoreContext, asOf: Date, opts: RunRemindersOptions = {}): Promise<ReminderCounts> {
  const counts: ReminderCounts = {
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
  };
  const batchSize = ctx.config.REMINDER_BATCH_SIZE;
  const width = ctx.config.REMINDER_CONCURRENCY;
  const tz = ctx.config.TIMEZONE;

  // 1. What earlier runs left: queued for quiet hours, no channel yet, or claimed by a worker that died.
  const leftovers = Reminder.find({ status: { $in: ['pending', 'sending'] } }, { _id: 1 })
    .lean()
    .cursor({ batchSize });
  let ids: string[] = [];
  const flushIds = async () => {
    await inPool(ids, width, async (id) => {
      const r = await sendReminder(ctx, { reminderId: id, now: asOf });
      if (r.outcome !== 'skipped') counts.retried += 1;
      tally(counts, r.outcome);
    });
    ids = [];
  };
  for await (const r of leftovers) {
    ids.push(String(r._id));
    if (ids.length >= batchSize) await flushIds();
  }
  await flushIds();

  // 2. The ladder over every open bill.
  type BillRow = Parameters<typeof nextDunningStep>[0] & { accountNumber?: string | null };
  const cursor = Bill.find({ status: 'open' }, BILL_FIELDS).lean().cursor({ batchSize });
  let batch: BillRow[] = [];
  const flush = async () => {
    const work = batch;
    batch = [];
    const claims: Array<{ bill: BillRow; stage: DunningStage; doc: { _id: string } & Record<string, unknown> }> = [];
    await inPool(work, width, async (bill) => {
      // Only bills whose next stage counts from a proven delivery pay for two lookups by _id.
      const previousDeliveredAt = needsDeliveryProof(bill, ctx.rules)
        ? await deliveredAt(reminderId(bill.billNumber, bill.dunning?.stage ?? 'none'))
        : null;
      const step = nextDunningStep(bill, ctx.rules, asOf, { timeZone: tz, previousDeliveredAt });
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
      const id = reminderId(bill.billNumber, step.stage);
      // The insert is the claim: status "sending" for this worker, exactly one per (bill, stage).
      claims.push({
        bill,
        stage: step.stage,
        doc: {
          _id: id,
          billNumber: bill.billNumber,
          stage: step.stage,
          accountNumber: bill.accountNumber,
          contractNumber: bill.contractNumber,
          status: 'sending',
          claimedAt: ctx.clock.now(),
          attempts: 1,
          notBefore: asOf,
          decidedAt: asOf,
          amount: outstanding(bill),
        },
      });
    });
    // One request for the batch's claims. An id that exists already is a re-run, or a run that
    // died after creating it: sendReminder claims that one the slow way (or finds it done).
    const taken = await insertNew(
      Reminder,
      claims.map((c) => c.doc),
    );
    counts.created += taken.size;
    const fired: Array<{ bill: BillRow; stage: DunningStage; claimed?: ClaimedReminder }> = claims.map((c) => ({
      bill: c.bill,
      stage: c.stage,
      claimed: taken.has(c.doc._id) ? { _id: c.doc._id, billNumber: c.bill.billNumber, stage: c.stage, attempts: 1 } : undefined,
    }));
    // The stage only moves forward: a compare-and-set per bill, keyed by `_id` (an `$in` over
    // many ids would read the whole collection on FerretDB), sent as one bulk request; a
    // re-run finds it done and changes nothing. It overlaps the previous batch's sends; its
    // outcome is taken with this batch's below (the no-op handler only keeps a failure from
    // counting as unhandled while it waits). A worker that dies first is reconciled by the retry.
    const stageWrite =
      fired.length === 0
        ? Promise.resolve()
        : Bill.bulkWrite(
            fired.map((f) => ({
              updateOne: {
                filter: { _id: f.bill.billNumber, 'dunning.stage': { $in: lowerStages(f.stage) } },
                update: { $set: { 'dunning.stage': f.stage, 'dunning.stageAt': asOf, 'dunning.pausedReason': null } },
              },
            })),
            { ordered: false },
          );
    stageWrite.catch(() => undefined);
    // This batch sends while the cursor reads and decides the next one; at most two batches
    // are in memory.
    await settle();
    inFlight = allOrFirstError([
      stageWrite,
      inPool(fired, width, async (f) => {
        tally(
          counts,
          (await sendReminder(ctx, { reminderId: reminderId(f.bill.billNumber, f.stage), now: asOf, claimed: f.claimed })).outcome,
        );
      }),
    ]).then(
      () => opts.onBatch?.(counts),
      (err: unknown) => {
        failure ??= err;
      },
    );
  };
  // The batch being sent, and the first error it met (thrown at the next hand-over, never lost).
  let inFlight: Promise<void> = Promise.resolve();
  let failure: unknown;
  const settle = async () => {
    await inFlight;
    if (failure !== undefined) throw failure;
  };
  try {
    for await (const bill of cursor) {
      counts.scanned += 1;
      batch.push(bill as unknown as BillRow);
      if (batch.length >= batchSize) {
        await flush();
        if (opts.shouldStop?.()) {
          await settle();
          await cursor.close();
          return counts;
        }
      }
    }
    await flush();
    await settle();
  } catch (err) {
    // The run fails as a whole, but not while a batch it started is still sending.
    await inFlight;
    throw err;
  }
  return counts;
}
