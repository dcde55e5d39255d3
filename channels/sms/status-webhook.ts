// POST /webhooks/twilio/sms/status: Twilio reports queued / sent / delivered / failed for
// each SMS we sent. Our message id rides in the callback URL (`?m=`), Twilio's SID in the body.
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../app/context';
import { countNoticeDelivery } from '../../core/outages/notices/count-delivery';
import { applyStatus, messageState } from '../twilio/delivery';

const statusSchema = z.object({
  MessageSid: z.string().min(2).max(64),
  MessageStatus: z.string().min(1).max(32),
  ErrorCode: z.string().max(16).optional(),
});

export function smsStatusHandler(ctx: AppContext) {
  return async (req: Request, res: Response): Promise<void> => {
    const parsed = statusSchema.safeParse(req.body ?? {});
    if (!parsed.success) {
      res.status(400).type('text/plain').send('missing MessageSid or MessageStatus');
      return;
    }
    const { MessageSid, MessageStatus, ErrorCode } = parsed.data;
    const state = messageState(MessageStatus);
    const m = typeof req.query.m === 'string' ? req.query.m : undefined;
    if (state) {
      const moved = await applyStatus({
        messageId: m,
        externalId: MessageSid,
        state,
        at: ctx.clock.now(),
        error: ErrorCode ? `twilio ${ErrorCode}` : undefined,
      });
      ctx.logger.debug({ messageId: m, sid: MessageSid, state, moved }, 'sms status');
      // An outage notice reached its end: the outage's figures count it, once (only a move counts).
      if (moved && m) await countNoticeDelivery(m, state);
    }
    // Twilio only needs a 2xx; an unknown status is acknowledged and ignored.
    res.status(204).end();
  };
}
