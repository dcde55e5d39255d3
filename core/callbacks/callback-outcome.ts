// How one callback call ends: answered by the customer (bridged to the agent who took it),
// or not (no answer, busy, failed, an answering machine) — then the agent is freed, and the
// request waits `retryMinutes` for its next attempt (release-callbacks.ts puts it back at its
// place in line) or, after the last one, its ticket is closed with the outcome written on it.
import { Types } from 'mongoose';
import { Agent } from '../../models/agent';
import { Callback, type CallbackDoc } from '../../models/callback';
import { Message } from '../../models/message';
import { updateTicket } from '../../models/repos/tickets';
import type { CoreContext } from '../context';
import { summarize } from '../tickets/summary';
import { releaseCapacity } from '../tickets/ticket-access';

type Ctx = Pick<CoreContext, 'events' | 'clock' | 'logger' | 'rules'>;

const ENDED = ['completed', 'busy', 'failed', 'no-answer', 'canceled'];

const seconds = (from: Date | null | undefined, to: Date) =>
  from ? Math.max(0, Math.round((to.getTime() - new Date(from).getTime()) / 1000)) : undefined;

export interface Answered {
  ticketId: string;
  attempt: number;
  /** Twilio's AnsweredBy (answering-machine detection): human, machine_start, fax, unknown. */
  answeredBy?: string;
}

/**
 * The customer picked up: the agent to bridge to, or null (a machine answered, or the call is
 * no longer the current attempt) — the caller then hangs up and the status callback decides.
 */
export async function callbackAnswered(
  ctx: Ctx,
  cmd: Answered,
): Promise<{ agentId: string; phone?: string | null; language: string } | null> {
  const now = ctx.clock.now();
  if (cmd.answeredBy && /^(machine|fax)/.test(cmd.answeredBy)) {
    await Callback.updateOne({ _id: cmd.ticketId, state: 'dialling', attempts: cmd.attempt }, { $set: { lastOutcome: 'machine' } });
    return null;
  }
  const cb = await Callback.findOneAndUpdate(
    { _id: cmd.ticketId, state: 'dialling', attempts: cmd.attempt },
    { $set: { state: 'connected', connectedAt: now, endedAt: now, lastOutcome: 'answered' } },
    { returnDocument: 'after' },
  ).lean();
  if (!cb?.agentId) return null;
  const base = { at: now, queue: cb.queue, language: cb.language, ticketId: cb._id };
  ctx.events.emit('call.event', { ...base, callSid: cb._id, kind: 'callback_connected' });
  // The caller who kept their place is one call in TMA and LS, answered now (docs/rules.md, "Callbacks").
  if (cb.origin === 'virtual_hold' && cb.callSid)
    ctx.events.emit('call.event', {
      ...base,
      callSid: cb.callSid,
      kind: 'answered',
      agentId: cb.agentId,
      waitSeconds: seconds(cb.enqueuedAt, now),
      waitWithIvrSeconds: seconds(cb.callStartedAt ?? cb.enqueuedAt, now),
    });
  const agent = Types.ObjectId.isValid(cb.agentId) ? await Agent.findById(cb.agentId, { phone: 1 }).lean() : null;
  return { agentId: cb.agentId, phone: agent?.phone, language: cb.language };
}

/** A status callback of a callback call (or a call that could not be placed: `failed`). */
export async function callbackCallEnded(ctx: Ctx, cmd: { ticketId: string; attempt: number; status: string }): Promise<void> {
  if (!ENDED.includes(cmd.status)) return;
  const now = ctx.clock.now();
  const current = await Callback.findById(cmd.ticketId, { state: 1, attempts: 1, lastOutcome: 1 }).lean();
  if (!current || current.state !== 'dialling' || current.attempts !== cmd.attempt) return; // connected, or handled already
  // "completed" without the answer step bridging it: an answering machine, or a hang-up at once.
  const outcome = cmd.status === 'completed' ? (current.lastOutcome ?? 'no-answer') : cmd.status;
  const rules = ctx.rules.callbacks;
  const last = cmd.attempt >= rules.attempts;
  const cb = await Callback.findOneAndUpdate(
    { _id: cmd.ticketId, state: 'dialling', attempts: cmd.attempt },
    {
      $set: last
        ? { state: 'failed', lastOutcome: outcome, endedAt: now, nextAttemptAt: null }
        : { state: 'retry_wait', lastOutcome: outcome, nextAttemptAt: new Date(now.getTime() + rules.retryMinutes * 60_000) },
    },
    { returnDocument: 'after' },
  ).lean();
  if (!cb) return;
  await freeAgent(ctx, cb, now);
  await note(
    cb,
    now,
    `callback call ${cmd.attempt} of ${rules.attempts}: ${outcome}${last ? '; no more attempts' : `; next attempt from ${cb.nextAttemptAt?.toISOString()}`}`,
  );
  ctx.logger.info({ ticketId: cb._id, attempt: cmd.attempt, outcome, last }, 'callback call not answered');
  if (!last) return;
  const closed = await updateTicket(
    { _id: cb._id, status: 'queued' },
    { $set: { status: 'resolved', outcome: 'no_reply', resolvedAt: now }, $addToSet: { tags: 'callback_failed' } },
  );
  if (closed) ctx.events.emit('ticket.resolved', { ...summarize(closed), outcome: 'no_reply' });
  const base = { at: now, queue: cb.queue, language: cb.language, ticketId: cb._id };
  ctx.events.emit('call.event', { ...base, callSid: cb._id, kind: 'callback_failed' });
  if (cb.origin === 'virtual_hold' && cb.callSid)
    ctx.events.emit('call.event', {
      ...base,
      callSid: cb.callSid,
      kind: 'abandoned',
      waitSeconds: seconds(cb.enqueuedAt, now),
      waitWithIvrSeconds: seconds(cb.callStartedAt ?? cb.enqueuedAt, now),
    });
}

/** The agent who took the callback is free for the next caller; the ticket waits (without a queue item) for its next turn. */
async function freeAgent(ctx: Ctx, cb: CallbackDoc & { _id: string }, now: Date): Promise<void> {
  const t = await updateTicket(
    { _id: cb._id, status: 'assigned', ...(cb.agentId ? { assignee: cb.agentId } : {}) },
    { $set: { status: 'queued' }, $unset: { assignee: 1, assignedAt: 1 } },
  );
  if (!t) return;
  await releaseCapacity(cb.agentId, t.channel, now, cb._id);
  ctx.events.emit('ticket.updated', summarize(t));
}

/** The outcome of each call on the ticket, for agents (an internal note). */
async function note(cb: { _id: string; agentId?: string | null }, now: Date, body: string): Promise<void> {
  await Message.create({
    _id: `note:${new Types.ObjectId().toHexString()}`,
    ticketId: cb._id,
    direction: 'note',
    channel: 'voice',
    body,
    state: 'note',
    public: false,
    receivedAt: now,
  });
}
