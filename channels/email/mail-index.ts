// Small `_id`-keyed pointers that make mail threading one read per candidate:
//   "msgid:<Message-ID>" → the ticket (and, for mail we sent, our message row, for bounces)
//   "ticket:<ticketId>"  → the thread's Message-IDs in order, for our replies' References.
import { Schema, model } from 'mongoose';
import { replyReferences } from './threading';

const mailRefSchema = new Schema(
  {
    _id: { type: String, required: true },
    ticketId: { type: String },
    /** Our message row (models/message.ts `_id`) when we sent this Message-ID. */
    outMessageId: { type: String },
    refs: { type: [String], default: undefined },
  },
  { versionKey: false, timestamps: true, collection: 'mailrefs' },
);

export const MailRef = model('MailRef', mailRefSchema);

const msgKey = (messageId: string) => `msgid:${messageId.toLowerCase()}`;
const ticketKey = (ticketId: string) => `ticket:${ticketId}`;

/** Records a Message-ID of a ticket's thread (received or sent). Idempotent. */
export async function rememberMessageId(messageId: string, ticketId: string, outMessageId?: string): Promise<void> {
  const set: Record<string, string> = { ticketId };
  if (outMessageId) set.outMessageId = outMessageId;
  await MailRef.updateOne({ _id: msgKey(messageId) }, { $set: set }, { upsert: true });
  await MailRef.updateOne({ _id: ticketKey(ticketId) }, { $addToSet: { refs: messageId } }, { upsert: true });
}

/** The first candidate we know, as {ticketId, outMessageId}. */
export async function lookupMessageIds(candidates: string[]): Promise<{ ticketId: string; outMessageId?: string } | null> {
  for (const id of candidates) {
    const ref = await MailRef.findById(msgKey(id)).lean();
    if (ref?.ticketId) return { ticketId: ref.ticketId, outMessageId: ref.outMessageId ?? undefined };
  }
  return null;
}

/** In-Reply-To and References for a new message of this ticket's thread. */
export async function threadHeaders(ticketId: string): Promise<{ inReplyTo?: string; references: string[] }> {
  const ref = await MailRef.findById(ticketKey(ticketId)).lean();
  const refs = replyReferences(ref?.refs ?? []);
  return { inReplyTo: refs[refs.length - 1], references: refs };
}
