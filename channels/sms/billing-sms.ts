// The SMS conversation of a self-service decision on a bill (channels/sms/README.md,
// "Instalments and deferrals"): `RATE <bill>` → the proposal, kept in Redis for
// SMS_PROPOSAL_MINUTES → `SI` confirms it through the one use case (core/billing/decide.ts).
// Every answer is kept per MessageSid, so a replayed webhook gets the same answer and does
// nothing twice; a second `SI` is told it is already confirmed; a late one that it expired.
import type { AppContext } from '../../app/context';
import { confirmationText, formatDay, money, percent, rateBasis } from '../../core/billing/confirmation';
import { decide, refusalReason, type Decision, type DecisionKind } from '../../core/billing/decide';
import { NotYourBill, verifyBillOwner } from '../../core/billing/identity';
import { tRefusal } from '../../core/billing/refusal-catalog';
import { DomainError } from '../../core/errors';
import { languageByPhone } from '../../models/repos/customers';
import type { Language } from '../../wire';
import { tBillingSms } from './billing-catalog';
import { billingKeyword, confirmation } from './billing-keywords';

/** The keyword a customer sends again after an expired proposal, per language. */
const WORD: Record<Language, Record<DecisionKind, string>> = {
  it: { instalment: 'RATE', deferral: 'RINVIO' },
  en: { instalment: 'PLAN', deferral: 'DEFER' },
  ru: { instalment: 'РАССРОЧКА', deferral: 'ОТСРОЧКА' },
};

interface Proposal {
  billNumber: string;
  kind: DecisionKind;
  language: Language;
  proposedAt: number;
  expiresAt: number;
  confirmedAt?: number;
}

/** How long an answered or expired proposal is remembered, to say so to a late `SI`. */
const REMEMBER_SECONDS = 7 * 86_400;
const proposalKey = (e164: string) => `sms:proposal:${e164}`;
const claimKey = (e164: string, proposedAt: number) => `sms:proposal:claim:${e164}:${proposedAt}`;
const answerKey = (sid: string) => `sms:billing:answer:${sid}`;

export interface BillingSms {
  messageSid: string;
  /** The sender, normalised; null for a sender that is not a phone number (nobody's bill). */
  e164: string | null;
  body: string;
}

/** The proposal's text for a dry-run decision. */
export function proposalText(d: Decision, language: Language, minutes: number, timeZone: string): string {
  const bill = d.billNumber;
  if (d.kind === 'deferral')
    return tBillingSms(language, 'proposal.deferral', {
      bill,
      date: formatDay(d.newDueAt, language, timeZone),
      old: formatDay(d.originalDueAt, language, timeZone),
      minutes,
    });
  const first = d.plan.instalments[0]!;
  return tBillingSms(language, d.plan.hardship ? 'proposal.instalment_hardship' : 'proposal.instalment', {
    bill,
    count: d.plan.instalments.length,
    first: money(first.amount, language),
    date: formatDay(first.dueAt, language, timeZone),
    rate: percent(d.plan.interestRate, language),
    basis: rateBasis(d.plan, language, { timeZone }),
    total: money(d.plan.total, language),
    minutes,
  });
}

/** A refusal with its reason, or the identity refusal that reveals nothing; other errors are thrown. */
function refusalText(err: unknown, bill: string, language: Language): string {
  if (err instanceof DomainError && err.code === 'NotYourBill') return tBillingSms(language, 'not_your_bill', { bill });
  const reason = refusalReason(err);
  if (reason) return tBillingSms(language, 'refused', { bill, reason: tRefusal(language, reason) });
  throw err;
}

/** The owner check, trying the number as typed and then in capitals (bills print it so). */
async function ownedBill(typed: string, e164: string | null): Promise<{ billNumber: string; accountNumber: string }> {
  if (!e164) throw NotYourBill(typed);
  try {
    return await verifyBillOwner(typed, { phone: e164 });
  } catch (err) {
    if (typed.toUpperCase() === typed) throw err;
    return verifyBillOwner(typed.toUpperCase(), { phone: e164 });
  }
}

/**
 * The answer to a billing keyword or to the confirmation of a pending proposal; null when the
 * message is neither (it goes on as a conversation — a `SI` with no proposal reaches an agent).
 */
export async function answerBillingSms(ctx: AppContext, sms: BillingSms): Promise<string | null> {
  const keyword = billingKeyword(sms.body);
  const confirm = keyword ? null : confirmation(sms.body);
  if (!keyword && !confirm) return null;
  const replayed = await ctx.redis.get(answerKey(sms.messageSid));
  if (replayed !== null) return replayed;
  const pending = confirm && sms.e164 ? await readProposal(ctx, sms.e164) : null;
  if (confirm && !pending) return null;
  const text = keyword ? await propose(ctx, sms, keyword) : await confirmProposal(ctx, sms.e164!, pending!);
  await ctx.redis.set(answerKey(sms.messageSid), text, 'EX', REMEMBER_SECONDS);
  return text;
}

async function readProposal(ctx: AppContext, e164: string): Promise<Proposal | null> {
  const raw = await ctx.redis.get(proposalKey(e164));
  return raw ? (JSON.parse(raw) as Proposal) : null;
}

async function saveProposal(ctx: AppContext, e164: string, p: Proposal): Promise<void> {
  await ctx.redis.set(proposalKey(e164), JSON.stringify(p), 'EX', ctx.config.SMS_PROPOSAL_MINUTES * 60 + REMEMBER_SECONDS);
}

async function propose(ctx: AppContext, sms: BillingSms, keyword: NonNullable<ReturnType<typeof billingKeyword>>): Promise<string> {
  const language = (sms.e164 ? await languageByPhone(sms.e164) : null) ?? keyword.language;
  if (!keyword.billNumber) return tBillingSms(language, `usage.${keyword.kind}`);
  const typed = keyword.billNumber;
  try {
    const { billNumber, accountNumber } = await ownedBill(typed, sms.e164);
    const d = await decide(ctx, { kind: keyword.kind, billNumber, channel: 'sms', actor: `customer:${accountNumber}`, dryRun: true });
    const now = ctx.clock.now().getTime();
    const minutes = ctx.config.SMS_PROPOSAL_MINUTES;
    await saveProposal(ctx, sms.e164!, { billNumber, kind: keyword.kind, language, proposedAt: now, expiresAt: now + minutes * 60_000 });
    ctx.logger.info({ sid: sms.messageSid, billNumber, kind: keyword.kind }, 'sms proposal sent');
    return proposalText(d, language, minutes, ctx.config.TIMEZONE);
  } catch (err) {
    ctx.logger.info({ sid: sms.messageSid, code: (err as { code?: string }).code }, 'sms proposal refused');
    return refusalText(err, typed, language);
  }
}

async function confirmProposal(ctx: AppContext, e164: string, p: Proposal): Promise<string> {
  const { language, billNumber: bill } = p;
  if (p.confirmedAt) return tBillingSms(language, 'already_confirmed', { bill });
  if (ctx.clock.now().getTime() > p.expiresAt) return tBillingSms(language, 'expired', { bill, word: WORD[language][p.kind] });
  // Two `SI` at once: one confirms, the other hears it is confirmed already.
  const claimed = await ctx.redis.set(claimKey(e164, p.proposedAt), '1', 'EX', REMEMBER_SECONDS, 'NX');
  if (claimed !== 'OK') return tBillingSms(language, 'already_confirmed', { bill });
  try {
    // Fresh: the number may have changed hands, the bill may have been paid meanwhile.
    const { accountNumber } = await verifyBillOwner(bill, { phone: e164 });
    const d = await decide(ctx, { kind: p.kind, billNumber: bill, channel: 'sms', actor: `customer:${accountNumber}` });
    await saveProposal(ctx, e164, { ...p, confirmedAt: ctx.clock.now().getTime() });
    ctx.logger.info({ billNumber: bill, kind: p.kind }, 'sms proposal confirmed');
    return confirmationText(d, language, ctx.config.TIMEZONE);
  } catch (err) {
    // Refused now (paid, planned by an agent meanwhile): the proposal is over; a later SI is a conversation.
    await ctx.redis.del(proposalKey(e164));
    return refusalText(err, bill, language);
  }
}
