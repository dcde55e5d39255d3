// POST /api/bills/:billNumber/notice-receipt: the back office records the day a formal notice
// sent by registered post was received (the return receipt); the customer panel's button.
import express from 'express';
import { z } from 'zod';
import { requireRole } from '../../app/require-role';
import type { Feature } from '../../app/feature';
import { parse } from '../../app/validate';
import { recordNoticeReceipt } from '../../core/reminders/notice-receipt';

export const noticeReceiptBody = z
  .object({
    receivedOn: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')
      .describe('the date on the return receipt'),
  })
  .strict();

export const noticeReceiptFeature: Feature = {
  name: 'notice-receipt',
  routes(router, ctx) {
    router.post('/api/bills/:billNumber/notice-receipt', requireRole('agent'), express.json({ limit: '4kb' }), async (req, res) => {
      const billNumber = parse(z.string().trim().min(1).max(64), req.params.billNumber);
      const { receivedOn } = parse(noticeReceiptBody, req.body ?? {});
      res.json(await recordNoticeReceipt(ctx, { billNumber, receivedOn, actor: String(req.session.agentId) }));
    });
  },
};
