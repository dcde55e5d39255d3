// Scheduled jobs. node-cron fires on every node; each tick only enqueues a BullMQ job
// whose id is derived from the job name and the time slot, so N nodes give one run.
// The same definitions run on demand through POST /api/admin/jobs/:name/run {asOf}.
import { Queue, Worker } from 'bullmq';
import cron, { type ScheduledTask } from 'node-cron';
import { JobRun } from '../models/job-run';
import type { Logger } from '../core/logger';
import type { Redis } from 'ioredis';
import { errorLog } from './connection';
import { jobId } from './job-id';

export type JobCounts = Record<string, number>;

export interface JobDefinition<C> {
  name: string;
  /** node-cron expression, evaluated in the configured time zone; none = on demand only. */
  cron?: string;
  run(ctx: C, asOf: Date): Promise<JobCounts>;
}

export interface JobRunResult {
  runId: string;
  name: string;
  asOf: Date;
  status: 'succeeded' | 'failed';
  counts: JobCounts;
  error?: string;
}

const QUEUE = 'scheduled';

export class Scheduler<C> {
  private readonly defs = new Map<string, JobDefinition<C>>();
  private readonly queue: Queue;
  private worker: Worker | null = null;
  private tasks: ScheduledTask[] = [];

  constructor(
    private readonly ctx: C,
    private readonly connection: Redis,
    private readonly logger: Logger,
    private readonly timezone: string,
  ) {
    this.queue = new Queue(QUEUE, { connection });
    // Without a listener BullMQ prints the queue's connection errors on stderr.
    this.queue.on('error', errorLog(logger, 'scheduler queue error'));
  }

  register(def: JobDefinition<C>): this {
    this.defs.set(def.name, def);
    return this;
  }

  names(): string[] {
    return [...this.defs.keys()];
  }

  has(name: string): boolean {
    return this.defs.has(name);
  }

  /** Runs a job in this process and records the run; used by the worker and by admins. */
  async runNow(name: string, asOf: Date, trigger: 'cron' | 'manual' | 'retry' = 'manual'): Promise<JobRunResult> {
    const def = this.defs.get(name);
    if (!def) throw new Error(`unknown job ${name}`);
    const run = await JobRun.create({ name, trigger, asOf, startedAt: new Date(), status: 'running' });
    const log = this.logger.child({ job: name, runId: String(run._id) });
    try {
      const counts = await def.run(this.ctx, asOf);
      await JobRun.updateOne({ _id: run._id }, { $set: { status: 'succeeded', finishedAt: new Date(), counts } });
      log.info({ counts }, 'job run finished');
      return { runId: String(run._id), name, asOf, status: 'succeeded', counts };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      await JobRun.updateOne({ _id: run._id }, { $set: { status: 'failed', finishedAt: new Date(), error: message } });
      log.error({ err }, 'job run failed');
      return { runId: String(run._id), name, asOf, status: 'failed', counts: {}, error: message };
    }
  }

  /** Enqueue the run for a time slot; every node may call this, one job results. */
  async enqueueSlot(name: string, slot: Date): Promise<void> {
    await this.queue.add(
      name,
      { asOf: slot.toISOString() },
      {
        jobId: jobId(name, slot.toISOString()),
        removeOnComplete: { age: 86_400 },
        removeOnFail: { age: 7 * 86_400 },
        attempts: 3,
        backoff: { type: 'exponential', delay: 5000 },
      },
    );
  }

  startCron(): void {
    for (const def of this.defs.values()) {
      if (!def.cron) continue;
      const task = cron.schedule(
        def.cron,
        () => {
          const slot = new Date(Math.floor(Date.now() / 60_000) * 60_000);
          this.enqueueSlot(def.name, slot).catch((err: unknown) =>
            this.logger.error({ err, job: def.name }, 'could not enqueue scheduled job'),
          );
        },
        { timezone: this.timezone, name: def.name },
      );
      this.tasks.push(task);
    }
  }

  startWorker(): void {
    this.worker = new Worker(
      QUEUE,
      async (job) => {
        const result = await this.runNow(job.name, new Date(String(job.data.asOf)), 'cron');
        if (result.status === 'failed') throw new Error(result.error);
        return result.counts;
      },
      { connection: this.connection, concurrency: 1 },
    );
    this.worker.on('error', errorLog(this.logger, 'scheduler worker error'));
  }

  async close(): Promise<void> {
    for (const t of this.tasks) await t.stop();
    this.tasks = [];
    await this.worker?.close();
    await this.queue.close();
  }
}
