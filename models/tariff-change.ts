import { Schema, model, type InferSchemaType } from 'mongoose';
import { SERVICES } from './contract';

/** A tariff or rules change to announce (seed 002 §7.1.8); `_id` is the operator's id for it. */
const tariffChangeSchema = new Schema(
  {
    _id: { type: String, required: true },
    kind: { type: String, enum: ['tariff', 'rules'], default: 'tariff' },
    /** Affected supplies: a service, optionally one network area; none = every active contract. */
    service: { type: String, enum: SERVICES },
    areaCode: { type: String },
    effectiveAt: { type: Date, required: true },
    /** Customers are told from this date on. */
    announceFrom: { type: Date, required: true },
    /** One short summary per language (it, ru, en). */
    summary: { it: String, ru: String, en: String },
  },
  { versionKey: false, timestamps: true },
);
export type TariffChangeDoc = InferSchemaType<typeof tariffChangeSchema>;
export const TariffChange = model('TariffChange', tariffChangeSchema);

/** One notice of one change to one customer; `_id` "<change>:<account>" makes it exactly once. */
const tariffNoticeSchema = new Schema(
  {
    _id: { type: String, required: true },
    changeId: { type: String, required: true },
    accountNumber: { type: String, required: true },
    status: { type: String, enum: ['pending', 'sent', 'failed'], default: 'pending', index: true },
    reason: { type: String },
    notBefore: { type: Date, required: true },
    channel: { type: String },
    sentAt: { type: Date },
    tried: { type: [String], default: undefined },
  },
  { versionKey: false, timestamps: true },
);
export const TariffNotice = model('TariffNotice', tariffNoticeSchema);
