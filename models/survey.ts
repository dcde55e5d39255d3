import { Schema, model, type InferSchemaType } from 'mongoose';

/**
 * The satisfaction survey of one resolved ticket; `_id` is the ticket id, so a ticket is
 * surveyed at most once. The answer link carries a random token; only its hash is stored.
 */
const surveySchema = new Schema(
  {
    _id: { type: String, required: true },
    ticketNumber: { type: String },
    accountNumber: { type: String },
    category: { type: String },
    status: { type: String, enum: ['pending', 'sent', 'answered', 'skipped'], default: 'pending', index: true },
    reason: { type: String },
    channel: { type: String, enum: ['sms', 'email'] },
    language: { type: String },
    tokenHash: { type: String, required: true },
    notBefore: { type: Date },
    sentAt: { type: Date },
    expiresAt: { type: Date, required: true },
    score: { type: Number, min: 1, max: 10 },
    comment: { type: String, maxlength: 2000 },
    answeredAt: { type: Date },
  },
  { versionKey: false, timestamps: true },
);

export type SurveyDoc = InferSchemaType<typeof surveySchema>;
export const Survey = model('Survey', surveySchema);

/**
 * The survey last sent by SMS to a number (`_id` "phone:+39…", as contact points), so a
 * reply such as "4 tutto bene" finds its survey with one read by `_id`.
 */
const surveyByPhoneSchema = new Schema(
  {
    _id: { type: String, required: true },
    surveyId: { type: String, required: true },
    expiresAt: { type: Date, required: true },
  },
  { versionKey: false },
);
export const SurveyByPhone = model('SurveyByPhone', surveyByPhoneSchema);
