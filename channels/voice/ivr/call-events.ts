// The call's timeline as `call.event`s for the statistics: entered, queued, answered,
// abandoned, completed (waitSeconds excludes the IVR, waitWithIvrSeconds includes it).
// Each is recorded once per call, whichever node or callback sees it first.
import type { AppContext } from '../../../app/context';
import type { EventMap } from '../../../core/events';
import { withdrawItem } from '../../../core/routing/withdraw-item';
import { summarize } from '../../../core/tickets/summary';
import { Outage } from '../../../models/outage';
import { Ticket } from '../../../models/ticket';
import type { CallState } from '../call-state';
import type { Ivr } from './step';

type CallEvent = EventMap['call.event'];

/** One event of the call's timeline; the state supplies language, queue, ticket and choices. */
export function emitCall(ctx: AppContext, state: CallState, event: Pick<CallEvent, 'callSid' | 'kind'> & Partial<CallEvent>): void {
  const { callSid, kind, ...extra } = event;
  ctx.events.emit('call.event', {
    callSid,
    kind,
    at: ctx.clock.now(),
    language: state.language,
    queue: state.queue,
    ticketId: state.ticketId,
    ivrChoices: state.choices,
    ...extra,
  });
}

function seconds(fromMs: number | undefined, to: Date): number | undefined {
  return fromMs === undefined ? undefined : Math.max(0, Math.round((to.getTime() - fromMs) / 1000));
}

/** The caller left the queue before an agent answered: statistics, and the ticket leaves the live queue. */
export interface Abandoned {
  callSid: string;
  state: CallState;
  /** Twilio's QueueTime when the <Enqueue> reported the hang-up; else counted from enqueuedAt. */
  queueSeconds?: number;
}

export async function abandon(ctx: AppContext, ivr: Ivr, { callSid, state, queueSeconds }: Abandoned): Promise<void> {
  if (state.answeredAt || !state.enqueuedAt) return;
  if (!(await ivr.calls.once(callSid, 'ended', 'abandoned'))) return;
  const now = ctx.clock.now();
  emitCall(ctx, state, {
    callSid,
    kind: 'abandoned',
    waitSeconds: queueSeconds ?? seconds(state.enqueuedAt, now),
    waitWithIvrSeconds: seconds(state.startedAt, now),
  });
  if (state.ticketId) {
    // A caller who hangs up while offered to an agent frees that agent at once.
    await withdrawItem(ctx, state.ticketId);
    const t = await Ticket.findOneAndUpdate(
      { _id: state.ticketId, status: 'queued' },
      { $set: { status: 'resolved', outcome: 'abandoned', resolvedAt: now }, $addToSet: { tags: 'abandoned' } },
      { returnDocument: 'after' },
    ).lean();
    if (t) {
      ctx.events.emit('ticket.resolved', { ...summarize(t), outcome: 'abandoned' });
    }
  }
}

/** The call answered by an agent (bridged): wait excluding and including the IVR, and who took it (their line is busy until it ends). */
export async function answered(ctx: AppContext, ivr: Ivr, callSid: string, agentId?: string): Promise<void> {
  const now = ctx.clock.now();
  if (!(await ivr.calls.once(callSid, 'answeredAt', now.getTime()))) return;
  const state = await ivr.calls.get(callSid);
  emitCall(ctx, state, {
    callSid,
    kind: 'answered',
    agentId,
    waitSeconds: seconds(state.enqueuedAt, now),
    waitWithIvrSeconds: seconds(state.startedAt, now),
  });
}

/** Status callback of an inbound call: hung up in the queue → abandoned; then completed, once. */
export async function callEnded(ctx: AppContext, ivr: Ivr, callSid: string, status: string): Promise<void> {
  if (!['completed', 'busy', 'failed', 'no-answer', 'canceled'].includes(status)) return;
  const state = await ivr.calls.get(callSid);
  if (!state.startedAt) return; // not a call the IVR saw
  await abandon(ctx, ivr, { callSid, state });
  if (await ivr.calls.once(callSid, 'completedAt', ctx.clock.now().getTime())) {
    // Heard the outage announcement and never asked for a person: the announcement answered them.
    if (state.outage && !state.agentRequestedAt) await Outage.updateOne({ _id: state.outage }, { $inc: { 'figures.deflected': 1 } });
    emitCall(ctx, state, {
      callSid,
      kind: 'completed',
      handleSeconds: seconds(state.answeredAt, ctx.clock.now()),
      waitWithIvrSeconds: seconds(state.startedAt, ctx.clock.now()),
    });
  }
}
