import { z } from 'zod';
import { CATEGORIES, CHANNELS, LANGUAGES } from '../../wire';

export const attachmentSchema = z.object({
  filename: z.string().max(255).optional(),
  contentType: z.string().max(255).optional(),
  size: z.number().int().nonnegative().optional(),
  storageKey: z.string().max(500).optional(),
  url: z.string().max(2000).optional(),
});

/** What every channel adapter turns its raw input into (docs/architecture.md, "The flow of a message"). */
export const inboundMessageSchema = z.object({
  channel: z.enum(CHANNELS),
  /** The provider's id (Twilio MessageSid / CallSid, a mail key, a form submission id). */
  externalId: z.string().min(1).max(300),
  /** Sender address: E.164 phone, e-mail address, or a web visitor id. */
  from: z.string().max(320).default(''),
  to: z.string().max(320).optional(),
  subject: z.string().max(998).optional(),
  body: z.string().max(100_000).default(''),
  attachments: z.array(attachmentSchema).max(50).default([]),
  headers: z.array(z.object({ name: z.string(), value: z.string() })).optional(),
  receivedAt: z.date(),
  raw: z.unknown().optional(),
  /** Set when the customer chose it (web form, IVR menu): classification is skipped. */
  category: z.enum(CATEGORIES).optional(),
  language: z.enum(LANGUAGES).optional(),
  /** What the sender told us about themselves (forms, IVR). */
  identity: z
    .object({
      accountNumber: z.string().max(64).optional(),
      contractNumber: z.string().max(64).optional(),
      name: z.string().max(200).optional(),
      email: z.string().max(320).optional(),
      phone: z.string().max(40).optional(),
    })
    .default({}),
  /** A ticket the channel already matched (mail In-Reply-To, a tracking page, a call leg). */
  ticketId: z.string().max(64).optional(),
  /** Always open a new ticket (a web form submission is a new request). */
  newThread: z.boolean().default(false),
  /** Shown to the customer on the tracking page. */
  public: z.boolean().default(true),
  /** The sender waits on the line for an agent (a caller who asked for one), not deferred work. */
  live: z.boolean().default(false),
});

export type InboundMessage = z.input<typeof inboundMessageSchema>;
export type NormalizedInbound = z.output<typeof inboundMessageSchema>;

export function messageKey(channel: string, externalId: string): string {
  return `${channel}:${externalId}`;
}
