// The dev outbox (core/outbox-mode.ts): stand-ins for Twilio's REST client and for the SMTP
// transport that keep each message in the store (models/outbox-item.ts) instead of sending it,
// and play the provider's delivery callbacks a moment later through the same state machine as
// the real ones (channels/twilio/delivery.ts). Everything before the send — consent, quiet
// hours, threading headers, the message rows — is the real senders' own code.
import { randomBytes } from 'node:crypto';
import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer';
import type { Types } from 'mongoose';
import type { Logger } from '../../core/logger';
import { OutboxItem } from '../../models/outbox-item';
import type { TwilioClient } from '../twilio/client';
import { applyStatus } from '../twilio/delivery';

/** How long after the "send" each simulated callback arrives. */
const SENT_AFTER_MS = 300;
const DELIVERED_AFTER_MS = 1200;

const sid = (prefix: string) => `${prefix}${randomBytes(16).toString('hex')}`;

/** Our message id from a status-callback URL (`…?m=<id>`). */
function messageIdOf(statusCallback: unknown): string | undefined {
  if (typeof statusCallback !== 'string') return undefined;
  try {
    return new URL(statusCallback).searchParams.get('m') ?? undefined;
  } catch {
    return undefined;
  }
}

/** The addresses of a To / From field, whatever shape nodemailer was given them in. */
function addressText(a: unknown): string {
  if (Array.isArray(a)) return a.map(addressText).join(', ');
  if (typeof a === 'string') return a;
  return a && typeof a === 'object' && 'address' in a ? String((a as { address: unknown }).address) : '';
}

export class Outbox {
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly logger: Logger,
    private readonly clock: { now(): Date },
  ) {}

  /** The simulated callbacks: sent, then delivered (a call: answered and completed). */
  private deliver(itemId: Types.ObjectId, messageId: string | undefined, externalId: string): void {
    for (const [state, ms] of [
      ['sent', SENT_AFTER_MS],
      ['delivered', DELIVERED_AFTER_MS],
    ] as const) {
      const t = setTimeout(() => {
        this.timers.delete(t);
        void (async () => {
          await OutboxItem.updateOne({ _id: itemId }, { $set: { state } });
          if (messageId) await applyStatus({ messageId, externalId, state, at: this.clock.now() });
        })().catch((err: unknown) => this.logger.warn({ err, externalId }, 'outbox: simulated callback failed'));
      }, ms);
      t.unref();
      this.timers.add(t);
    }
  }

  private async keep(channel: 'sms' | 'voice', p: Record<string, unknown>, externalId: string, body: string): Promise<void> {
    const messageId = messageIdOf(p.statusCallback);
    const item = await OutboxItem.create({
      at: this.clock.now(),
      channel,
      externalId,
      messageId,
      to: String(p.to ?? ''),
      from: String(p.from ?? ''),
      body,
    });
    this.logger.info({ channel, sid: externalId, messageId }, 'kept in the dev outbox (not sent)');
    this.deliver(item._id, messageId, externalId);
  }

  /** A stand-in for the parts of Twilio's client the senders and the call bridge use. */
  twilioClient(): TwilioClient {
    const calls = Object.assign((callSid: string) => ({ update: async () => ({ sid: callSid }) }), {
      create: async (p: Record<string, unknown>) => {
        const externalId = sid('CA');
        // What the call would say: the text of the TwiML's <Say>s.
        const said = [...String(p.twiml ?? '').matchAll(/<Say[^>]*>([^<]*)<\/Say>/g)].map((m) => m[1]).join(' … ');
        await this.keep('voice', p, externalId, said);
        return { sid: externalId, status: 'queued' };
      },
    });
    const messages = {
      create: async (p: Record<string, unknown>) => {
        const externalId = sid('SM');
        await this.keep('sms', p, externalId, String(p.body ?? ''));
        return { sid: externalId, status: 'queued' };
      },
    };
    return { messages, calls } as unknown as TwilioClient;
  }

  /** A nodemailer transport that builds the message as SMTP would carry it, and keeps it. */
  mailTransport(): Transporter {
    const transport = nodemailer.createTransport({ jsonTransport: true });
    const send = transport.sendMail.bind(transport);
    transport.sendMail = (async (mail: SendMailOptions) => {
      const info = await send(mail);
      await OutboxItem.create({
        at: this.clock.now(),
        channel: 'email',
        externalId: String(mail.messageId ?? info.messageId),
        to: addressText(mail.to),
        from: addressText(mail.from),
        subject: mail.subject,
        body: typeof mail.text === 'string' ? mail.text : '',
        state: 'delivered',
      });
      this.logger.info({ channel: 'email' }, 'kept in the dev outbox (not sent)');
      return info;
    }) as typeof transport.sendMail;
    return transport;
  }

  close(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}

const outboxes = new WeakMap<object, Outbox>();

/** The outbox of this process's config, once the outbox feature has started it (null: messages really leave). */
export function outboxOf(config: object): Outbox | null {
  return outboxes.get(config) ?? null;
}
export function setOutbox(config: object, outbox: Outbox | null): void {
  if (outbox) outboxes.set(config, outbox);
  else outboxes.delete(config);
}
