import type { Router } from 'express';
import rateLimit from 'express-rate-limit';
import { z } from 'zod';
import { verifyPassword } from '../../core/auth/password';
import { DomainError } from '../../core/errors';
import { Agent } from '../../models/agent';
import type { Feature } from '../../app/feature';
import { parse } from '../../app/validate';
import { requireRole } from '../../app/require-role';

const loginSchema = z.object({ email: z.string().trim().toLowerCase().email(), password: z.string().min(1).max(200) });

export const authFeature: Feature = {
  name: 'auth',
  routes(router: Router) {
    const limiter = rateLimit({ windowMs: 60_000, limit: 20, standardHeaders: 'draft-8', legacyHeaders: false });
    router.post('/api/auth/login', limiter, async (req, res) => {
      const { email, password } = parse(loginSchema, req.body);
      const agent = await Agent.findOne({ email }).lean();
      const ok = agent && agent.active !== false && (await verifyPassword(password, agent.passwordHash));
      if (!agent || !ok) throw new DomainError('BadCredentials', 'wrong e-mail or password', 401);
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
