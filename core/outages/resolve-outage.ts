// Supply is back: the outage is resolved (one conditional write, so twice is 409 OutageClosed),
// the IVR stops announcing it, and its notices start in the background: every customer of the
// area is told once, and each linked contact gets its final message and is closed
// (core/outages/notices). A suspected outage that was none is dismissed instead: no notices.
import { Outage, type OutageRow } from '../../models/outage';
import type { OutageView } from '../../wire/outages';
import type { CoreContext } from '../context';
import { announceChange, whyNotChanged, type OutageActor } from './outage-change';
import { outageView } from './outage-view';
import type { CloseOutage } from './schemas';

type Ctx = Pick<CoreContext, 'events' | 'logger' | 'clock' | 'notices'>;

export async function resolveOutage(ctx: Ctx, cmd: CloseOutage & { id: string; actor: OutageActor }): Promise<OutageView> {
  const now = ctx.clock.now();
  const resolved = (await Outage.findOneAndUpdate(
    { _id: cmd.id, status: 'active', ...(cmd.version ? { version: cmd.version } : {}) },
    { $set: { status: 'resolved', resolvedAt: now, endedAt: cmd.resolvedAt ?? now, resolvedBy: cmd.actor.agentId }, $inc: { version: 1 } },
    { returnDocument: 'after' },
  ).lean()) as OutageRow | null;
  if (!resolved) return whyNotChanged(cmd.id, { statuses: ['active'] });
  await announceChange(ctx, resolved, 'resolved', cmd.actor, now, ['status']);
  await ctx.notices.runOutageNotices(String(resolved._id), `v${resolved.version}`);
  return outageView(resolved);
}

export async function dismissOutage(ctx: Ctx, cmd: CloseOutage & { id: string; actor: OutageActor }): Promise<OutageView> {
  const now = ctx.clock.now();
  const dismissed = (await Outage.findOneAndUpdate(
    { _id: cmd.id, status: 'suspected', ...(cmd.version ? { version: cmd.version } : {}) },
    { $set: { status: 'dismissed', resolvedAt: now, resolvedBy: cmd.actor.agentId }, $inc: { version: 1 } },
    { returnDocument: 'after' },
  ).lean()) as OutageRow | null;
  if (!dismissed) return whyNotChanged(cmd.id, { statuses: ['suspected'] });
  await announceChange(ctx, dismissed, 'dismissed', cmd.actor, now, ['status']);
  return outageView(dismissed);
}
