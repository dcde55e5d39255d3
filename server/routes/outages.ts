// Outage incidents (issue 13): supervisors declare, update (naming the version), promote a
// suspicion, resolve or dismiss; agents read them and link or unlink tickets by hand; the
// dashboard reads their figures (JSON or CSV). Each route is one call to a use case of
// core/outages; the on-call alert of an emergency is this feature's listener.
import { Types } from 'mongoose';
import { z } from 'zod';
import { alertOnCall } from '../../core/emergencies/alert-on-call';
import { declareOutage } from '../../core/outages/declare-outage';
import { linkTicket, unlinkTicket } from '../../core/outages/link-contact';
import { linkedContacts } from '../../core/outages/linked-contacts';
import { loadOutage } from '../../core/outages/outage-change';
import { figureRecord, outageView } from '../../core/outages/outage-view';
import { promoteOutage } from '../../core/outages/promote-outage';
import { outageCalls } from '../../core/outages/protected-calls';
import { dismissOutage, resolveOutage } from '../../core/outages/resolve-outage';
import { closeOutageSchema, declareOutageSchema, promoteOutageSchema, updateOutageSchema } from '../../core/outages/schemas';
import { updateOutage } from '../../core/outages/update-outage';
import { toCsv } from '../../core/stats/csv';
import { Audit } from '../../models/audit';
import { Outage, type OutageRow } from '../../models/outage';
import { OUTAGE_STATUSES, type OutageStatus } from '../../wire/outages';
import { hasRole, requireRole } from '../../app/require-role';
import { Forbidden } from '../../core/errors';
import type { Feature } from '../../app/feature';
import { parse } from '../../app/validate';
import type { Request } from 'express';

const idSchema = z.string().refine((v) => Types.ObjectId.isValid(v), 'not an id');
export const linkSchema = z.object({ outageId: idSchema });
const listSchema = z.object({
  /** open = suspected and active (the default); all = the open ones and the last closed ones. */
  status: z.enum([...OUTAGE_STATUSES, 'open', 'all']).default('open'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  format: z.enum(['json', 'csv']).default('json'),
});
const LINKED_SHOWN = 200;

const actorOf = (req: Request) => ({ agentId: req.session.agentId as string, role: req.session.role ?? 'agent' });

export const outagesFeature: Feature = {
  name: 'outages',
  routes(router, ctx) {
    router.get('/api/outages', requireRole('agent'), async (req, res) => {
      const q = parse(listSchema, req.query);
      const statuses: OutageStatus[] =
        q.status === 'open' ? ['suspected', 'active'] : q.status === 'all' ? [...OUTAGE_STATUSES] : [q.status];
      const filter = { status: { $in: statuses } };
      // Few documents (one per incident); the status index leads the filter.
      const rows = await Outage.find(filter).sort({ createdAt: -1 }).limit(q.limit).lean<OutageRow[]>();
      const outages = rows.map(outageView);
      if (q.format === 'csv') {
        if (!hasRole(req.session.role, 'supervisor')) throw Forbidden('the figures are for supervisors');
        res
          .type('text/csv; charset=utf-8')
          .attachment(`outages-${q.status}.csv`)
          .send(toCsv(outages.map(figureRecord)));
        return;
      }
      res.json({ outages });
    });
    router.get('/api/outages/:id', requireRole('agent'), async (req, res) => {
      const id = parse(idSchema, req.params.id);
      const [row, history, linked, calls] = await Promise.all([
        loadOutage(id),
        Audit.find({ target: `outage:${id}` })
          .sort({ at: -1, _id: -1 })
          .limit(100)
          .lean(),
        linkedContacts(id, LINKED_SHOWN),
        outageCalls(id),
      ]);
      res.json({
        outage: outageView(row),
        history: history.map((h) => ({
          at: h.at,
          actor: h.actor,
          action: h.action,
          details: h.details ? JSON.parse(h.details) : undefined,
        })),
        linked,
        calls,
      });
    });

    router.post('/api/admin/outages', requireRole('supervisor'), async (req, res) => {
      res.status(201).json({ outage: await declareOutage(ctx, { ...parse(declareOutageSchema, req.body ?? {}), actor: actorOf(req) }) });
    });
    router.patch('/api/admin/outages/:id', requireRole('supervisor'), async (req, res) => {
      const id = parse(idSchema, req.params.id);
      res.json({ outage: await updateOutage(ctx, { ...parse(updateOutageSchema, req.body ?? {}), id, actor: actorOf(req) }) });
    });
    router.post('/api/admin/outages/:id/promote', requireRole('supervisor'), async (req, res) => {
      const id = parse(idSchema, req.params.id);
      res.json({ outage: await promoteOutage(ctx, { ...parse(promoteOutageSchema, req.body ?? {}), id, actor: actorOf(req) }) });
    });
    router.post('/api/admin/outages/:id/resolve', requireRole('supervisor'), async (req, res) => {
      const id = parse(idSchema, req.params.id);
      res.json({ outage: await resolveOutage(ctx, { ...parse(closeOutageSchema, req.body ?? {}), id, actor: actorOf(req) }) });
    });
    router.post('/api/admin/outages/:id/dismiss', requireRole('supervisor'), async (req, res) => {
      const id = parse(idSchema, req.params.id);
      res.json({ outage: await dismissOutage(ctx, { ...parse(closeOutageSchema, req.body ?? {}), id, actor: actorOf(req) }) });
    });

    router.post('/api/tickets/:id/outage', requireRole('agent'), async (req, res) => {
      const ticketId = parse(idSchema, req.params.id);
      const { outageId } = parse(linkSchema, req.body ?? {});
      res.json(await linkTicket(ctx, { ticketId, outageId, actor: actorOf(req) }));
    });
    router.delete('/api/tickets/:id/outage', requireRole('agent'), async (req, res) => {
      const ticketId = parse(idSchema, req.params.id);
      res.json(await unlinkTicket(ctx, { ticketId, actor: actorOf(req) }));
    });
  },
  background(ctx) {
    // On every process that may raise one (HTTP nodes and workers run ingest retries).
    ctx.events.on('emergency.raised', async (e) => {
      await alertOnCall(ctx, e);
    });
  },
};
