// A supervisor declares an outage: its service and place (checked against our contracts), the
// cause, the public message and the expected restoration. From then on the IVR announces it,
// contacts about it are linked to it and answered at once, and — when asked — every customer
// of the area is told (core/outages/notices). Reports already waiting from the area are linked.
import { reserveSequence } from '../../models/counter';
import { Outage, type OutageRow } from '../../models/outage';
import type { OutageChanged, OutageView } from '../../wire/outages';
import type { CoreContext } from '../context';
import { Invalid } from '../errors';
import { checkPlace, cleanCodes } from './areas';
import { firstReportIn } from './count-report';
import { linkWaitingReports } from './link-contact';
import { announceChange, outageNumber, type OutageActor } from './outage-change';
import { outageView } from './outage-view';
import { planProtectedCalls } from './protected-calls';
import type { DeclareOutage } from './schemas';

type Ctx = Pick<CoreContext, 'events' | 'logger' | 'clock' | 'rules' | 'notices'>;

export function checkTimes(startedAt: Date, expectedRestorationAt: Date | null | undefined): void {
  if (expectedRestorationAt && expectedRestorationAt.getTime() < startedAt.getTime())
    throw Invalid('expectedRestorationAt: before the outage started', [{ field: 'expectedRestorationAt', message: 'before startedAt' }]);
}

export async function declareOutage(ctx: Ctx, cmd: DeclareOutage & { actor: OutageActor }): Promise<OutageView> {
  const now = ctx.clock.now();
  const areaCodes = cleanCodes(cmd.areaCodes);
  const supplyPoints = cleanCodes(cmd.supplyPoints);
  await checkPlace(areaCodes, supplyPoints);
  const startedAt = cmd.startedAt ?? now;
  checkTimes(startedAt, cmd.expectedRestorationAt);
  const firstReportAt = (await firstReportIn(ctx, cmd.service, areaCodes, now)) ?? undefined;
  const row = (
    await Outage.create({
      number: outageNumber(await reserveSequence('outage', 1)),
      service: cmd.service,
      areaCodes,
      supplyPoints,
      cause: cmd.cause,
      publicMessage: cmd.publicMessage,
      startedAt,
      expectedRestorationAt: cmd.expectedRestorationAt,
      status: 'active',
      version: 1,
      urgent: cmd.urgent,
      notifyOnDeclare: cmd.notify,
      firstReportAt: firstReportAt && firstReportAt < now ? firstReportAt : undefined,
      declaredAt: now,
      declaredBy: cmd.actor.agentId,
    })
  ).toObject() as OutageRow;
  await afterDeclared(ctx, row, 'declared', cmd.actor, now);
  return outageView(await reread(row));
}

/**
 * The call tasks of its life-support and medical customers, and the count of its protected
 * ones (core/outages/protected-calls.ts), before the change is announced so the event carries
 * the count. A failure does not undo the change: logged, and made good by the next change of place.
 */
export async function withProtectedCalls(ctx: Pick<CoreContext, 'logger'>, row: OutageRow): Promise<OutageRow> {
  try {
    const { protectedCustomers } = await planProtectedCalls(ctx, row);
    return { ...row, protectedCustomers };
  } catch (err) {
    ctx.logger.error({ err, outageId: String(row._id) }, 'protected customers of the outage not called');
    return row;
  }
}

/** The outage as the steps after its write left it (the waiting reports linked and counted). */
export async function reread(row: OutageRow): Promise<OutageRow> {
  return (await Outage.findById(row._id).lean<OutageRow>()) ?? row;
}

/** Declared or promoted: its protected customers counted and called, announced, waiting reports linked, notices started when asked for. */
export async function afterDeclared(
  ctx: Ctx,
  row: OutageRow,
  change: Extract<OutageChanged['change'], 'declared' | 'promoted'>,
  actor: OutageActor,
  at: Date,
  fields: string[] = [],
): Promise<void> {
  const counted = await withProtectedCalls(ctx, row);
  await announceChange(ctx, counted, change, actor, at, fields);
  try {
    const linked = await linkWaitingReports(ctx, row);
    if (linked) ctx.logger.info({ outageId: String(row._id), linked }, 'waiting outage reports linked');
  } catch (err) {
    // The declaration stands; later contacts are linked as they come.
    ctx.logger.warn({ err, outageId: String(row._id) }, 'linking the waiting reports failed');
  }
  if (row.notifyOnDeclare) await ctx.notices.runOutageNotices(String(row._id), `v${row.version}`);
}
