// The daily `housekeeping` job: removes what is only needed for a while, so no collection
// grows with every contact forever. Kept: every guard that decides something for good
// (an instalment plan per bill, a deferral per bill), every message, ticket and reminder.
//   claim guards  — `claim:<ticket>:<enqueuedAt>`, written by versions before the store's
//                   conditional delete was atomic (the rmw-lock patch); no longer needed.
//   survey pointers — the number → survey link for SMS answers, after the survey closed.
//   outage report counters — one per area and window (core/outages/count-report.ts), after a day.
//   walk-in bookings — a day after their slot when nobody came (the phone or account they hold).
import { Guard } from '../../models/guard';
import { OutageReport } from '../../models/outage-report';
import { SurveyByPhone } from '../../models/survey';
import type { CoreContext } from '../context';
import { dropPastBookings } from '../walk-in/bookings';

export async function runHousekeeping(
  ctx: { config: Pick<CoreContext['config'], 'CLAIM_GUARD_RETENTION_DAYS'> },
  asOf: Date,
): Promise<{ claimGuardsRemoved: number; surveyPointersRemoved: number; outageReportCountersRemoved: number; bookingsRemoved: number }> {
  const before = new Date(asOf.getTime() - ctx.config.CLAIM_GUARD_RETENTION_DAYS * 86_400_000);
  const claims = await Guard.deleteMany({ _id: { $regex: /^claim:/ }, at: { $lt: before } });
  const pointers = await SurveyByPhone.deleteMany({ expiresAt: { $lt: asOf } });
  const reports = await OutageReport.deleteMany({ windowStart: { $lt: new Date(asOf.getTime() - 86_400_000) } });
  const bookingsRemoved = await dropPastBookings(asOf);
  return {
    bookingsRemoved,
    claimGuardsRemoved: claims.deletedCount,
    surveyPointersRemoved: pointers.deletedCount,
    outageReportCountersRemoved: reports.deletedCount,
  };
}
