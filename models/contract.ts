import { Schema, model, type InferSchemaType } from 'mongoose';

export const SERVICES = ['gas', 'electricity', 'water', 'heating'] as const;
export type Service = (typeof SERVICES)[number];

/** A supply contract / supply point; `_id` is the contract number. */
const contractSchema = new Schema(
  {
    _id: { type: String, required: true },
    contractNumber: { type: String, required: true },
    accountNumber: { type: String, required: true, index: true },
    service: { type: String, enum: SERVICES, required: true },
    /** POD (electricity) / PDR (gas) or the local equivalent. */
    supplyPointCode: { type: String, index: true },
    address: { type: String },
    /** Network area, used to match outages to callers. */
    areaCode: { type: String, index: true },
    /** Condominium / shared supply: each resident is informed before suspension. */
    shared: { type: Boolean, default: false },
    meter: {
      digits: { type: Number, default: 5, min: 1, max: 12 },
      registers: { type: Number, default: 1, enum: [1, 2] },
    },
    /** Last accepted reading, one value per register. */
    lastReading: { type: [Number], default: [] },
    lastReadingAt: { type: Date },
    avgDailyUse: { type: Number, default: 0 },
    /** Days of the month in which a reading counts for the next bill (printed on the bill). */
    readingWindow: {
      startDay: { type: Number, min: 1, max: 31 },
      endDay: { type: Number, min: 1, max: 31 },
    },
    status: { type: String, enum: ['active', 'closed'], default: 'active' },
    /** An open disputed-contract ticket blocks dunning and new bills on this supply. */
    disputeTicketId: { type: String },
  },
  { versionKey: false, timestamps: true },
);
contractSchema.pre('validate', function () {
  this._id = this.contractNumber;
});

export type ContractDoc = InferSchemaType<typeof contractSchema>;
export const Contract = model('Contract', contractSchema);
