// Every background job of the system, in one list: its name (the BullMQ job name, the
// admin's `POST /api/admin/jobs/:name/run`, the job-runs log), its node-cron schedule from
// the configuration (none = on demand only) and the one core function it runs. The
// composition root registers them all, once, on every process: HTTP nodes and workers.
import type { Config } from '../core/config';
import type { CoreContext } from '../core/context';
import { releaseCallbacks } from '../core/callbacks/release-callbacks';
import { runHousekeeping } from '../core/housekeeping/housekeeping';
import { retryStuckInbound } from '../core/ingest/retry-stuck';
import { reviewFlags } from '../core/protection/review-flags';
import { resumeErasures } from '../core/privacy/erase-customer';
import { runRetention } from '../core/privacy/retention';
import { scheduleOutageNotices } from '../core/outages/notices/schedule-notices';
import { runReminders } from '../core/reminders/run-reminders';
import { runTariffNotices } from '../core/reminders/tariff-notices';
import { checkFirstResponses, escalateWrittenAnswers } from '../core/sla/check-sla';
import { rebuildStatsMonth } from '../core/stats/rebuild';
import { sendSurveys } from '../core/surveys/send-surveys';
import type { JobDefinition, Scheduler } from './scheduler';

export function jobDefinitions(config: Config): Array<JobDefinition<CoreContext>> {
  return [
    { name: 'ingest-sweep', cron: '* * * * *', run: (ctx, asOf) => retryStuckInbound(ctx, asOf) },
    { name: 'housekeeping', cron: config.HOUSEKEEPING_CRON, run: (ctx, asOf) => runHousekeeping(ctx, asOf) },
    { name: 'sla-clock', cron: '* * * * *', run: (ctx, asOf) => checkFirstResponses(ctx, asOf) },
    // Resumes every outage's notices that are not over, on their own queue (jobs/outage-notices.ts).
    { name: 'outage-notices', cron: '*/2 * * * *', run: (ctx, asOf) => scheduleOutageNotices(ctx, asOf) },
    // After a counters fix or an import of history; never on a schedule (see core/stats/rebuild.ts).
    { name: 'stats-rebuild', run: (ctx, asOf) => rebuildStatsMonth(ctx, asOf) },
    { name: 'reminders', cron: config.REMINDERS_CRON, run: (ctx, asOf) => runReminders(ctx, asOf) },
    { name: 'sla-escalation', cron: config.SLA_ESCALATION_CRON, run: (ctx, asOf) => escalateWrittenAnswers(ctx, asOf) },
    { name: 'callbacks', cron: config.CALLBACKS_CRON, run: (ctx, asOf) => releaseCallbacks(ctx, asOf) },
    { name: 'surveys', cron: config.SURVEYS_CRON, run: (ctx, asOf) => sendSurveys(ctx, asOf) },
    { name: 'tariff-notices', cron: config.TARIFF_NOTICES_CRON, run: (ctx, asOf) => runTariffNotices(ctx, asOf) },
    // Finishes erasures a crash interrupted (core/privacy/erase-customer.ts).
    { name: 'erasures', cron: '*/5 * * * *', run: (ctx) => resumeErasures(ctx) },
    { name: 'retention', cron: config.RETENTION_CRON, run: async (ctx, asOf) => (await runRetention(ctx, asOf)).counts },
    { name: 'protection-review', cron: config.PROTECTION_REVIEW_CRON, run: (ctx, asOf) => reviewFlags(ctx, asOf) },
  ];
}

export function registerJobs<C extends CoreContext>(scheduler: Scheduler<C>, config: Config): void {
  for (const job of jobDefinitions(config)) scheduler.register(job);
}
