// Outage notice runs on a queue of their own: a run paced by the SMS sender's rate may take an
// hour for a large area, and must not hold up the scheduled jobs (which run one at a time).
// One job per outage and trigger (the version a declaration or a resolution made, or the
// schedule's slot), its id derived from both; a run that finds nothing left does nothing.
import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { CoreContext, NoticeScheduler } from '../core/context';
import type { Logger } from '../core/logger';
import { runOutageNotices } from '../core/outages/notices/run-notices';
import { errorLog } from './connection';
import { jobId } from './job-id';

const QUEUE = 'outage-notices';

export class OutageNoticeRuns implements NoticeScheduler {
  private readonly queue: Queue;
  private worker: Worker | null = null;

  constructor(
    private readonly connection: Redis,
    logger: Logger,
  ) {
    this.queue = new Queue(QUEUE, { connection });
    this.queue.on('error', errorLog(logger, 'outage notices queue error'));
  }

  async runOutageNotices(outageId: string, trigger: string): Promise<void> {
    await this.queue.add(
      'run',
      { outageId },
      {
        jobId: jobId('outage', outageId, trigger),
        attempts: 5,
        backoff: { type: 'exponential', delay: 5000 },
        removeOnComplete: { age: 86_400 },
        removeOnFail: { age: 7 * 86_400 },
      },
    );
  }

  startWorker(ctx: CoreContext): void {
    this.worker = new Worker(QUEUE, async (job) => runOutageNotices(ctx, String(job.data.outageId), ctx.clock.now()), {
      connection: this.connection,
      concurrency: 1,
    });
    this.worker.on('error', errorLog(ctx.logger, 'outage notices worker error'));
  }

  async close(): Promise<void> {
    await this.worker?.close();
    await this.queue.close();
  }
}
