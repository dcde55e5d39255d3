// Managers' statistics (issue #7): the live wall board, interval reports, the regulator's
// figures and CSV of every table; the listeners that count events and
// the live publisher (its figures reach the wall boards through the socket gateway) are started here.
import { z } from 'zod';
import { DateTime } from 'luxon';
import { ALL } from '../../core/stats/buckets';
import { toCsv } from '../../core/stats/csv';
import { parseInstant } from '../../core/stats/calendar';
import { Invalid } from '../../core/errors';
import { intervalReport, regulatoryReport } from '../../core/stats/intervals';
import { liveFigures } from '../../core/stats/live';
import { GRANULARITIES, type IntervalRow, type LivePayload } from '../../wire/stats';
import { NAMESPACE, room } from '../sockets/gateway';
import { LivePublisher } from '../../core/stats/live-publisher';
import { registerStatsListeners } from '../../core/stats/listeners';
import { statsOptions } from '../../core/stats/options';
import { pruneToday } from '../../core/stats/record';
import { requireRole } from '../../app/require-role';
import type { AppContext } from '../../app/context';
import type { Feature } from '../../app/feature';
import { parse } from '../../app/validate';

const key = z.string().regex(/^[A-Za-z0-9_*-]{1,64}$/, 'letters, digits, _ - or *');
const format = z.enum(['json', 'csv']).default('json');

const instant = z
  .string()
  .max(40)
  .regex(/^\d{4}-\d{2}-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?$/, 'an ISO date or date-time')
  .optional();

const intervalsQuery = z.object({
  from: instant,
  to: instant,
  queue: key.default(ALL),
  channel: key.default(ALL),
  granularity: z.enum(GRANULARITIES).optional(),
  format,
});

const regulatoryQuery = z.object({ from: instant, to: instant, format });
const liveQuery = z.object({
  format,
  fresh: z.enum(['true', 'false']).default('false'),
  table: z.enum(['overall', 'queues', 'channels', 'languages', 'agents', 'walk_in']).default('queues'),
});

/** Query dates are read in the operator's zone ("2026-03-29" is local midnight). */
function at(text: string | undefined, tz: string): Date | undefined {
  if (!text) return undefined;
  const d = parseInstant(text.replace(' ', 'T'), tz);
  if (!d) throw Invalid(`not a date: ${text}`);
  return d;
}

function sendCsv(res: import('express').Response, name: string, rows: Array<Record<string, unknown>>, columns?: string[]): void {
  res.type('text/csv; charset=utf-8').attachment(`${name}.csv`).send(toCsv(rows, columns));
}

/** An interval row for CSV: its walk-in offices as columns of their own (`walk_in <office> served`, …). */
function flatIntervalRow(row: IntervalRow): Record<string, unknown> {
  const { walkIn, ...rest } = row;
  const out: Record<string, unknown> = { ...rest };
  for (const w of walkIn) {
    out[`walk_in ${w.office} served`] = w.served;
    out[`walk_in ${w.office} no_shows`] = w.noShows;
    out[`walk_in ${w.office} avg_wait_s`] = w.avgWaitSeconds;
    out[`walk_in ${w.office} over_long_wait`] = w.shareOverLongWait;
  }
  return out;
}

function liveTable(p: LivePayload, table: string): Array<Record<string, unknown>> {
  switch (table) {
    case 'overall':
      return [{ ...p.overall, day: p.day }];
    case 'channels':
      return p.channels as unknown as Array<Record<string, unknown>>;
    case 'languages':
      return p.languages;
    case 'agents':
      return p.agents.list;
    case 'walk_in':
      return p.walkIn.rows as unknown as Array<Record<string, unknown>>;
    default:
      return p.queues as unknown as Array<Record<string, unknown>>;
  }
}

/** One publisher per running server (tests run several in a process). */
const publishers = new WeakMap<AppContext, LivePublisher<LivePayload>>();
const pruners = new WeakMap<AppContext, NodeJS.Timeout>();

export const statsFeature: Feature = {
  name: 'stats',
  routes(router, ctx) {
    router.get('/api/stats/live', requireRole('supervisor'), async (req, res) => {
      const q = parse(liveQuery, req.query);
      const publisher = publishers.get(ctx);
      const payload = publisher ? await publisher.snapshot(q.fresh === 'true') : await liveFigures(ctx);
      if (q.format === 'csv') return sendCsv(res, `live-${q.table}-${payload.day}`, liveTable(payload, q.table));
      res.json(payload);
    });

    router.get('/api/stats/intervals', requireRole('supervisor'), async (req, res) => {
      const q = parse(intervalsQuery, req.query);
      const now = ctx.clock.now();
      const from = at(q.from, ctx.config.TIMEZONE) ?? DateTime.fromJSDate(now, { zone: ctx.config.TIMEZONE }).startOf('day').toJSDate();
      const to = at(q.to, ctx.config.TIMEZONE) ?? DateTime.fromJSDate(from, { zone: ctx.config.TIMEZONE }).plus({ days: 1 }).toJSDate();
      const report = await intervalReport(ctx, { from, to, queue: q.queue, channel: q.channel, granularity: q.granularity });
      if (q.format === 'csv')
        return sendCsv(
          res,
          `intervals-${report.granularity}-${report.queue}-${report.channel}`.replace(/\*/g, 'all'),
          report.rows.map(flatIntervalRow),
        );
      res.json(report);
    });

    router.get('/api/stats/regulatory', requireRole('supervisor'), async (req, res) => {
      const q = parse(regulatoryQuery, req.query);
      const now = ctx.clock.now();
      const from = at(q.from, ctx.config.TIMEZONE) ?? DateTime.fromJSDate(now, { zone: ctx.config.TIMEZONE }).startOf('month').toJSDate();
      const to = at(q.to, ctx.config.TIMEZONE) ?? DateTime.fromJSDate(now, { zone: ctx.config.TIMEZONE }).endOf('day').toJSDate();
      const report = await regulatoryReport(ctx, { from, to });
      if (q.format === 'csv') {
        const rows: Array<Record<string, unknown>> = [
          {
            figure: 'TMA (excluding IVR, answered and abandoned calls), s',
            value: report.tmaSeconds,
            target: null,
            calls: report.tmaCalls,
            definition: report.definitions.tmaSeconds,
          },
          {
            figure: 'TMA (including IVR, answered and abandoned calls), s',
            value: report.tmaWithIvrSeconds,
            target: report.targets.averageWaitTargetSeconds,
            calls: report.tmaCalls,
            definition: report.definitions.tmaWithIvrSeconds,
          },
          {
            figure: 'LS',
            value: report.ls,
            target: report.targets.serviceLevelTarget,
            calls: report.agentRequested,
            definition: report.definitions.ls,
          },
          { figure: 'AS', value: report.as, target: report.targets.accessibilityTarget, calls: null, definition: report.definitions.as },
          {
            figure: 'Reached a human within the allowed IVR choices',
            value: report.humanWithinChoices,
            target: null,
            calls: report.agentRequested,
          },
          ...Object.entries(report.written).flatMap(([cat, w]) => [
            { figure: `${cat}: answered within deadline`, value: w.withinDeadline, target: null, calls: w.answered },
            { figure: `${cat}: average answer days`, value: w.avgDays, target: null, calls: w.answered },
          ]),
          ...Object.entries(report.answerDaysByService).map(([svc, w]) => ({
            figure: `average answer days: ${svc}`,
            value: w.avgDays,
            target: null,
            calls: w.answered,
          })),
          { figure: 'walk-in average wait, s', value: report.walkIn.avgWaitSeconds, target: null, calls: report.walkIn.served },
          {
            figure: 'walk-in share over 40 min',
            value: report.walkIn.shareOver40Min,
            target: null,
            calls: report.walkIn.served,
            definition: report.definitions.walkIn,
          },
          // A no-show is not served: counted apart, its wait in no average (docs/rules.md, "Walk-in offices").
          { figure: 'walk-in no-shows (not served)', value: report.walkIn.noShows, target: null, calls: null },
          ...report.walkIn.offices.map((o) => ({
            figure: `walk-in ${o.office} ${o.service}: served / no-shows / average wait, s / share over 40 min`,
            value: o.avgWaitSeconds,
            target: null,
            calls: o.served,
            definition: `${o.served} served, ${o.noShows} no-shows, share over 40 min ${o.shareOverLongWait ?? '–'}`,
          })),
          ...(['requested', 'placed', 'connected', 'failed'] as const).map((k) => ({
            figure: `callbacks ${k}`,
            value: report.callbacks[k],
            target: null,
            calls: null,
            definition: k === 'connected' ? report.definitions.callbacks : undefined,
          })),
          ...Object.entries(report.readings).map(([ch, r]) => ({
            figure: `self-readings accepted: ${ch}`,
            value: r.acceptedShare,
            target: null,
            calls: r.received,
          })),
        ];
        return sendCsv(res, `regulatory-${report.from.slice(0, 10)}`, rows, ['figure', 'value', 'target', 'calls', 'definition']);
      }
      res.json(report);
    });
  },

  // Every process counts the events it emits (a worker's jobs' too); only HTTP nodes publish the board.
  background(ctx: AppContext) {
    registerStatsListeners(ctx, statsOptions(ctx.config), { onRecorded: () => publishers.get(ctx)?.markDirty() });
  },

  start(ctx: AppContext) {
    const live = new LivePublisher<LivePayload>({
      compute: () => liveFigures(ctx),
      emit: (payload) => ctx.events.emit('stats.live', payload),
      intervalMs: ctx.config.STATS_LIVE_INTERVAL_MS,
      now: () => ctx.clock.now().getTime(),
      logger: ctx.logger,
      // Each node feeds the wall boards connected to it (server/sockets/gateway.ts emits
      // `stats:live` locally): a node without one reads nothing for the board.
      watched: () => (ctx.io.of(NAMESPACE).adapter.rooms.get(room.supervisors)?.size ?? 0) > 0,
    });
    publishers.set(ctx, live);
    // Waiting contacts change the board before anything is counted.
    for (const name of ['ticket.queued', 'ticket.claimed', 'ticket.resolved', 'agent.presence', 'call.event'] as const)
      ctx.events.on(name, () => live.markDirty());
    live.start();
    // Today's documents of days before yesterday are no longer read.
    const prune = () => {
      const yesterday = DateTime.fromJSDate(ctx.clock.now(), { zone: ctx.config.TIMEZONE }).minus({ days: 1 }).toISODate()!;
      pruneToday(yesterday).catch((err: unknown) => ctx.logger.error({ err }, 'could not prune live statistics'));
    };
    prune();
    const pruner = setInterval(prune, 3_600_000);
    pruner.unref();
    pruners.set(ctx, pruner);
  },

  stop(ctx: AppContext) {
    publishers.get(ctx)?.stop();
    publishers.delete(ctx);
    clearInterval(pruners.get(ctx));
    pruners.delete(ctx);
  },
};
