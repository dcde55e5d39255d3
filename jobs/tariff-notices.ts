// The scheduled "tariff-notices" job: tariff / rules change notices to affected customers.
import { runTariffNotices } from '../core/reminders/tariff-notices';
import type { AppContext } from '../server/context';
import type { JobDefinition } from './scheduler';

export function tariffNoticesJob(cron?: string): JobDefinition<AppContext> {
  return { name: 'tariff-notices', cron, run: (ctx, asOf) => runTariffNotices(ctx, asOf) };
}
