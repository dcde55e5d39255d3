// Sends one reminder (one bill, one stage), exactly once, as named steps: claim it (one
// worker), reconcile a retry with what a channel already took, re-check the bill and the
// contract on fresh data, take the stage's legal steps (letter, tasks), then deliver on the
// customer's preferred channel with fallback, honouring consent and quiet hours.
import type { CoreContext } from '../context';
import { claimReminder, reconcile } from './claim';
import { deliver } from './deliver';
import { legalSteps } from './legal-steps';
import { applyFrequencyCap } from './frequency-cap';
import { combinedNotice, noticeFor } from './notice';
import { recheck } from './recheck';
import type { SendReminderCommand, SendReminderResult, Sending } from './sending';

export type { ClaimedReminder, SendOutcome, SendReminderCommand, SendReminderResult } from './sending';

export async function sendReminder(ctx: CoreContext, cmd: SendReminderCommand): Promise<SendReminderResult> {
  const reminder = await claimReminder(ctx, cmd);
  if (!reminder) return { outcome: 'skipped' };
  const s: Sending = { reminder, now: cmd.now, log: ctx.logger.child({ reminderId: reminder._id }), retry: !cmd.claimed };
  const reconciled = await reconcile(s);
  if (reconciled) return reconciled;
  const checked = await recheck(ctx, s);
  if ('outcome' in checked) return checked;
  const notice = noticeFor(checked, ctx.config.TIMEZONE, ctx.config.DEFAULT_LANGUAGE);
  // Paper and tasks first: they are the legal steps and are idempotent by their keys.
  await legalSteps(ctx, s, checked, notice);
  // The customer's daily / weekly allowance: several bills, one message.
  const cap = await applyFrequencyCap(ctx, s, checked);
  if (!cap.send) return cap.result;
  return deliver(ctx, s, checked, cap.combined ? combinedNotice(notice, cap.combined, checked.bill.currency ?? 'EUR') : notice);
}
