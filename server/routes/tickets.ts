import { Types } from 'mongoose';
import { z } from 'zod';
import { NotFound } from '../../core/errors';
import { CATEGORIES, CHANNELS, TICKET_STATUSES } from '../../models/enums';
import { Message } from '../../models/message';
import { Ticket } from '../../models/ticket';
import { requireRole } from '../auth/require-role';
import type { Feature } from '../feature';
import { parse } from '../validate';

const listSchema = z.object({
  status: z.enum(TICKET_STATUSES).optional(),
  queue: z.string().max(64).optional(),
  channel: z.enum(CHANNELS).optional(),
  category: z.enum(CATEGORIES).optional(),
  accountNumber: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
const idSchema = z.string().refine((v) => Types.ObjectId.isValid(v), 'not a ticket id');

/** Reading tickets: the agents' lists and the conversation of one ticket. */
export const ticketsReadFeature: Feature = {
  name: 'tickets-read',
  routes(router) {
    router.get('/api/tickets', requireRole('agent'), async (req, res) => {
      const q = parse(listSchema, req.query);
      const filter: Record<string, string> = {};
      for (const k of ['status', 'queue', 'channel', 'category', 'accountNumber'] as const) if (q[k]) filter[k] = q[k];
      const tickets = await Ticket.find(filter, { trackingTokenHash: 0 }).sort({ createdAt: -1 }).limit(q.limit).lean();
      res.json({ tickets });
    });
    router.get('/api/tickets/:id', requireRole('agent'), async (req, res) => {
      const id = parse(idSchema, req.params.id);
      const ticket = await Ticket.findById(id, { trackingTokenHash: 0 }).lean();
      if (!ticket) throw NotFound('ticket');
      const messages = await Message.find({ ticketId: id }, { raw: 0 }).sort({ createdAt: 1 }).limit(500).lean();
      res.json({ ticket, messages });
    });
  },
};
