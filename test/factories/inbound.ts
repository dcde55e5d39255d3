import { randomBytes } from 'node:crypto';
import type { InboundMessage } from '../../core/ingest/inbound-message';

export function inboundSms(overrides: Partial<InboundMessage> = {}): InboundMessage {
  return {
    channel: 'sms',
    externalId: `SM${randomBytes(16).toString('hex')}`,
    from: '+393331234567',
    to: '+390000000000',
    body: 'Buongiorno, vorrei informazioni sulla mia bolletta',
    receivedAt: new Date(),
    ...overrides,
  };
}
