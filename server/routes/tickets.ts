// Agent work (docs/architecture.md, "External contract"): the lists, one conversation, and the actions —
// claim, reply, notes, transfer, resolve — each a thin call to one use case in core/tickets.
// Also the console's small extras: presence, rejecting an offer, the queue snapshot.
import { Types } from 'mongoose';
import { z } from 'zod';
import { recordAudit } from '../../core/audit/record-audit';
import { NotFound } from '../../core/errors';
import { invalidateQueueCache, listQueues } from '../../core/routing/select-queue';
import { addNote } from '../../core/tickets/add-note';
import { claimTicket } from '../../core/tickets/claim-ticket';
import { rejectOffer } from '../../core/tickets/reject-offer';
import { replyToTicket } from '../../core/tickets/reply-to-ticket';
import { OUTCOMES, resolveTicket } from '../../core/tickets/resolve-ticket';
import { searchTickets as searchConsole } from '../../core/tickets/search-tickets';
import { setPresence } from '../../core/tickets/set-presence';
import type { Actor } from '../../core/tickets/ticket-access';
import { transferTicket } from '../../core/tickets/transfer-ticket';
import { Agent } from '../../models/agent';
import { CATEGORIES, CHANNELS, PRESENCE, TICKET_STATUSES } from '../../wire';
import { Queue } from '../../models/queue';
import { Outage, type OutageRow } from '../../models/outage';
import { outageView } from '../../core/outages/outage-view';
import { messagesOfTicket } from '../../models/repos/messages';
import { searchTickets, staffTicketById } from '../../models/repos/tickets';
import { accountByPhone } from '../../models/repos/customers';
import { toE164 } from '../../core/phone';
import { requireRole } from '../../app/require-role';
import type { Feature } from '../../app/feature';
import { buildSnapshot } from '../sockets/snapshot';
import { parse } from '../../app/validate';
import { businessHoursSchema } from './opening-hours';
import type { Request } from 'express';

const listSchema = z.object({
  status: z.enum(TICKET_STATUSES).optional(),
  queue: z.string().max(64).optional(),
  channel: z.enum(CHANNELS).optional(),
  category: z.enum(CATEGORIES).optional(),
  accountNumber: z.string().max(64).optional(),
  assignee: z.string().max(64).optional(),
  number: z.string().max(20).optional(),
  /** The customer's phone in any usual spelling: their account's tickets (through the contact point). */
  phone: z.string().max(40).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
/** The console's search box: one string, whatever it is (core/tickets/search-tickets.ts). */
export const searchSchema = z.object({ q: z.string().trim().min(1).max(120) });
const idSchema = z.string().refine((v) => Types.ObjectId.isValid(v), 'not a ticket id');
export const replySchema = z.object({ body: z.string().trim().min(1).max(20_000), subject: z.string().trim().max(300).optional() });
export const noteSchema = z.object({ body: z.string().trim().min(1).max(20_000) });
export const transferSchema = z
  .object({
    toQueue: z.string().trim().min(1).max(64).optional(),
    toAgent: z
      .string()
      .refine((v) => Types.ObjectId.isValid(v), 'not an agent id')
      .optional(),
    note: z.string().trim().max(5000).optional(),
  })
  .refine((v) => !!v.toQueue !== !!v.toAgent, 'give toQueue or toAgent, one of the two');
export const resolveSchema = z.object({ outcome: z.enum(OUTCOMES), note: z.string().trim().max(5000).optional() });
export const presenceSchema = z.object({ state: z.enum(PRESENCE) });
/** What a supervisor tunes per queue: routing mode, offer timeout, service-level threshold and target. */
export const queueSettingsSchema = z
  .object({
    mode: z.enum(['push', 'pull']).optional(),
    offerTimeoutSeconds: z.number().int().min(5).max(600).optional(),
    serviceLevelSeconds: z
      .number()
      .int()
      .min(1)
      .max(30 * 86400)
      .optional(),
    serviceLevelTarget: z.number().min(0).max(1).optional(),
    /** The queue's own opening hours; "" = the call centre's (CALL_CENTRE_HOURS). */
    businessHours: businessHoursSchema.optional(),
  })
  .strict();

function actorOf(req: Request): Actor {
  return { agentId: req.session.agentId as string, role: req.session.role ?? 'agent' };
}

export const ticketsReadFeature: Feature = {
  name: 'tickets',
  routes(router, ctx) {
    router.get('/api/tickets', requireRole('agent'), async (req, res) => {
      const { phone, limit, ...criteria } = parse(listSchema, req.query);
      // A phone number searches its customer's account: one `_id` read of the contact point.
      const account = phone ? await accountByPhone(toE164(phone, ctx.config.DEFAULT_COUNTRY) ?? '') : undefined;
      if (account === null || (account && criteria.accountNumber && criteria.accountNumber !== account)) {
        res.json({ tickets: [] });
        return;
      }
      res.json({ tickets: await searchTickets({ ...criteria, accountNumber: account ?? criteria.accountNumber }, limit) });
    });
    router.get('/api/search/tickets', requireRole('agent'), async (req, res) => {
      const { q } = parse(searchSchema, req.query);
      res.json(await searchConsole({ query: q, defaultCountry: ctx.config.DEFAULT_COUNTRY }));
    });
    router.get('/api/tickets/:id', requireRole('agent'), async (req, res) => {
      const id = parse(idSchema, req.params.id);
      // Both reads at once: the conversation is one indexed look-up, wasted only on a 404.
      const [ticket, messages] = await Promise.all([staffTicketById(id), messagesOfTicket(id)]);
      if (!ticket) throw NotFound('ticket');
      // A contact linked to an outage incident: the agent sees which, its state and estimate.
      const outage = ticket.outageId ? await Outage.findById(ticket.outageId).lean<OutageRow>() : null;
      res.json({ ticket, messages, ...(outage ? { outage: outageView(outage) } : {}) });
    });
    router.post('/api/tickets/:id/claim', requireRole('agent'), async (req, res) => {
      const ticketId = parse(idSchema, req.params.id);
      res.json(await claimTicket(ctx, { ticketId, actor: actorOf(req) }));
    });
    router.post('/api/tickets/:id/reject', requireRole('agent'), async (req, res) => {
      const ticketId = parse(idSchema, req.params.id);
      await rejectOffer(ctx, { ticketId, agentId: actorOf(req).agentId });
      res.status(204).end();
    });
    router.post('/api/tickets/:id/reply', requireRole('agent'), async (req, res) => {
      const ticketId = parse(idSchema, req.params.id);
      const body = parse(replySchema, req.body);
      res.status(201).json(await replyToTicket(ctx, { ticketId, actor: actorOf(req), ...body }));
    });
    router.post('/api/tickets/:id/notes', requireRole('agent'), async (req, res) => {
      const ticketId = parse(idSchema, req.params.id);
      const body = parse(noteSchema, req.body);
      res.status(201).json(await addNote(ctx, { ticketId, actor: actorOf(req), body: body.body }));
    });
    router.post('/api/tickets/:id/transfer', requireRole('agent'), async (req, res) => {
      const ticketId = parse(idSchema, req.params.id);
      const body = parse(transferSchema, req.body);
      res.json(await transferTicket(ctx, { ticketId, actor: actorOf(req), ...body }));
    });
    router.post('/api/tickets/:id/resolve', requireRole('agent'), async (req, res) => {
      const ticketId = parse(idSchema, req.params.id);
      const body = parse(resolveSchema, req.body);
      res.json(await resolveTicket(ctx, { ticketId, actor: actorOf(req), ...body }));
    });
    router.post('/api/agents/me/presence', requireRole('agent'), async (req, res) => {
      const { state } = parse(presenceSchema, req.body);
      res.json(await setPresence(ctx, { agentId: actorOf(req).agentId, state }));
    });
    // Names for the transfer dialog; no contact data.
    router.get('/api/agents/directory', requireRole('agent'), async (_req, res) => {
      const agents = await Agent.find({ active: true }, { name: 1, presence: 1, languages: 1, role: 1 }).lean();
      res.json({
        agents: agents.map((a) => ({ id: String(a._id), name: a.name, presence: a.presence, languages: a.languages, role: a.role })),
      });
    });
    router.get('/api/queues', requireRole('agent'), async (_req, res) => {
      res.json({ queues: await listQueues() });
    });
    // Other nodes pick the change up within their queue cache's 5 s.
    router.post('/api/queues/:id', requireRole('supervisor'), async (req, res) => {
      const id = parse(z.string().min(1).max(64), req.params.id);
      const settings = parse(queueSettingsSchema, req.body);
      const queue = await Queue.findOneAndUpdate({ _id: id }, { $set: settings }, { returnDocument: 'after' }).lean();
      if (!queue) throw NotFound(`queue ${id}`);
      invalidateQueueCache();
      await recordAudit({ at: ctx.clock.now(), actor: String(req.session.agentId), action: 'queue.update', target: id, details: settings });
      ctx.logger.info({ queue: id, by: req.session.agentId, ...settings }, 'queue settings changed');
      res.json({ queue });
    });
    router.get('/api/queues/snapshot', requireRole('agent'), async (req, res) => {
      const actor = actorOf(req);
      res.json(await buildSnapshot(ctx, actor.agentId, actor.role));
    });
  },
};
