// The hardship path: a plan on eased terms waits as `pending_approval` with an
// `instalment_approval` task; an agent with authority approves it (or refuses it), the task is
// done, the decision audited and the customer told in writing.
import { Audit } from '../../models/audit';
import { Bill } from '../../models/bill';
import { Task } from '../../models/task';
import type { CoreContext } from '../context';
import { DomainError, NotFound } from '../errors';
import { tConfirmation } from './confirmation';
import { sendToCustomer } from './send-confirmation';

export async function decideHardshipPlan(
  ctx: Pick<CoreContext, 'config' | 'logger' | 'outbound' | 'clock' | 'rules'>,
  cmd: { billNumber: string; approve: boolean; actor: string },
): Promise<{ billNumber: string; status: 'active' | 'defaulted' }> {
  const bill = await Bill.findById(cmd.billNumber, { accountNumber: 1, instalmentPlan: 1 }).lean();
  if (!bill) throw NotFound(`bill ${cmd.billNumber}`);
  // Refused eased terms leave the bill without a plan (a new request may follow): `defaulted` frees the slot.
  const status = cmd.approve ? 'active' : 'defaulted';
  const res = await Bill.updateOne(
    { _id: cmd.billNumber, 'instalmentPlan.status': 'pending_approval' },
    { $set: { 'instalmentPlan.status': status, ...(cmd.approve ? {} : { 'dunning.pausedReason': null }) } },
  );
  if (res.modifiedCount === 0) throw new DomainError('NoPendingPlan', 'the bill has no plan waiting for approval', 409);
  const now = ctx.clock.now();
  await Task.updateOne({ _id: `instalment_approval:${cmd.billNumber}` }, { $set: { status: 'done', doneAt: now } });
  await Audit.create({
    at: now,
    actor: cmd.actor,
    action: `billing.instalment.${cmd.approve ? 'approved' : 'approval_refused'}`,
    target: cmd.billNumber,
    details: JSON.stringify({ channel: 'agent', ruleSet: ctx.rules.id, values: ctx.rules.instalments }),
  });
  if (cmd.approve && bill.accountNumber)
    await sendToCustomer(ctx, {
      accountNumber: bill.accountNumber,
      messageId: `decision:instalment_approved:${cmd.billNumber}`,
      text: (language) => tConfirmation(language, 'confirmed.instalment_approved', { bill: cmd.billNumber }),
    });
  return { billNumber: cmd.billNumber, status };
}
