// The scheduled "surveys" job: satisfaction surveys after resolved complaints and calls.
import { sendSurveys } from '../core/surveys/send-surveys';
import type { CoreContext } from '../core/context';
import type { JobDefinition } from './scheduler';

export function surveysJob(cron?: string): JobDefinition<CoreContext> {
  return { name: 'surveys', cron, run: (ctx, asOf) => sendSurveys(ctx, asOf) };
}
