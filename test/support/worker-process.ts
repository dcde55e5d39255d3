// A worker-only process (`server/worker.ts`, as `npm run worker` runs it) on the store and
// Redis of the in-process test server; the entry point itself is what is under test.
import type { ChildProcess } from 'node:child_process';
import { startEntryProcess } from './entry-process';

export interface WorkerProcess {
  child: ChildProcess;
  /** SIGTERM, then the exit code (null if it had to be killed). */
  stop(): Promise<number | null>;
}

export async function startWorkerProcess(opts: {
  mongoUri: string;
  redisUrl: string;
  env?: Record<string, string>;
  timeoutMs?: number;
}): Promise<WorkerProcess> {
  const worker = await startEntryProcess({ entry: 'server/worker.ts', ready: /worker ready/, ...opts });
  return { child: worker.child, stop: () => worker.stop() };
}
