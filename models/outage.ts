import { Schema, Types, model, type InferSchemaType } from 'mongoose';
import { NOTICE_STAGES, OUTAGE_STATUSES } from '../wire/outages';
import { SERVICES } from './contract';

const localised = { it: String, ru: String, en: String };

const noticeFigures = {
  planned: { type: Number, default: 0 },
  sent: { type: Number, default: 0 },
  delivered: { type: Number, default: 0 },
  failed: { type: Number, default: 0 },
  unreachable: { type: Number, default: 0 },
};

/**
 * An outage incident (issue 13): a failure of one service in network areas (area codes) or at
 * listed supply points. Raised as "suspected" by repeated reports, declared (or promoted) by a
 * supervisor, updated, resolved. `version` moves by one with every change; an update names the
 * version it changes, so of two concurrent updates one wins and the other is told the current
 * one (core/outages/update-outage.ts). Figures are counted here with `$inc` as things happen.
 */
const outageSchema = new Schema(
  {
    _id: { type: Schema.Types.ObjectId, default: () => new Types.ObjectId() },
    /** "O-000012", for people. */
    number: { type: String },
    /** Before issue 13 an outage had one area; kept for documents of that time (core/migrations/outage-areas.ts). */
    areaCode: { type: String },
    areaCodes: { type: [String], default: [], index: true },
    /** Supply points (POD/PDR) when the outage is narrower than an area. */
    supplyPoints: { type: [String], default: [] },
    service: { type: String, enum: SERVICES, required: true },
    /** Cause as operators typed it, per language. */
    cause: localised,
    /** What customers are told (IVR announcement, the answer to their SMS/e-mail/form), per language. */
    publicMessage: localised,
    startedAt: { type: Date, required: true },
    expectedRestorationAt: { type: Date },
    endedAt: { type: Date },
    status: { type: String, enum: OUTAGE_STATUSES, default: 'active', index: true },
    version: { type: Number, default: 1 },
    urgent: { type: Boolean, default: false },
    notifyOnDeclare: { type: Boolean, default: false },
    firstReportAt: { type: Date },
    suspectedAt: { type: Date },
    declaredAt: { type: Date },
    resolvedAt: { type: Date },
    declaredBy: { type: String },
    resolvedBy: { type: String },
    /**
     * Customers of the place with a vulnerability flag that counts (core/protection/flags.ts),
     * counted when it was declared or its place changed (core/outages/protected-calls.ts); no
     * medical detail: which of them are life support or medical is on their call tasks.
     */
    protectedCustomers: { type: Number, default: 0 },
    /** Callers who asked to be texted when supply returns (E.164). */
    notifyPhones: { type: [String], default: [] },
    /** Each notice stage: whether its recipients have all been written down (core/outages/notices/plan-notices.ts), and whether it is over. */
    noticeRuns: {
      declared: { planned: Boolean, done: Boolean },
      resolved: { planned: Boolean, done: Boolean },
    },
    figures: {
      contacts: { type: Schema.Types.Mixed, default: {} },
      links: { type: Number, default: 0 },
      unlinks: { type: Number, default: 0 },
      announced: { type: Number, default: 0 },
      deflected: { type: Number, default: 0 },
      closed: { type: Number, default: 0 },
      reports: { type: Number, default: 0 },
      notices: { declared: noticeFigures, resolved: noticeFigures } satisfies Record<(typeof NOTICE_STAGES)[number], typeof noticeFigures>,
    },
  },
  { versionKey: false, timestamps: true, minimize: false },
);

// A document written the way of before issue 13 (one `areaCode`) is read like the others.
outageSchema.pre('validate', function () {
  if (this.areaCode && !this.areaCodes?.length) this.areaCodes = [this.areaCode];
});

export type OutageDoc = InferSchemaType<typeof outageSchema>;
export type OutageRow = OutageDoc & { _id: Types.ObjectId };
export const Outage = model('Outage', outageSchema);
