// ctx.outbound.web: agents' messages to a web visitor. The row is written (or found written)
// before the message is emitted to the visitor's room in the /reception namespace, so what
// the visitor sees is always in the store; a reload reads it back. Through the socket.io
// Redis adapter the emit reaches the visitor on whichever node holds the socket.
import type { Namespace } from 'socket.io';
import { Invalid } from '../../core/errors';
import type { OutboundChannel, OutboundMessage, SendResult } from '../../core/outbound';
import { Message } from '../../models/message';
import { isDuplicateKey } from '../../models/store';
import { chatRoom } from './chat';

export class WebChatOutbound implements OutboundChannel {
  constructor(
    private readonly nsp: Namespace,
    private readonly clock: { now(): Date },
  ) {}

  async send(msg: OutboundMessage): Promise<SendResult> {
    if (!msg.ticketId) throw Invalid('a web message needs its ticket');
    if (!msg.body.trim()) throw Invalid('a message needs a body');
    const at = this.clock.now();
    // The reply use case writes its row before sending; other callers may not. One insert
    // attempt covers both (a duplicate key means the row is there) and is the cheapest write
    // the store has, which keeps it off the agent-to-visitor latency.
    try {
      await Message.create({
        _id: msg.messageId,
        direction: 'out',
        channel: 'web',
        body: msg.body,
        ticketId: msg.ticketId,
        to: msg.to,
        public: true,
        state: 'sent',
        sentAt: at,
      });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
    this.nsp.to(chatRoom(msg.ticketId)).emit('chat:message', { id: msg.messageId, from: 'agent', body: msg.body, at: at.toISOString() });
    return { externalId: msg.messageId, state: 'sent' };
  }
}
