import { Schema, model, type InferSchemaType } from 'mongoose';

/** A payment against a bill; `_id` is "<billNumber>:<reference>" so re-imports are upserts. */
const paymentSchema = new Schema(
  {
    _id: { type: String, required: true },
    billNumber: { type: String, required: true, index: true },
    amount: { type: Number, required: true },
    paidAt: { type: Date, required: true },
    reference: { type: String, required: true },
  },
  { versionKey: false, timestamps: true },
);
paymentSchema.pre('validate', function () {
  this._id = `${this.billNumber}:${this.reference}`;
});

export type PaymentDoc = InferSchemaType<typeof paymentSchema>;
export const Payment = model('Payment', paymentSchema);
