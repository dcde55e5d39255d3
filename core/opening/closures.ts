// Exceptional closures: set, listed and removed by an admin, audited, and read by every node
// through a cache of a few seconds (the queue settings' TTL) that a change on this node clears.
import { Invalid, NotFound } from '../errors';
import type { CoreContext } from '../context';
import { recordAudit } from '../audit/record-audit';
import { listQueues } from '../routing/select-queue';
import { Closure } from '../../models/closure';
import { ALL_QUEUES, type ClosureRule } from './is-open';
import type { Language } from '../../wire';

const TTL_MS = 5000;
/** A closure may start up to a day back (set in the morning for a strike that began at dawn), no earlier. */
export const PAST_TOLERANCE_MS = 86_400_000;

let cache: { at: number; closures: ClosureRule[] } | null = null;

export function invalidateClosureCache(): void {
  cache = null;
}

type ClosureRow = {
  _id: string;
  queue: string;
  from: Date;
  to: Date;
  reason: string;
  message?: Partial<Record<Language, string | null>> | null;
};
const toRule = (c: ClosureRow): ClosureRule => ({
  id: String(c._id),
  queue: c.queue,
  from: c.from,
  to: c.to,
  reason: c.reason,
  message: c.message ?? null,
});

/** Closures that have not ended at `now` (the only ones that can close anything). */
export async function activeClosures(now: Date): Promise<ClosureRule[]> {
  const wall = Date.now();
  if (!cache || wall - cache.at > TTL_MS) {
    const rows = (await Closure.find({ to: { $gt: new Date(now.getTime() - PAST_TOLERANCE_MS) } }).lean()) as ClosureRow[];
    cache = { at: wall, closures: rows.map(toRule) };
  }
  return cache.closures.filter((c) => c.to.getTime() > now.getTime());
}

export interface SetClosure {
  queue: string;
  from: Date;
  to: Date;
  reason: string;
  message?: Partial<Record<Language, string>>;
  actor: string;
}

export async function setClosure(ctx: Pick<CoreContext, 'clock' | 'logger'>, cmd: SetClosure): Promise<ClosureRule> {
  const now = ctx.clock.now();
  if (cmd.to.getTime() <= cmd.from.getTime()) throw Invalid('a closure must end after it starts');
  if (cmd.from.getTime() < now.getTime() - PAST_TOLERANCE_MS) throw Invalid('a closure may start at most one day in the past');
  if (cmd.to.getTime() <= now.getTime()) throw Invalid('this closure has already ended');
  if (cmd.queue !== ALL_QUEUES && !(await listQueues()).some((q) => q._id === cmd.queue)) throw NotFound(`queue ${cmd.queue}`);
  const doc = await Closure.create({
    queue: cmd.queue,
    from: cmd.from,
    to: cmd.to,
    reason: cmd.reason,
    message: cmd.message,
    createdBy: cmd.actor,
  });
  invalidateClosureCache();
  const rule = toRule(doc.toObject() as ClosureRow);
  await recordAudit({
    at: now,
    actor: cmd.actor,
    action: 'closure.set',
    target: `closure:${rule.id}`,
    details: { queue: rule.queue, from: rule.from.toISOString(), to: rule.to.toISOString() },
  });
  ctx.logger.info({ closure: rule.id, queue: rule.queue, from: rule.from, to: rule.to, by: cmd.actor }, 'closure set');
  return rule;
}

/** Closures not yet over at `now`, soonest first (what the admin screen lists). */
export async function listClosures(now: Date): Promise<ClosureRule[]> {
  const rows = (await Closure.find({ to: { $gt: now } }).lean()) as ClosureRow[];
  return rows.map(toRule).sort((a, b) => a.from.getTime() - b.from.getTime());
}

export async function deleteClosure(ctx: Pick<CoreContext, 'clock' | 'logger'>, cmd: { id: string; actor: string }): Promise<void> {
  const gone = await Closure.findByIdAndDelete(cmd.id).lean();
  if (!gone) throw NotFound(`closure ${cmd.id}`);
  invalidateClosureCache();
  await recordAudit({
    at: ctx.clock.now(),
    actor: cmd.actor,
    action: 'closure.delete',
    target: `closure:${cmd.id}`,
    details: { queue: gone.queue },
  });
  ctx.logger.info({ closure: cmd.id, by: cmd.actor }, 'closure removed');
}
