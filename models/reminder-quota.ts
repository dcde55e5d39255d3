import { Schema, model, type InferSchemaType } from 'mongoose';

/**
 * One slot of a customer's reminder allowance (core/reminders/frequency-cap.ts): `_id` is
 * "<account>:<local day>:<n>" or "<account>:<ISO week>:<n>", and the reminder that took it.
 * Taking a slot is an insert, so two workers never both take the last one.
 */
const reminderQuotaSchema = new Schema(
  {
    _id: { type: String, required: true },
    reminderId: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);

export type ReminderQuotaDoc = InferSchemaType<typeof reminderQuotaSchema>;
export const ReminderQuota = model('ReminderQuota', reminderQuotaSchema);
