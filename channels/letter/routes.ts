// Letters by post and certified e-mail (PEC) registered by the back office: first the scan
// (POST /api/letters/scans, the file as the body), then the letter (POST /api/letters) with
// its received date. The ticket's deadline is the rule set's letter deadline, counted from the
// day the letter was received, not the day it was typed in.
import express from 'express';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { requireRole } from '../../app/require-role';
import type { AppContext } from '../../app/context';
import { parse } from '../../app/validate';
import { Invalid, NotFound } from '../../core/errors';
import { ingest } from '../../core/ingest/ingest';
import { ticketById } from '../../models/repos/tickets';
import { CATEGORIES } from '../../wire';
import { FileAttachmentStore } from '../email/attachment-store';

export const SCAN_TYPES = ['application/pdf', 'image/jpeg', 'image/png', 'image/tiff'] as const;

export const letterSchema = z
  .object({
    /** post: a plain letter; registered: a registered letter; pec: certified e-mail. */
    kind: z.enum(['post', 'registered', 'pec']),
    /** The day the letter reached the company (local date, YYYY-MM-DD): its deadline counts from then. */
    receivedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day, YYYY-MM-DD'),
    category: z.enum(CATEGORIES),
    subject: z.string().trim().min(1).max(300),
    /** What the letter says, as the back office sums it up (the scan is the original). */
    summary: z.string().trim().min(1).max(20_000),
    sender: z
      .object({
        name: z.string().trim().max(200).optional(),
        email: z.string().trim().max(320).optional(),
        phone: z.string().trim().max(40).optional(),
      })
      .strict()
      .default({}),
    accountNumber: z.string().trim().max(64).optional(),
    contractNumber: z.string().trim().max(64).optional(),
    scan: z
      .object({
        key: z.string().regex(/^[a-f0-9]{64}$/, 'the key POST /api/letters/scans returned'),
        filename: z.string().trim().min(1).max(255),
        contentType: z.enum(SCAN_TYPES),
      })
      .strict(),
  })
  .strict();

export function letterRoutes(router: express.Router, ctx: AppContext): void {
  const store = new FileAttachmentStore(ctx.config.DATA_DIR);
  const raw = express.raw({ type: [...SCAN_TYPES], limit: ctx.config.ATTACHMENT_MAX_BYTES });

  router.post('/api/letters/scans', requireRole('agent'), raw, async (req, res) => {
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (!(SCAN_TYPES as readonly string[]).includes(type) || !Buffer.isBuffer(req.body) || req.body.length === 0)
      throw Invalid(`send the scan as the request body with Content-Type ${SCAN_TYPES.join(', ')}`);
    const key = await store.put(req.body);
    res.status(201).json({ key, size: req.body.length, contentType: type });
  });

  router.post('/api/letters', requireRole('agent'), async (req, res) => {
    const body = parse(letterSchema, req.body);
    const tz = ctx.config.TIMEZONE;
    const received = DateTime.fromISO(body.receivedOn, { zone: tz });
    if (!received.isValid) throw Invalid(`receivedOn: ${body.receivedOn} is not a day`);
    const today = DateTime.fromJSDate(ctx.clock.now(), { zone: tz }).startOf('day');
    if (received > today) throw Invalid('receivedOn: a letter cannot be received in the future');
    if (received < today.minus({ years: 1 })) throw Invalid('receivedOn: more than a year ago — check the date');
    const file = await store.open(body.scan.key);
    if (!file) throw NotFound('the scan (upload it first: POST /api/letters/scans) was');
    file.stream.destroy();
    const result = await ingest(ctx, {
      channel: 'letter',
      // One ticket per scanned letter: registering the same scan twice finds the first ticket.
      externalId: `letter:${body.scan.key}`,
      from: body.sender.email ?? body.sender.phone ?? '',
      subject: body.subject,
      body: body.summary,
      attachments: [{ filename: body.scan.filename, contentType: body.scan.contentType, size: file.size, storageKey: body.scan.key }],
      receivedAt: received.toJSDate(),
      category: body.category,
      identity: {
        accountNumber: body.accountNumber,
        contractNumber: body.contractNumber,
        name: body.sender.name,
        email: body.sender.email,
        phone: body.sender.phone,
      },
      newThread: true,
      public: true,
      live: false,
      raw: { kind: body.kind },
    });
    const ticket = result.ticketId ? await ticketById(result.ticketId, { number: 1, sla: 1 }) : null;
    res.status(result.duplicate ? 200 : 201).json({
      ticketId: result.ticketId,
      ticketNumber: result.ticketNumber,
      duplicate: result.duplicate,
      resolutionDueAt: ticket?.sla?.resolutionDueAt ?? null,
    });
  });
}
