// Automated voice calls (ctx.outbound.voice): reminders and notices read by text-to-speech
// in the customer's language (автоинформатор). Consent and the courtesy window for calls
// are checked here; delivery (answered / no answer) comes back on the call status callback.
import twilio from 'twilio';
import type { Config } from '../../core/config';
import { DomainError, Invalid } from '../../core/errors';
import type { Logger } from '../../core/logger';
import type { OutboundChannel, OutboundMessage, SendResult } from '../../core/outbound';
import { toE164 } from '../../core/phone';
import { accountByPhone, customerByAccount } from '../../models/repos/customers';
import type { TwilioClient } from '../twilio/client';
import { recordAccepted, recordFailed } from '../twilio/delivery';
import { publicUrl } from '../twilio/signature';
import { sayAttributes } from './speech';

export const VOICE_STATUS_PATH = '/webhooks/twilio/voice/status';
/** The step a callback call is answered by (channels/voice/callback-steps.ts). */
export const CALLBACK_ANSWER_PATH = '/webhooks/twilio/voice/callback/answer';

export const VoiceConsentWithdrawn = () =>
  new DomainError('VoiceConsentWithdrawn', 'the recipient has withdrawn consent to automated calls', 409);
export const OutsideCourtesyWindow = (nextAt: Date | null) =>
  new DomainError('OutsideCourtesyWindow', 'automated calls are not placed at this hour', 409, { nextAt: nextAt?.toISOString() ?? null });

export interface VoiceOutboundDeps {
  config: Pick<Config, 'PUBLIC_BASE_URL' | 'TWILIO_FROM_NUMBER' | 'DEFAULT_COUNTRY' | 'TIMEZONE'>;
  logger: Logger;
  client: TwilioClient;
  clock: { now(): Date };
  /**
   * The courtesy window of automated calls: null when a call may ring at `now`, else the next
   * time it may (the rule set's reminders.voiceHours and its holidays). Alerts the customer asked for are exempt.
   */
  courtesy: (now: Date) => Date | null;
}

/** The TwiML of an automated call: the text, said twice with a pause, in the message's language. */
export function reminderTwiml(text: string, language: string): string {
  const r = new twilio.twiml.VoiceResponse();
  const say = sayAttributes(language);
  r.say(say, text);
  r.pause({ length: 1 });
  r.say(say, text);
  r.hangup();
  return r.toString();
}

export class TwilioVoiceOutbound implements OutboundChannel {
  constructor(private readonly deps: VoiceOutboundDeps) {}

  async send(msg: OutboundMessage): Promise<SendResult> {
    const { config, client, logger, clock } = this.deps;
    const to = toE164(msg.to, config.DEFAULT_COUNTRY);
    if (!to) throw Invalid('the recipient is not a valid phone number');
    if (!msg.body.trim()) throw Invalid('an automated call needs a text to read');
    const now = clock.now();
    const requested = msg.kind === 'callback';
    const nextAllowed = msg.kind === 'alert' || requested ? null : this.deps.courtesy(now);
    if (nextAllowed) throw OutsideCourtesyWindow(nextAllowed);
    const account = requested ? null : (msg.accountNumber ?? (await accountByPhone(to)));
    if (account) {
      const customer = await customerByAccount(account, { consents: 1 });
      if (customer?.consents?.voice === false) {
        await recordFailed(msg.messageId, 'consent withdrawn');
        throw VoiceConsentWithdrawn();
      }
    }
    const statusCallback = publicUrl(config, `${VOICE_STATUS_PATH}?m=${encodeURIComponent(msg.messageId)}`);
    let sid: string;
    try {
      const common = {
        to,
        from: config.TWILIO_FROM_NUMBER,
        statusCallback,
        statusCallbackMethod: 'POST',
        statusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'],
      };
      const call = requested
        ? await client.calls.create({
            ...common,
            // Answered by the callback step, which bridges a person to the agent; a machine is no answer.
            url: publicUrl(config, `${CALLBACK_ANSWER_PATH}?m=${encodeURIComponent(msg.messageId)}`),
            method: 'POST',
            machineDetection: 'Enable',
          })
        : await client.calls.create({
            ...common,
            twiml: reminderTwiml(msg.body, msg.language),
            // An answering machine gets the message too (Twilio waits for the beep).
            machineDetection: 'DetectMessageEnd',
          });
      sid = call.sid;
    } catch (err) {
      const code = (err as { code?: number }).code;
      await recordFailed(msg.messageId, `twilio ${code ?? 'error'}`);
      logger.warn({ messageId: msg.messageId, code }, 'automated call failed');
      throw err;
    }
    await recordAccepted({
      messageId: msg.messageId,
      channel: 'voice',
      externalId: sid,
      to,
      from: config.TWILIO_FROM_NUMBER,
      body: msg.body,
      ticketId: msg.ticketId,
      at: now,
    });
    logger.info({ messageId: msg.messageId, callSid: sid, kind: msg.kind }, 'automated call placed');
    return { externalId: sid, state: 'queued' };
  }
}
