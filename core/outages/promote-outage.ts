// One click on a suspected outage (raised by repeated reports, core/outages/count-report.ts):
// it becomes an outage in force, as if declared, with the supervisor's message and estimate
// when given (the standard sentence otherwise), and the reports that raised it are linked.
import { reserveSequence } from '../../models/counter';
import { Outage, type OutageRow } from '../../models/outage';
import type { OutageView } from '../../wire/outages';
import type { CoreContext } from '../context';
import { afterDeclared, reread } from './declare-outage';
import { outageNumber, whyNotChanged, type OutageActor } from './outage-change';
import { outageView } from './outage-view';
import type { PromoteOutage } from './schemas';

export async function promoteOutage(
  ctx: Pick<CoreContext, 'events' | 'logger' | 'clock' | 'rules' | 'notices'>,
  cmd: PromoteOutage & { id: string; actor: OutageActor },
): Promise<OutageView> {
  const now = ctx.clock.now();
  const { id, version, actor, notify, ...given } = cmd;
  const set: Record<string, unknown> = { status: 'active', declaredAt: now, declaredBy: actor.agentId, notifyOnDeclare: notify };
  for (const [k, v] of Object.entries(given)) if (v !== undefined) set[k] = v;
  const current = await Outage.findById(id, { number: 1 }).lean();
  if (current && !current.number) set.number = outageNumber(await reserveSequence('outage', 1));
  const promoted = (await Outage.findOneAndUpdate(
    { _id: id, status: 'suspected', ...(version ? { version } : {}) },
    { $set: set, $inc: { version: 1 } },
    { returnDocument: 'after' },
  ).lean()) as OutageRow | null;
  if (!promoted) return whyNotChanged(id, { statuses: ['suspected'] });
  await afterDeclared(
    ctx,
    promoted,
    'promoted',
    actor,
    now,
    Object.keys(given).filter((k) => given[k as keyof typeof given] !== undefined),
  );
  return outageView(await reread(promoted));
}
