import session, { type SessionData } from 'express-session';
import type { Redis } from 'ioredis';

const agentSessionsKey = (agentId: string) => `agent-sessions:${agentId}`;

/** Ends every session of an agent (deactivated, or given another role): their next request must log in again. */
export async function endSessionsOf(redis: Redis, agentId: string, prefix = 'sess:'): Promise<number> {
  const sids = await redis.smembers(agentSessionsKey(agentId));
  if (sids.length) await redis.del(...sids.map((sid) => prefix + sid));
  await redis.del(agentSessionsKey(agentId));
  return sids.length;
}

/** express-session store on ioredis (connect-redis now speaks only node-redis). */
export class RedisSessionStore extends session.Store {
  constructor(
    private readonly redis: Redis,
    private readonly ttlSeconds: number,
    private readonly prefix = 'sess:',
  ) {
    super();
  }

  override get(sid: string, cb: (err: unknown, session?: SessionData | null) => void): void {
    this.redis.get(this.prefix + sid).then(
      (v) => cb(null, v ? (JSON.parse(v) as SessionData) : null),
      (err: unknown) => cb(err),
    );
  }

  override set(sid: string, sess: SessionData, cb?: (err?: unknown) => void): void {
    const agentId = (sess as { agentId?: string }).agentId;
    const write = this.redis.multi().set(this.prefix + sid, JSON.stringify(sess), 'EX', this.ttlSeconds);
    // Each agent's sessions, so deactivating an agent ends them (endSessionsOf).
    if (agentId) write.sadd(agentSessionsKey(agentId), sid).expire(agentSessionsKey(agentId), this.ttlSeconds);
    write.exec().then(
      () => cb?.(),
      (err: unknown) => cb?.(err),
    );
  }

  override destroy(sid: string, cb?: (err?: unknown) => void): void {
    this.redis.del(this.prefix + sid).then(
      () => cb?.(),
      (err: unknown) => cb?.(err),
    );
  }

  override touch(sid: string, _sess: SessionData, cb?: (err?: unknown) => void): void {
    this.redis.expire(this.prefix + sid, this.ttlSeconds).then(
      () => cb?.(),
      (err: unknown) => cb?.(err),
    );
  }
}
