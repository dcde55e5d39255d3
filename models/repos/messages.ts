// The messages of one ticket as staff read them (the console's conversation view): every
// message, notes included, oldest first, without the provider's raw payload.
import { Message, type MessageDoc } from '../message';

export type MessageRow = Omit<MessageDoc, 'raw'> & { _id: string };

/** At most 500: a conversation longer than that is read page by page (none is today). */
export async function messagesOfTicket(ticketId: string): Promise<MessageRow[]> {
  return Message.find({ ticketId }, { raw: 0 }).sort({ createdAt: 1 }).limit(500).lean<MessageRow[]>();
}
