import { Schema, model, type InferSchemaType } from 'mongoose';
import { LANGUAGES, VULNERABILITY_KINDS } from '../wire';

/**
 * One flag of the vulnerability register (core/protection/). A customer's own statement is
 * `pending` until an agent confirms it; `evidence` is what the agent saw (a certificate's
 * reference), never shown to agents without the right to medical detail.
 */
const vulnerabilitySchema = new Schema(
  {
    kind: { type: String, enum: VULNERABILITY_KINDS, required: true },
    status: { type: String, enum: ['confirmed', 'pending'], default: 'confirmed' },
    source: { type: String, enum: ['import', 'agent', 'customer'], required: true },
    reason: { type: String },
    evidence: { type: String },
    reviewAt: { type: Date },
    setBy: { type: String },
    setAt: { type: Date },
    /** Channel of a customer's statement (sms, email, web, voice…). */
    channel: { type: String },
  },
  { _id: false },
);

export const HARDSHIP = ['short_time_work', 'mobility', 'unemployment', 'social_services'] as const;

/** A customer; `_id` is the billing system's account number (the natural key). */
const customerSchema = new Schema(
  {
    _id: { type: String, required: true },
    accountNumber: { type: String, required: true },
    name: { type: String, required: true },
    /** E.164, normalised at the edge. */
    phones: { type: [String], default: [] },
    /** Lower-case. */
    emails: { type: [String], default: [] },
    /** Absent when the billing system did not say; readers fall back to DEFAULT_LANGUAGE. */
    language: { type: String, enum: LANGUAGES },
    segment: { type: String, enum: ['household', 'business'], default: 'household' },
    preferredChannel: { type: String, enum: ['sms', 'email', 'voice'], default: 'sms' },
    /** Service messages per channel; `sms:false` after STOP. Marketing is separate and off by default. */
    consents: {
      sms: { type: Boolean, default: true },
      email: { type: Boolean, default: true },
      voice: { type: Boolean, default: true },
      marketing: { type: Boolean, default: false },
      /** Purpose "reminders": courtesy payment reminders (due soon, first reminder); legal notices go regardless. */
      reminders: { type: Boolean, default: true },
    },
    hardship: { type: [String], enum: HARDSHIP, default: [] },
    vulnerabilities: { type: [vulnerabilitySchema], default: [] },
    anonymisedAt: { type: Date },
  },
  { versionKey: false, timestamps: true },
);
// The daily review job (core/protection/review-flags.ts) looks for flags past their date.
customerSchema.index({ 'vulnerabilities.reviewAt': 1 });
customerSchema.pre('validate', function () {
  this._id = this.accountNumber;
});

export type CustomerDoc = InferSchemaType<typeof customerSchema>;
export const Customer = model('Customer', customerSchema);
