// A desk of a walk-in office: call the next visitor (by service and arrival), call them
// again, mark a no-show, or done. Calling is the claim of the visit's ticket (its wait ends
// there, as for a call answered), done is its resolution (the service time); each visit also
// adds to its office's and service's day (models/visit.ts, WalkInDay).
import { DateTime } from 'luxon';
import { Visit, WalkInDay } from '../../models/visit';
import type { NowServing, VisitView } from '../../wire/walk-in';
import type { CoreContext } from '../context';
import { DomainError, NotFound } from '../errors';
import { claimTicket } from '../tickets/claim-ticket';
import { resolveTicket } from '../tickets/resolve-ticket';
import type { Actor } from '../tickets/ticket-access';
import { callOrder } from './call-order';
import { officeById } from './offices';

type Ctx = Pick<CoreContext, 'events' | 'clock' | 'logger' | 'config' | 'rules'>;

/**
 * A wait counts as long when it is over the rule set's answer time of a walk-in visit (40
 * minutes in every preset: docs/rules.md, "Walk-in offices"): 40 min exactly is not over it.
 */
export function longWaitSecondsOf(rules: Ctx['rules']): number {
  return rules.firstResponseSeconds.walk_in ?? 40 * 60;
}

const secondsBetween = (from: Date | null | undefined, to: Date) =>
  from ? Math.max(0, Math.round((to.getTime() - new Date(from).getTime()) / 1000)) : 0;

/** What the statistics count a visit under (visits checked in before these fields existed: the walk-in channel's queue). */
const visitEvent = (v: { _id: string; office: string; service: string; queue?: string | null; language?: string | null }) => ({
  visitId: v._id,
  office: v.office,
  service: v.service,
  queue: v.queue ?? 'walk_in',
  language: v.language ?? undefined,
});

export const NobodyWaiting = () => new DomainError('NobodyWaiting', 'nobody is waiting for these services', 404);
export const NotCalled = () => new DomainError('NotCalled', 'this visitor is not at a desk', 409);

export function visitView(v: {
  _id: string;
  number: string;
  service: string;
  state?: string | null;
  desk?: string | null;
  arrivedAt: Date;
  calledAt?: Date | null;
  bookedFor?: Date | null;
}): VisitView {
  return {
    id: v._id,
    number: v.number,
    service: v.service,
    state: (v.state ?? 'waiting') as VisitView['state'],
    desk: v.desk ?? undefined,
    arrivedAt: new Date(v.arrivedAt).toISOString(),
    calledAt: v.calledAt ? new Date(v.calledAt).toISOString() : undefined,
    bookedFor: v.bookedFor ? new Date(v.bookedFor).toISOString() : undefined,
  };
}

function announce(
  ctx: Ctx,
  v: { office: string; number: string; desk?: string | null; service: string },
  at: Date,
  recall: boolean,
): NowServing {
  const serving: NowServing = {
    office: v.office,
    number: v.number,
    desk: v.desk ?? '',
    service: v.service,
    calledAt: at.toISOString(),
    recall,
  };
  ctx.events.emit('walkin.called', serving);
  return serving;
}

/** The waiting visitors of an office, oldest first (the desk's list and the display's queue length). */
export async function waitingVisits(office: string, services?: string[]) {
  const rows = await Visit.find({ office, state: 'waiting', ...(services?.length ? { service: { $in: services } } : {}) }).lean();
  return rows.sort((a, b) => new Date(a.arrivedAt).getTime() - new Date(b.arrivedAt).getTime());
}

/** The visitors now at a desk of an office (the display's "now serving"). */
export async function calledVisits(office: string) {
  const rows = await Visit.find({ office, state: 'called' }).lean();
  return rows.sort((a, b) => new Date(b.calledAt ?? 0).getTime() - new Date(a.calledAt ?? 0).getTime());
}

export interface CallNextCommand {
  office: string;
  desk: string;
  services?: string[];
  actor: Actor;
}

/**
 * The next visitor of the desk's services — by arrival, a booked one at their slot's start
 * (call-order.ts) — claimed for this agent; a visitor another desk took first is skipped.
 */
export async function callNext(ctx: Ctx, cmd: CallNextCommand): Promise<VisitView> {
  await officeById(cmd.office);
  for (const v of callOrder(await waitingVisits(cmd.office, cmd.services), ctx.clock.now()).slice(0, 10)) {
    try {
      await claimTicket(ctx, { ticketId: v._id, actor: cmd.actor });
    } catch (err) {
      if (err instanceof DomainError && err.code === 'AlreadyClaimed') continue;
      throw err;
    }
    const now = ctx.clock.now();
    const called = await Visit.findOneAndUpdate(
      { _id: v._id, state: 'waiting' },
      { $set: { state: 'called', desk: cmd.desk, calledAt: now, agentId: cmd.actor.agentId } },
      { returnDocument: 'after' },
    ).lean();
    if (!called) continue;
    announce(ctx, called, now, false);
    ctx.events.emit('walkin.visit', { kind: 'called', ...visitEvent(called), at: now, waitSeconds: secondsBetween(called.arrivedAt, now) });
    return visitView(called);
  }
  throw NobodyWaiting();
}

async function visitAtDesk(id: string) {
  const v = await Visit.findById(id).lean();
  if (!v) throw NotFound('visit');
  if (v.state !== 'called') throw NotCalled();
  return v;
}

/** The visitor did not come: the display shows the number again. */
export async function recall(ctx: Ctx, cmd: { visitId: string; actor: Actor }): Promise<VisitView> {
  const v = await visitAtDesk(cmd.visitId);
  announce(ctx, v, ctx.clock.now(), true);
  return visitView(v);
}

/** Done (served) or a no-show: the visit ends, its ticket is resolved, its office and service day counts it. */
export async function finishVisit(ctx: Ctx, cmd: { visitId: string; actor: Actor; noShow: boolean }): Promise<VisitView> {
  const v = await visitAtDesk(cmd.visitId);
  const now = ctx.clock.now();
  const ended = await Visit.findOneAndUpdate(
    { _id: v._id, state: 'called' },
    { $set: { state: cmd.noShow ? 'no_show' : 'done', doneAt: now } },
    { returnDocument: 'after' },
  ).lean();
  if (!ended) throw NotCalled();
  await resolveTicket(ctx, { ticketId: v._id, actor: cmd.actor, outcome: cmd.noShow ? 'no_reply' : 'solved' });
  const day = DateTime.fromJSDate(new Date(v.arrivedAt), { zone: ctx.config.TIMEZONE }).toISODate()!;
  const wait = secondsBetween(v.arrivedAt, new Date(v.calledAt!));
  const served = secondsBetween(v.calledAt, now);
  // A no-show was not served: its wait is no served wait (docs/rules.md, "Walk-in offices"); it is counted apart.
  ctx.events.emit('walkin.visit', {
    kind: cmd.noShow ? 'no_show' : 'served',
    ...visitEvent(v),
    at: now,
    waitSeconds: wait,
    ...(cmd.noShow ? {} : { serviceSeconds: served }),
  });
  await WalkInDay.updateOne(
    { _id: `${v.office}:${v.service}:${day}` },
    {
      $setOnInsert: { office: v.office, service: v.service, day },
      $inc: cmd.noShow
        ? { noShow: 1 }
        : { served: 1, waitSum: wait, serviceSum: served, longWait: wait > longWaitSecondsOf(ctx.rules) ? 1 : 0 },
    },
    { upsert: true },
  );
  return visitView(ended);
}

export interface WalkInFigures {
  office: string;
  service: string;
  served: number;
  noShow: number;
  avgWaitSeconds: number | null;
  shareOverLongWait: number | null;
  avgServiceSeconds: number | null;
}

/** Per office and service over local days [from, to]: average wait, share over the long wait (40 min), average service time. */
export async function walkInFigures(from: string, to: string): Promise<WalkInFigures[]> {
  const rows = await WalkInDay.find({ day: { $gte: from, $lte: to } }).lean();
  const sum = new Map<
    string,
    { office: string; service: string; served: number; noShow: number; waitSum: number; longWait: number; serviceSum: number }
  >();
  for (const r of rows) {
    const k = `${r.office}:${r.service}`;
    const s = sum.get(k) ?? { office: r.office, service: r.service, served: 0, noShow: 0, waitSum: 0, longWait: 0, serviceSum: 0 };
    s.served += r.served ?? 0;
    s.noShow += r.noShow ?? 0;
    s.waitSum += r.waitSum ?? 0;
    s.longWait += r.longWait ?? 0;
    s.serviceSum += r.serviceSum ?? 0;
    sum.set(k, s);
  }
  const ratio = (a: number, b: number) => (b > 0 ? a / b : null);
  return [...sum.values()]
    .sort((a, b) => a.office.localeCompare(b.office) || a.service.localeCompare(b.service))
    .map((s) => ({
      office: s.office,
      service: s.service,
      served: s.served,
      noShow: s.noShow,
      avgWaitSeconds: ratio(s.waitSum, s.served),
      shareOverLongWait: ratio(s.longWait, s.served),
      avgServiceSeconds: ratio(s.serviceSum, s.served),
    }));
}
