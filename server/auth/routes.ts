import type { Router } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { RedisStore, type RedisReply } from 'rate-limit-redis';
import { z } from 'zod';
import { verifyPassword } from '../../core/auth/password';
import { DomainError } from '../../core/errors';
import { Agent } from '../../models/agent';
import type { Feature } from '../../app/feature';
import { parse } from '../../app/validate';
import { requireRole } from '../../app/require-role';
import type { AppContext } from '../../app/context';
import { Audit } from '../../models/audit';
import { LoginThrottle } from './login-throttle';

const loginSchema = z.object({ email: z.string().trim().toLowerCase().email(), password: z.string().min(1).max(200) });

/** Requests (not failures) per address per minute: room for 200 agents and their supervisors behind one NAT. */
const LOGIN_REQUESTS_PER_MINUTE = 600;

export const authFeature: Feature = {
  name: 'auth',
  routes(router: Router, ctx: AppContext) {
    // A coarse cap on requests per address (each login costs a scrypt hash); failures have their own limits below.
    const limiter = rateLimit({
      windowMs: 60_000,
      limit: LOGIN_REQUESTS_PER_MINUTE,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      keyGenerator: (req) => ipKeyGenerator(req.ip ?? ''),
      store: new RedisStore({
        prefix: 'rl:login:',
        sendCommand: (command: string, ...args: string[]) => ctx.redis.call(command, ...args) as Promise<RedisReply>,
      }),
    });
    const throttle = new LoginThrottle(ctx.redis, ctx.config);
    router.post('/api/auth/login', limiter, async (req, res) => {
      const { email, password } = parse(loginSchema, req.body);
      const ip = ipKeyGenerator(req.ip ?? '');
      let attempt;
      try {
        attempt = await throttle.begin(email, ip);
      } catch (err) {
        const retry = (err as DomainError).details as { retryAfterSeconds?: number } | undefined;
        if (retry?.retryAfterSeconds) res.setHeader('Retry-After', String(retry.retryAfterSeconds));
        throw err;
      }
      const agent = await Agent.findOne({ email }).lean();
      const ok = agent && agent.active !== false && (await verifyPassword(password, agent.passwordHash));
      if (!agent || !ok) {
        if (await attempt.failed()) {
          ctx.logger.warn({ agentId: agent ? String(agent._id) : null }, 'login locked after repeated failures');
          await Audit.create({
            at: ctx.clock.now(),
            actor: 'system',
            action: 'login.locked',
            target: agent ? String(agent._id) : undefined,
            details: JSON.stringify({ seconds: ctx.config.LOGIN_ACCOUNT_LOCK_SECONDS, knownAccount: !!agent }),
          });
        }
        throw new DomainError('BadCredentials', 'wrong e-mail or password', 401);
      }
      await attempt.succeeded();
      await new Promise<void>((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));
      req.session.agentId = String(agent._id);
      req.session.role = agent.role;
      req.session.name = agent.name;
      res.json({ id: String(agent._id), name: agent.name, role: agent.role, languages: agent.languages });
    });
    router.post('/api/auth/logout', (req, res) => {
      req.session.destroy(() => res.status(204).end());
    });
    router.get('/api/auth/me', requireRole('agent'), (req, res) => {
      res.json({ id: req.session.agentId, name: req.session.name, role: req.session.role });
    });
  },
};
