// The scheduled "callbacks" job: IVR callback requests → outbound call tasks in business hours.
import { releaseCallbacks } from '../core/callbacks/release-callbacks';
import type { AppContext } from '../server/context';
import type { JobDefinition } from './scheduler';

export function callbacksJob(cron?: string): JobDefinition<AppContext> {
  return { name: 'callbacks', cron, run: (ctx, asOf) => releaseCallbacks(ctx, asOf) };
}
