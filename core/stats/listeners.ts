// Listeners turning business events (core/events.ts) into reporting events. Voice
// contacts are measured from the phone line's `call.event`s (offered = queued, answered,
// abandoned, with and without the IVR part), so the ticket events of voice tickets do not
// count them a second time. Look-ups here are by `_id` only (ticket, contract, queue list
// cached), never scans.
import { Contract } from '../../models/contract';
import { PresenceMark } from '../../models/interval-bucket';
import { Ticket } from '../../models/ticket';
import type { CoreContext } from '../context';
import type { EventMap, EventName } from '../events';
import { isLiveChannel } from '../../wire';
import { isStoreUnavailable } from '../../models/store';
import { listQueues } from '../routing/select-queue';
import { nominalSeconds, type DeadlineRule } from '../rules/deadline';
import { recordEvent, reportRepairsTo, type ReportingEventInput, type StatsOptions } from './record';

const VOICE_QUEUE = 'phone';
/** Tries of a handler while the store is unreachable: about a minute in all. */
const STORE_RETRIES = 15;

async function slSecondsOf(queue: string): Promise<number | undefined> {
  const q = (await listQueues()).find((x) => x._id === queue);
  return q?.serviceLevelSeconds ?? undefined;
}

type TicketRow = {
  _id: unknown;
  queue: string;
  channel: string;
  language?: string | null;
  category: string;
  contractNumber?: string | null;
  createdAt?: Date;
  assignedAt?: Date | null;
  queuedAt?: Date | null;
  resolvedAt?: Date | null;
  reopenCount?: number;
  transferCount?: number;
  sla?: { resolutionDueAt?: Date | null } | null;
};

/** A category's answer deadline as seconds (working days and hours converted), or undefined. */
const nominalOf = (rule: DeadlineRule | undefined) => (rule ? nominalSeconds(rule) : undefined);

async function ticketOf(id: string): Promise<TicketRow | null> {
  if (!/^[0-9a-f]{24}$/i.test(id)) return null;
  return (await Ticket.findById(id, {
    queue: 1,
    channel: 1,
    language: 1,
    category: 1,
    contractNumber: 1,
    createdAt: 1,
    queuedAt: 1,
    assignedAt: 1,
    resolvedAt: 1,
    reopenCount: 1,
    transferCount: 1,
    'sla.resolutionDueAt': 1,
  }).lean()) as TicketRow | null;
}

const ms = (d: Date) => new Date(d).getTime();

/** When the ticket was opened: its creation, or its first queueing when that is earlier (history imported or a clock set by `asOf`). */
function openedAt(t: TicketRow): Date | undefined {
  const times = [t.createdAt, t.queuedAt].filter((d): d is Date => !!d).map((d) => new Date(d));
  return times.length ? new Date(Math.min(...times.map((d) => d.getTime()))) : undefined;
}
const seconds = (from: Date | undefined | null, to: Date) => (from ? Math.max(0, (ms(to) - ms(from)) / 1000) : undefined);

export interface StatsListenerHooks {
  /** Called after an event was counted (the live publisher marks itself dirty). */
  onRecorded?(): void;
}

export function registerStatsListeners(
  ctx: Pick<CoreContext, 'events' | 'logger' | 'rules' | 'clock'>,
  opts: StatsOptions,
  hooks: StatsListenerHooks = {},
): void {
  const record = async (ev: ReportingEventInput) => {
    if (await recordEvent(ev, opts)) hooks.onRecorded?.();
  };
  reportRepairsTo(ctx.logger);
  // A store restart fails the events in flight (a FerretDB kill: about 60 of them under load),
  // and each would be a figure missing for good. Every handler here is idempotent (reporting
  // events are keyed), so it is tried again until the store is back; only after that is a
  // failure logged as "event listener failed" — with the event, for the stats-rebuild job.
  const on = <K extends EventName>(name: K, handler: (e: EventMap[K]) => Promise<unknown>) =>
    ctx.events.on(name, async (e: EventMap[K]) => {
      for (let attempt = 1; ; attempt++) {
        try {
          await handler(e);
          return;
        } catch (err) {
          if (!isStoreUnavailable(err) || attempt >= STORE_RETRIES) throw err;
          await new Promise((r) => setTimeout(r, Math.min(5000, 100 * 2 ** attempt)));
        }
      }
    });

  on('ticket.queued', async (e) => {
    // A contact unlinked from an outage by an agent meets the agents' queue for the first time.
    if (e.channel === 'voice' || (e.reason !== 'new' && e.reason !== 'reopened' && e.reason !== 'unlinked')) return;
    const at = e.queuedAt ? new Date(e.queuedAt) : ctx.clock.now();
    await record({
      _id: `offered:${e.ticketId}:${ms(at)}`,
      name: 'offered',
      at,
      queue: e.queue,
      channel: e.channel,
      language: e.language,
      ticketId: e.ticketId,
    });
  });

  on('ticket.claimed', async (e: EventMap['ticket.claimed']) => {
    if (e.channel === 'voice') return;
    const at = new Date(e.queuedAt ? ms(e.queuedAt) + e.waitedSeconds * 1000 : ctx.clock.now().getTime());
    await record({
      _id: `answered:${e.ticketId}:${ms(at)}`,
      name: 'answered',
      at,
      queue: e.queue,
      channel: e.channel,
      language: e.language,
      value: e.waitedSeconds,
      // One clock per kind of work: a live contact is answered within the queue's seconds, a
      // deferred one within its category's answer deadline (days); SMS is not 0 % by a seconds clock.
      slSeconds: isLiveChannel(e.channel)
        ? await slSecondsOf(e.queue)
        : nominalOf(ctx.rules.categories[e.category as keyof typeof ctx.rules.categories]),
      ticketId: e.ticketId,
      agentId: e.agentId,
    });
  });

  on('ticket.transferred', async (e) => {
    const at = ctx.clock.now();
    await record({
      _id: `transferred:${e.ticketId}:${e.fromQueue}:${e.toQueue}:${ms(at)}`,
      name: 'transferred',
      at,
      queue: e.fromQueue,
      channel: e.channel,
      language: e.language,
      ticketId: e.ticketId,
    });
  });

  on('ticket.resolved', async (e) => {
    const now = ctx.clock.now(); // read before any await: the clock of the emit
    const t = await ticketOf(e.ticketId);
    const at = t?.resolvedAt ? new Date(t.resolvedAt) : now;
    const category = t?.category ?? e.category;
    const channel = t?.channel ?? e.channel;
    const rule = ctx.rules.categories[category as keyof typeof ctx.rules.categories];
    let service: string | undefined;
    if (t?.contractNumber)
      service = ((await Contract.findById(t.contractNumber, { service: 1 }).lean()) as { service?: string } | null)?.service ?? undefined;
    await record({
      _id: `resolved:${e.ticketId}:${ms(at)}`,
      name: 'resolved',
      at,
      queue: t?.queue ?? e.queue,
      channel,
      language: t?.language ?? e.language,
      category,
      service,
      value: t ? seconds(openedAt(t), at) : undefined,
      // The ticket's own deadline (working days land on the country's calendar); the category's span for old tickets.
      slSeconds: t?.sla?.resolutionDueAt ? seconds(openedAt(t), new Date(t.sla.resolutionDueAt)) : nominalOf(rule),
      firstContact: t ? (t.reopenCount ?? 0) === 0 && (t.transferCount ?? 0) === 0 : undefined,
      handleSeconds: channel === 'voice' ? undefined : seconds(t?.assignedAt, at),
      ticketId: e.ticketId,
    });
  });

  on('message.sent', async (e) => {
    // Only the first reply of a ticket counts: its `_id` has no instant in it.
    const t = await ticketOf(e.ticketId);
    if (!t) return;
    const at = new Date(e.at);
    await record({
      _id: `first_response:${e.ticketId}`,
      name: 'first_response',
      at,
      queue: t.queue,
      channel: t.channel,
      language: t.language,
      value: seconds(openedAt(t), at),
      ticketId: e.ticketId,
    });
  });

  on('call.event', async (e) => {
    const at = new Date(e.at);
    const base = { at, queue: e.queue ?? VOICE_QUEUE, channel: 'voice', language: e.language, callSid: e.callSid, ticketId: e.ticketId };
    switch (e.kind) {
      case 'ivr_entered':
      case 'agent_requested_closed':
      case 'voicemail':
      case 'callback_requested':
        return record({ ...base, _id: `${e.kind}:${e.callSid}`, name: e.kind });
      // callSid: the outbound call for each call placed; the request (ticket) for its one outcome.
      case 'callback_placed':
      case 'callback_connected':
      case 'callback_failed':
        return record({ ...base, _id: `${e.kind}:${e.callSid}`, name: e.kind });
      case 'agent_requested':
        return record({ ...base, _id: `agent_requested:${e.callSid}`, name: 'agent_requested', ivrChoices: e.ivrChoices });
      case 'queued':
        return record({ ...base, _id: `offered:${e.callSid}`, name: 'offered' });
      case 'answered':
        return record({
          ...base,
          _id: `answered:${e.callSid}`,
          name: 'answered',
          value: e.waitSeconds ?? 0,
          valueWithIvr: e.waitWithIvrSeconds ?? e.waitSeconds ?? 0,
          slSeconds: await slSecondsOf(base.queue),
        });
      case 'abandoned':
        return record({
          ...base,
          _id: `abandoned:${e.callSid}`,
          name: 'abandoned',
          value: e.waitSeconds ?? 0,
          valueWithIvr: e.waitWithIvrSeconds ?? e.waitSeconds ?? 0,
        });
      case 'completed':
        if (e.handleSeconds == null) return;
        return record({ ...base, _id: `handled:${e.callSid}`, name: 'handled', value: e.handleSeconds });
    }
  });

  // Walk-in visits, once each per kind: waiting now, served with their real waits, no-shows apart,
  // per office and service. The threshold of a long wait is stored with the event (as an SL's), so
  // a rebuild counts it as it was counted live.
  on('walkin.visit', async (e) => {
    await record({
      _id: `walkin_${e.kind}:${e.visitId}`,
      name: `walkin_${e.kind}`,
      at: new Date(e.at),
      queue: e.queue,
      channel: 'walk_in',
      language: e.language,
      office: e.office,
      service: e.service,
      value: e.waitSeconds,
      handleSeconds: e.serviceSeconds,
      slSeconds: e.kind === 'served' ? (ctx.rules.firstResponseSeconds.walk_in ?? undefined) : undefined,
      ticketId: e.visitId,
    });
  });

  on('reading.received', async (e) => {
    const at = new Date(e.at);
    await record({
      _id: `reading:${e.contractNumber}:${e.channel}:${ms(at)}`,
      name: 'reading',
      at,
      queue: 'none',
      channel: e.channel,
      state: e.status,
    });
  });

  on('survey.answered', async (e) => {
    const t = await ticketOf(e.ticketId);
    await record({
      _id: `survey:${e.ticketId}`,
      name: 'survey',
      at: new Date(e.at),
      queue: t?.queue ?? 'none',
      channel: t?.channel ?? e.channel,
      language: t?.language,
      score: e.score,
      ticketId: e.ticketId,
    });
  });

  /** Records the presence state that ended at `at` (the seconds since the mark was set). */
  const closePresence = async (agentId: string, before: { state: string; since: Date } | null, at: Date) => {
    if (!before || ms(before.since) >= ms(at)) return;
    await record({
      _id: `presence:${agentId}:${ms(before.since)}`,
      name: 'presence',
      at: new Date(before.since),
      queue: '*',
      channel: '*',
      state: before.state,
      value: (ms(at) - ms(before.since)) / 1000,
      agentId,
    });
  };

  on('agent.presence', async (e) => {
    // The state that just ended, and since when: one atomic swap of the agent's mark.
    const at = new Date(e.at);
    const before = (await PresenceMark.findOneAndUpdate(
      { _id: e.agentId },
      { $set: { state: e.state, since: at }, $unset: { callSid: 1 } },
      { upsert: true, returnDocument: 'before' },
    ).lean()) as { state: string; since: Date } | null;
    await closePresence(e.agentId, before, at);
  });

  // An agent stays "available" while talking to a caller, but their line is not free (AS):
  // from the bridged answer to the end of the call the statistics count them on a call. Only
  // an agent marked available is switched, atomically; a presence change meanwhile ends it.
  on('call.event', async (e) => {
    const at = new Date(e.at);
    if (e.kind === 'answered' && e.agentId) {
      const before = (await PresenceMark.findOneAndUpdate(
        { _id: e.agentId, state: 'available' },
        { $set: { state: 'on_call', since: at, callSid: e.callSid } },
        { returnDocument: 'before' },
      ).lean()) as { state: string; since: Date } | null;
      await closePresence(e.agentId, before, at);
    } else if (e.kind === 'completed') {
      // Marks are one per agent: a handful of documents, so this filter reads little on any store.
      const before = (await PresenceMark.findOneAndUpdate(
        { callSid: e.callSid, state: 'on_call' },
        { $set: { state: 'available', since: at }, $unset: { callSid: 1 } },
        { returnDocument: 'before' },
      ).lean()) as { _id: string; state: string; since: Date } | null;
      if (before) await closePresence(before._id, before, at);
    }
  });
}
