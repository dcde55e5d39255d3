// What the steps of sending one reminder share (send-reminder.ts): the reminder this worker
// holds, the run's instant, and the only ways a step records where the reminder stands.
import type { Logger } from '../logger';
import type { ReminderChannel } from '../rules/presets';
import type { DunningStage } from '../../models/bill';
import { Reminder } from '../../models/reminder';

export type SendOutcome = 'sent' | 'cancelled' | 'deferred' | 'pending' | 'failed' | 'skipped';

export interface SendReminderResult {
  outcome: SendOutcome;
  reason?: string;
  channel?: ReminderChannel;
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
  /** When the run decided the stage (absent on a reminder this run inserted). */
  decidedAt?: Date | null;
}

export interface Sending {
  reminder: ClaimedReminder;
  now: Date;
  log: Logger;
  /** Claimed from a pending or abandoned row rather than inserted by this run: a retry. */
  retry: boolean;
}

/** Records where the reminder stands, only while this worker still holds it (status sending). */
export async function finish(s: Sending, set: Record<string, unknown>): Promise<void> {
  await Reminder.updateOne({ _id: s.reminder._id, status: 'sending' }, { $set: set });
}

export async function cancel(s: Sending, reason: string): Promise<SendReminderResult> {
  await finish(s, { status: 'cancelled', reason, cancelledAt: s.now });
  s.log.info({ reason }, 'reminder cancelled');
  return { outcome: 'cancelled', reason };
}
