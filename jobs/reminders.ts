// The scheduled "reminders" job: due-soon reminders and the dunning ladder (core/reminders).
import { runReminders } from '../core/reminders/run-reminders';
import type { CoreContext } from '../core/context';
import type { JobDefinition } from './scheduler';

export function remindersJob(cron?: string): JobDefinition<CoreContext> {
  return { name: 'reminders', cron, run: (ctx, asOf) => runReminders(ctx, asOf) };
}
