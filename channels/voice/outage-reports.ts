// Several outage reports from one area in a short time are probably one outage: raise a
// suspected outage for supervisors (event + an Outage in state "suspected"), once per window.
import type { Redis } from 'ioredis';
import type { EventBus } from '../../core/events';
import { Outage } from '../../models/outage';
import type { Service } from '../../models/contract';

export interface OutageReport {
  areaCode: string;
  service: Service;
  at: Date;
}

export async function countOutageReport(
  deps: { redis: Redis; events: EventBus },
  report: OutageReport,
  rule: { threshold: number; windowMinutes: number },
): Promise<{ reports: number; raised: boolean }> {
  const { areaCode, service, at } = report;
  const bucket = Math.floor(at.getTime() / (rule.windowMinutes * 60_000));
  const key = `outage:reports:${areaCode}:${bucket}`;
  const [[, reports]] = (await deps.redis
    .multi()
    .incr(key)
    .expire(key, rule.windowMinutes * 60 + 60)
    .exec()) as [[Error | null, number]];
  // Exactly the threshold-th report raises it, so N nodes and later reports raise nothing more.
  if (reports !== rule.threshold) return { reports, raised: false };
  const known = await Outage.findOne({ areaCode, status: { $in: ['active', 'suspected'] } }).lean();
  if (!known) await Outage.create({ areaCode, service, startedAt: at, status: 'suspected' });
  deps.events.emit('outage.suspected', { areaCode, reports, at });
  return { reports, raised: true };
}
