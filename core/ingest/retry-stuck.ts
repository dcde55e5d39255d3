// The `ingest-sweep` job, every minute: inbox entries older than the grace period (their
// processing died with its process) get a retry through ctx.retry.
import { Inbox } from '../../models/inbox';
import type { IngestContext } from './ingest';

export async function retryStuckInbound(ctx: Pick<IngestContext, 'config' | 'retry'>, asOf: Date): Promise<{ rescheduled: number }> {
  const before = new Date(asOf.getTime() - ctx.config.INGEST_RETRY_AFTER_SECONDS * 1000);
  const stuck = await Inbox.find({ receivedAt: { $lt: before } }, { _id: 1 })
    .limit(1000)
    .lean();
  for (const m of stuck) await ctx.retry.retryIngest(String(m._id), 0);
  return { rescheduled: stuck.length };
}
