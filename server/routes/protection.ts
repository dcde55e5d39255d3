// The vulnerability register on the customer panel: an agent sets, confirms or removes a
// flag (audited, the evidence noted); supervisors list the flags past their review date.
import { z } from 'zod';
import { confirmFlag, removeFlag, setFlag } from '../../core/protection/set-flag';
import { flaggedCustomersIn } from '../../core/protection/flagged-customers';
import { Task } from '../../models/task';
import { CONSENT_KEYS, setConsents } from '../../core/privacy/set-consents';
import { VULNERABILITY_KINDS } from '../../wire';
import { requireRole } from '../../app/require-role';
import type { Feature } from '../../app/feature';
import { parse } from '../../app/validate';

const accountSchema = z.string().trim().min(1).max(64);
const kindSchema = z.enum(VULNERABILITY_KINDS);
export const flagSchema = z
  .object({
    kind: kindSchema,
    reason: z.string().trim().max(300).optional(),
    evidence: z.string().trim().min(1, 'note the evidence you saw').max(300),
    reviewAt: z.coerce.date().optional(),
  })
  .strict();
export const confirmSchema = z
  .object({ evidence: z.string().trim().min(1, 'note the evidence you saw').max(300), reviewAt: z.coerce.date().optional() })
  .strict();
export const consentSchema = z
  .object(
    Object.fromEntries(CONSENT_KEYS.map((k) => [k, z.boolean().optional()])) as Record<
      (typeof CONSENT_KEYS)[number],
      z.ZodOptional<z.ZodBoolean>
    >,
  )
  .strict();
const areaSchema = z
  .object({
    areaCode: z.union([z.string().trim().min(1).max(64), z.array(z.string().trim().min(1).max(64)).max(50)]).optional(),
    supplyPointCode: z.union([z.string().trim().min(1).max(64), z.array(z.string().trim().min(1).max(64)).max(200)]).optional(),
  })
  .refine((q) => q.areaCode || q.supplyPointCode, 'give areaCode or supplyPointCode');
const asList = (v: string | string[] | undefined) => (v === undefined ? undefined : Array.isArray(v) ? v : [v]);

export const protectionFeature: Feature = {
  name: 'protection',
  routes(router, ctx) {
    router.post('/api/customers/:accountNumber/vulnerabilities', requireRole('agent'), async (req, res) => {
      const accountNumber = parse(accountSchema, req.params.accountNumber);
      const body = parse(flagSchema, req.body);
      await setFlag({ accountNumber, ...body, actor: req.session.agentId!, now: ctx.clock.now() });
      res.status(201).json({ accountNumber, kind: body.kind, status: 'confirmed' });
    });

    router.post('/api/customers/:accountNumber/vulnerabilities/:kind/confirm', requireRole('agent'), async (req, res) => {
      const accountNumber = parse(accountSchema, req.params.accountNumber);
      const kind = parse(z.enum([...VULNERABILITY_KINDS, 'essential_supply']), req.params.kind);
      const body = parse(confirmSchema, req.body ?? {});
      await confirmFlag({ accountNumber, kind, ...body, actor: req.session.agentId!, now: ctx.clock.now() });
      res.json({ accountNumber, kind, status: 'confirmed' });
    });

    router.delete('/api/customers/:accountNumber/vulnerabilities/:kind', requireRole('agent'), async (req, res) => {
      const accountNumber = parse(accountSchema, req.params.accountNumber);
      const kind = parse(kindSchema, req.params.kind);
      await removeFlag({ accountNumber, kind, actor: req.session.agentId!, now: ctx.clock.now() });
      res.status(204).end();
    });

    // Consent per channel and purpose, changed by an agent on the customer's word (audited).
    router.patch('/api/customers/:accountNumber/consents', requireRole('agent'), async (req, res) => {
      const accountNumber = parse(accountSchema, req.params.accountNumber);
      const change = parse(consentSchema, req.body ?? {});
      res.json({ accountNumber, changed: await setConsents({ accountNumber, change, actor: req.session.agentId!, now: ctx.clock.now() }) });
    });

    // Flags past their review date (the protection-review job's tasks), oldest first.
    router.get('/api/protection/reviews', requireRole('supervisor'), async (_req, res) => {
      const tasks = await Task.find({ kind: 'protection_review', status: 'open' }).sort({ dueAt: 1 }).limit(500).lean();
      res.json({ reviews: tasks.map((t) => ({ taskId: t._id, accountNumber: t.accountNumber, note: t.note, dueAt: t.dueAt })) });
    });

    // The protected customers of an area or of supply points, essential supplies first (an outage's call list).
    router.get('/api/protection/flagged', requireRole('supervisor'), async (req, res) => {
      const q = parse(areaSchema, req.query);
      const customers = await flaggedCustomersIn({ areaCodes: asList(q.areaCode), supplyPointCodes: asList(q.supplyPointCode) });
      res.json({ customers });
    });
  },
};
