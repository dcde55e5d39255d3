import { Schema, model, type InferSchemaType } from 'mongoose';

/**
 * Reverse index from a phone number or e-mail address to the customer, keyed by
 * `_id` ("phone:+39…", "email:a@b.it") so identifying a sender is one `_id` read.
 */
const contactPointSchema = new Schema(
  {
    _id: { type: String, required: true },
    accountNumber: { type: String, required: true },
  },
  { versionKey: false, timestamps: true },
);

export function phoneKey(e164: string): string {
  return `phone:${e164}`;
}
export function emailKey(address: string): string {
  return `email:${address.trim().toLowerCase()}`;
}

export type ContactPointDoc = InferSchemaType<typeof contactPointSchema>;
export const ContactPoint = model('ContactPoint', contactPointSchema);
