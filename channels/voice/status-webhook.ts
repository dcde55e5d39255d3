// POST /webhooks/twilio/voice/status: call progress. For our automated calls (`?m=` in the
// URL) it tracks delivery of the message; for inbound calls it closes the call's record.
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../app/context';
import { applyStatus, callState } from '../twilio/delivery';

const statusSchema = z.object({
  CallSid: z.string().min(2).max(64),
  CallStatus: z.string().min(1).max(32),
  CallDuration: z.string().max(10).optional(),
  ErrorCode: z.string().max(16).optional(),
});

export type CallStatusUpdate = z.infer<typeof statusSchema>;

/** `onInbound` handles the end of an inbound (IVR) call; our own calls carry `?m=` (`onOurs`: callbacks). */
export function voiceStatusHandler(
  ctx: AppContext,
  onInbound: (update: CallStatusUpdate) => Promise<void>,
  onOurs?: (messageId: string, update: CallStatusUpdate) => Promise<void>,
) {
  return async (req: Request, res: Response): Promise<void> => {
    const parsed = statusSchema.safeParse(req.body ?? {});
    if (!parsed.success) {
      res.status(400).type('text/plain').send('missing CallSid or CallStatus');
      return;
    }
    const m = typeof req.query.m === 'string' ? req.query.m : undefined;
    if (m) {
      const state = callState(parsed.data.CallStatus);
      if (state)
        await applyStatus({
          messageId: m,
          externalId: parsed.data.CallSid,
          state,
          at: ctx.clock.now(),
          error: state === 'failed' ? parsed.data.CallStatus : undefined,
        });
      await onOurs?.(m, parsed.data);
    } else {
      await onInbound(parsed.data);
    }
    res.status(204).end();
  };
}
