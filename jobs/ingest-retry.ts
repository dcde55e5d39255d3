// Inbound messages whose processing failed after they were stored are finished here:
// by a BullMQ job scheduled at the failure, and by a sweep for the ones a crash left
// (the `ingest-sweep` job, core/ingest/retry-stuck.ts).
import { Queue, Worker } from 'bullmq';
import type { RetryScheduler } from '../core/context';
import { processInbound, type IngestContext } from '../core/ingest/ingest';
import type { Redis } from 'ioredis';
import type { Logger } from '../core/logger';
import { errorLog } from './connection';
import { jobId } from './job-id';

const QUEUE = 'ingest';

export class IngestRetries implements RetryScheduler {
  private readonly queue: Queue;
  private worker: Worker | null = null;

  constructor(
    private readonly connection: Redis,
    logger?: Logger,
  ) {
    this.queue = new Queue(QUEUE, { connection });
    // Without a listener BullMQ prints the queue's connection errors on stderr.
    this.queue.on('error', logger ? errorLog(logger, 'ingest queue error') : () => undefined);
  }

  async retryIngest(messageId: string, delayMs = 1000): Promise<void> {
    const id = jobId('ingest', Buffer.from(messageId).toString('base64url'));
    // A job of that id kept as failed (a worker killed mid-job leaves it stalled, and stalled
    // jobs fail) would make the add below a no-op, and the sweep could never finish the
    // message: it is retried instead.
    const existing = await this.queue.getJob(id);
    if (existing && (await existing.isFailed())) {
      await existing.retry('failed');
      return;
    }
    await this.queue.add(
      'process',
      { messageId },
      {
        jobId: id,
        delay: delayMs,
        attempts: 12,
        backoff: { type: 'exponential', delay: 2000 },
        removeOnComplete: true,
        removeOnFail: { age: 30 * 86_400 },
      },
    );
  }

  startWorker(ctx: IngestContext): void {
    this.worker = new Worker(
      QUEUE,
      async (job) => {
        const result = await processInbound(ctx, String(job.data.messageId));
        return { ticketId: result.ticketId };
      },
      { connection: this.connection, concurrency: 4 },
    );
    this.worker.on('error', errorLog(ctx.logger, 'ingest worker error'));
  }

  async close(): Promise<void> {
    await this.worker?.close();
    await this.queue.close();
  }
}
