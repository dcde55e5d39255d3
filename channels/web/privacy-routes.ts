// The reception's privacy and protection requests, public (no staff session): a customer asks
// for their own data (the export link goes to the contact on file), downloads it with the
// link's token, or states a vulnerability (pending an agent's confirmation). Identity as for
// self-service: the account number with a phone or an e-mail on file; one refusal for any
// mismatch. Thin: validate, call the use case, shape the answer.
import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import { deliverExportLink, openExportLink } from '../../core/privacy/access-request';
import { verifyAccountHolder } from '../../core/billing/identity';
import { exportCustomer, exportZip } from '../../core/privacy/export-customer';
import { declareFlag } from '../../core/protection/set-flag';
import { DomainError, Invalid } from '../../core/errors';
import { toE164 } from '../../core/phone';
import type { AppContext } from '../../app/context';
import { customerByAccount } from '../../models/repos/customers';
import { LANGUAGES, VULNERABILITY_KINDS, type Language } from '../../wire';
import { tPrivacy } from './privacy-catalog';
import { receptionLimits } from './rate-limits';
import { fieldErrors } from './request-schema';
import { submitRequest } from './submit-request';
import { tWeb } from './catalog';

const MAX_BODY_BYTES = 8 * 1024;
export const EXPORT_DOWNLOAD_PATH = '/api/reception/privacy/export';

const holder = {
  accountNumber: z
    .string({ error: 'field.required' })
    .trim()
    .regex(/^[A-Za-z0-9-]{1,32}$/, { error: 'field.invalid_number' }),
  phone: z.string().trim().max(32).optional(),
  email: z.string().trim().max(320).email({ error: 'field.invalid_email' }).optional(),
  language: z.enum(LANGUAGES).optional(),
};
const needsContact = (v: { phone?: string; email?: string }) => !!(v.phone || v.email);
export const exportRequestSchema = z
  .object(holder)
  .strict()
  .refine(needsContact, { error: 'field.contact_required', path: ['email'] });
export const declarationSchema = z
  .object({ ...holder, kind: z.enum(VULNERABILITY_KINDS, { error: 'field.invalid' }) })
  .strict()
  .refine(needsContact, { error: 'field.contact_required', path: ['email'] });
const tokenQuery = z.object({ token: z.string().max(200).default('') });

function languageOf(req: Request, fallback: Language): Language {
  const b = (req.body as { language?: unknown } | undefined)?.language;
  if ((LANGUAGES as readonly unknown[]).includes(b)) return b as Language;
  const q = req.query.lang;
  if ((LANGUAGES as readonly unknown[]).includes(q)) return q as Language;
  const accepted = req.acceptsLanguages(...LANGUAGES);
  return accepted ? (accepted as Language) : fallback;
}

/** The body, parsed, with the phone in E.164; a 400 naming the bad fields in the visitor's language. */
function parseHolder<S extends typeof exportRequestSchema | typeof declarationSchema>(
  schema: S,
  req: Request,
  language: Language,
  country: string,
): z.infer<S> & { phone?: string } {
  if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) throw new DomainError('PayloadTooLarge', 'request body too large', 413);
  const parsed = schema.safeParse(req.body ?? {});
  if (!parsed.success) throw Invalid(tWeb(language, 'error.invalid'), fieldErrors(parsed.error.issues, language));
  const phone = parsed.data.phone ? toE164(parsed.data.phone, country) : undefined;
  if (parsed.data.phone && !phone)
    throw Invalid(tWeb(language, 'error.invalid'), [
      { field: 'phone', code: 'invalid_phone', message: tWeb(language, 'field.invalid_phone') },
    ]);
  return { ...(parsed.data as z.infer<S>), phone: phone ?? undefined };
}

async function verified(c: { accountNumber: string; phone?: string; email?: string }, language: Language): Promise<string> {
  try {
    return await verifyAccountHolder(c);
  } catch (err) {
    if (err instanceof DomainError && err.code === 'NotVerified')
      throw new DomainError('NotVerified', tPrivacy(language, 'not_verified'), 403, err.details);
    throw err;
  }
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A link that no longer works, in words: a small page for a browser, JSON for a program. */
function linkRefused(req: Request, res: Response, err: DomainError, language: Language): void {
  const message = tPrivacy(language, err.code === 'ExportLinkExpired' ? 'export.expired' : 'export.invalid');
  if (req.accepts(['json', 'html']) === 'html') {
    const title = escapeHtml(tPrivacy(language, 'export.page_title'));
    res
      .status(err.status)
      .type('html')
      .send(
        `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title></head>` +
          `<body><main><h1>${title}</h1><p id="message" role="alert">${escapeHtml(message)}</p><p><a href="/?lang=${language}">${escapeHtml(tPrivacy(language, 'export.back'))}</a></p></main></body></html>`,
      );
    return;
  }
  res.status(err.status).json({ error: err.code, message, details: err.details });
}

export function receptionPrivacyRoutes(router: Router, ctx: AppContext): void {
  const limits = receptionLimits(ctx.redis, ctx.config);

  // The customer's own data export: the ticket with the legal deadline, the link to the contact on file.
  router.post('/api/reception/privacy/export-requests', limits.perIp, async (req, res) => {
    const language = languageOf(req, ctx.config.DEFAULT_LANGUAGE);
    const body = parseHolder(exportRequestSchema, req, language, ctx.config.DEFAULT_COUNTRY);
    const accountNumber = await verified(body, language);
    const customer = await customerByAccount(accountNumber, { name: 1, language: 1 });
    const ticketLanguage = (customer?.language as Language | undefined) ?? body.language ?? language;
    const ticket = await submitRequest(
      ctx,
      {
        category: 'information_request',
        name: customer?.name ?? accountNumber,
        email: body.email,
        phone: body.phone,
        accountNumber,
        subject: tPrivacy(ticketLanguage, 'export.subject'),
        message: tPrivacy(ticketLanguage, 'export.body'),
        language: ticketLanguage,
      },
      'form',
      // The link message is the acknowledgement: one mail, not two.
      { acknowledge: false },
    );
    const r = await deliverExportLink(ctx, {
      accountNumber,
      ticketId: ticket.ticketId,
      url: (token) => `${ctx.config.PUBLIC_BASE_URL}${EXPORT_DOWNLOAD_PATH}?token=${encodeURIComponent(token)}&lang=${ticketLanguage}`,
      text: (l, v) => tPrivacy(l, 'export.link', { url: v.url, hours: v.hours }),
      redacted: (l) => tPrivacy(l, 'export.link_redacted'),
    });
    res.status(202).json({
      ticketNumber: ticket.ticketNumber,
      deadline: r.deadline.toISOString(),
      sentVia: r.sentVia,
      linkExpiresAt: r.expiresAt.toISOString(),
    });
  });

  // The link itself: no session; the token is the key. Usable until it expires (mail scanners
  // open links before the customer does, so a one-time link would be spent by them); each use
  // is counted and audited.
  router.get(EXPORT_DOWNLOAD_PATH, limits.tracking, async (req, res) => {
    const language = languageOf(req, ctx.config.DEFAULT_LANGUAGE);
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Referrer-Policy', 'no-referrer');
    const { token } = tokenQuery.parse(req.query);
    let accountNumber: string;
    try {
      ({ accountNumber } = await openExportLink(ctx, token));
    } catch (err) {
      if (err instanceof DomainError && (err.code === 'ExportLinkExpired' || err.code === 'ExportLinkInvalid'))
        return linkRefused(req, res, err, language);
      throw err;
    }
    const data = await exportCustomer(ctx, accountNumber);
    const file = `my-data-${accountNumber.replace(/[^A-Za-z0-9_-]/g, '_')}.zip`;
    res.setHeader('content-disposition', `attachment; filename="${file}"`);
    res.type('application/zip').send(Buffer.from(await exportZip(ctx, data)));
  });

  // The customer's own statement of a vulnerability: pending until an agent confirms it.
  router.post('/api/reception/vulnerabilities', limits.perIp, async (req, res) => {
    const language = languageOf(req, ctx.config.DEFAULT_LANGUAGE);
    const body = parseHolder(declarationSchema, req, language, ctx.config.DEFAULT_COUNTRY);
    const accountNumber = await verified(body, language);
    const now = ctx.clock.now();
    const status = await declareFlag({
      accountNumber,
      kind: body.kind,
      channel: 'web',
      now,
      reviewAt: new Date(now.getTime() + ctx.config.PROTECTION_DECLARED_REVIEW_DAYS * 86_400_000),
    });
    res.status(status === 'pending' ? 201 : 200).json({ status });
  });
}
