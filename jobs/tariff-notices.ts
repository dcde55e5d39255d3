// The scheduled "tariff-notices" job: tariff / rules change notices to affected customers.
import { runTariffNotices } from '../core/reminders/tariff-notices';
import type { CoreContext } from '../core/context';
import type { JobDefinition } from './scheduler';

export function tariffNoticesJob(cron?: string): JobDefinition<CoreContext> {
  return { name: 'tariff-notices', cron, run: (ctx, asOf) => runTariffNotices(ctx, asOf) };
}
