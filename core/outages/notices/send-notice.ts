// Sends one outage notice (one recipient, one stage) exactly once, with the reminders' steps
// (core/reminders/claim.ts): claim it (one worker; a dead worker's claim is taken over after
// the lease), on a retry find a message a channel already took, then deliver — a linked
// contact in its own channel (its final message, then it is closed), a customer on their
// preferred channel among the rule set's notice channels with the reminders' fallback, a
// caller who asked the IVR by SMS — honouring consent, and the notice hours unless urgent.
import { Outage, type OutageRow } from '../../../models/outage';
import { OutageNotice } from '../../../models/outage-notice';
import { customerByAccount } from '../../../models/repos/customers';
import { ticketById } from '../../../models/repos/tickets';
import type { Language } from '../../../wire';
import type { NoticeStage } from '../../../wire/outages';
import type { CoreContext } from '../../context';
import { DomainError } from '../../errors';
import type { OutboundChannel } from '../../outbound';
import { alreadyHanded, claimKeyedSend } from '../../reminders/claim';
import { channelOrder, reach } from '../../reminders/delivery-rules';
import type { ReminderChannel } from '../../rules/presets';
import { outboundKeyFor } from '../../tickets/reply-to-ticket';
import { closeLinked } from '../link-contact';
import { outageWording, type Wording } from '../wording';
import { noticeQuietUntil } from './notice-rules';

export type NoticeOutcome = 'sent' | 'deferred' | 'unreachable' | 'failed' | 'pending' | 'cancelled' | 'skipped';

/** Give up (failed) after this many attempts with channels that failed. */
const MAX_ATTEMPTS = 10;
const CHANNELS = ['sms', 'email', 'voice', 'web'] as const;

interface Claimed {
  _id: string;
  outageId: string;
  stage: NoticeStage;
  accountNumber?: string | null;
  ticketId?: string | null;
  phone?: string | null;
  attempts?: number | null;
}

type Ctx = Pick<CoreContext, 'config' | 'logger' | 'events' | 'clock' | 'rules' | 'outbound'>;

/** One way of reaching the recipient, in the order to try. */
interface Route {
  channel: ReminderChannel | 'web';
  to: string;
  sender: OutboundChannel;
  language: Language;
  wording: Wording;
  ticketId?: string;
  ticketNumber?: string;
}

export async function sendOutageNotice(ctx: Ctx, noticeId: string, outage: OutageRow, asOf: Date): Promise<NoticeOutcome> {
  const notice = await claimKeyedSend<Claimed>(OutageNotice, noticeId, asOf, ctx.clock.now(), ctx.config.REMINDER_CLAIM_LEASE_SECONDS);
  if (!notice) return 'skipped';
  const log = ctx.logger.child({ noticeId, outageId: notice.outageId, stage: notice.stage });
  const finish = (set: Record<string, unknown>) => OutageNotice.updateOne({ _id: noticeId, status: 'sending' }, { $set: set });
  const counted = async (set: Record<string, unknown>, figure: 'sent' | 'unreachable' | 'failed') => {
    // Counted by the worker whose write ended the notice: once.
    const res = await finish(set);
    if (res.modifiedCount === 1)
      await Outage.updateOne({ _id: outage._id }, { $inc: { [`figures.notices.${notice.stage}.${figure}`]: 1 } });
  };

  if ((notice.attempts ?? 0) > 1) {
    const handed = await alreadyHanded(`outage:${noticeId}`, CHANNELS);
    if (handed) {
      await counted({ status: 'sent', channel: handed.channel, messageId: handed._id, sentAt: asOf, reason: 'reconciled' }, 'sent');
      if (notice.ticketId) await closeLinked(ctx, notice.ticketId, notice.outageId);
      return 'sent';
    }
  }
  if (notice.stage === 'declared' && outage.status !== 'active') {
    await finish({ status: 'cancelled', reason: `outage_${outage.status}` });
    return 'cancelled';
  }

  const plan = await routesFor(ctx, notice);
  if ('skip' in plan) {
    await counted({ status: 'unreachable', reason: plan.skip, tried: plan.tried }, 'unreachable');
    log.info({ reason: plan.skip }, 'outage notice: recipient unreachable');
    return 'unreachable';
  }
  const tried = [...plan.tried];
  let refused = 0;
  for (const route of plan.routes) {
    const until = noticeQuietUntil(route.channel, ctx.rules, asOf, ctx.config.TIMEZONE, !!outage.urgent);
    if (until) {
      // Waits for the notice hours on the recipient's channel rather than switching channel now.
      await finish({
        status: 'pending',
        notBefore: until,
        reason: `quiet_hours:${route.channel}`,
        tried: [...tried, `${route.channel}:quiet`],
      });
      return 'deferred';
    }
    const messageId = `outage:${noticeId}:${route.channel}`;
    const text = outageWording(route.wording, outage, route.language, ctx.config.TIMEZONE, route.ticketNumber);
    try {
      await route.sender.send({
        messageId,
        to: route.to,
        body: text.body,
        subject: text.subject,
        language: route.language,
        kind: 'notice',
        ticketId: route.ticketId,
        accountNumber: notice.accountNumber ?? undefined,
        ...(notice.accountNumber ? { customerConsent: true } : {}),
      });
    } catch (err) {
      const code = err instanceof DomainError ? err.code : 'error';
      // A STOP the sender knows of (a number without a customer, Twilio's own opt-out list).
      if (code === 'SmsConsentWithdrawn') refused += 1;
      tried.push(`${route.channel}:${code}`);
      log.warn(
        { channel: route.channel, err: err instanceof DomainError ? err.code : String(err) },
        'outage notice channel failed, trying the next',
      );
      continue;
    }
    await counted(
      { status: 'sent', channel: route.channel, messageId, sentAt: asOf, reason: null, tried: [...tried, `${route.channel}:sent`] },
      'sent',
    );
    if (notice.ticketId) await closeLinked(ctx, notice.ticketId, notice.outageId);
    return 'sent';
  }
  if (refused === plan.routes.length) {
    await counted({ status: 'unreachable', reason: 'consent', tried }, 'unreachable');
    return 'unreachable';
  }
  if ((notice.attempts ?? 0) >= MAX_ATTEMPTS) {
    await counted({ status: 'failed', reason: 'all_channels_failed', tried }, 'failed');
    return 'failed';
  }
  // Every channel failed this time (a provider outage): the next run tries again.
  await finish({ status: 'pending', notBefore: asOf, reason: 'channels_failed', tried });
  return 'pending';
}

/** The ways to reach this recipient, or why there is none (consent, address, a ticket no longer linked). */
async function routesFor(ctx: Ctx, notice: Claimed): Promise<{ routes: Route[]; tried: string[] } | { skip: string; tried: string[] }> {
  const stageWording: Wording = notice.stage === 'declared' ? 'declared' : 'restored';
  if (notice.ticketId) {
    // A linked contact: its final message goes back the way it came.
    const t = await ticketById(notice.ticketId, { outageId: 1, channel: 1, contact: 1, language: 1, number: 1, status: 1 });
    if (!t || t.outageId !== notice.outageId) return { skip: 'unlinked', tried: [] };
    const key = outboundKeyFor(t.channel === 'voice' ? 'sms' : t.channel);
    const sender = ctx.outbound[key];
    const to = t.contact?.address;
    if (!sender || !to) return { skip: !to ? 'no_address' : 'no_sender', tried: [] };
    return {
      routes: [
        {
          channel: key,
          to,
          sender,
          language: t.language as Language,
          wording: 'closed',
          ticketId: notice.ticketId,
          ticketNumber: t.number,
        },
      ],
      tried: [],
    };
  }
  if (notice.phone) {
    const sender = ctx.outbound.sms;
    if (!sender) return { skip: 'no_sender', tried: [] };
    return {
      routes: [{ channel: 'sms', to: notice.phone, sender, language: ctx.config.DEFAULT_LANGUAGE, wording: stageWording }],
      tried: [],
    };
  }
  const customer = notice.accountNumber ? await customerByAccount(notice.accountNumber) : null;
  if (!customer) return { skip: 'customer_missing', tried: [] };
  const language = (customer.language as Language | undefined) ?? ctx.config.DEFAULT_LANGUAGE;
  const routes: Route[] = [];
  const tried: string[] = [];
  for (const channel of channelOrder(customer.preferredChannel, ctx.rules, ctx.rules.outages.noticeChannels)) {
    const reached = reach(channel, customer, ctx.outbound);
    if ('skip' in reached) tried.push(`${channel}:${reached.skip}`);
    else routes.push({ channel, to: reached.to, sender: reached.sender, language, wording: stageWording });
  }
  return routes.length ? { routes, tried } : { skip: tried.every((t) => t.endsWith(':consent')) ? 'consent' : 'no_channel', tried };
}
