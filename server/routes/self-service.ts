// Self-service on bills and contracts for agents (the IVR, SMS and web call the same use
// cases in core/billing/self-service.ts), tariff changes and survey answers.
import express from 'express';
import { z } from 'zod';
import { decideHardshipPlan } from '../../core/billing/approve-plan';
import { tConfirmation } from '../../core/billing/confirmation';
import { decide } from '../../core/billing/decide';
import { sendToCustomer } from '../../core/billing/send-confirmation';
import { Audit } from '../../models/audit';
import { closeDispute, openDispute } from '../../core/billing/self-service';
import { HARDSHIP } from '../../models/customer';
import { Reminder } from '../../models/reminder';
import { Task } from '../../models/task';
import { TariffChange } from '../../models/tariff-change';
import { SERVICES } from '../../models/contract';
import { answerSurvey } from '../../core/surveys/answer-survey';
import { requireRole } from '../../app/require-role';
import type { Feature } from '../../app/feature';
import { parse } from '../../app/validate';
import { openDisputeFromTicket } from '../../core/billing/dispute-request';
import { awardLateAnswerIndemnity } from '../../core/sla/award-indemnity';
import { listLateAnswerIndemnities } from '../../core/sla/list-indemnities';

const range = z.object({ from: z.coerce.date(), to: z.coerce.date() }).strict();

const key = z.string().trim().min(1).max(64);
export const instalmentBody = z
  .object({ hardship: z.array(z.enum(HARDSHIP)).max(4).optional(), dryRun: z.boolean().optional() })
  .strict()
  .default({});
export const deferralBody = z.object({ dryRun: z.boolean().optional() }).strict().default({});
export const disputeOpenBody = z.object({ ticketId: key }).strict();
export const disputeCloseBody = z.object({ upheld: z.boolean() }).strict();
export const approvalBody = z.object({ approve: z.boolean() }).strict();
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
  // A disputed-contract request opens the case as soon as its ticket exists, whatever the
  // channel; a resolved ticket earns the rule set's late-answer indemnity, if one is owed.
  // (Listener failures are logged by the event bus.)
  background(ctx) {
    ctx.events.on('ticket.queued', async (e) => {
      if (e.category !== 'disputed_contract' || e.reason !== 'new') return;
      const r = await openDisputeFromTicket(ctx, e.ticketId);
      ctx.logger.info({ ticketId: e.ticketId, ...r }, 'dispute request');
    });
    ctx.events.on('ticket.resolved', async (e) => {
      await awardLateAnswerIndemnity(ctx, e.ticketId);
    });
  },
  routes(router, ctx) {
    const json = express.json({ limit: '16kb' });
    router.post('/api/bills/:billNumber/instalment-plan', requireRole('agent'), json, async (req, res) => {
      const billNumber = parse(key, req.params.billNumber);
      const body = parse(instalmentBody, req.body ?? {});
      const { kind: _kind, ...result } = await decide(ctx, {
        kind: 'instalment',
        billNumber,
        channel: 'agent',
        actor: `agent:${req.session.agentId}`,
        ...body,
      });
      res.status(result.stored ? 201 : 200).json(result);
    });
    router.post('/api/bills/:billNumber/deferral', requireRole('agent'), json, async (req, res) => {
      const billNumber = parse(key, req.params.billNumber);
      const body = parse(deferralBody, req.body ?? {});
      const { kind: _kind, ...result } = await decide(ctx, {
        kind: 'deferral',
        billNumber,
        channel: 'agent',
        actor: `agent:${req.session.agentId}`,
        ...body,
      });
      res.status(result.stored ? 201 : 200).json(result);
    });
    router.post('/api/contracts/:contractNumber/dispute', requireRole('agent'), json, async (req, res) => {
      const contractNumber = parse(key, req.params.contractNumber);
      res.json(await openDispute(ctx, { contractNumber, ...parse(disputeOpenBody, req.body) }));
    });
    router.post('/api/contracts/:contractNumber/dispute/close', requireRole('supervisor'), json, async (req, res) => {
      const contractNumber = parse(key, req.params.contractNumber);
      const body = parse(disputeCloseBody, req.body);
      const closed = await closeDispute(ctx, { contractNumber, ...body });
      await Audit.create({
        at: ctx.clock.now(),
        actor: `agent:${req.session.agentId}`,
        action: `dispute.${body.upheld ? 'upheld' : 'rejected'}`,
        target: contractNumber,
        details: JSON.stringify({ channel: 'agent', ruleSet: ctx.rules.id, indemnity: ctx.rules.disputes.indemnity }),
      });
      // The outcome goes to the customer in writing (SMS, else e-mail).
      const outcomeSent = closed.accountNumber
        ? await sendToCustomer(ctx, {
            accountNumber: closed.accountNumber,
            messageId: `dispute:${closed.ticketId}`,
            text: (language) => tConfirmation(language, body.upheld ? 'dispute.upheld' : 'dispute.rejected', { contract: contractNumber }),
          })
        : null;
      res.json({ contractNumber, creditNoteTask: closed.creditNoteTask, billsCancelled: closed.billsCancelled, outcomeSent });
    });
    // The hardship path: a supervisor approves (or refuses) the eased plan waiting for approval.
    router.post('/api/bills/:billNumber/instalment-plan/approval', requireRole('supervisor'), json, async (req, res) => {
      const billNumber = parse(key, req.params.billNumber);
      const { approve } = parse(approvalBody, req.body);
      res.json(await decideHardshipPlan(ctx, { billNumber, approve, actor: `agent:${req.session.agentId}` }));
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
    // The regulatory list of automatic late-answer indemnities, with totals.
    router.get('/api/stats/indemnities', requireRole('supervisor'), async (req, res) => {
      const { from, to } = parse(range, req.query);
      res.json(await listLateAnswerIndemnities({ from, to }));
    });
    router.get('/api/bills/:billNumber/reminders', requireRole('agent'), async (req, res) => {
      const billNumber = parse(key, req.params.billNumber);
      const [reminders, tasks] = await Promise.all([Reminder.find({ billNumber }).lean(), Task.find({ billNumber }).lean()]);
      res.json({ reminders, tasks });
    });
  },
};
