// The vulnerability register's hold on the dunning ladder: before a disconnection step
// (power reduction, suspension: a stage with an operations task) is decided or sent, the
// customer's flags are read; a blocked ladder stops at the last notice and a case worker
// gets a task, a delayed one waits. Only bills at such a step pay for the look-up.
import type { DunningStep } from '../billing/dunning';
import type { CoreContext } from '../context';
import { Bill } from '../../models/bill';
import { customerByAccount } from '../../models/repos/customers';
import { ensureTask } from '../../models/task';
import { guardStep, protectionEffect, type Flag, type GuardedStep } from './flags';

export interface GuardedBill {
  billNumber: string;
  accountNumber?: string | null;
  contractNumber?: string | null;
  dunning?: { pausedReason?: string | null } | null;
}

/** The step after the customer's protection; reads the customer only for a disconnection step. */
export async function guardDisconnection(ctx: CoreContext, bill: GuardedBill, step: DunningStep, now: Date): Promise<GuardedStep> {
  if (step.kind !== 'fire' || !step.def?.operationsTask || !bill.accountNumber) return step;
  const customer = await customerByAccount(bill.accountNumber, { vulnerabilities: 1 });
  const guarded = guardStep(step, protectionEffect(customer?.vulnerabilities as Flag[] | undefined, ctx.rules), now);
  if (guarded.kind === 'protected') await stopForProtection(bill, guarded.stage, guarded.flag, now);
  return guarded;
}

/** Marks the bill's ladder as stopped by the register and hands the case to a case worker (once per bill). */
export async function stopForProtection(bill: GuardedBill, stage: string, flag: string, now: Date): Promise<void> {
  if (bill.dunning?.pausedReason !== 'protected')
    await Bill.updateOne({ _id: bill.billNumber }, { $set: { 'dunning.pausedReason': 'protected' } });
  await ensureTask({
    _id: `protected_case:${bill.billNumber}`,
    kind: 'protected_case',
    billNumber: bill.billNumber,
    accountNumber: bill.accountNumber ?? undefined,
    contractNumber: bill.contractNumber ?? undefined,
    dueAt: now,
    // The kind of flag is a code, not the medical detail (that stays on the customer).
    note: `ladder stopped before ${stage}: protected supply (${flag === 'life_support' || flag === 'medical' ? 'essential_supply' : flag}); contact the customer, agree a plan`,
  });
}
