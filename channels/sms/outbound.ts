// Outbound SMS through Twilio's Messages API (ctx.outbound.sms): agents' replies,
// acknowledgements, reminders. Consent (STOP) is checked here, the one place every SMS
// passes, and delivery is tracked by the status callback (/webhooks/twilio/sms/status).
import type { Config } from '../../core/config';
import { Invalid } from '../../core/errors';
import type { Logger } from '../../core/logger';
import type { OutboundChannel, OutboundMessage, SendResult } from '../../core/outbound';
import { toE164 } from '../../core/phone';
import type { TwilioClient } from '../twilio/client';
import { recordAccepted, recordFailed } from '../twilio/delivery';
import { publicUrl } from '../twilio/signature';
import { smsRefused, SmsConsentWithdrawn } from './consent';
import { SmsRateLimiter } from './send-rate';

export const SMS_STATUS_PATH = '/webhooks/twilio/sms/status';

export interface SmsOutboundDeps {
  config: Pick<Config, 'PUBLIC_BASE_URL' | 'TWILIO_FROM_NUMBER' | 'DEFAULT_COUNTRY'>;
  logger: Logger;
  client: TwilioClient;
  clock: { now(): Date };
  /** Per-sender pacing (messages per second); absent = unpaced. */
  rate?: SmsRateLimiter;
}

export class TwilioSmsOutbound implements OutboundChannel {
  constructor(private readonly deps: SmsOutboundDeps) {}

  async send(msg: OutboundMessage): Promise<SendResult> {
    const { config, client, logger } = this.deps;
    const to = toE164(msg.to, config.DEFAULT_COUNTRY);
    if (!to) throw Invalid('the recipient is not a valid phone number');
    if (!msg.body.trim()) throw Invalid('an SMS needs a body');
    if (await smsRefused(to, msg.accountNumber, msg.customerConsent)) {
      await recordFailed(msg.messageId, 'consent withdrawn (STOP)');
      logger.info({ messageId: msg.messageId, kind: msg.kind }, 'sms refused: consent withdrawn');
      throw SmsConsentWithdrawn();
    }
    await this.deps.rate?.acquire(config.TWILIO_FROM_NUMBER);
    const statusCallback = publicUrl(config, `${SMS_STATUS_PATH}?m=${encodeURIComponent(msg.messageId)}`);
    let sid: string;
    try {
      const created = await client.messages.create({ to, from: config.TWILIO_FROM_NUMBER, body: msg.body, statusCallback });
      sid = created.sid;
    } catch (err) {
      const code = (err as { code?: number }).code;
      await recordFailed(msg.messageId, `twilio ${code ?? 'error'}`);
      // 21610: Twilio itself holds a STOP for this number (its own keywords); same meaning.
      if (code === 21610) throw SmsConsentWithdrawn();
      logger.warn({ messageId: msg.messageId, code, status: (err as { status?: number }).status }, 'sms send failed');
      throw err;
    }
    await recordAccepted({
      messageId: msg.messageId,
      channel: 'sms',
      externalId: sid,
      to,
      from: config.TWILIO_FROM_NUMBER,
      body: msg.body,
      ticketId: msg.ticketId,
      at: this.deps.clock.now(),
    });
    logger.info({ messageId: msg.messageId, sid, kind: msg.kind, ticketId: msg.ticketId }, 'sms queued at twilio');
    return { externalId: sid, state: 'queued' };
  }
}
