import { randomBytes } from 'node:crypto';

/**
 * A database of its own for each test file, and a Redis logical database per jest worker
 * (flushed when a file starts), so files never see each other's data or queues.
 */
export function testStoreUris(): { mongoUri: string; redisUrl: string } {
  const base = process.env.TEST_MONGO_BASE;
  const redis = process.env.TEST_REDIS_URL;
  if (!base || !redis) throw new Error('test services not started: run the tests through jest (npm test)');
  const worker = Number(process.env.JEST_WORKER_ID ?? '1') % 16;
  return { mongoUri: `${base}/t_${randomBytes(6).toString('hex')}`, redisUrl: `${redis}/${worker}` };
}
