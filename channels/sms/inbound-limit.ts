// Per-number inbound limit: a looping auto-responder or a flood from one number must not
// fill the queues. One Redis counter per number and fixed window, shared by every node.
// A redelivery of the same message (Twilio retry) is counted once.
import type { Redis } from 'ioredis';

export interface InboundLimitCheck {
  number: string;
  /** Twilio's MessageSid: a redelivery carries the same one. */
  messageSid: string;
  max: number;
  windowSeconds: number;
  now: Date;
}

export async function overInboundLimit(redis: Redis, check: InboundLimitCheck): Promise<{ over: boolean; count: number }> {
  const { number, messageSid, max, windowSeconds, now } = check;
  const bucket = Math.floor(now.getTime() / 1000 / windowSeconds);
  const key = `sms:in:${number}:${bucket}`;
  const first = await redis.set(`sms:in:sid:${messageSid}`, '1', 'EX', windowSeconds * 2, 'NX');
  if (first !== 'OK') {
    const seen = Number((await redis.get(key)) ?? 0);
    return { over: seen > max, count: seen };
  }
  const [[, count]] = (await redis
    .multi()
    .incr(key)
    .expire(key, windowSeconds + 5)
    .exec()) as [[Error | null, number]];
  return { over: count > max, count };
}
