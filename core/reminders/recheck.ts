// The re-check, on fresh data, just before anything leaves: the bill (paid, cancelled,
// disputed, instalment plan or deferral → cancelled with the reason), the stage recorded on
// the bill, a moratorium switched on meanwhile, and a customer to write to.
import { isSettled } from '../billing/bill-like';
import { pauseReason, stageDefinition } from '../billing/dunning';
import type { CoreContext } from '../context';
import { Bill, stagesBelow } from '../../models/bill';
import { Contract } from '../../models/contract';
import { customerByAccount } from '../../models/repos/customers';
import { protectionEffect, type Flag } from '../protection/flags';
import { stopForProtection } from '../protection/dunning-guard';
import { cancel, finish, type SendReminderResult, type Sending } from './sending';

async function readFresh(billNumber: string) {
  const bill = await Bill.findById(billNumber).lean();
  if (!bill) return { bill };
  // The contract (dispute, shared supply, address) and the customer, read together.
  const [contract, customer] = await Promise.all([
    Contract.findById(bill.contractNumber, { disputeTicketId: 1, shared: 1, address: 1 }).lean(),
    bill.accountNumber ? customerByAccount(bill.accountNumber) : null,
  ]);
  return { bill, contract, customer };
}

type Fresh = Awaited<ReturnType<typeof readFresh>>;
export interface Checked {
  bill: NonNullable<Fresh['bill']>;
  contract: Fresh['contract'];
  customer: NonNullable<Fresh['customer']>;
  /** The stage's rung of the ladder (letter, tasks, channels), if the rule set has it. */
  def: ReturnType<typeof stageDefinition>;
}

/** The data to send with, or the outcome that ends the send here. */
export async function recheck(ctx: CoreContext, s: Sending): Promise<Checked | SendReminderResult> {
  const { bill, contract, customer } = await readFresh(s.reminder.billNumber);
  if (!bill) return cancel(s, 'bill_missing');
  if (bill.status === 'cancelled' || bill.collectionCancelledBy) return cancel(s, 'bill_cancelled');
  if (isSettled(bill)) return cancel(s, 'paid');
  const paused = pauseReason(bill, s.now, { timeZone: ctx.config.TIMEZONE, contractDisputed: !!contract?.disputeTicketId });
  if (paused) return cancel(s, paused);
  if (s.retry && s.reminder.stage !== 'due_soon') await catchUpStage(s, bill);
  const def = stageDefinition(bill, ctx.rules, s.reminder.stage);
  if (def?.leadsToDisconnection && ctx.rules.dunning.moratorium) {
    // Switched on after this was queued: held, not cancelled, so it goes out when it ends.
    await finish(s, { status: 'pending', notBefore: new Date(s.now.getTime() + 86_400_000), reason: 'moratorium' });
    return { outcome: 'deferred', reason: 'moratorium' };
  }
  if (!customer || customer.anonymisedAt) return cancel(s, 'customer_missing');
  // Flagged after the run decided this step (or a retry): a blocked supply gets no disconnection step.
  if (def?.operationsTask && protectionEffect(customer.vulnerabilities as Flag[], ctx.rules).effect === 'block') {
    await stopForProtection(bill, s.reminder.stage, 'protected', s.now);
    return cancel(s, 'protected');
  }
  return { bill, contract, customer, def };
}

/**
 * A retry: the worker that decided this stage may have died before recording it on the
 * bill. The stage only moves forward, so this is a no-op when it was recorded.
 */
async function catchUpStage(s: Sending, bill: Checked['bill']): Promise<void> {
  const { stage, decidedAt } = s.reminder;
  const lower = stagesBelow(stage);
  if (!lower.includes(bill.dunning?.stage ?? null)) return;
  await Bill.updateOne(
    { _id: bill._id, 'dunning.stage': { $in: lower } },
    { $set: { 'dunning.stage': stage, 'dunning.stageAt': decidedAt ?? s.now } },
  );
}
