// A web request for an instalment plan or a deferral gets the concrete proposal for the bill it
// names — after the owner check (account number + bill number + the phone or e-mail on file,
// core/billing/identity.ts) — and the tracking page lets the customer accept it. The decision
// goes through the one use case of every channel (core/billing/decide.ts).
import { confirmationText, formatDay, money, percent, rateBasis } from '../../core/billing/confirmation';
import { decide, refusalReason, type Decision, type DecisionKind } from '../../core/billing/decide';
import { verifyBillOwner } from '../../core/billing/identity';
import { tRefusal } from '../../core/billing/refusal-catalog';
import type { CoreContext } from '../../core/context';
import { DomainError } from '../../core/errors';
import { Ticket } from '../../models/ticket';
import type { Language } from '../../wire';
import { tBillingWeb } from './billing-catalog';

export interface ProposalView {
  kind: DecisionKind;
  billNumber: string;
  /** open: can be accepted; accepted: done; refused: the rules say no (the text says why). */
  state: 'open' | 'accepted' | 'refused';
  text: string;
}

function proposalText(d: Decision, language: Language, timeZone: string): string {
  const bill = d.billNumber;
  if (d.kind === 'deferral')
    return tBillingWeb(language, 'proposal.deferral', {
      bill,
      date: formatDay(d.newDueAt, language, timeZone),
      old: formatDay(d.originalDueAt, language, timeZone),
    });
  const first = d.plan.instalments[0]!;
  return tBillingWeb(language, d.plan.hardship ? 'proposal.instalment_hardship' : 'proposal.instalment', {
    bill,
    count: d.plan.instalments.length,
    first: money(first.amount, language),
    date: formatDay(first.dueAt, language, timeZone),
    rate: percent(d.plan.interestRate, language),
    basis: rateBasis(d.plan, language, { timeZone }),
    total: money(d.plan.total, language),
  });
}

function refusal(err: unknown, kind: DecisionKind, bill: string, language: Language): ProposalView {
  if (err instanceof DomainError && err.code === 'NotYourBill')
    return { kind, billNumber: bill, state: 'refused', text: tBillingWeb(language, 'not_your_bill', { bill }) };
  const reason = refusalReason(err);
  if (!reason) throw err;
  return { kind, billNumber: bill, state: 'refused', text: tBillingWeb(language, 'refused', { bill, reason: tRefusal(language, reason) }) };
}

/** At submission: checks the owner, computes the proposal, and remembers it on the ticket when it can be accepted. */
export async function proposeForRequest(
  ctx: CoreContext,
  req: {
    ticketId: string;
    kind: DecisionKind;
    billNumber: string;
    accountNumber?: string;
    phone?: string;
    email?: string;
    language: Language;
  },
): Promise<ProposalView> {
  const { kind, billNumber: bill, language } = req;
  try {
    // Account number + bill number + a phone or e-mail on file: all three, or nothing is revealed.
    if (!req.accountNumber) throw new DomainError('NotYourBill', 'account number missing', 403);
    const { accountNumber } = await verifyBillOwner(bill, { accountNumber: req.accountNumber, phone: req.phone, email: req.email });
    const d = await decide(ctx, { kind, billNumber: bill, channel: 'web', actor: `customer:${accountNumber}`, dryRun: true });
    await Ticket.updateOne({ _id: req.ticketId }, { $set: { selfService: { kind, billNumber: bill, accountNumber } } });
    return { kind, billNumber: bill, state: 'open', text: proposalText(d, language, ctx.config.TIMEZONE) };
  } catch (err) {
    return refusal(err, kind, bill, language);
  }
}

type SelfService = { kind?: string | null; billNumber?: string | null; accountNumber?: string | null; acceptedAt?: Date | null };

async function selfServiceOf(ticketId: string): Promise<SelfService | null> {
  const t = await Ticket.findById(ticketId, { selfService: 1 }).lean();
  return t?.selfService?.billNumber ? t.selfService : null;
}

/** The tracking page's view of the proposal, computed afresh (a bill paid meanwhile is refused); null when there is none. */
export async function proposalOfRequest(ctx: CoreContext, ticketId: string, language: Language): Promise<ProposalView | null> {
  const s = await selfServiceOf(ticketId);
  if (!s) return null;
  const kind = s.kind as DecisionKind;
  const bill = s.billNumber!;
  if (s.acceptedAt) return { kind, billNumber: bill, state: 'accepted', text: tBillingWeb(language, 'already_accepted') };
  try {
    const d = await decide(ctx, { kind, billNumber: bill, channel: 'web', actor: `customer:${s.accountNumber}`, dryRun: true });
    return { kind, billNumber: bill, state: 'open', text: proposalText(d, language, ctx.config.TIMEZONE) };
  } catch (err) {
    return refusal(err, kind, bill, language);
  }
}

/** The customer accepts on the tracking page: the decision, once (a second click hears it is accepted already). */
export async function acceptProposal(ctx: CoreContext, ticketId: string, language: Language): Promise<ProposalView> {
  const s = await selfServiceOf(ticketId);
  if (!s) throw new DomainError('NoProposal', 'this request has no proposal to accept', 404);
  const kind = s.kind as DecisionKind;
  const bill = s.billNumber!;
  const now = ctx.clock.now();
  const won = await Ticket.updateOne({ _id: ticketId, 'selfService.acceptedAt': null }, { $set: { 'selfService.acceptedAt': now } });
  if (won.modifiedCount === 0) return { kind, billNumber: bill, state: 'accepted', text: tBillingWeb(language, 'already_accepted') };
  try {
    const d = await decide(ctx, { kind, billNumber: bill, channel: 'web', actor: `customer:${s.accountNumber}` });
    return { kind, billNumber: bill, state: 'accepted', text: confirmationText(d, language, ctx.config.TIMEZONE) };
  } catch (err) {
    // Refused now: the acceptance is undone, so the page shows the reason and nothing is half-done.
    await Ticket.updateOne({ _id: ticketId }, { $unset: { 'selfService.acceptedAt': 1 } });
    return refusal(err, kind, bill, language);
  }
}
