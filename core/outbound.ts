// Outbound transports, behind one small interface per channel. Channel features fill the
// registry at start (sms and voice: channels/sms, channels/voice; email: channels/email;
// web chat: channels/web); agents' replies, acknowledgements, reminders and surveys all
// send through it, so consent, quiet hours and delivery tracking live in one place each.
import type { Language } from '../wire';
import type { ConsentPurpose } from './privacy/unsubscribe-token';

/**
 * `callback`: a call the customer asked for (core/callbacks), placed when an agent is ready;
 * the voice channel answers it with its own step (no text read out), outside the courtesy
 * window and whatever the consent to automated calls, since the customer asked for it.
 */
export type OutboundKind = 'reply' | 'ack' | 'reminder' | 'notice' | 'survey' | 'alert' | 'callback';

export interface OutboundMessage {
  /** Our id for the message (models/message.ts `_id`), used to track delivery status. */
  messageId: string;
  to: string;
  body: string;
  language: Language;
  kind: OutboundKind;
  subject?: string;
  html?: string;
  ticketId?: string;
  accountNumber?: string;
  /**
   * The customer's consent to this channel as the caller has just read it (reminders read
   * the customer anyway); saves the sender reading the customer again. A number-level STOP
   * is checked by the sender whatever this says.
   */
  customerConsent?: boolean;
  /**
   * What the message is for, when it is not part of a conversation: its e-mail carries an
   * unsubscribe link for that purpose. Unset: `reminders` for a reminder, `service` otherwise.
   */
  purpose?: ConsentPurpose;
}

export interface SendResult {
  /** The provider's id (Twilio SID, SMTP Message-ID). */
  externalId: string;
  state: 'queued' | 'sending' | 'sent' | 'delivered';
}

export interface OutboundChannel {
  send(msg: OutboundMessage): Promise<SendResult>;
}

export type OutboundRegistry = Partial<Record<'sms' | 'email' | 'voice' | 'web', OutboundChannel>>;
