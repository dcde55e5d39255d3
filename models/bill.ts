import { Schema, model, type InferSchemaType } from 'mongoose';

export const DUNNING_STAGES = ['none', 'due_soon', 'first_reminder', 'formal_notice', 'power_reduction', 'suspension_eligible'] as const;
export type DunningStage = (typeof DUNNING_STAGES)[number];

/** The stages a bill may still be at for `stage` to be recorded on it (the ladder only moves forward); null = never set. */
export function stagesBelow(stage: DunningStage): Array<DunningStage | null> {
  return [null, ...DUNNING_STAGES.slice(0, DUNNING_STAGES.indexOf(stage))];
}

const instalmentSchema = new Schema(
  { dueAt: { type: Date, required: true }, amount: { type: Number, required: true }, paidAt: { type: Date } },
  { _id: false },
);

/** A bill; `_id` is the bill number. Amounts in currency units. */
const billSchema = new Schema(
  {
    _id: { type: String, required: true },
    billNumber: { type: String, required: true },
    contractNumber: { type: String, required: true, index: true },
    accountNumber: { type: String, index: true },
    service: { type: String },
    amount: { type: Number, required: true },
    currency: { type: String, default: 'EUR' },
    issuedAt: { type: Date, required: true },
    dueAt: { type: Date, required: true, index: true },
    paidAmount: { type: Number, default: 0 },
    status: { type: String, enum: ['open', 'paid', 'cancelled'], default: 'open', index: true },
    dunning: {
      stage: { type: String, enum: DUNNING_STAGES, default: 'none' },
      stageAt: { type: Date },
      pausedReason: { type: String },
    },
    instalmentPlan: {
      status: { type: String, enum: ['pending_approval', 'active', 'completed', 'defaulted'] },
      createdAt: { type: Date },
      interestRate: { type: Number },
      referenceRate: { type: Number },
      referenceRateFrom: { type: String },
      instalments: { type: [instalmentSchema], default: undefined },
    },
    deferral: {
      requestedAt: { type: Date },
      originalDueAt: { type: Date },
      newDueAt: { type: Date },
    },
    disputed: { type: Boolean, default: false },
    /**
     * Issued by the billing system while a disputed-contract case was open on the supply
     * (the ticket's id): held — no reminder, shown as held — until the case closes; upheld,
     * billing gets a task to cancel it.
     */
    heldByDispute: { type: String },
    /**
     * The disputed-contract case (ticket id) that was upheld over this bill's unrequested
     * contract: collection is cancelled for good — no reminder ever again, whatever billing
     * does with the bill (docs/rules.md, "Disputed contracts").
     */
    collectionCancelledBy: { type: String },
  },
  { versionKey: false, timestamps: true },
);
billSchema.pre('validate', function () {
  this._id = this.billNumber;
});

export type BillDoc = InferSchemaType<typeof billSchema>;
export const Bill = model('Bill', billSchema);
