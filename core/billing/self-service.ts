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

/** Closing it lifts the block; upheld after bills were issued → the indemnity credit-note task. */
export async function closeDispute(
  ctx: CoreContext,
  req: { contractNumber: string; upheld: boolean },
): Promise<{ contractNumber: string; creditNoteTask: string | null }> {
  const contract = await Contract.findById(req.contractNumber, { disputeTicketId: 1, accountNumber: 1 }).lean();
  if (!contract) throw NotFound(`contract ${req.contractNumber}`);
  if (!contract.disputeTicketId) throw new DomainError('NoOpenDispute', 'the contract has no open dispute', 409);
  const ticketId = contract.disputeTicketId;
  // The bills and tasks first, the contract last: a close that dies half-way can be repeated
  // (every step is idempotent), since the contract still shows the open case.
  // Bills held by an earlier upheld case stay held: they wait for billing's cancellation.
  const paused = { contractNumber: req.contractNumber, disputed: true, heldByDispute: { $exists: false } };
  let creditNoteTask: string | null = null;
  if (req.upheld) {
    // The contract was never wanted: what billing issued during the case is for billing to
    // cancel; those bills stay held (no reminder) until it does.
    const held = await Bill.find({ contractNumber: req.contractNumber, heldByDispute: ticketId }, { _id: 1, amount: 1 }).lean();
    for (const b of held) {
      await ensureTask({
        _id: `cancel_bill:${b._id}`,
        kind: 'cancel_bill',
        billNumber: String(b._id),
        accountNumber: contract.accountNumber,
        contractNumber: req.contractNumber,
        ticketId,
        amount: b.amount,
        dueAt: ctx.clock.now(),
        note: 'issued while the unrequested contract was disputed; the dispute was upheld',
      });
    }
    await Bill.updateMany(paused, { $set: { disputed: false, 'dunning.pausedReason': null } });
    if (await Bill.exists({ contractNumber: req.contractNumber })) {
      creditNoteTask = `credit_note:${ticketId}`;
      await ensureTask({
        _id: creditNoteTask,
        kind: 'credit_note',
        accountNumber: contract.accountNumber,
        contractNumber: req.contractNumber,
        ticketId,
        amount: ctx.rules.disputes.indemnity,
        dueAt: ctx.clock.now(),
        note: 'indemnity: unrequested contract upheld after bills were issued',
      });
    }
  } else {
    await Bill.updateMany(paused, { $set: { disputed: false, 'dunning.pausedReason': null } });
    await Bill.updateMany(
      { contractNumber: req.contractNumber, heldByDispute: ticketId },
      { $set: { disputed: false, 'dunning.pausedReason': null }, $unset: { heldByDispute: 1 } },
    );
  }
  await Contract.updateOne({ _id: req.contractNumber, disputeTicketId: ticketId }, { $unset: { disputeTicketId: 1 } });
  ctx.logger.info({ contractNumber: req.contractNumber, upheld: req.upheld }, 'dispute closed');
  return { contractNumber: req.contractNumber, creditNoteTask };
}
