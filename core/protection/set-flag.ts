// Changes to the vulnerability register, one use case each: an agent sets a flag (with the
// evidence seen) or removes one, confirms a customer's own statement; a customer states one
// on any channel (pending until an agent confirms it). Every change is audited by kind and
// source, never with the reason or the evidence (those stay on the customer only).
import { Audit } from '../../models/audit';
import { Customer } from '../../models/customer';
import { customerByAccount } from '../../models/repos/customers';
import { ensureTask, Task } from '../../models/task';
import type { VulnerabilityKind } from '../../wire';
import { forgetIdentities } from '../ingest/identify-customer';
import { Invalid, NotFound } from '../errors';
import { NEVER_DISCONNECT } from './flags';

export interface SetFlagCommand {
  accountNumber: string;
  kind: VulnerabilityKind;
  reason?: string;
  evidence?: string;
  reviewAt?: Date;
  /** The agent's id. */
  actor: string;
  now: Date;
}

async function existing(accountNumber: string) {
  const c = await customerByAccount(accountNumber, { vulnerabilities: 1, anonymisedAt: 1 });
  if (!c || c.anonymisedAt) throw NotFound('customer');
  return c.vulnerabilities ?? [];
}

async function audit(actor: string, action: string, accountNumber: string, details: string, at: Date): Promise<void> {
  await Audit.create({ at, actor, action, target: `customer:${accountNumber}`, details });
}

/**
 * Sets (or replaces) the agent's flag of this kind, confirmed. Written as one `$set` of the
 * whole list read just before: two agents flagging one customer at the same instant is rare
 * and the later write keeps both their kinds only when they differ — acceptable for a register
 * an agent edits by hand; the audit keeps both actions.
 */
export async function setFlag(cmd: SetFlagCommand): Promise<void> {
  if (!cmd.evidence?.trim()) throw Invalid('note the evidence you saw (a certificate, a letter, what the customer said)');
  const flags = (await existing(cmd.accountNumber)).filter((f) => f.kind !== cmd.kind);
  flags.push({
    kind: cmd.kind,
    status: 'confirmed',
    source: 'agent',
    reason: cmd.reason,
    evidence: cmd.evidence,
    reviewAt: cmd.reviewAt,
    setBy: cmd.actor,
    setAt: cmd.now,
  } as never);
  await Customer.updateOne({ _id: cmd.accountNumber }, { $set: { vulnerabilities: flags } });
  forgetIdentities();
  await audit(cmd.actor, 'vulnerability.set', cmd.accountNumber, `kind=${cmd.kind} evidence=noted`, cmd.now);
}

/** An agent confirms a customer's own statement: pending → confirmed, with the evidence seen. */
export async function confirmFlag(
  cmd: Omit<SetFlagCommand, 'reason' | 'kind'> & { kind: VulnerabilityKind | 'essential_supply' },
): Promise<void> {
  const flags = await existing(cmd.accountNumber);
  // An agent without the right to medical detail sees (and confirms) "essential_supply": the pending life-support or medical statement.
  const flag =
    cmd.kind === 'essential_supply'
      ? flags.find((f) => NEVER_DISCONNECT.includes(f.kind) && f.status === 'pending')
      : flags.find((f) => f.kind === cmd.kind);
  if (!flag) throw NotFound(`flag ${cmd.kind}`);
  if (!cmd.evidence?.trim()) throw Invalid('note the evidence you saw');
  const statementTasks = flag.status === 'pending' ? declaredTaskIds(cmd.accountNumber, flag) : [];
  Object.assign(flag, {
    status: 'confirmed',
    evidence: cmd.evidence,
    reviewAt: cmd.reviewAt ?? flag.reviewAt,
    setBy: cmd.actor,
    setAt: cmd.now,
  });
  await Customer.updateOne({ _id: cmd.accountNumber }, { $set: { vulnerabilities: flags } });
  forgetIdentities();
  // The supervisors' task to confirm the customer's statement is done now (declareFlag opened it).
  if (statementTasks.length)
    await Task.updateMany({ _id: { $in: statementTasks }, status: 'open' }, { $set: { status: 'done', doneAt: cmd.now } });
  await audit(cmd.actor, 'vulnerability.confirm', cmd.accountNumber, `kind=${cmd.kind} evidence=noted`, cmd.now);
}

export async function removeFlag(cmd: { accountNumber: string; kind: VulnerabilityKind; actor: string; now: Date }): Promise<void> {
  const flags = await existing(cmd.accountNumber);
  if (!flags.some((f) => f.kind === cmd.kind)) throw NotFound(`flag ${cmd.kind}`);
  await Customer.updateOne({ _id: cmd.accountNumber }, { $set: { vulnerabilities: flags.filter((f) => f.kind !== cmd.kind) } });
  forgetIdentities();
  await audit(cmd.actor, 'vulnerability.remove', cmd.accountNumber, `kind=${cmd.kind}`, cmd.now);
}

const declaredTaskId = (accountNumber: string, kind: string, at: Date) =>
  `protection_review:${accountNumber}:${kind}:declared:${at.toISOString().slice(0, 10)}`;
/** The task a statement opened, from the flag's own kind and date. */
const declaredTaskIds = (accountNumber: string, flag: { kind: string; setAt?: Date | null }) =>
  flag.setAt ? [declaredTaskId(accountNumber, flag.kind, new Date(flag.setAt))] : [];

/**
 * The customer's own statement (the reception form, the SMS keyword): a pending flag an agent
 * must confirm. Never downgrades a confirmed flag of the same kind. While pending, a
 * life-support or medical statement already blocks the disconnection steps (flags.ts,
 * effectiveFlags); the others count once confirmed. The supervisors get a task at once to
 * confirm it, and the flag carries `reviewAt` so the daily review lists it again if nobody did.
 */
export async function declareFlag(cmd: {
  accountNumber: string;
  kind: VulnerabilityKind;
  channel: string;
  now: Date;
  reviewAt?: Date;
}): Promise<'pending' | 'already'> {
  const flags = await existing(cmd.accountNumber);
  if (flags.some((f) => f.kind === cmd.kind)) return 'already';
  flags.push({
    kind: cmd.kind,
    status: 'pending',
    source: 'customer',
    channel: cmd.channel,
    setAt: cmd.now,
    reviewAt: cmd.reviewAt,
  } as never);
  await Customer.updateOne({ _id: cmd.accountNumber }, { $set: { vulnerabilities: flags } });
  forgetIdentities();
  await audit(`customer:${cmd.channel}`, 'vulnerability.declare', cmd.accountNumber, `kind=${cmd.kind}`, cmd.now);
  const shown = NEVER_DISCONNECT.includes(cmd.kind) ? 'essential_supply' : cmd.kind;
  await ensureTask({
    _id: declaredTaskId(cmd.accountNumber, cmd.kind, cmd.now),
    kind: 'protection_review',
    accountNumber: cmd.accountNumber,
    dueAt: cmd.now,
    note: `stated by the customer (${cmd.channel}): confirm the ${shown} flag with the evidence, or remove it`,
  });
  return 'pending';
}
