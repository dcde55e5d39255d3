import type { Clock } from './clock';
import type { Config } from './config';
import type { EventBus } from './events';
import type { Logger } from './logger';
import type { OutboundRegistry } from './outbound';
import type { RuleSet } from './rules/presets';

/** Hands work to the background (BullMQ in production code: jobs/ingest-retry.ts). */
export interface RetryScheduler {
  /** Re-run processing of an inbound message that is stored but not yet processed. */
  retryIngest(messageId: string, delayMs?: number): Promise<void>;
}

/** Long background runs, on their own queue (BullMQ in production code: jobs/outage-notices.ts). */
export interface NoticeScheduler {
  /**
   * Send (or go on sending) an outage's notices: its declaration or restoration, and the final
   * messages of its linked contacts. `trigger` names the occasion (the outage's version, a
   * schedule slot): one run per outage and trigger, on any number of nodes.
   */
  runOutageNotices(outageId: string, trigger: string): Promise<void>;
}

/** What domain use cases need, built once in the composition root (server/context.ts). */
export interface CoreContext {
  config: Config;
  logger: Logger;
  events: EventBus;
  clock: Clock;
  rules: RuleSet;
  retry: RetryScheduler;
  notices: NoticeScheduler;
  /** Filled by the channel features at start; a missing channel cannot send. */
  outbound: OutboundRegistry;
}
