// The public reception API: submit a request, track it with its token, add a message.
// Thin: validate, call the use case, shape the answer.
import { randomUUID } from 'node:crypto';
import type { Request, Router } from 'express';
import { z } from 'zod';
import { DomainError, Invalid } from '../../core/errors';
import { toE164 } from '../../core/phone';
import type { AppContext } from '../../app/context';
import { LANGUAGES, type Language } from '../../wire';
import { tWeb } from './catalog';
import { agentsAvailable } from './availability';
import { chatRoom, RECEPTION_NAMESPACE } from './chat';
import { receptionLimits } from './rate-limits';
import { fieldErrors, requestSchema } from './request-schema';
import { acceptProposal, proposalOfRequest, proposeForRequest, type ProposalView } from './bill-proposal';
import { addVisitorMessage, authorizedTicket, RETRY_AFTER_SECONDS, submitRequest, trackRequest } from './submit-request';

/** Form posts are small; the app's JSON parser allows 1 MB for agents' routes. */
const MAX_BODY_BYTES = 32 * 1024;
const isLanguage = (v: unknown): v is Language => (LANGUAGES as readonly unknown[]).includes(v);

/**
 * The visitor's language: the form's field, `?lang=`, then Accept-Language. The deployment's
 * DEFAULT_LANGUAGE is offered first because a request without the header gets the first.
 */
function languageOf(req: Request, fallback: Language): Language | undefined {
  const fromBody = (req.body as { language?: unknown } | undefined)?.language;
  if (isLanguage(fromBody)) return fromBody;
  const q = req.query.lang;
  if (isLanguage(q)) return q;
  const accepted = req.acceptsLanguages(fallback, ...LANGUAGES.filter((l) => l !== fallback));
  return isLanguage(accepted) ? accepted : undefined;
}

function smallBody(req: Request): void {
  if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) throw new DomainError('PayloadTooLarge', 'request body too large', 413);
}

const tokenQuery = z.object({ token: z.string().min(20).max(100) });
export const followUp = z.object({
  token: z.string({ error: 'field.required' }).min(20, { error: 'field.required' }).max(100),
  message: z.string({ error: 'field.required' }).trim().min(1, { error: 'field.required' }).max(5000, { error: 'field.too_long|5000' }),
  clientId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{8,64}$/)
    .optional(),
});

export function receptionRoutes(router: Router, ctx: AppContext): void {
  const limits = receptionLimits(ctx.redis, ctx.config);
  const schema = requestSchema(ctx.config.DEFAULT_COUNTRY);

  router.post('/api/reception/requests', limits.perIp, limits.perContact, async (req, res) => {
    smallBody(req);
    const language = languageOf(req, ctx.config.DEFAULT_LANGUAGE);
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (typeof body.website === 'string' && body.website.trim() !== '') {
      ctx.logger.info('reception honeypot filled; request dropped');
      throw new DomainError('Rejected', tWeb(language, 'error.rejected'), 400);
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) throw Invalid(tWeb(language, 'error.invalid'), fieldErrors(parsed.error.issues, language));
    let r;
    try {
      r = await submitRequest(ctx, { ...parsed.data, language: parsed.data.language ?? language }, 'form');
    } catch (err) {
      // Stored, not yet numbered: the page sends the same submission again after this (idempotent with its submissionId).
      if (err instanceof DomainError && err.status === 503) res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
      throw err;
    }
    // An instalment or deferral request naming a bill: the concrete proposal, after the owner check.
    let proposal: ProposalView | null = null;
    const { billNumber } = parsed.data;
    if (billNumber && (r.category === 'instalment' || r.category === 'deferral')) {
      const phone = parsed.data.phone ? (toE164(parsed.data.phone, ctx.config.DEFAULT_COUNTRY) ?? undefined) : undefined;
      proposal = await proposeForRequest(ctx, {
        ticketId: r.ticketId,
        kind: r.category,
        billNumber,
        accountNumber: parsed.data.accountNumber,
        phone,
        email: parsed.data.email,
        language: r.language,
      });
    }
    // A repeat of a stored submission: 200 with the first one's ticket and token.
    res.status(r.repeated ? 200 : 201).json({
      proposal,
      ticketNumber: r.ticketNumber,
      trackingToken: r.trackingToken,
      trackingUrl: r.trackingPath,
      category: r.category,
      deadline: r.deadline?.toISOString() ?? null,
      repeated: r.repeated,
      ...(r.answer ? { answer: r.answer } : {}),
    });
  });

  router.get('/api/reception/requests/:ticketNumber', limits.tracking, async (req, res) => {
    const q = tokenQuery.safeParse(req.query);
    const language = languageOf(req, ctx.config.DEFAULT_LANGUAGE);
    res.setHeader('Cache-Control', 'no-store');
    if (!q.success) throw new DomainError('NotFound', tWeb(language, 'error.not_found'), 404);
    res.json(await trackRequest(String(req.params.ticketNumber), q.data.token, language));
  });

  router.post('/api/reception/requests/:ticketNumber/messages', limits.perIp, async (req, res) => {
    smallBody(req);
    const language = languageOf(req, ctx.config.DEFAULT_LANGUAGE);
    const parsed = followUp.safeParse(req.body ?? {});
    if (!parsed.success) throw Invalid(tWeb(language, 'error.invalid'), fieldErrors(parsed.error.issues, language));
    const ticket = await authorizedTicket(String(req.params.ticketNumber), parsed.data.token, language);
    const message = await addVisitorMessage(
      ctx,
      ticket,
      parsed.data.message,
      `follow:${ticket.id}:${parsed.data.clientId ?? randomUUID()}`,
    );
    ctx.io.of(RECEPTION_NAMESPACE).to(chatRoom(ticket.id)).emit('chat:message', message);
    res.status(201).json({ message });
  });

  // The proposal of an instalment or deferral request, and the customer's acceptance (token-protected).
  router.get('/api/reception/requests/:ticketNumber/proposal', limits.tracking, async (req, res) => {
    const q = tokenQuery.safeParse(req.query);
    const language = languageOf(req, ctx.config.DEFAULT_LANGUAGE) ?? ctx.config.DEFAULT_LANGUAGE;
    res.setHeader('Cache-Control', 'no-store');
    if (!q.success) throw new DomainError('NotFound', tWeb(language, 'error.not_found'), 404);
    const ticket = await authorizedTicket(String(req.params.ticketNumber), q.data.token, language);
    res.json({ proposal: await proposalOfRequest(ctx, ticket.id, language) });
  });

  router.post('/api/reception/requests/:ticketNumber/proposal/accept', limits.perIp, async (req, res) => {
    smallBody(req);
    const language = languageOf(req, ctx.config.DEFAULT_LANGUAGE) ?? ctx.config.DEFAULT_LANGUAGE;
    const q = tokenQuery.safeParse(req.body ?? {});
    if (!q.success) throw new DomainError('NotFound', tWeb(language, 'error.not_found'), 404);
    const ticket = await authorizedTicket(String(req.params.ticketNumber), q.data.token, language);
    const proposal = await acceptProposal(ctx, ticket.id, language);
    res.status(proposal.state === 'accepted' ? 200 : 422).json({ proposal });
  });

  router.get('/api/reception/chat', async (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({ available: await agentsAvailable() });
  });
}
