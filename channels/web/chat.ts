// Live chat of the web reception: a socket.io namespace of its own (never the agents'). A
// chat is a ticket of channel `chat` (a live contact); every visitor message goes through ingest() — persisted —
// before it is shown; agents' messages arrive through WebChatOutbound (outbound.ts). The
// visitor keeps {ticketNumber, token} and resumes with them after a reload. When no agent
// is available the chat becomes a request with the usual acknowledgement.
import type { Namespace, Socket } from 'socket.io';
import { z } from 'zod';
import { DomainError } from '../../core/errors';
import type { AppContext } from '../../app/context';
import { LANGUAGES } from '../../wire';
import { agentsAvailable } from './availability';
import { fieldErrors, FORM_CATEGORIES } from './request-schema';
import { addVisitorMessage, authorizedTicket, publicMessages, submitRequest, toPublicMessage } from './submit-request';
import { tWeb } from './catalog';
import { toE164 } from '../../core/phone';

export const RECEPTION_NAMESPACE = '/reception';
export const chatRoom = (ticketId: string) => `chat:${ticketId}`;

const MESSAGES_PER_MINUTE = 20;

type Ack = (reply: Record<string, unknown>) => void;

function chatStartSchema(defaultCountry: string) {
  return z
    .object({
      name: z.string({ error: 'field.required' }).trim().min(2, { error: 'field.too_short|2' }).max(200, { error: 'field.too_long|200' }),
      email: z
        .string()
        .trim()
        .max(320)
        .optional()
        .transform((v) => v || undefined)
        .refine((v) => v === undefined || /^[^\s@<>()]+@[^\s@<>()]+\.[^\s@<>()]+$/.test(v), { error: 'field.invalid_email' }),
      phone: z
        .string()
        .trim()
        .max(40)
        .optional()
        .transform((v) => v || undefined)
        .refine((v) => v === undefined || toE164(v, defaultCountry) !== null, { error: 'field.invalid_phone' }),
      category: z.enum(FORM_CATEGORIES, { error: 'field.invalid_category' }).optional(),
      message: z.string({ error: 'field.required' }).trim().min(1, { error: 'field.required' }).max(2000, { error: 'field.too_long|2000' }),
      language: z.enum(LANGUAGES).optional(),
    })
    .strip();
}

const resumeSchema = z.object({ ticketNumber: z.string().max(20), token: z.string().min(20).max(100) });
const messageSchema = z.object({ clientId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/), body: z.string().trim().min(1).max(2000) });

function reply(ack: unknown): Ack {
  return typeof ack === 'function' ? (ack as Ack) : () => undefined;
}

function failure(err: unknown, language?: string): Record<string, unknown> {
  if (err instanceof DomainError) return { ok: false, error: err.code, message: err.message, details: err.details };
  return { ok: false, error: 'InternalError', message: tWeb(language, 'error.rejected') };
}

/** Chats started per client IP share the form's per-IP limit window. */
async function chatStartAllowed(ctx: AppContext, ip: string): Promise<boolean> {
  const window = Math.floor(ctx.clock.now().getTime() / (ctx.config.RECEPTION_WINDOW_MINUTES * 60_000));
  const key = `rl:reception:chat:${ip}:${window}`;
  const n = await ctx.redis.incr(key);
  if (n === 1) await ctx.redis.expire(key, ctx.config.RECEPTION_WINDOW_MINUTES * 60 + 5);
  return n <= ctx.config.RECEPTION_IP_LIMIT;
}

export function registerReceptionChat(ctx: AppContext): Namespace {
  const nsp = ctx.io.of(RECEPTION_NAMESPACE);
  const startSchema = chatStartSchema(ctx.config.DEFAULT_COUNTRY);

  nsp.on('connection', (socket: Socket) => {
    let ticket: { id: string; channel?: string | null; contact?: { address?: string | null } | null } | null = null;
    let language: string | undefined;
    const sent: number[] = [];

    socket.on('chat:start', async (input: unknown, ack: unknown) => {
      const done = reply(ack);
      try {
        language = (input as { language?: string } | null)?.language;
        const parsed = startSchema.safeParse(input ?? {});
        if (!parsed.success)
          throw new DomainError('ValidationFailed', tWeb(language, 'error.invalid'), 400, fieldErrors(parsed.error.issues, language));
        if (!(await chatStartAllowed(ctx, socket.handshake.address)))
          throw new DomainError('RateLimited', tWeb(language, 'error.rate_limited'), 429);
        const available = await agentsAvailable();
        const r = await submitRequest(ctx, { ...parsed.data, language: parsed.data.language }, 'chat', { acknowledge: !available });
        ticket = {
          id: r.ticketId,
          channel: available ? 'chat' : 'web',
          contact: { address: parsed.data.email ?? parsed.data.phone ?? '' },
        };
        await socket.join(chatRoom(r.ticketId));
        done({
          ok: true,
          mode: available ? 'chat' : 'request',
          ticketNumber: r.ticketNumber,
          token: r.trackingToken,
          trackingUrl: r.trackingPath,
          deadline: r.deadline?.toISOString() ?? null,
          messages: [toPublicMessage({ _id: r.messageId, direction: 'in', body: parsed.data.message, receivedAt: ctx.clock.now() })],
        });
      } catch (err) {
        if (!(err instanceof DomainError)) ctx.logger.error({ err }, 'chat start failed');
        done(failure(err, language));
      }
    });

    socket.on('chat:resume', async (input: unknown, ack: unknown) => {
      const done = reply(ack);
      try {
        const parsed = resumeSchema.safeParse(input ?? {});
        if (!parsed.success) throw new DomainError('NotFound', tWeb(language, 'error.not_found'), 404);
        const t = await authorizedTicket(parsed.data.ticketNumber, parsed.data.token, language);
        ticket = { id: t.id, channel: t.channel, contact: t.contact };
        await socket.join(chatRoom(t.id));
        done({
          ok: true,
          ticketNumber: t.number,
          status: t.status ?? 'queued',
          available: await agentsAvailable(),
          messages: await publicMessages(t.id),
        });
      } catch (err) {
        if (!(err instanceof DomainError)) ctx.logger.error({ err }, 'chat resume failed');
        done(failure(err, language));
      }
    });

    socket.on('chat:message', async (input: unknown, ack: unknown) => {
      const done = reply(ack);
      try {
        if (!ticket) throw new DomainError('NoChat', 'start or resume a chat first', 409);
        const parsed = messageSchema.safeParse(input ?? {});
        if (!parsed.success) throw new DomainError('ValidationFailed', tWeb(language, 'error.invalid'), 400);
        const now = Date.now();
        while (sent.length && now - sent[0]! > 60_000) sent.shift();
        if (sent.length >= MESSAGES_PER_MINUTE) throw new DomainError('RateLimited', tWeb(language, 'error.rate_limited'), 429);
        sent.push(now);
        const message = await addVisitorMessage(ctx, ticket, parsed.data.body, `chat:${ticket.id}:${parsed.data.clientId}`);
        // Persisted above; now shown — to this visitor's other tabs too.
        nsp.to(chatRoom(ticket.id)).emit('chat:message', message);
        done({ ok: true, message });
      } catch (err) {
        if (!(err instanceof DomainError)) ctx.logger.error({ err, ticketId: ticket?.id }, 'chat message failed');
        done(failure(err, language));
      }
    });
  });
  return nsp;
}
