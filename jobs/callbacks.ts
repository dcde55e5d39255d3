// The scheduled "callbacks" job: IVR callback requests → outbound call tasks in business hours.
import { releaseCallbacks } from '../core/callbacks/release-callbacks';
import type { CoreContext } from '../core/context';
import type { JobDefinition } from './scheduler';

export function callbacksJob(cron?: string): JobDefinition<CoreContext> {
  return { name: 'callbacks', cron, run: (ctx, asOf) => releaseCallbacks(ctx, asOf) };
}
