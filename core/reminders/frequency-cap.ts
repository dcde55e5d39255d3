// The per-customer cap on reminder messages (rules.reminders.maxPerDay / maxPerWeek): the
// first courtesy reminders of a day take the day's slots and, when the customer owes on
// several bills, carry one combined message; the others of that day ride on it (recorded
// as sent, reason "combined"). Past the weekly cap a courtesy reminder waits for next week.
// Legal notices (formal notice and later) are never combined nor delayed: each is a legal
// act on its bill, with its own proof of delivery.
import type { DunningStage } from '../../models/bill';
import { Reminder } from '../../models/reminder';
import { ReminderQuota } from '../../models/reminder-quota';
import { localDay } from '../billing/calendar';
import { outstanding } from '../billing/bill-like';
import type { CoreContext } from '../context';
import type { Checked } from './recheck';
import { finish, type SendReminderResult, type Sending } from './sending';

/** Courtesy reminders (purpose "reminders"); the later stages are legal notices (purpose "service"). */
export const COURTESY = new Set<DunningStage>(['due_soon', 'first_reminder']);
/** Bills listed in one combined message at most (the total covers them all). */
const MAX_COMBINED = 100;

export interface Combined {
  count: number;
  total: number;
}

/** Takes slot `id` for this reminder (an insert); true when it is (or already was) this reminder's. */
async function takeSlot(id: string, reminderId: string, at: Date): Promise<boolean> {
  try {
    const res = await ReminderQuota.updateOne({ _id: id }, { $setOnInsert: { reminderId, at } }, { upsert: true });
    if (res.upsertedCount > 0) return true;
  } catch (err) {
    if ((err as { code?: number }).code !== 11000) throw err;
  }
  return (await ReminderQuota.findById(id, { reminderId: 1 }).lean())?.reminderId === reminderId;
}

async function takeAny(prefix: string, slots: number, reminderId: string, at: Date): Promise<boolean> {
  for (let i = 0; i < slots; i++) if (await takeSlot(`${prefix}:${i}`, reminderId, at)) return true;
  return false;
}

/**
 * Whether this reminder goes out as a message (`send`, with the combined figures when the
 * customer owes on several bills) or ended here (combined into another, or deferred).
 */
export async function applyFrequencyCap(
  ctx: CoreContext,
  s: Sending,
  { bill, customer }: Checked,
): Promise<{ send: true; combined?: Combined } | { send: false; result: SendReminderResult }> {
  const account = bill.accountNumber;
  if (!account || !COURTESY.has(s.reminder.stage)) return { send: true };
  // The customer said no to courtesy reminders (purpose "reminders"): legal notices still go.
  if (customer.consents?.reminders === false) {
    await finish(s, { status: 'cancelled', reason: 'consent_reminders', cancelledAt: s.now });
    return { send: false, result: { outcome: 'cancelled', reason: 'consent_reminders' } };
  }
  const { maxPerDay, maxPerWeek } = ctx.rules.reminders;
  const day = localDay(s.now, ctx.config.TIMEZONE);
  const wall = ctx.clock.now();
  if (!(await takeAny(`${account}:${day.toISODate()}`, maxPerDay, s.reminder._id, wall))) {
    await finish(s, { status: 'sent', reason: 'combined', sentAt: s.now, amount: outstanding(bill) });
    return { send: false, result: { outcome: 'sent', reason: 'combined' } };
  }
  if (!(await takeAny(`${account}:${day.toFormat("kkkk-'W'WW")}`, maxPerWeek, s.reminder._id, wall))) {
    const nextWeek = day.startOf('week').plus({ weeks: 1 }).toJSDate();
    await finish(s, { status: 'pending', notBefore: nextWeek, reason: 'weekly_cap' });
    return { send: false, result: { outcome: 'deferred', reason: 'weekly_cap' } };
  }
  // The customer's other courtesy reminders decided for the same day ride on this message:
  // read by the (accountNumber, decidedAt) index. A run inserts a batch's reminders before it
  // sends them, so a customer's bills in one batch are combined; one in a later batch of the
  // same run finds the day's slot taken and is recorded as combined as well.
  const sameDay = await Reminder.find(
    {
      accountNumber: account,
      decidedAt: { $gte: day.toJSDate(), $lt: day.plus({ days: 1 }).toJSDate() },
      stage: { $in: [...COURTESY] },
    },
    { billNumber: 1, amount: 1 },
  )
    .limit(MAX_COMBINED)
    .lean();
  const bills = new Map(sameDay.map((r) => [r.billNumber, r.amount ?? 0]));
  bills.set(bill.billNumber, outstanding(bill));
  if (bills.size <= 1) return { send: true };
  return { send: true, combined: { count: bills.size, total: [...bills.values()].reduce((t, a) => t + a, 0) } };
}
