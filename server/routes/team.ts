// The admin screens' API (the /admin page): the team (list with presence, edit skills,
// capacity and role, deactivate, reset a password, CSV import), the audit log (filter, CSV)
// and the canned answers. Every change is written to the audit log.
import express from 'express';
import { parse as parseCsv } from 'csv-parse/sync';
import { Types } from 'mongoose';
import { z } from 'zod';
import { setAgentActive } from '../../core/agents/deactivate-agent';
import { importAgents } from '../../core/agents/import-agents';
import { resetPassword } from '../../core/agents/reset-password';
import { updateAgent, updateAgentSchema } from '../../core/agents/update-agent';
import { listAudit } from '../../core/audit/list-audit';
import { recordAudit } from '../../core/audit/record-audit';
import { cannedSchema, deleteCanned, listCanned, saveCanned } from '../../core/canned/canned-answers';
import { Invalid } from '../../core/errors';
import { toCsv } from '../../core/stats/csv';
import { Agent } from '../../models/agent';
import { requireRole } from '../../app/require-role';
import type { Feature } from '../../app/feature';
import { parse } from '../../app/validate';
import { endSessionsOf } from '../auth/session-store';

const idSchema = z.string().refine((v) => Types.ObjectId.isValid(v), 'not an agent id');
export const resetPasswordSchema = z.object({ password: z.string().min(8).max(200).optional() }).strict();
export const auditQuerySchema = z.object({
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  actor: z.string().max(64).optional(),
  action: z.string().max(64).optional(),
  target: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(200),
  format: z.enum(['json', 'csv']).default('json'),
});

/** A spreadsheet must not run a cell as a formula (`=`, `+`, `-`, `@` first). */
const safeCell = (v: string | undefined) => (v && /^[=+\-@\t\r]/.test(v) ? `'${v}` : v);

export const teamFeature: Feature = {
  name: 'team',
  routes(router, ctx) {
    const json = express.json({ limit: '100kb' });
    const csv = express.text({ type: ['text/csv', 'application/csv', 'text/plain'], limit: '2mb' });
    const audit = (req: express.Request, action: string, target?: string, details?: Record<string, unknown>) =>
      recordAudit({ at: ctx.clock.now(), actor: String(req.session.agentId), action, target, details });

    // Supervisors see the team and who is working; changes are the admin's.
    router.get('/api/admin/agents', requireRole('supervisor'), async (_req, res) => {
      const agents = await Agent.find({}, { passwordHash: 0, openTickets: 0 }).sort({ name: 1 }).limit(2000).lean();
      res.json({
        agents: agents.map((a) => ({
          id: String(a._id),
          name: a.name,
          email: a.email,
          role: a.role,
          languages: a.languages,
          channels: a.channels,
          categories: a.categories,
          capacity: a.capacity,
          load: a.load,
          presence: a.presence ?? 'offline',
          presenceSince: a.presenceSince,
          loggedIn: (a.presence ?? 'offline') !== 'offline',
          active: a.active !== false,
        })),
      });
    });
    router.post('/api/admin/agents/import', requireRole('admin'), json, csv, async (req, res) => {
      let rows: unknown = req.body;
      if (typeof req.body === 'string') {
        try {
          rows = parseCsv(req.body, { columns: true, skip_empty_lines: true, trim: true, bom: true });
        } catch (err) {
          throw Invalid(`CSV could not be read: ${(err as Error).message}`);
        }
      }
      if (!Array.isArray(rows)) throw Invalid('send a CSV (name,email,role,languages,channels,categories[,password]) or a JSON array');
      const report = await importAgents(rows as Array<Record<string, unknown>>, ctx.config.DEFAULT_LANGUAGE);
      await audit(req, 'agents.import', undefined, { received: report.received, created: report.created, failed: report.failed.length });
      res.json(report);
    });
    router.post('/api/admin/agents/:id', requireRole('admin'), json, async (req, res) => {
      const agentId = parse(idSchema, req.params.id);
      const changes = parse(updateAgentSchema, req.body ?? {});
      if (changes.role && changes.role !== 'admin' && agentId === req.session.agentId)
        throw Invalid('you cannot remove your own admin role');
      const result = await updateAgent({ agentId, changes });
      // A new role takes effect now: the agent logs in again and gets it.
      if (changes.role) await endSessionsOf(ctx.redis, agentId);
      await audit(req, 'agent.update', agentId, { changed: result.changed, ...(changes.role ? { role: changes.role } : {}) });
      res.json(result);
    });
    router.post('/api/admin/agents/:id/deactivate', requireRole('admin'), async (req, res) => {
      const agentId = parse(idSchema, req.params.id);
      if (agentId === req.session.agentId) throw Invalid('you cannot deactivate yourself');
      await setAgentActive({ agentId, active: false, now: ctx.clock.now() });
      await endSessionsOf(ctx.redis, agentId);
      await audit(req, 'agent.deactivate', agentId);
      res.status(204).end();
    });
    router.post('/api/admin/agents/:id/activate', requireRole('admin'), async (req, res) => {
      const agentId = parse(idSchema, req.params.id);
      await setAgentActive({ agentId, active: true, now: ctx.clock.now() });
      await audit(req, 'agent.activate', agentId);
      res.status(204).end();
    });
    router.post('/api/admin/agents/:id/reset-password', requireRole('admin'), json, async (req, res) => {
      const agentId = parse(idSchema, req.params.id);
      const { password } = parse(resetPasswordSchema, req.body ?? {});
      const result = await resetPassword({ agentId, password });
      await audit(req, 'agent.reset-password', agentId);
      // The new password is answered once (to the admin's screen), never logged.
      res.json(password ? {} : result);
    });

    router.get('/api/admin/audit', requireRole('admin'), async (req, res) => {
      const { format, ...q } = parse(auditQuerySchema, req.query);
      const rows = await listAudit(q);
      // Names for the ids of the people who acted (a handful of `_id` reads).
      const ids = [...new Set(rows.map((r) => r.actor).filter((a) => Types.ObjectId.isValid(a)))];
      const names = new Map((await Agent.find({ _id: { $in: ids } }, { name: 1 }).lean()).map((a) => [String(a._id), a.name]));
      const entries = rows.map((r) => ({ ...r, actorName: names.get(r.actor) ?? r.actor }));
      if (format === 'csv') {
        res.type('text/csv').attachment('audit.csv');
        res.send(
          toCsv(
            entries.map((e) => ({ ...e, actorName: safeCell(e.actorName), details: safeCell(e.details), target: safeCell(e.target) })),
            ['at', 'actor', 'actorName', 'action', 'target', 'details'],
          ),
        );
        return;
      }
      res.json({ entries });
    });

    router.get('/api/canned', requireRole('agent'), async (_req, res) => {
      res.json({ answers: await listCanned() });
    });
    router.post('/api/admin/canned', requireRole('supervisor'), json, async (req, res) => {
      const saved = await saveCanned(parse(cannedSchema, req.body));
      await audit(req, 'canned.save', saved.id, { category: saved.category });
      res.json(saved);
    });
    router.post('/api/admin/canned/:id/delete', requireRole('supervisor'), async (req, res) => {
      const id = parse(z.string().max(40), req.params.id);
      await deleteCanned(id);
      await audit(req, 'canned.delete', id);
      res.status(204).end();
    });
  },
};
