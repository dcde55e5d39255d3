// When a ticket is resolved, the automatic late-answer indemnity of the rule set, if one is
// owed: a credit-note task for billing with the reason, once per ticket (the task's `_id` is
// derived from the ticket, so a re-resolved or replayed ticket never earns a second one).
import { Audit } from '../../models/audit';
import { ticketById } from '../../models/repos/tickets';
import { ensureTask } from '../../models/task';
import type { CoreContext } from '../context';
import { lateAnswerIndemnity, type IndemnityVerdict } from './late-answer-indemnity';

export const lateAnswerTaskId = (ticketId: string) => `credit_note:late_answer:${ticketId}`;

export async function awardLateAnswerIndemnity(
  ctx: Pick<CoreContext, 'rules' | 'logger' | 'clock'>,
  ticketId: string,
): Promise<(IndemnityVerdict & { taskId: string; created: boolean }) | null> {
  if (!ctx.rules.lateAnswerIndemnity) return null;
  const t = await ticketById(ticketId, { category: 1, resolvedAt: 1, sla: 1, accountNumber: 1, contractNumber: 1, number: 1 });
  if (!t?.resolvedAt || !t.sla?.resolutionDueAt) return null;
  const verdict = lateAnswerIndemnity({ category: t.category, dueAt: t.sla.resolutionDueAt, answeredAt: t.resolvedAt }, ctx.rules);
  if (!verdict) return null;
  const taskId = lateAnswerTaskId(ticketId);
  const created = await ensureTask({
    _id: taskId,
    kind: 'credit_note',
    reason: 'late_answer',
    ticketId,
    ticketNumber: t.number,
    accountNumber: t.accountNumber ?? undefined,
    contractNumber: t.contractNumber ?? undefined,
    amount: verdict.amount,
    dueAt: t.resolvedAt,
    note: `automatic indemnity (${ctx.rules.id}): written answer ${verdict.daysLate} days late, tier ${verdict.tier}`,
  });
  if (created) {
    await Audit.create({
      at: ctx.clock.now(),
      actor: 'system:indemnity',
      action: 'billing.indemnity.late_answer',
      target: ticketId,
      details: JSON.stringify({ ruleSet: ctx.rules.id, amount: verdict.amount, tier: verdict.tier, daysLate: verdict.daysLate }),
    });
    ctx.logger.info({ ticketId, amount: verdict.amount, tier: verdict.tier }, 'late-answer indemnity owed');
  }
  return { ...verdict, taskId, created };
}
