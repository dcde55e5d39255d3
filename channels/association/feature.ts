// The consumer-association channel: admin creates associations and their representatives;
// representatives (role `association`) use the portal (/association) to submit a case for a
// member with a signed mandate, follow their own association's cases and reply; agents record
// each case's result when they resolve it; supervisors get the seed's figures (JSON or CSV).
// Mail from an association's domain to ASSOCIATION_MAILBOX is mapped in channels/email.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import express from 'express';
import { z } from 'zod';
import type { Feature } from '../../app/feature';
import { requireAssociation, requireRole } from '../../app/require-role';
import { parse } from '../../app/validate';
import {
  addRepresentative,
  associationFigures,
  associationOf,
  associationSchema,
  caseCategory,
  recordCase,
  representativeSchema,
  resolveCase,
  RESULTS,
  saveAssociation,
} from '../../core/associations/associations';
import { DomainError, Invalid, NotFound } from '../../core/errors';
import { ingest } from '../../core/ingest/ingest';
import { toCsv } from '../../core/stats/csv';
import { Agent } from '../../models/agent';
import { AssociationCase } from '../../models/association';
import { CASE_BODY_MAX_BYTES, MANDATE_MAX_BYTES, mb } from '../../wire/association';
import { Message } from '../../models/message';
import { Ticket } from '../../models/ticket';
import { FileAttachmentStore } from '../email/attachment-store';

/** A case body over its own limit: a clear 413 naming the limits, not the parser's "request entity too large". */
export const CaseTooLarge = () =>
  new DomainError(
    'PayloadTooLarge',
    `the case is larger than ${mb(CASE_BODY_MAX_BYTES)}: a mandate file may be at most ${mb(MANDATE_MAX_BYTES)}`,
    413,
  );

export const MandateTooLarge = () => new DomainError('PayloadTooLarge', `the mandate file is larger than ${mb(MANDATE_MAX_BYTES)}`, 413);

/** The case route's own JSON parser (the API's 1 MB skips this path: server/app.ts). */
const caseJsonParser = express.json({ limit: CASE_BODY_MAX_BYTES });
const caseJson: express.RequestHandler = (req, res, next) =>
  caseJsonParser(req, res, (err?: unknown) =>
    next((err as { type?: string } | undefined)?.type === 'entity.too.large' ? CaseTooLarge() : err),
  );

const dist = resolve(__dirname, '..', '..', 'web', 'dist');
const id24 = z.string().regex(/^[0-9a-f]{24}$/, 'a case id');
const MANDATE_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export const caseBody = z
  .object({
    memberName: z.string().trim().min(1).max(200),
    accountNumber: z.string().trim().min(1).max(64).optional(),
    contractNumber: z.string().trim().min(1).max(64).optional(),
    category: caseCategory,
    subject: z.string().trim().min(1).max(200),
    message: z.string().trim().min(1).max(20_000),
    mandate: z
      .object({
        filename: z.string().trim().min(1).max(255),
        contentType: z.enum(MANDATE_TYPES),
        /** The signed mandate, base64: a file of at most MANDATE_MAX_BYTES (5 MB). */
        data: z.string().min(4).max(CASE_BODY_MAX_BYTES),
      })
      .strict(),
  })
  .strict()
  .refine((b) => b.accountNumber || b.contractNumber, {
    message: "the member's account or contract number is required",
    path: ['accountNumber'],
  });
export const replyBody = z.object({ message: z.string().trim().min(1).max(20_000) }).strict();
export const resolveBody = z.object({ result: z.enum(RESULTS), note: z.string().trim().max(5000).optional() }).strict();
const month = z.string().regex(/^\d{4}-\d{2}$/, 'a month YYYY-MM');
const statsQuery = z.object({ from: month, to: month, format: z.enum(['json', 'csv']).default('json') });

export const associationFeature: Feature = {
  name: 'association',
  routes(router, ctx) {
    const store = new FileAttachmentStore(ctx.config.DATA_DIR);
    router.get('/association', (_req, res) => {
      const p = join(dist, 'association.html');
      if (!existsSync(p)) return void res.status(503).type('text').send('Web pages are not built yet: run `npm run build:web`.');
      res.sendFile(p);
    });
    router.post('/api/admin/associations', requireRole('admin'), async (req, res) => {
      const input = parse(associationSchema, req.body);
      await saveAssociation(input);
      res.status(201).json(input);
    });
    router.post('/api/admin/associations/:id/representatives', requireRole('admin'), async (req, res) => {
      const association = parse(z.string().max(40), req.params.id);
      res.status(201).json(await addRepresentative(association, parse(representativeSchema, req.body)));
    });

    // The portal: every read and write is scoped to the representative's own association.
    router.post('/api/association/cases', requireAssociation(), caseJson, async (req, res) => {
      const association = await associationOf(req.session.agentId!);
      const body = parse(caseBody, req.body);
      // Agents' replies reach the representative by e-mail too (association cases are answered in writing).
      const representative = await Agent.findById(req.session.agentId, { email: 1 }).lean();
      const bytes = Buffer.from(body.mandate.data, 'base64');
      if (bytes.byteLength < 16) throw Invalid('the mandate file is empty or not base64');
      if (bytes.byteLength > MANDATE_MAX_BYTES) throw MandateTooLarge();
      const storageKey = await store.put(bytes);
      const now = ctx.clock.now();
      const r = await ingest(ctx, {
        channel: 'association',
        externalId: `portal:${randomUUID()}`,
        from: representative?.email ?? `association:${association}`,
        subject: body.subject,
        body: `${body.memberName}\n\n${body.message}`,
        attachments: [{ filename: body.mandate.filename, contentType: body.mandate.contentType, size: bytes.byteLength, storageKey }],
        receivedAt: now,
        category: body.category,
        identity: { accountNumber: body.accountNumber, contractNumber: body.contractNumber, name: body.memberName },
        newThread: true,
      });
      if (!r.ticketId || !r.ticketNumber) throw new Error('association case not opened');
      await recordCase(ctx, { association, ticketId: r.ticketId, ticketNumber: r.ticketNumber, at: now });
      res.status(201).json({ id: r.ticketId, ticketNumber: r.ticketNumber });
    });
    router.get('/api/association/cases', requireAssociation(), async (req, res) => {
      const association = await associationOf(req.session.agentId!);
      const cases = await AssociationCase.find({ association }).sort({ openedAt: -1 }).limit(200).lean();
      const tickets = await Ticket.find({ _id: { $in: cases.map((c) => c._id) } }, { status: 1, subject: 1, sla: 1, category: 1 }).lean();
      const byId = new Map(tickets.map((t) => [String(t._id), t]));
      res.json({
        cases: cases.map((c) => {
          const t = byId.get(c._id);
          return {
            id: c._id,
            ticketNumber: c.ticketNumber,
            openedAt: c.openedAt,
            subject: t?.subject ?? null,
            category: t?.category ?? null,
            status: t?.status ?? null,
            deadline: t?.sla?.resolutionDueAt ?? null,
            result: c.result ?? null,
          };
        }),
      });
    });
    const ownCase = async (req: express.Request) => {
      const association = await associationOf(req.session.agentId!);
      const c = await AssociationCase.findById(parse(id24, req.params.id)).lean();
      // Another association's case is as absent as a case that does not exist.
      if (!c || c.association !== association) throw NotFound('case');
      return c;
    };
    router.get('/api/association/cases/:id', requireAssociation(), async (req, res) => {
      const c = await ownCase(req);
      const [t, messages] = await Promise.all([
        Ticket.findById(c._id, { status: 1, subject: 1, sla: 1, category: 1 }).lean(),
        Message.find({ ticketId: c._id }, { direction: 1, body: 1, public: 1, receivedAt: 1, createdAt: 1, attachments: 1 }).lean(),
      ]);
      res.json({
        id: c._id,
        ticketNumber: c.ticketNumber,
        status: t?.status ?? null,
        subject: t?.subject ?? null,
        deadline: t?.sla?.resolutionDueAt ?? null,
        result: c.result ?? null,
        messages: messages
          .filter((m) => m.direction !== 'note' && m.public !== false)
          .map((m) => ({
            from: m.direction === 'in' ? 'association' : 'company',
            body: m.body,
            at: m.receivedAt ?? (m as { createdAt?: Date }).createdAt ?? null,
            attachments: (m.attachments ?? []).map((a) => a.filename ?? 'file'),
          })),
      });
    });
    router.post('/api/association/cases/:id/reply', requireAssociation(), async (req, res) => {
      const c = await ownCase(req);
      const body = parse(replyBody, req.body);
      const r = await ingest(ctx, {
        channel: 'association',
        externalId: `portal:${randomUUID()}`,
        from: (await Agent.findById(req.session.agentId, { email: 1 }).lean())?.email ?? `association:${c.association}`,
        body: body.message,
        receivedAt: ctx.clock.now(),
        ticketId: c._id,
      });
      res.status(201).json({ id: c._id, messageId: r.messageId });
    });

    router.post('/api/association-cases/:id/resolve', requireRole('agent'), async (req, res) => {
      const body = parse(resolveBody, req.body);
      await resolveCase(ctx, {
        ticketId: parse(id24, req.params.id),
        actor: { agentId: req.session.agentId!, role: req.session.role! },
        ...body,
      });
      res.json({ id: req.params.id, result: body.result });
    });
    router.get('/api/stats/associations', requireRole('supervisor'), async (req, res) => {
      const q = parse(statsQuery, req.query);
      const rows = await associationFigures(q.from, q.to);
      if (q.format === 'csv') {
        res
          .type('text/csv; charset=utf-8')
          .attachment(`associations-${q.from}.csv`)
          .send(toCsv(rows as unknown as Array<Record<string, unknown>>));
        return;
      }
      res.json({ from: q.from, to: q.to, rows });
    });
  },
};
