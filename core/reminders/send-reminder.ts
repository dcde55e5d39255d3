// Sends one reminder (one bill, one stage), exactly once: the reminder row is claimed by
// one worker, the bill is read again just before sending (paid, disputed, instalment plan
// or deferral → cancelled with the reason), and the channel is the customer's preferred
// one with fallback SMS → e-mail → automated call, honouring consent and quiet hours.
import { isOpen, nextOpening, parseBusinessHours, type WeeklyHours } from '../business-hours';
import { pauseReason, stageDefinition } from '../billing/dunning';
import { isSettled, outstanding } from '../billing/bill-like';
import { isPublicHoliday, localDay } from '../billing/calendar';
import type { CoreContext } from '../context';
import { DomainError } from '../errors';
import type { ReminderChannel, RuleSet } from '../rules/presets';
import { Bill, type DunningStage } from '../../models/bill';
import { Contract } from '../../models/contract';
import { Customer } from '../../models/customer';
import { Message } from '../../models/message';
import { Reminder } from '../../models/reminder';
import { ensureTask } from '../../models/task';
import { formatAmount, formatDate, translateReminder } from './catalog';
import { writeLetter } from './letter';

export type SendOutcome = 'sent' | 'cancelled' | 'deferred' | 'pending' | 'failed' | 'skipped';

export interface SendReminderResult {
  outcome: SendOutcome;
  reason?: string;
  channel?: ReminderChannel;
}

/** Give up (status failed) after this many attempts without any usable channel. */
const MAX_ATTEMPTS = 10;

const hoursCache = new Map<string, WeeklyHours>();
function hours(spec: string): WeeklyHours {
  let h = hoursCache.get(spec);
  if (!h) {
    h = parseBusinessHours(spec);
    hoursCache.set(spec, h);
  }
  return h;
}

/** When SMS / calls may go out; e-mail has no quiet hours. Null = allowed now. */
export function quietUntil(channel: ReminderChannel, rules: RuleSet, now: Date, timeZone: string): Date | null {
  if (channel === 'email') return null;
  const week = hours(channel === 'sms' ? rules.reminders.smsHours : rules.reminders.voiceHours);
  const holiday = (d: Date) => rules.reminders.quietOnHolidays && isPublicHoliday(d, rules.dunning.country, timeZone);
  if (isOpen(week, now, timeZone) && !holiday(now)) return null;
  const giveUp = new Date(now.getTime() + 15 * 86_400_000);
  let at = now;
  for (let i = 0; i < 15; i++) {
    const open = nextOpening(week, at, timeZone);
    if (!open) return giveUp;
    if (!holiday(open)) return open;
    at = localDay(open, timeZone).plus({ days: 1 }).toJSDate();
  }
  return giveUp;
}

/** The channels to try, in order: the preferred one, then the fallback order, limited to the stage's channels. */
export function channelOrder(preferred: string | null | undefined, rules: RuleSet, allowed: ReminderChannel[]): ReminderChannel[] {
  const order = [preferred, ...rules.reminders.fallback].filter((c): c is ReminderChannel => c === 'sms' || c === 'email' || c === 'voice');
  return [...new Set(order)].filter((c) => allowed.includes(c));
}

export interface SendReminderCommand {
  reminderId: string;
  /** The run's "as of" instant: quiet hours and the re-check use it. */
  now: Date;
  /** The reminder as this worker inserted it (status sending): no claim needed. */
  claimed?: ClaimedReminder;
}

export interface ClaimedReminder {
  _id: string;
  billNumber: string;
  stage: DunningStage;
  attempts?: number | null;
}

export async function sendReminder(ctx: CoreContext, cmd: SendReminderCommand): Promise<SendReminderResult> {
  const { now } = cmd;
  const tz = ctx.config.TIMEZONE;
  const wall = ctx.clock.now();
  const leaseEdge = new Date(wall.getTime() - ctx.config.REMINDER_CLAIM_LEASE_SECONDS * 1000);
  // One conditional update: a pending reminder whose time has come, or one whose worker died.
  // A reminder this run has just inserted is already claimed by that insert.
  const reminder =
    cmd.claimed ??
    (await Reminder.findOneAndUpdate(
      {
        _id: cmd.reminderId,
        $or: [
          { status: 'pending', notBefore: { $lte: now } },
          { status: 'sending', claimedAt: { $lte: leaseEdge } },
        ],
      },
      { $set: { status: 'sending', claimedAt: wall }, $inc: { attempts: 1 } },
      { returnDocument: 'after' },
    ).lean());
  if (!reminder) return { outcome: 'skipped' };
  const log = ctx.logger.child({ reminderId: reminder._id });

  const finish = async (set: Record<string, unknown>) => {
    await Reminder.updateOne({ _id: reminder._id, status: 'sending' }, { $set: set });
  };
  const cancel = async (reason: string): Promise<SendReminderResult> => {
    await finish({ status: 'cancelled', reason, cancelledAt: now });
    log.info({ reason }, 'reminder cancelled');
    return { outcome: 'cancelled', reason };
  };

  if ((reminder.attempts ?? 0) > 1) {
    // A retry, perhaps of a worker that died mid-send: if a channel already handed the
    // message over (its row moved past "sending"), record that instead of sending again.
    // Three lookups by _id: the store answers those without reading the collection.
    const rows = await Promise.all(
      (['sms', 'email', 'voice'] as const).map((c) =>
        Message.findById(`reminder:${reminder._id}:${c}`, { _id: 1, channel: 1, externalId: 1, state: 1 }).lean(),
      ),
    );
    const handed = rows.find((m) => m && ['queued', 'sent', 'delivered'].includes(m.state));
    if (handed) {
      await finish({
        status: 'sent',
        channel: handed.channel,
        messageId: handed._id,
        externalId: handed.externalId,
        sentAt: now,
        reason: 'reconciled',
      });
      return { outcome: 'sent', channel: handed.channel as ReminderChannel, reason: 'reconciled' };
    }
  }

  // The re-check, on fresh data, just before anything leaves.
  const bill = await Bill.findById(reminder.billNumber).lean();
  if (!bill) return cancel('bill_missing');
  if (bill.status === 'cancelled') return cancel('bill_cancelled');
  if (isSettled(bill)) return cancel('paid');
  // The contract (dispute, shared supply, address) and the customer, read together.
  const [contract, customer] = await Promise.all([
    Contract.findById(bill.contractNumber, { disputeTicketId: 1, shared: 1, address: 1 }).lean(),
    bill.accountNumber ? Customer.findById(bill.accountNumber).lean() : null,
  ]);
  const paused = pauseReason(bill, now, { timeZone: tz, contractDisputed: !!contract?.disputeTicketId });
  if (paused) return cancel(paused);
  if (!cmd.claimed && reminder.stage !== 'due_soon') {
    // A retry: the worker that decided this stage may have died before recording it on the
    // bill. The stage only moves forward, so this is a no-op when it was recorded.
    const order = ['none', 'due_soon', 'first_reminder', 'formal_notice', 'power_reduction', 'suspension_eligible'] as const;
    const lower = [null, ...order.slice(0, order.indexOf(reminder.stage))];
    if (lower.includes((bill.dunning?.stage ?? null) as never)) {
      await Bill.updateOne(
        { _id: bill._id, 'dunning.stage': { $in: lower } },
        { $set: { 'dunning.stage': reminder.stage, 'dunning.stageAt': (reminder as { decidedAt?: Date }).decidedAt ?? now } },
      );
    }
  }
  const def = stageDefinition(bill, ctx.rules, reminder.stage);
  if (def?.leadsToDisconnection && ctx.rules.dunning.moratorium) {
    // Switched on after this was queued: held, not cancelled, so it goes out when it ends.
    await finish({ status: 'pending', notBefore: new Date(now.getTime() + 86_400_000), reason: 'moratorium' });
    return { outcome: 'deferred', reason: 'moratorium' };
  }

  if (!customer || customer.anonymisedAt) return cancel('customer_missing');
  const language = customer.language ?? 'it';
  const debt = outstanding(bill);
  const params = {
    name: customer.name,
    amount: formatAmount(debt, bill.currency ?? 'EUR', language),
    billNumber: bill.billNumber,
    dueDate: formatDate(bill.deferral?.newDueAt ?? bill.dueAt, language, tz),
  };

  // Paper and tasks first: they are the legal steps and are idempotent by their keys.
  if (def?.letter) {
    const key = await writeLetter(ctx.config.DATA_DIR, {
      billNumber: bill.billNumber,
      stage: reminder.stage,
      language,
      name: customer.name,
      address: contract?.address,
      amount: params.amount,
      dueDate: params.dueDate,
      date: formatDate(now, language, tz),
    });
    await ensureTask({
      _id: `postal_dispatch:${reminder._id}`,
      kind: 'postal_dispatch',
      billNumber: bill.billNumber,
      accountNumber: bill.accountNumber ?? undefined,
      contractNumber: bill.contractNumber,
      amount: debt,
      documentKey: key,
      dueAt: now,
      note: 'registered letter: formal notice',
    });
    await Reminder.updateOne({ _id: reminder._id }, { $set: { letterKey: key } });
  }
  if (def?.operationsTask) {
    const kind = reminder.stage === 'power_reduction' ? 'power_reduction' : 'suspension';
    let blockedBy: string | undefined;
    if (contract?.shared) {
      // Condominium supply: every resident is informed before anything is done to the supply.
      blockedBy = `inform_residents:${reminder._id}`;
      await ensureTask({
        _id: blockedBy,
        kind: 'inform_residents',
        billNumber: bill.billNumber,
        accountNumber: bill.accountNumber ?? undefined,
        contractNumber: bill.contractNumber,
        dueAt: now,
        note: 'shared supply: notify each resident (notice in the building / letters) before the operation',
      });
    }
    await ensureTask({
      _id: `${kind}:${reminder._id}`,
      kind,
      status: blockedBy ? 'blocked' : 'open',
      blockedBy,
      billNumber: bill.billNumber,
      accountNumber: bill.accountNumber ?? undefined,
      contractNumber: bill.contractNumber,
      amount: debt,
      dueAt: now,
    });
  }

  const allowed: ReminderChannel[] = def?.channels ?? ['sms', 'email', 'voice'];
  const tried: string[] = [];
  for (const channel of channelOrder(customer.preferredChannel, ctx.rules, allowed)) {
    if (customer.consents?.[channel] === false) {
      tried.push(`${channel}:consent`);
      continue;
    }
    const to = channel === 'email' ? customer.emails?.[0] : customer.phones?.[0];
    if (!to) {
      tried.push(`${channel}:no_address`);
      continue;
    }
    const sender = ctx.outbound[channel];
    if (!sender) {
      tried.push(`${channel}:no_sender`);
      continue;
    }
    const until = quietUntil(channel, ctx.rules, now, tz);
    if (until) {
      // Queued to the next allowed time on the customer's channel, not sent elsewhere now.
      await finish({ status: 'pending', notBefore: until, reason: `quiet_hours:${channel}`, tried: [...tried, `${channel}:quiet`] });
      return { outcome: 'deferred', reason: 'quiet_hours', channel };
    }
    const messageId = `reminder:${reminder._id}:${channel}`;
    const body = translateReminder(language, `${reminder.stage}.body`, params);
    const subject = translateReminder(language, `${reminder.stage}.subject`, params);
    try {
      const res = await sender.send({
        messageId,
        to,
        body,
        subject,
        language: language as 'it',
        kind: 'reminder',
        accountNumber: bill.accountNumber ?? undefined,
        customerConsent: true, // checked above, on the customer read for this send
      });
      await finish({
        status: 'sent',
        channel,
        messageId,
        externalId: res.externalId,
        sentAt: now,
        amount: debt,
        reason: null,
        tried: [...tried, `${channel}:sent`],
      });
      log.info({ channel, stage: reminder.stage }, 'reminder sent');
      return { outcome: 'sent', channel };
    } catch (err) {
      const code = err instanceof DomainError ? err.code : 'error';
      tried.push(`${channel}:${code}`);
      log.warn({ channel, code }, 'reminder channel failed, trying the next');
    }
  }
  // Nothing could carry it: a recorded outcome, retried on the next run, never a crash.
  const status = (reminder.attempts ?? 0) >= MAX_ATTEMPTS ? 'failed' : 'pending';
  await finish({ status, notBefore: now, reason: 'no_channel_available', tried });
  log.info({ tried }, 'reminder: no channel available');
  return { outcome: status === 'failed' ? 'failed' : 'pending', reason: 'no_channel_available' };
}
