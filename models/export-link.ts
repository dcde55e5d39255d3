import { Schema, model, type InferSchemaType } from 'mongoose';

/**
 * A link to a customer's own data export, asked for on the reception
 * (core/privacy/access-request.ts). `_id` is the SHA-256 of the link's random token, so the
 * download is one read by `_id` and the store never holds the token itself. The export is
 * built when the link is used, never stored. The retention job deletes links once expired.
 */
const exportLinkSchema = new Schema(
  {
    _id: { type: String, required: true },
    accountNumber: { type: String, required: true },
    /** The request's ticket (category information_request, the legal deadline). */
    ticketId: { type: String, required: true },
    requestedAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    /** Where the link went: the e-mail on record, else an SMS to the phone on record. */
    sentVia: { type: String, enum: ['email', 'sms'] },
    downloads: { type: Number, default: 0 },
    lastDownloadAt: { type: Date },
  },
  { versionKey: false },
);

export type ExportLinkDoc = InferSchemaType<typeof exportLinkSchema>;
export const ExportLink = model('ExportLink', exportLinkSchema);
