import type { Config } from '../config';
import type { CounterOptions } from './counters';

export interface StatsOptions extends CounterOptions {
  timezone: string;
}

/** The statistics' settings from the configuration (core/config.ts, STATS_*). */
export function statsOptions(config: Config): StatsOptions {
  return {
    timezone: config.TIMEZONE,
    shortAbandonSeconds: config.STATS_SHORT_ABANDON_SECONDS,
    longWaitSeconds: config.STATS_LONG_WAIT_SECONDS,
    ivrMaxChoices: config.STATS_IVR_MAX_CHOICES,
  };
}
