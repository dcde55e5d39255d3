// Self-service on bills and contracts for agents (the IVR, SMS and web call the same use
// cases in core/billing/self-service.ts), tariff changes and survey answers.
import express from 'express';
import { z } from 'zod';
import { closeDispute, openDispute, requestDeferral, requestInstalmentPlan } from '../../core/billing/self-service';
import { HARDSHIP } from '../../models/customer';
import { Reminder } from '../../models/reminder';
import { Task } from '../../models/task';
import { TariffChange } from '../../models/tariff-change';
import { SERVICES } from '../../models/contract';
import { answerSurvey } from '../../core/surveys/answer-survey';
import { requireRole } from '../../app/require-role';
import type { Feature } from '../../app/feature';
import { parse } from '../../app/validate';

const key = z.string().trim().min(1).max(64);
export const instalmentBody = z
  .object({ hardship: z.array(z.enum(HARDSHIP)).max(4).optional(), dryRun: z.boolean().optional() })
  .strict()
  .default({});
export const deferralBody = z.object({ dryRun: z.boolean().optional() }).strict().default({});
export const disputeOpenBody = z.object({ ticketId: key }).strict();
export const disputeCloseBody = z.object({ upheld: z.boolean() }).strict();
export const tariffChangeBody = z
  .object({
    id: key,
    kind: z.enum(['tariff', 'rules']).default('tariff'),
    service: z.enum(SERVICES).optional(),
    areaCode: key.optional(),
    effectiveAt: z.coerce.date(),
    announceFrom: z.coerce.date(),
    summary: z
      .object({ it: z.string().max(500).optional(), ru: z.string().max(500).optional(), en: z.string().max(500).optional() })
      .strict(),
  })
  .strict();
export const surveyAnswerBody = z
  .object({ token: z.string().min(10).max(100), score: z.coerce.number().int(), comment: z.string().trim().max(2000).optional() })
  .strict();

export const selfServiceFeature: Feature = {
  name: 'self-service',
  routes(router, ctx) {
    const json = express.json({ limit: '16kb' });
    router.post('/api/bills/:billNumber/instalment-plan', requireRole('agent'), json, async (req, res) => {
      const billNumber = parse(key, req.params.billNumber);
      const body = parse(instalmentBody, req.body ?? {});
      const result = await requestInstalmentPlan(ctx, { billNumber, ...body });
      res.status(result.stored ? 201 : 200).json(result);
    });
    router.post('/api/bills/:billNumber/deferral', requireRole('agent'), json, async (req, res) => {
      const billNumber = parse(key, req.params.billNumber);
      const body = parse(deferralBody, req.body ?? {});
      const result = await requestDeferral(ctx, { billNumber, ...body });
      res.status(result.stored ? 201 : 200).json(result);
    });
    router.post('/api/contracts/:contractNumber/dispute', requireRole('agent'), json, async (req, res) => {
      const contractNumber = parse(key, req.params.contractNumber);
      res.json(await openDispute(ctx, { contractNumber, ...parse(disputeOpenBody, req.body) }));
    });
    router.post('/api/contracts/:contractNumber/dispute/close', requireRole('supervisor'), json, async (req, res) => {
      const contractNumber = parse(key, req.params.contractNumber);
      res.json(await closeDispute(ctx, { contractNumber, ...parse(disputeCloseBody, req.body) }));
    });
    router.post('/api/admin/tariff-changes', requireRole('admin'), json, async (req, res) => {
      const { id, ...change } = parse(tariffChangeBody, req.body);
      await TariffChange.updateOne({ _id: id }, { $set: change }, { upsert: true });
      res.status(201).json({ id, ...change });
    });
    // Public: the customer answers from the link in the survey message (the token is the key).
    router.post('/api/surveys/:id', json, async (req, res) => {
      const surveyId = parse(key, req.params.id);
      res.json(await answerSurvey(ctx, { surveyId, ...parse(surveyAnswerBody, req.body) }));
    });
    router.get('/api/bills/:billNumber/reminders', requireRole('agent'), async (req, res) => {
      const billNumber = parse(key, req.params.billNumber);
      const [reminders, tasks] = await Promise.all([Reminder.find({ billNumber }).lean(), Task.find({ billNumber }).lean()]);
      res.json({ reminders, tasks });
    });
  },
};
