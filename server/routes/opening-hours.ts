// Exceptional closures of the queues (GET, POST, DELETE /api/closures), set by supervisors and
// admins on the admin Queues screen; a queue's own hours are a queue setting (POST /api/queues/:id).
import { z } from 'zod';
import { requireRole } from '../../app/require-role';
import type { Feature } from '../../app/feature';
import { parse } from '../../app/validate';
import { parseBusinessHours } from '../../core/business-hours';
import { deleteClosure, listClosures, setClosure } from '../../core/opening/closures';
import { ALL_QUEUES } from '../../core/opening/is-open';

/** Opening hours in the business-hours syntax ("mon-fri 08:00-22:00; sat 08:00-18:00", "24/7"); "" allowed. */
export const businessHoursSchema = z
  .string()
  .trim()
  .max(300)
  .superRefine((v, ctx) => {
    try {
      parseBusinessHours(v);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: (err as Error).message });
    }
  });

const text = (max: number) => z.string().trim().min(1).max(max);
export const closureSchema = z
  .object({
    /** A queue id, or "*" for every queue. */
    queue: text(64),
    from: z.coerce.date(),
    to: z.coerce.date(),
    reason: text(200),
    /** What the IVR says instead of the opening hours, per language. */
    message: z
      .object({ it: text(500).optional(), ru: text(500).optional(), en: text(500).optional() })
      .strict()
      .optional(),
  })
  .strict()
  .refine((c) => c.to.getTime() > c.from.getTime(), { message: 'a closure must end after it starts', path: ['to'] });

const view = (c: Awaited<ReturnType<typeof listClosures>>[number]) => ({
  id: c.id,
  queue: c.queue,
  allQueues: c.queue === ALL_QUEUES,
  from: c.from,
  to: c.to,
  reason: c.reason,
  message: c.message ?? {},
});

export const openingHoursFeature: Feature = {
  name: 'opening-hours',
  routes(router, ctx) {
    router.get('/api/closures', requireRole('supervisor'), async (_req, res) => {
      res.json({ closures: (await listClosures(ctx.clock.now())).map(view) });
    });
    router.post('/api/closures', requireRole('supervisor'), async (req, res) => {
      const body = parse(closureSchema, req.body);
      const closure = await setClosure(ctx, { ...body, actor: String(req.session.agentId) });
      res.status(201).json({ closure: view(closure) });
    });
    router.delete('/api/closures/:id', requireRole('supervisor'), async (req, res) => {
      const id = parse(z.string().regex(/^[0-9a-f]{24}$/), req.params.id);
      await deleteClosure(ctx, { id, actor: String(req.session.agentId) });
      res.status(204).end();
    });
  },
};
