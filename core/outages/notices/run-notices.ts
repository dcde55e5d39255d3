// The notice run of one outage (a job on its own queue, jobs/outage-notices.ts): for each stage
// that applies — the declaration when the supervisor asked for it, the restoration once it is
// resolved — write down the recipients once (plan-notices.ts), then send what is due, linked
// contacts first, a batch at a time with the reminders' concurrency; the SMS sender paces it at
// its rate. A stage is done when nothing is left to send; what the notice hours hold back is
// sent by a later run (the `outage-notices` schedule). Resumable at any point: every step is
// keyed, and a notice held by a worker that died is taken over after the lease.
import { Outage, type OutageRow } from '../../../models/outage';
import { OutageNotice } from '../../../models/outage-notice';
import type { NoticeStage } from '../../../wire/outages';
import type { CoreContext } from '../../context';
import { inPool } from '../../pool';
import { planNotices } from './plan-notices';
import { sendOutageNotice, type NoticeOutcome } from './send-notice';

export type NoticeCounts = Record<'stages' | 'planned' | NoticeOutcome, number>;

type Ctx = Pick<CoreContext, 'config' | 'logger' | 'events' | 'clock' | 'rules' | 'outbound'>;

/** The stages of this outage that still have work, in order. */
export function stagesToRun(o: Pick<OutageRow, 'status' | 'notifyOnDeclare' | 'noticeRuns'>): NoticeStage[] {
  const stages: NoticeStage[] = [];
  if (o.notifyOnDeclare && !o.noticeRuns?.declared?.done && (o.status === 'active' || o.status === 'resolved')) stages.push('declared');
  if (o.status === 'resolved' && !o.noticeRuns?.resolved?.done) stages.push('resolved');
  return stages;
}

export async function runOutageNotices(ctx: Ctx, outageId: string, asOf: Date): Promise<NoticeCounts> {
  const counts: NoticeCounts = {
    stages: 0,
    planned: 0,
    sent: 0,
    deferred: 0,
    unreachable: 0,
    failed: 0,
    pending: 0,
    cancelled: 0,
    skipped: 0,
  };
  let outage = await Outage.findById(outageId).lean<OutageRow>();
  if (!outage) return counts;
  for (const stage of stagesToRun(outage)) {
    counts.stages += 1;
    if (stage === 'declared' && outage.status === 'resolved') {
      // Restored before everyone heard of it: the declaration is no news any more.
      const cancelled = await OutageNotice.updateMany(
        { outageId, stage, status: 'pending' },
        { $set: { status: 'cancelled', reason: 'outage_resolved' } },
      );
      counts.cancelled += cancelled.modifiedCount;
      await Outage.updateOne({ _id: outage._id }, { $set: { 'noticeRuns.declared.done': true } });
      continue;
    }
    if (!outage.noticeRuns?.[stage]?.planned)
      counts.planned += (await planNotices(outage, stage, asOf, ctx.config.REMINDER_BATCH_SIZE)).planned;
    await sendDue(ctx, outage, stage, asOf, counts);
    const open = await OutageNotice.exists({ outageId, stage, status: { $in: ['pending', 'sending'] } });
    if (!open) await Outage.updateOne({ _id: outage._id }, { $set: { [`noticeRuns.${stage}.done`]: true } });
    outage = (await Outage.findById(outageId).lean<OutageRow>()) ?? outage;
  }
  ctx.logger.info({ outageId, counts }, 'outage notices run');
  return counts;
}

/** Everything of the stage whose time has come, or whose worker died: in batches, lowest `order` first. */
async function sendDue(ctx: Ctx, outage: OutageRow, stage: NoticeStage, asOf: Date, counts: NoticeCounts): Promise<void> {
  const outageId = String(outage._id);
  const leaseEdge = new Date(ctx.clock.now().getTime() - ctx.config.REMINDER_CLAIM_LEASE_SECONDS * 1000);
  const seen = new Set<string>();
  for (;;) {
    // Led by the outage's id: the embedded store reads this outage's notices only.
    const due = (
      await OutageNotice.find(
        {
          outageId,
          stage,
          $or: [
            { status: 'pending', notBefore: { $lte: asOf } },
            { status: 'sending', claimedAt: { $lte: leaseEdge } },
          ],
        },
        { _id: 1, order: 1 },
      )
        .sort({ order: 1, _id: 1 })
        .limit(ctx.config.REMINDER_BATCH_SIZE)
        .lean()
    ).filter((n) => !seen.has(n._id));
    if (due.length === 0) return;
    await inPool(due, ctx.config.REMINDER_CONCURRENCY, async (n) => {
      seen.add(n._id);
      counts[await sendOutageNotice(ctx, n._id, outage, asOf)] += 1;
    });
  }
}
