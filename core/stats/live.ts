// Live wall-board figures. Reads only small documents: what waits now (the queue-item
// collection), the agents (a few), and today's totals per queue and channel (a few
// small documents in their own collection) — never the tickets.
import { agentsOnBoard } from '../../models/repos/agents';
import { CHANNELS, LANGUAGES, isLiveChannel } from '../../wire';
import { nominalSeconds } from '../rules/deadline';
import { PresenceMark, TodayBucket } from '../../models/interval-bucket';
import { Office } from '../../models/office';
import { QueueItem } from '../../models/queue-item';
import type { CoreContext } from '../context';
import { listQueues } from '../routing/select-queue';
import { ALL, sumSlots, type Slot } from './buckets';
import { dayOf } from './calendar';
import { accessibilityOf, figuresOf } from './kpi';
import { openPresenceCounters } from './counters';
import { walkInFiguresOf } from './walk-in';
import type { LivePayload, LiveRow, WaitingFigures } from '../../wire/stats';

/**
 * An item counts as "at risk" once it has waited this share of its clock: the answer time of a
 * live contact (seconds, by channel), the regulatory answer deadline of a deferred one (days, by
 * category) — an SMS is not at risk after a few minutes.
 */
export const AT_RISK_SHARE = 0.8;

type LiveCtx = Pick<CoreContext, 'clock' | 'rules' | 'config'>;

/** The clock a waiting contact runs on, seconds from its queueing. */
export function targetSecondsOf(item: { channel: string; category?: string | null }, rules: LiveCtx['rules']): number | undefined {
  if (isLiveChannel(item.channel)) return rules.firstResponseSeconds[item.channel] ?? undefined;
  const rule = rules.categories[item.category as keyof typeof rules.categories];
  return rule ? nominalSeconds(rule) : undefined;
}

function waitingOf(
  items: Array<{ enqueuedAt: Date; channel: string; category?: string | null }>,
  now: number,
  rules: LiveCtx['rules'],
): WaitingFigures {
  let longest = 0;
  let atRisk = 0;
  for (const it of items) {
    const waited = Math.max(0, (now - new Date(it.enqueuedAt).getTime()) / 1000);
    longest = Math.max(longest, waited);
    const target = targetSecondsOf(it, rules);
    if (target && waited >= target * AT_RISK_SHARE) atRisk++;
  }
  return { waiting: items.length, longestWaitSeconds: Math.round(longest), slaAtRisk: atRisk };
}

export async function liveFigures(ctx: LiveCtx): Promise<LivePayload> {
  const now = ctx.clock.now();
  const tz = ctx.config.TIMEZONE;
  const today0 = dayOf(now, tz);
  const day = today0.day;
  const [items, agents, todays, queues, marks, offices] = await Promise.all([
    QueueItem.find({}, { channel: 1, queue: 1, language: 1, category: 1, enqueuedAt: 1 }).lean(),
    agentsOnBoard(),
    TodayBucket.find({ day }).lean<Array<{ queue: string; channel: string; t?: Slot }>>(),
    listQueues(),
    PresenceMark.find({}, { state: 1, since: 1 }).lean<Array<{ state: string; since: Date }>>(),
    // A handful of offices: their names for the walk-in rows.
    Office.find({}, { name: 1 }).lean<Array<{ _id: string; name: string }>>(),
  ]);
  const today = new Map<string, Slot>();
  for (const m of todays) today.set(`${m.queue}:${m.channel}`, m.t ?? {});
  const t = now.getTime();
  const row = (key: string, name: string, slot: Slot | undefined, waiting: typeof items, extra: Partial<LiveRow> = {}): LiveRow => ({
    key,
    name,
    ...figuresOf(slot),
    ...waitingOf(waiting, t, ctx.rules),
    ...extra,
  });
  const overallSlot = today.get(`${ALL}:${ALL}`);
  const overall = row(ALL, 'all', overallSlot, items);
  const queueRows = queues.map((q) =>
    row(
      q._id,
      q.name,
      today.get(`${q._id}:${ALL}`),
      items.filter((i) => i.queue === q._id),
      { slThresholdSeconds: q.serviceLevelSeconds ?? undefined, slTarget: q.serviceLevelTarget ?? undefined },
    ),
  );
  const channelRows = CHANNELS.map((c) =>
    row(
      c,
      c,
      today.get(`${ALL}:${c}`),
      items.filter((i) => i.channel === c),
      // Which clock the row's SL and "at risk" follow: live contacts answer in seconds, deferred ones by the deadline in days.
      { clock: isLiveChannel(c) ? 'answer_seconds' : 'deadline_days' },
    ),
  );
  const languages = LANGUAGES.map((l) => ({
    language: l,
    offered: Number(overallSlot?.[`lang_${l}_offered`] ?? 0),
    answered: Number(overallSlot?.[`lang_${l}_answered`] ?? 0),
    abandoned: Number(overallSlot?.[`lang_${l}_abandoned`] ?? 0),
  }));

  const byState: Record<string, number> = { available: 0, busy: 0, wrap_up: 0, away: 0, offline: 0 };
  const list: LivePayload['agents']['list'] = [];
  for (const a of agents) {
    const p = a.presence ?? 'offline';
    byState[p] = (byState[p] ?? 0) + 1;
    const wip = Object.values(a.load ?? {}).reduce((s, v) => s + (typeof v === 'number' ? v : 0), 0);
    if (p !== 'offline' || wip > 0) list.push({ id: String(a._id), name: a.name, presence: p, workInProgress: wip });
  }
  const working = (byState.available ?? 0) + (byState.busy ?? 0) + (byState.wrap_up ?? 0);
  return {
    at: now.toISOString(),
    timezone: tz,
    day,
    overall,
    queues: queueRows,
    channels: channelRows,
    languages,
    agents: { byState, occupancy: working ? ((byState.busy ?? 0) + (byState.wrap_up ?? 0)) / working : null, list },
    // Recorded states of today plus the ones still running: live while agents are logged in.
    accessibility: accessibilityOf(sumSlots([overallSlot, openPresenceCounters(marks, today0.start, now, now)])),
    walkIn: {
      longWaitSeconds: ctx.rules.firstResponseSeconds.walk_in ?? 40 * 60,
      rows: walkInFiguresOf(today.get(`${ALL}:walk_in`)).map((r) => ({
        ...r,
        officeName: offices.find((o) => o._id === r.office)?.name ?? r.office,
      })),
    },
    targets: {
      averageWaitTargetSeconds: ctx.rules.averageWaitTargetSeconds,
      serviceLevelTarget: ctx.rules.serviceLevelTarget,
      accessibilityTarget: ctx.rules.accessibilityTarget,
    },
  };
}
