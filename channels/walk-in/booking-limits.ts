// Slot bookings are public like the reception form, so one address cannot take every slot of
// an office: bookings made per client IP are limited by the reception's own settings
// (RECEPTION_IP_LIMIT per RECEPTION_WINDOW_MINUTES), counted in Redis so every node shares them.
// Refused attempts (a full slot, bad input) do not count.
import type { Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { RedisStore, type RedisReply } from 'rate-limit-redis';
import type { Redis } from 'ioredis';
import type { Config } from '../../core/config';

export function bookingLimit(redis: Redis, config: Pick<Config, 'RECEPTION_IP_LIMIT' | 'RECEPTION_WINDOW_MINUTES'>): RequestHandler {
  return rateLimit({
    windowMs: config.RECEPTION_WINDOW_MINUTES * 60_000,
    limit: config.RECEPTION_IP_LIMIT,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    skipFailedRequests: true,
    // A Redis outage must not take booking down with it.
    passOnStoreError: true,
    store: new RedisStore({
      prefix: 'rl:booking:ip:',
      sendCommand: (command: string, ...args: string[]) => redis.call(command, ...args) as Promise<RedisReply>,
    }),
    keyGenerator: (req: Request) => ipKeyGenerator(req.ip ?? ''),
    handler: (_req: Request, res: Response) => {
      res.status(429).json({ error: 'RateLimited', message: 'too many bookings from this address: try again later' });
    },
  });
}
