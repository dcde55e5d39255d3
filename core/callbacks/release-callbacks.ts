// The callbacks job, inside the callback hours of the rule set (ru: 24/7): requests whose
// last call was not answered go back to their place in line once their retry spacing has
// passed; out-of-hours requests from the IVR (tickets of category "callback") become calls
// the system dials, in the order they were made — each keeps the queue item it got when
// it was filed, made live so it is served before deferred work. Each request also keeps
// its follow-up task with the callback target as due date. A request waits while its queue is
// closed (the queue's own hours, a public holiday, an admin's closure): nobody would take it.
import { isOpen, parseBusinessHours } from '../business-hours';
import { queueOpenAt } from '../opening/queue-open';
import type { CoreContext } from '../context';
import { toE164 } from '../phone';
import { enqueueItem } from '../routing/enqueue-item';
import { summarize } from '../tickets/summary';
import { Callback } from '../../models/callback';
import { QueueItem } from '../../models/queue-item';
import { Ticket } from '../../models/ticket';
import { ensureTask } from '../../models/task';
import { isDuplicateKey } from '../../models/store';

type Ctx = Pick<CoreContext, 'rules' | 'config' | 'logger' | 'events'>;

export async function releaseCallbacks(ctx: Ctx, asOf: Date): Promise<Record<string, number>> {
  const counts = { scanned: 0, created: 0, outsideHours: 0, dialable: 0, retried: 0, queueClosed: 0 };
  if (!isOpen(parseBusinessHours(ctx.rules.callbacks.hours), asOf, ctx.config.TIMEZONE)) {
    counts.outsideHours = 1;
    return counts;
  }
  const open = async (queue: string) => {
    const opening = await queueOpenAt(ctx, queue, asOf, { callbacks: true });
    if (!opening.open) counts.queueClosed += 1;
    return opening.open;
  };
  counts.retried = await requeueRetries(ctx, asOf, open);
  const cursor = Ticket.find(
    { category: 'callback', status: { $in: ['queued', 'assigned', 'pending'] } },
    { number: 1, accountNumber: 1, createdAt: 1, contact: 1, language: 1, queue: 1, status: 1 },
  )
    .lean()
    .cursor({ batchSize: 500 });
  for await (const t of cursor) {
    counts.scanned += 1;
    const created = await ensureTask({
      _id: `callback_call:${String(t._id)}`,
      kind: 'callback_call',
      ticketId: String(t._id),
      accountNumber: t.accountNumber ?? undefined,
      dueAt: new Date((t.createdAt ?? asOf).getTime() + ctx.rules.callbacks.targetHours * 3_600_000),
      note: `call back for ticket ${t.number}`,
    });
    if (created) counts.created += 1;
    if (t.status === 'queued' && (await open(t.queue)) && (await makeDialable(ctx, t, asOf))) counts.dialable += 1;
  }
  return counts;
}

/** An out-of-hours request becomes a callback the system dials when an agent takes it. */
async function makeDialable(
  ctx: Ctx,
  t: { _id: unknown; number: string; contact?: { address?: string | null } | null; language: string; queue: string; createdAt?: Date },
  asOf: Date,
): Promise<boolean> {
  const phone = toE164(t.contact?.address ?? '', ctx.config.DEFAULT_COUNTRY);
  if (!phone) return false; // a withheld number: the follow-up task is all there is
  const item = await QueueItem.findById(String(t._id), { enqueuedAt: 1, state: 1 }).lean();
  if (!item) return false;
  try {
    await Callback.create({
      _id: String(t._id),
      ticketNumber: t.number,
      origin: 'after_hours',
      phone,
      language: t.language,
      queue: t.queue,
      requestedAt: t.createdAt ?? asOf,
      enqueuedAt: item.enqueuedAt,
    });
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
  await QueueItem.updateOne({ _id: String(t._id) }, { $set: { live: true } });
  const ticket = await Ticket.findById(t._id).lean();
  if (ticket) ctx.events.emit('ticket.queued', { ...summarize(ticket), reason: 'released' });
  return true;
}

/** Requests due for their next call go back into line where they were (their first enqueuedAt). */
async function requeueRetries(ctx: Ctx, asOf: Date, open: (queue: string) => Promise<boolean>): Promise<number> {
  let n = 0;
  const due = await Callback.find(
    { state: 'retry_wait', nextAttemptAt: { $lte: asOf } },
    { _id: 1, enqueuedAt: 1, requestedAt: 1, queue: 1 },
  ).lean();
  for (const cb of due) {
    if (!(await open(cb.queue))) continue;
    const moved = await Callback.updateOne({ _id: cb._id, state: 'retry_wait' }, { $set: { state: 'waiting', nextAttemptAt: null } });
    if (moved.modifiedCount !== 1) continue;
    const t = await Ticket.findById(cb._id).lean();
    if (!t || t.status !== 'queued') continue;
    await enqueueItem({
      ticketId: String(t._id),
      ticketNumber: t.number,
      queue: t.queue,
      channel: t.channel,
      category: t.category,
      language: t.language,
      priority: t.priority,
      live: true,
      at: cb.enqueuedAt ?? cb.requestedAt,
    });
    ctx.events.emit('ticket.queued', { ...summarize(t), reason: 'released' });
    n += 1;
  }
  return n;
}
