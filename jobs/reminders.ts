// The scheduled "reminders" job: due-soon reminders and the dunning ladder (core/reminders).
import { runReminders } from '../core/reminders/run-reminders';
import type { AppContext } from '../server/context';
import type { JobDefinition } from './scheduler';

export function remindersJob(cron?: string): JobDefinition<AppContext> {
  return { name: 'reminders', cron, run: (ctx, asOf) => runReminders(ctx, asOf) };
}
