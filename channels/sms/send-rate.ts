// Per-sender pacing: Twilio queues what a long code cannot send at once (about one SMS a
// second per number) and fails what waits too long, so we pace before calling it. One Redis
// counter per sender and second, shared by every server node.
import type { Redis } from 'ioredis';

export class SmsRateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly perSecond: number,
    /** Give up (and let the caller's retry take over) after this long. */
    private readonly maxWaitMs = 30_000,
  ) {}

  async acquire(sender: string): Promise<void> {
    if (this.perSecond <= 0) return;
    const deadline = Date.now() + this.maxWaitMs;
    for (;;) {
      const second = Math.floor(Date.now() / 1000);
      const key = `sms:rate:${sender}:${second}`;
      const [[, count]] = (await this.redis.multi().incr(key).expire(key, 2).exec()) as [[Error | null, number]];
      if (count <= this.perSecond) return;
      if (Date.now() > deadline) throw new Error('sms sender rate: waited too long for a slot');
      await new Promise((r) => setTimeout(r, (second + 1) * 1000 - Date.now() + 5));
    }
  }
}
