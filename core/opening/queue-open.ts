// "Is this queue open at t", read at use: the queue's hours from the queue cache, the closures
// from theirs (both a few seconds, cleared on this node by the change), the rule set's holidays.
// Every node sees an admin's change within those seconds, without a restart.
import type { CoreContext } from '../context';
import { listQueues } from '../routing/select-queue';
import { activeClosures } from './closures';
import { afterOpenTime, queueOpening, type Opening } from './is-open';

type Ctx = Pick<CoreContext, 'config' | 'rules'>;

/**
 * `callbacks`: the hours of calls we place — a queue without its own hours follows the rule
 * set's callback hours (ru: 24/7) instead of the call centre's.
 */
export async function queueOpenAt(ctx: Ctx, queue: string, at: Date, opts: { callbacks?: boolean } = {}): Promise<Opening> {
  const [queues, closures] = await Promise.all([listQueues(), activeClosures(at)]);
  const row = queues.find((q) => q._id === queue);
  return queueOpening({ queue, businessHours: row?.businessHours }, closures, ctx.rules, at, {
    defaultHours: opts.callbacks ? ctx.rules.callbacks.hours : ctx.config.CALL_CENTRE_HOURS,
    timeZone: ctx.config.TIMEZONE,
  });
}

/** A deadline in hours on open time (see afterOpenTime); a callback request counts on the callback hours. */
export async function openTimeAfter(ctx: Ctx, queue: string, from: Date, ms: number, opts: { callbacks?: boolean } = {}): Promise<Date> {
  const [queues, closures] = await Promise.all([listQueues(), activeClosures(from)]);
  const row = queues.find((q) => q._id === queue);
  return afterOpenTime({ queue, businessHours: row?.businessHours }, closures, ctx.rules, from, ms, {
    defaultHours: opts.callbacks ? ctx.rules.callbacks.hours : ctx.config.CALL_CENTRE_HOURS,
    timeZone: ctx.config.TIMEZONE,
  });
}
