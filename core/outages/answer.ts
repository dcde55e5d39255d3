// The answer a contact linked to an outage gets at once, in its channel and language: the
// outage's public message, the estimate, and that nothing more is needed. The channel sends it
// (a TwiML reply to the SMS, a mail, the form's answer, the IVR's voice); this records it on the
// ticket, so agents and the tracking page see what the customer was told.
import { Message } from '../../models/message';
import type { OutageRow } from '../../models/outage';
import { insertBatched } from '../../models/write-batch';
import type { Channel, Language } from '../../wire';
import { outageWording } from './wording';

export function outageAnswer(
  outage: OutageRow,
  language: Language,
  timeZone: string,
  ticketNumber = '',
): { subject: string; body: string } {
  return outageWording('answer', outage, language, timeZone, ticketNumber);
}

/** The answer as an outbound message of the ticket, sent (one insert, batched with the other writes of the moment). */
export async function recordAnswer(a: {
  messageId: string;
  ticketId: string;
  channel: Channel;
  to?: string;
  body: string;
  at: Date;
}): Promise<void> {
  // Complete as models/message.ts would make it: it goes to the driver as is.
  const row = { _id: a.messageId, direction: 'out', channel: a.channel, body: a.body, ticketId: a.ticketId, state: 'sent', sentAt: a.at };
  await insertBatched(Message, { ...row, ...(a.to ? { to: a.to } : {}), public: true, attachments: [], createdAt: a.at, updatedAt: a.at });
}
