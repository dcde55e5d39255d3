// Whether outbound messages really leave or stay in the dev outbox (channels/outbox): a
// newcomer without a Twilio account or a mail relay still sees the whole loop — the
// acknowledgement, the agent's reply, its delivery — on /outbox instead of "failed".
import { SMTP_OUTBOUND_PLACEHOLDER, TWILIO_PLACEHOLDER_SID, type Config } from './config';

export interface OutboxMode {
  /** SMS and automated calls (Twilio's REST API) go to the outbox. */
  twilio: boolean;
  /** E-mail (SMTP) goes to the outbox. */
  email: boolean;
}

export function outboxMode(
  config: Pick<Config, 'OUTBOX' | 'NODE_ENV' | 'TWILIO_ACCOUNT_SID' | 'TWILIO_API_BASE_URL' | 'SMTP_OUTBOUND_URL'>,
): OutboxMode {
  if (config.OUTBOX === 'off') return { twilio: false, email: false };
  if (config.OUTBOX === 'on') return { twilio: true, email: true };
  if (config.NODE_ENV !== 'development') return { twilio: false, email: false };
  return {
    twilio: config.TWILIO_ACCOUNT_SID === TWILIO_PLACEHOLDER_SID && !config.TWILIO_API_BASE_URL,
    email: config.SMTP_OUTBOUND_URL === SMTP_OUTBOUND_PLACEHOLDER,
  };
}
