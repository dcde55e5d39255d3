import session, { type SessionData } from 'express-session';
import type { Redis } from 'ioredis';

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
    this.redis.set(this.prefix + sid, JSON.stringify(sess), 'EX', this.ttlSeconds).then(
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
