import { Schema, model } from 'mongoose';

/**
 * Outage reports counted per area, service and time window: `_id` "<area>:<service>:<window>",
 * one `$inc` per report (atomic on both stores), so exactly the threshold-th report of a
 * window raises the suspicion, on any number of nodes. Small: one document per area and
 * window that had reports; the housekeeping job drops old ones.
 */
const outageReportSchema = new Schema(
  {
    _id: { type: String, required: true },
    areaCode: { type: String, required: true },
    service: { type: String, required: true },
    windowStart: { type: Date, required: true, index: true },
    count: { type: Number, default: 0 },
    /** The first report of the window (the start of "time from first report to declaration"). */
    firstAt: { type: Date },
  },
  { versionKey: false },
);

export const OutageReport = model('OutageReport', outageReportSchema);
