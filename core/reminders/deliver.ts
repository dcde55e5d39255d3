// The last step of sending a reminder: the customer's channels in order (delivery-rules.ts),
// skipping those without consent, address or sender; quiet hours defer rather than switch
// channel; a channel that fails hands over to the next one.
import type { CoreContext } from '../context';
import type { OutboundChannel } from '../outbound';
import { DomainError } from '../errors';
import type { ReminderChannel } from '../rules/presets';
import { wantsGentleWording } from '../protection/flags';
import { reminderText } from '../protection/gentle-catalog';
import { channelOrder, quietUntil, reach } from './delivery-rules';
import { COURTESY } from './frequency-cap';
import type { Notice } from './notice';
import type { Checked } from './recheck';
import { finish, type SendReminderResult, type Sending } from './sending';

/** Give up (status failed) after this many attempts without any usable channel. */
const MAX_ATTEMPTS = 10;

export async function deliver(ctx: CoreContext, s: Sending, checked: Checked, notice: Notice): Promise<SendReminderResult> {
  const { customer } = checked;
  const allowed: ReminderChannel[] = checked.def?.channels ?? ['sms', 'email', 'voice'];
  const tried: string[] = [];
  for (const channel of channelOrder(customer.preferredChannel, ctx.rules, allowed)) {
    const reached = reach(channel, customer, ctx.outbound);
    if ('skip' in reached) {
      tried.push(`${channel}:${reached.skip}`);
      continue;
    }
    const until = quietUntil(channel, ctx.rules, s.now, ctx.config.TIMEZONE);
    if (until) {
      // Queued to the next allowed time on the customer's channel, not sent elsewhere now.
      await finish(s, { status: 'pending', notBefore: until, reason: `quiet_hours:${channel}`, tried: [...tried, `${channel}:quiet`] });
      return { outcome: 'deferred', reason: 'quiet_hours', channel };
    }
    const sent = await sendOn(s, checked, notice, { channel, ...reached, tried });
    if (sent) return sent;
  }
  // Nothing could carry it: a recorded outcome, retried on the next run, never a crash.
  const status = (s.reminder.attempts ?? 0) >= MAX_ATTEMPTS ? 'failed' : 'pending';
  await finish(s, { status, notBefore: s.now, reason: 'no_channel_available', tried });
  s.log.info({ tried }, 'reminder: no channel available');
  return { outcome: status === 'failed' ? 'failed' : 'pending', reason: 'no_channel_available' };
}

/** One channel's attempt; null (and a note in `tried`) when it failed and the next should try. */
async function sendOn(
  s: Sending,
  { bill, customer }: Checked,
  { language, debt, params, key }: Notice,
  attempt: { channel: ReminderChannel; to: string; sender: OutboundChannel; tried: string[] },
): Promise<SendReminderResult | null> {
  const { channel, to, sender, tried } = attempt;
  const { reminder } = s;
  const messageId = `reminder:${reminder._id}:${channel}`;
  // A customer on the vulnerability register gets the gentle wording (docs/rules.md, "Protected customers").
  const gentle = wantsGentleWording(customer.vulnerabilities);
  const text = key ?? reminder.stage;
  const body = reminderText(language, `${text}.body`, params, gentle);
  const subject = reminderText(language, `${text}.subject`, params, gentle);
  try {
    const res = await sender.send({
      messageId,
      to,
      body,
      subject,
      language,
      kind: 'reminder',
      // A legal notice is a service message: its link withdraws service e-mail, not "reminders".
      purpose: COURTESY.has(reminder.stage) ? 'reminders' : 'service',
      accountNumber: bill.accountNumber ?? undefined,
      customerConsent: true, // checked by deliver(), on the customer read for this send
    });
    await finish(s, {
      status: 'sent',
      channel,
      messageId,
      externalId: res.externalId,
      sentAt: s.now,
      amount: debt,
      reason: null,
      tried: [...tried, `${channel}:sent`],
    });
    s.log.info({ channel, stage: reminder.stage }, 'reminder sent');
    return { outcome: 'sent', channel };
  } catch (err) {
    const code = err instanceof DomainError ? err.code : 'error';
    tried.push(`${channel}:${code}`);
    s.log.warn({ channel, code }, 'reminder channel failed, trying the next');
    return null;
  }
}
