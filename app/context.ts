import type { Redis } from 'ioredis';
import type { Server as SocketServer } from 'socket.io';
import type { CoreContext } from '../core/context';
import type { IngestRetries } from '../jobs/ingest-retry';
import type { Scheduler } from '../jobs/scheduler';

/** Everything built once by the composition root (server/context.ts) and passed down. */
export interface AppContext extends CoreContext {
  /** General-purpose connection (sessions, rate limits, caches); BullMQ has its own. */
  redis: Redis;
  redisUrl: string;
  mongoUri: string;
  scheduler: Scheduler<AppContext>;
  ingestRetries: IngestRetries;
  io: SocketServer;
}
