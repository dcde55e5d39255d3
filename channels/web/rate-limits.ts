// Abuse limits without third-party captchas: per client IP and per contact (e-mail or
// phone), counted in Redis so every node shares them (express-rate-limit + rate-limit-redis).
import type { Redis } from 'ioredis';
import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { RedisStore, type RedisReply } from 'rate-limit-redis';
import type { Config } from '../../core/config';
import { tWeb } from './catalog';
import { messageKey } from '../../core/ingest/inbound-message';
import { Inbox } from '../../models/inbox';
import { Message } from '../../models/message';
import { contactKey, SUBMISSION_ID } from './request-schema';

/**
 * A repeat of a submission already stored (same submissionId): it opens nothing, so no limit
 * applies and it always gets the first ticket back (double clicks, retries after a 503).
 */
async function knownSubmission(req: Request): Promise<boolean> {
  const id = (req.body as { submissionId?: unknown } | undefined)?.submissionId;
  if (typeof id !== 'string' || !SUBMISSION_ID.test(id)) return false;
  const key = messageKey('web', `form:${id}`);
  return !!(await Message.exists({ _id: key })) || !!(await Inbox.exists({ _id: key }));
}

function store(redis: Redis, prefix: string): RedisStore {
  return new RedisStore({
    prefix: `rl:reception:${prefix}:`,
    sendCommand: (command: string, ...args: string[]) => redis.call(command, ...args) as Promise<RedisReply>,
  });
}

function languageOf(req: Request): string | undefined {
  const body = req.body as { language?: unknown } | undefined;
  if (typeof body?.language === 'string') return body.language;
  return typeof req.query.lang === 'string' ? req.query.lang : undefined;
}

export interface ReceptionLimits {
  perIp: RequestHandler;
  perContact: RequestHandler;
  tracking: RequestHandler;
}

export function receptionLimits(
  redis: Redis,
  config: Pick<Config, 'RECEPTION_IP_LIMIT' | 'RECEPTION_CONTACT_LIMIT' | 'RECEPTION_WINDOW_MINUTES' | 'DEFAULT_COUNTRY'>,
): ReceptionLimits {
  const windowMs = config.RECEPTION_WINDOW_MINUTES * 60_000;
  const common = {
    windowMs,
    standardHeaders: 'draft-8' as const,
    legacyHeaders: false,
    // A Redis outage must not take the public form down with it.
    passOnStoreError: true,
    handler: (req: Request, res: import('express').Response) => {
      res.status(429).json({ error: 'RateLimited', message: tWeb(languageOf(req), 'error.rate_limited') });
    },
  };
  return {
    perIp: rateLimit({
      ...common,
      limit: config.RECEPTION_IP_LIMIT,
      store: store(redis, 'ip'),
      skip: knownSubmission,
      keyGenerator: (req) => ipKeyGenerator(req.ip ?? ''),
    }),
    perContact: rateLimit({
      ...common,
      limit: config.RECEPTION_CONTACT_LIMIT,
      store: store(redis, 'contact'),
      skip: async (req) => contactKey(req.body, config.DEFAULT_COUNTRY) === null || (await knownSubmission(req)),
      keyGenerator: (req) => contactKey(req.body, config.DEFAULT_COUNTRY) ?? 'none',
    }),
    // Reading a request is cheap and the token unguessable; the limit only blunts scraping.
    tracking: rateLimit({
      ...common,
      limit: config.RECEPTION_IP_LIMIT * 10,
      store: store(redis, 'track'),
      keyGenerator: (req) => ipKeyGenerator(req.ip ?? ''),
    }),
  };
}
