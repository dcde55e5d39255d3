import { randomBytes } from 'node:crypto';
import session from 'express-session';
import type { RequestHandler } from 'express';
import type { AppContext } from '../../app/context';
import type { Role } from '../../wire';
import { RedisSessionStore } from './session-store';

declare module 'express-session' {
  interface SessionData {
    agentId: string;
    role: Role;
    name: string;
  }
}

const TTL_SECONDS = 12 * 3600;
export const SESSION_COOKIE = 'hotline.sid';

/** The session cookie of agents and managers; the same middleware authenticates socket.io. */
export function sessionMiddleware(ctx: AppContext): RequestHandler {
  let secret = ctx.config.SESSION_SECRET;
  if (!secret) {
    if (ctx.config.NODE_ENV === 'production') throw new Error('SESSION_SECRET must be set in production (all nodes share it)');
    secret = randomBytes(32).toString('hex');
    ctx.logger.warn('SESSION_SECRET not set: sessions last until restart and work on this node only');
  }
  return session({
    name: SESSION_COOKIE,
    secret,
    store: new RedisSessionStore(ctx.redis, TTL_SECONDS),
    resave: false,
    saveUninitialized: false,
    rolling: true,
    cookie: {
      httpOnly: true,
      sameSite: 'lax',
      // Behind a TLS proxy: TRUST_PROXY must cover it, or express-session sees plain http and sets no cookie.
      secure: ctx.config.PUBLIC_BASE_URL.startsWith('https:'),
      maxAge: TTL_SECONDS * 1000,
    },
  });
}
