// Self-service use cases on a bill, shared by agents (REST), the IVR, SMS and the web:
// instalment plan, deferral, disputed contract open / close. Each reads fresh data,
// applies the pure rule, and writes with one conditional update so two requests for the
// same bill cannot both win.
import { DomainError, NotFound } from '../errors';
import type { CoreContext } from '../context';
import { Bill } from '../../models/bill';
import { Contract } from '../../models/contract';
import { HARDSHIP } from '../../models/customer';
import { customerByAccount } from '../../models/repos/customers';
import { Reminder } from '../../models/reminder';
import { ensureTask } from '../../models/task';
import { deferral, type DeferralRefusal } from './deferral';
import { instalmentPlan, type InstalmentPlanProposal, type InstalmentRefusal } from './instalment-plan';

/** A refusal with its precise reason (`details.reason`) for agents, IVR prompts and the web. */
export const NotEligible = (reason: InstalmentRefusal | DeferralRefusal, message: string) =>
  new DomainError('NotEligible', message, 422, { reason });

async function load(billNumber: string) {
  const bill = await Bill.findById(billNumber).lean();
  if (!bill) throw NotFound(`bill ${billNumber}`);
  const [customer, contract, others] = await Promise.all([
    bill.accountNumber ? customerByAccount(bill.accountNumber, { segment: 1, hardship: 1 }) : null,
    Contract.findById(bill.contractNumber, { disputeTicketId: 1 }).lean(),
    bill.accountNumber ? Bill.find({ accountNumber: bill.accountNumber, status: 'open' }).lean() : [],
  ]);
  return {
    bill,
    customer: customer ?? { segment: 'household', hardship: [] },
    contractDisputed: !!contract?.disputeTicketId,
    others: others.filter((b) => b._id !== bill._id),
  };
}

export type HardshipCategory = (typeof HARDSHIP)[number];

export interface InstalmentRequest {
  billNumber: string;
  /** Hardship categories stated in this request (added to the customer's). */
  hardship?: HardshipCategory[];
  /** Only compute the plan, change nothing (IVR "how much would it be?"). */
  dryRun?: boolean;
}

export async function requestInstalmentPlan(
  ctx: CoreContext,
  req: InstalmentRequest,
): Promise<{ billNumber: string; plan: InstalmentPlanProposal; stored: boolean }> {
  const now = ctx.clock.now();
  const { bill, customer, contractDisputed, others } = await load(req.billNumber);
  const hardship = [...new Set([...(customer.hardship ?? []), ...(req.hardship ?? [])])];
  const decision = instalmentPlan(bill, { ...customer, hardship }, others, ctx.rules, now, {
    timeZone: ctx.config.TIMEZONE,
    contractDisputed,
  });
  if (!decision.ok) throw NotEligible(decision.reason, decision.message);
  if (req.dryRun) return { billNumber: bill.billNumber, plan: decision.plan, stored: false };
  const p = decision.plan;
  // One plan at a time per bill (a defaulted plan may be followed by a new one): the condition
  // decides, atomically on both stores, between concurrent requests and later ones.
  const res = await Bill.updateOne(
    { _id: bill._id, 'instalmentPlan.status': { $nin: ['active', 'pending_approval'] } },
    {
      $set: {
        instalmentPlan: {
          status: p.status,
          createdAt: now,
          interestRate: p.interestRate,
          // Said on the answer and kept with the plan: which reference rate made the interest.
          referenceRate: p.referenceRate?.rate,
          referenceRateFrom: p.referenceRate?.from,
          instalments: p.instalments.map((i) => ({ dueAt: i.dueAt, amount: i.amount })),
        },
        'dunning.pausedReason': 'instalment_plan',
      },
    },
  );
  if (res.modifiedCount === 0) throw NotEligible('plan_exists', 'the bill already has an instalment plan');
  if (p.status === 'pending_approval') {
    await ensureTask({
      _id: `instalment_approval:${bill._id}`,
      kind: 'instalment_approval',
      billNumber: bill.billNumber,
      accountNumber: bill.accountNumber ?? undefined,
      contractNumber: bill.contractNumber,
      amount: p.principal,
      dueAt: now,
      note: `hardship: ${hardship.join(', ')}`,
    });
  }
  ctx.logger.info({ billNumber: bill.billNumber, status: p.status }, 'instalment plan stored');
  return { billNumber: bill.billNumber, plan: p, stored: true };
}

export async function requestDeferral(
  ctx: CoreContext,
  req: { billNumber: string; dryRun?: boolean },
): Promise<{ billNumber: string; originalDueAt: Date; newDueAt: Date; stored: boolean }> {
  const now = ctx.clock.now();
  const { bill, customer, contractDisputed, others } = await load(req.billNumber);
  const decision = deferral(bill, customer, others, ctx.rules, now, { timeZone: ctx.config.TIMEZONE, contractDisputed });
  if (!decision.ok) throw NotEligible(decision.reason, decision.message);
  if (!req.dryRun) {
    // Once per bill: the condition decides, atomically on both stores, between concurrent requests and later ones.
    const res = await Bill.updateOne(
      { _id: bill._id, 'deferral.requestedAt': null },
      {
        $set: {
          deferral: { requestedAt: now, originalDueAt: decision.originalDueAt, newDueAt: decision.newDueAt },
          'dunning.pausedReason': 'deferral',
        },
      },
    );
    if (res.modifiedCount === 0) throw NotEligible('already_deferred', 'the bill has already been deferred once');
    ctx.logger.info({ billNumber: bill.billNumber }, 'deferral stored');
  }
  return { billNumber: bill.billNumber, originalDueAt: decision.originalDueAt, newDueAt: decision.newDueAt, stored: !req.dryRun };
}

/** Opening a disputed-contract case blocks reminders (and, for the importer, new bills) on that supply. */
export async function openDispute(
  ctx: CoreContext,
  req: { contractNumber: string; ticketId: string },
): Promise<{ contractNumber: string; billsBlocked: number }> {
  const res = await Contract.updateOne({ _id: req.contractNumber }, { $set: { disputeTicketId: req.ticketId } });
  if (res.matchedCount === 0) throw NotFound(`contract ${req.contractNumber}`);
  const bills = await Bill.updateMany(
    { contractNumber: req.contractNumber, status: 'open' },
    { $set: { disputed: true, 'dunning.pausedReason': 'disputed' } },
  );
  ctx.logger.info({ contractNumber: req.contractNumber, ticketId: req.ticketId }, 'dispute opened');
  return { contractNumber: req.contractNumber, billsBlocked: bills.modifiedCount };
}

/**
 * Closing it lifts the block (rejected), or — upheld — cancels collection of every bill of the
 * unrequested contract for good (docs/rules.md, "Disputed contracts"): no reminder ever again,
 * billing gets a task to cancel each bill and a credit task for what was paid on it, and the
 * customer the indemnity credit note when bills had been issued.
 */
export async function closeDispute(
  ctx: CoreContext,
  req: { contractNumber: string; upheld: boolean },
): Promise<{ contractNumber: string; creditNoteTask: string | null; billsCancelled: number; accountNumber: string; ticketId: string }> {
  const contract = await Contract.findById(req.contractNumber, { disputeTicketId: 1, accountNumber: 1 }).lean();
  if (!contract) throw NotFound(`contract ${req.contractNumber}`);
  if (!contract.disputeTicketId) throw new DomainError('NoOpenDispute', 'the contract has no open dispute', 409);
  const ticketId = contract.disputeTicketId;
  const now = ctx.clock.now();
  // The bills and tasks first, the contract last: a close that dies half-way can be repeated
  // (every step is idempotent), since the contract still shows the open case.
  let creditNoteTask: string | null = null;
  let billsCancelled = 0;
  if (req.upheld) {
    const bills = await Bill.find(
      { contractNumber: req.contractNumber },
      { _id: 1, amount: 1, paidAmount: 1, status: 1, heldByDispute: 1 },
    ).lean();
    const common = { accountNumber: contract.accountNumber, contractNumber: req.contractNumber, ticketId, dueAt: now };
    for (const b of bills) {
      if (b.status !== 'cancelled')
        await ensureTask({
          ...common,
          _id: `cancel_bill:${b._id}`,
          kind: 'cancel_bill',
          billNumber: String(b._id),
          amount: b.amount,
          note: b.heldByDispute
            ? 'issued while the unrequested contract was disputed; the dispute was upheld'
            : 'bill of an unrequested contract; the dispute was upheld',
        });
      if ((b.paidAmount ?? 0) > 0)
        await ensureTask({
          ...common,
          _id: `credit_note:refund:${b._id}`,
          kind: 'credit_note',
          reason: 'refund',
          billNumber: String(b._id),
          amount: b.paidAmount ?? 0,
          note: 'refund: paid on a bill of an unrequested contract; the dispute was upheld',
        });
    }
    const ids = bills.map((b) => String(b._id));
    const cancelled = await Bill.updateMany(
      { contractNumber: req.contractNumber, collectionCancelledBy: null },
      { $set: { collectionCancelledBy: ticketId, disputed: false, 'dunning.pausedReason': 'collection_cancelled' } },
    );
    billsCancelled = cancelled.modifiedCount;
    if (ids.length)
      await Reminder.updateMany(
        { billNumber: { $in: ids }, status: 'pending' },
        { $set: { status: 'cancelled', reason: 'dispute_upheld', cancelledAt: now } },
      );
    if (bills.length > 0) {
      creditNoteTask = `credit_note:${ticketId}`;
      await ensureTask({
        ...common,
        _id: creditNoteTask,
        kind: 'credit_note',
        reason: 'dispute_indemnity',
        amount: ctx.rules.disputes.indemnity,
        note: 'indemnity: unrequested contract upheld after bills were issued',
      });
    }
  } else {
    await Bill.updateMany(
      { contractNumber: req.contractNumber, disputed: true, heldByDispute: { $exists: false } },
      { $set: { disputed: false, 'dunning.pausedReason': null } },
    );
    await Bill.updateMany(
      { contractNumber: req.contractNumber, heldByDispute: ticketId },
      { $set: { disputed: false, 'dunning.pausedReason': null }, $unset: { heldByDispute: 1 } },
    );
  }
  await Contract.updateOne({ _id: req.contractNumber, disputeTicketId: ticketId }, { $unset: { disputeTicketId: 1 } });
  ctx.logger.info({ contractNumber: req.contractNumber, upheld: req.upheld, billsCancelled }, 'dispute closed');
  return { contractNumber: req.contractNumber, creditNoteTask, billsCancelled, accountNumber: contract.accountNumber, ticketId };
}
