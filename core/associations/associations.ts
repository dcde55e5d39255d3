// Consumer associations (Hera: 635 cases in 2012, 94 % resolved positively, 5 days on
// average): their accounts and representatives (admin), the cases they bring for members
// (portal or their mailbox), the result recorded at resolution, and the seed's figures per
// association and month. A case is a ticket of channel "association" whose deadline is its
// category's (the seeds give no association deadline: a complaint's applies — docs/rules.md).
import { DateTime } from 'luxon';
import { z } from 'zod';
import { Agent } from '../../models/agent';
import { Association, AssociationCase, AssociationMonth } from '../../models/association';
import { isDuplicateKey } from '../../models/store';
import { CATEGORIES } from '../../wire';
import { hashPassword } from '../auth/password';
import type { CoreContext } from '../context';
import { Conflict, DomainError, NotFound } from '../errors';
import { resolveTicket } from '../tickets/resolve-ticket';
import type { Actor } from '../tickets/ticket-access';

const code = z.string().regex(/^[a-z0-9][a-z0-9-]{1,39}$/, 'a short code: lower-case letters, digits and dashes');
const domain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/, 'a mail domain like adiconsum.it');

export const associationSchema = z
  .object({ id: code, name: z.string().trim().min(1).max(200), domains: z.array(domain).max(10).default([]) })
  .strict();
export const representativeSchema = z
  .object({ name: z.string().trim().min(1).max(200), email: z.string().trim().toLowerCase().email(), password: z.string().min(8).max(200) })
  .strict();
export const RESULTS = ['positive', 'partial', 'negative'] as const;
export type CaseResult = (typeof RESULTS)[number];
export const caseCategory = z.enum(CATEGORIES).default('complaint');

export async function saveAssociation(input: z.infer<typeof associationSchema>): Promise<void> {
  await Association.updateOne({ _id: input.id }, { $set: { name: input.name, domains: input.domains } }, { upsert: true });
}

export async function addRepresentative(association: string, input: z.infer<typeof representativeSchema>): Promise<{ id: string }> {
  if (!(await Association.exists({ _id: association }))) throw NotFound('association');
  try {
    const doc = await Agent.create({
      name: input.name,
      email: input.email,
      passwordHash: await hashPassword(input.password),
      role: 'association',
      association,
      channels: [],
      categories: [],
    });
    return { id: String(doc._id) };
  } catch (err) {
    if (isDuplicateKey(err)) throw Conflict('AgentExists', `an account with e-mail ${input.email} already exists`);
    throw err;
  }
}

/** The association a representative acts for (from their account, never from the request). */
export async function associationOf(agentId: string): Promise<string> {
  const agent = await Agent.findById(agentId, { association: 1, role: 1 }).lean();
  if (!agent || agent.role !== 'association' || !agent.association)
    throw new DomainError('Forbidden', 'no association on this account', 403);
  return agent.association;
}

/** Mail to the associations' mailbox (any recipient when none is configured) from a member domain: that association. */
export async function associationForMail(recipients: string[], sender: string, mailbox: string): Promise<string | null> {
  if (mailbox && !recipients.some((r) => r.toLowerCase() === mailbox.toLowerCase())) return null;
  const senderDomain = sender.toLowerCase().split('@')[1];
  if (!senderDomain) return null;
  const a = await Association.findOne({ domains: senderDomain }, { _id: 1 }).lean();
  return a?._id ?? null;
}

const monthOf = (at: Date, timezone: string) => DateTime.fromJSDate(at, { zone: timezone }).toFormat('yyyy-LL');

/** A new case of an association (portal or mailbox), once per ticket. */
export async function recordCase(
  ctx: Pick<CoreContext, 'config'>,
  c: { association: string; ticketId: string; ticketNumber: string; at: Date },
): Promise<void> {
  try {
    await AssociationCase.create({ _id: c.ticketId, association: c.association, ticketNumber: c.ticketNumber, openedAt: c.at });
  } catch (err) {
    if (isDuplicateKey(err)) return;
    throw err;
  }
  const month = monthOf(c.at, ctx.config.TIMEZONE);
  await AssociationMonth.updateOne(
    { _id: `${c.association}:${month}` },
    { $setOnInsert: { association: c.association, month }, $inc: { opened: 1 } },
    { upsert: true },
  );
}

const OUTCOME: Record<CaseResult, 'solved' | 'answered' | 'refused'> = { positive: 'solved', partial: 'answered', negative: 'refused' };

/** An agent resolves an association's case with its result (resolved positively, partly, not). */
export async function resolveCase(
  ctx: Pick<CoreContext, 'events' | 'clock' | 'logger' | 'config'>,
  cmd: { ticketId: string; actor: Actor; result: CaseResult; note?: string },
): Promise<void> {
  const c = await AssociationCase.findById(cmd.ticketId).lean();
  if (!c) throw NotFound('association case');
  await resolveTicket(ctx, { ticketId: cmd.ticketId, actor: cmd.actor, outcome: OUTCOME[cmd.result], note: cmd.note });
  const now = ctx.clock.now();
  const set = await AssociationCase.updateOne(
    { _id: c._id, result: { $exists: false } },
    { $set: { result: cmd.result, resolvedAt: now } },
  );
  if (set.modifiedCount !== 1) return;
  const month = monthOf(now, ctx.config.TIMEZONE);
  await AssociationMonth.updateOne(
    { _id: `${c.association}:${month}` },
    {
      $setOnInsert: { association: c.association, month },
      $inc: { resolved: 1, [cmd.result]: 1, daysSum: (now.getTime() - new Date(c.openedAt).getTime()) / 86_400_000 },
    },
    { upsert: true },
  );
}

export interface AssociationFigures {
  association: string;
  name: string;
  month: string;
  opened: number;
  resolved: number;
  positiveShare: number | null;
  partialShare: number | null;
  avgDays: number | null;
}

/** The seed's figures per association and month (months YYYY-MM, inclusive), plus a total row per association ("YYYY-MM…YYYY-MM"). */
export async function associationFigures(from: string, to: string): Promise<AssociationFigures[]> {
  const [rows, names] = await Promise.all([
    AssociationMonth.find({ month: { $gte: from, $lte: to } }).lean(),
    Association.find({}, { name: 1 }).lean(),
  ]);
  const nameOf = new Map(names.map((n) => [n._id, n.name]));
  const ratio = (a: number, b: number) => (b > 0 ? a / b : null);
  const figures = (
    association: string,
    month: string,
    r: { opened: number; resolved: number; positive: number; partial: number; daysSum: number },
  ) => ({
    association,
    name: nameOf.get(association) ?? association,
    month,
    opened: r.opened,
    resolved: r.resolved,
    positiveShare: ratio(r.positive, r.resolved),
    partialShare: ratio(r.partial, r.resolved),
    avgDays: ratio(r.daysSum, r.resolved),
  });
  const totals = new Map<string, { opened: number; resolved: number; positive: number; partial: number; daysSum: number }>();
  const out: AssociationFigures[] = [];
  for (const r of rows.sort((a, b) => a.association.localeCompare(b.association) || a.month.localeCompare(b.month))) {
    const v = {
      opened: r.opened ?? 0,
      resolved: r.resolved ?? 0,
      positive: r.positive ?? 0,
      partial: r.partial ?? 0,
      daysSum: r.daysSum ?? 0,
    };
    out.push(figures(r.association, r.month, v));
    const t = totals.get(r.association) ?? { opened: 0, resolved: 0, positive: 0, partial: 0, daysSum: 0 };
    for (const k of Object.keys(v) as Array<keyof typeof v>) t[k] += v[k];
    totals.set(r.association, t);
  }
  for (const [association, t] of totals) out.push(figures(association, `${from}…${to}`, t));
  return out;
}
