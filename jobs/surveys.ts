// The scheduled "surveys" job: satisfaction surveys after resolved complaints and calls.
import { sendSurveys } from '../core/surveys/send-surveys';
import type { AppContext } from '../server/context';
import type { JobDefinition } from './scheduler';

export function surveysJob(cron?: string): JobDefinition<AppContext> {
  return { name: 'surveys', cron, run: (ctx, asOf) => sendSurveys(ctx, asOf) };
}
