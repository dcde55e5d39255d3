// HTTP side of the e-mail channel: the raw-mail webhook for mail gateways, and attachment
// downloads for agents (never for the public: the route needs an agent session).
import { createHash, timingSafeEqual } from 'node:crypto';
import express, { type RequestHandler, type Router } from 'express';
import { z } from 'zod';
import { DomainError, NotFound } from '../../core/errors';
import { Message } from '../../models/message';
import type { AppContext } from '../../app/context';
import { requireRole } from '../../app/require-role';
import { parse } from '../../app/validate';
import type { AttachmentStore } from './attachment-store';
import { MalformedMail } from './parse';
import { receiveMail } from './receive-mail';

export const EMAIL_WEBHOOK_PATH = '/webhooks/email/inbound';

const attachmentParams = z.object({ messageId: z.string().min(1).max(400), index: z.coerce.number().int().min(0).max(49) });

/** The secret a request offers: `Authorization: Bearer <token>`, or HTTP Basic with the token as password (any user name). */
function offeredSecret(authorization: string | undefined): string {
  const bearer = /^Bearer (.+)$/i.exec(authorization ?? '')?.[1];
  if (bearer) return bearer;
  const basic = /^Basic ([A-Za-z0-9+/=]+)$/i.exec(authorization ?? '')?.[1];
  if (!basic) return '';
  const decoded = Buffer.from(basic, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon >= 0 ? decoded.slice(colon + 1) : '';
}

/**
 * The mail gateway's secret, compared in constant time. Open only when no token is configured,
 * which config validation allows outside production only.
 */
function webhookAuth(token: string | undefined): RequestHandler {
  const expected = token ? createHash('sha256').update(token).digest() : null;
  return (req, res, next) => {
    if (!expected) return next();
    const given = offeredSecret(req.headers.authorization);
    if (!timingSafeEqual(createHash('sha256').update(given).digest(), expected)) {
      res.setHeader('WWW-Authenticate', 'Basic realm="mail-gateway", charset="UTF-8"');
      return next(new DomainError('Unauthenticated', 'the mail gateway secret is required (Bearer token or Basic password)', 401));
    }
    next();
  };
}

export function emailRoutes(router: Router, ctx: AppContext, store: AttachmentStore): void {
  const raw = express.raw({ type: ['message/rfc822', 'message/global'], limit: ctx.config.SMTP_MAX_BYTES });
  router.post(EMAIL_WEBHOOK_PATH, webhookAuth(ctx.config.EMAIL_WEBHOOK_TOKEN), raw, async (req, res) => {
    if (!Buffer.isBuffer(req.body))
      throw new DomainError('UnsupportedMediaType', 'send the raw message with Content-Type: message/rfc822', 415);
    const mailFrom = typeof req.headers['x-envelope-from'] === 'string' ? req.headers['x-envelope-from'].replace(/^<|>$/g, '') : null;
    const rcpt = typeof req.headers['x-envelope-to'] === 'string' ? [req.headers['x-envelope-to']] : [];
    try {
      const r = await receiveMail(ctx, store, req.body, { mailFrom, rcptTo: rcpt });
      if (r.outcome === 'bounce') res.status(200).json({ outcome: 'bounce', markedFailed: !!r.markedFailed });
      else if (r.outcome === 'machine') res.status(200).json({ outcome: 'machine', kept: !!r.ticketId, reason: r.reason });
      else
        res
          .status(r.created ? 201 : 200)
          .json({ outcome: 'ticket', ticketNumber: r.ticketNumber, created: r.created, duplicate: r.duplicate });
    } catch (err) {
      if (err instanceof MalformedMail) throw new DomainError('MalformedMail', 'the message could not be parsed as RFC 5322 mail', 400);
      throw err;
    }
  });

  router.get('/api/attachments/:messageId/:index', requireRole('agent'), async (req, res) => {
    const { messageId, index } = parse(attachmentParams, req.params);
    const msg = await Message.findById(messageId, { attachments: 1 }).lean();
    const a = msg?.attachments?.[index];
    if (!a?.storageKey) throw NotFound('attachment');
    const file = await store.open(a.storageKey);
    if (!file) throw NotFound('attachment');
    const name = (a.filename ?? 'attachment').replace(/[^\w.\- ]+/g, '_');
    res.setHeader('Content-Type', a.contentType ?? 'application/octet-stream');
    res.setHeader('Content-Length', String(file.size));
    // Always a download, never rendered in our origin (an HTML "attachment" must not run here).
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="${name}"; filename*=UTF-8''${encodeURIComponent(a.filename ?? 'attachment')}`,
    );
    res.setHeader('Cache-Control', 'private, no-store');
    file.stream.pipe(res);
  });
}
