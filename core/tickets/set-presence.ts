// Agents' presence: offline, available, busy, away, wrap-up. Leaving "available" gives
// back a pending offer; wrap-up after a call ends by itself (timer here, sweep anywhere).
import { Types } from 'mongoose';
import { Agent } from '../../models/agent';
import type { Presence } from '../../wire';
import type { CoreContext } from '../context';
import { NotFound } from '../errors';
import { endOffer } from '../routing/push';

type PresenceContext = Pick<CoreContext, 'events' | 'clock' | 'logger'>;

export interface SetPresenceCommand {
  agentId: string;
  state: Presence;
}

export async function setPresence(ctx: PresenceContext, cmd: SetPresenceCommand): Promise<{ state: Presence; since: Date }> {
  if (!Types.ObjectId.isValid(cmd.agentId)) throw NotFound('agent');
  const now = ctx.clock.now();
  const before = await Agent.findOneAndUpdate(
    { _id: cmd.agentId },
    { $set: { presence: cmd.state, presenceSince: now }, $unset: { wrapUpUntil: 1 } },
    { returnDocument: 'before' },
  ).lean();
  if (!before) throw NotFound('agent');
  if (cmd.state !== 'available' && before.offerTicketId) await endOffer(ctx, before.offerTicketId, cmd.agentId, 'rejected');
  if (before.presence !== cmd.state) ctx.events.emit('agent.presence', { agentId: cmd.agentId, state: cmd.state, at: now });
  return { state: cmd.state, since: now };
}

/** Wrap-up after a call; the agent is available again after `seconds` unless they chose otherwise. */
export async function startWrapUp(ctx: PresenceContext, agentId: string, seconds: number): Promise<void> {
  const now = ctx.clock.now();
  const until = new Date(now.getTime() + seconds * 1000);
  const res = await Agent.updateOne(
    { _id: agentId, presence: { $in: ['available', 'busy'] } },
    { $set: { presence: 'wrap_up', presenceSince: now, wrapUpUntil: until } },
  );
  if (res.modifiedCount !== 1) return;
  ctx.events.emit('agent.presence', { agentId, state: 'wrap_up', at: now });
  const timer = setTimeout(
    () =>
      void endWrapUp(ctx, agentId, until).catch((err: unknown) =>
        ctx.logger.warn({ err, agentId }, 'wrap-up end failed; the routing sweep retries'),
      ),
    seconds * 1000,
  );
  timer.unref();
}

/** Ends one wrap-up; conditional on it being the same one, so timers and sweeps may race. */
export async function endWrapUp(ctx: PresenceContext, agentId: string, until: Date): Promise<boolean> {
  const now = ctx.clock.now();
  const res = await Agent.updateOne(
    { _id: agentId, presence: 'wrap_up', wrapUpUntil: until },
    { $set: { presence: 'available', presenceSince: now }, $unset: { wrapUpUntil: 1 } },
  );
  if (res.modifiedCount !== 1) return false;
  ctx.events.emit('agent.presence', { agentId, state: 'available', at: now });
  return true;
}

/** For the routing sweep: wrap-ups whose timer died with a node. */
export async function endExpiredWrapUps(ctx: PresenceContext): Promise<number> {
  const now = ctx.clock.now();
  const due = await Agent.find({ presence: 'wrap_up' }, { wrapUpUntil: 1 }).lean();
  let n = 0;
  for (const a of due) if (a.wrapUpUntil && a.wrapUpUntil <= now && (await endWrapUp(ctx, String(a._id), a.wrapUpUntil))) n++;
  return n;
}
