import { Schema, model, type InferSchemaType } from 'mongoose';

export const TASK_KINDS = [
  'postal_dispatch',
  'power_reduction',
  'suspension',
  'inform_residents',
  'credit_note',
  'cancel_bill',
  'instalment_approval',
  'callback_call',
  // The vulnerability register (core/protection/): a ladder stopped for a protected supply
  // goes to a case worker; a flag past its review date to the supervisors.
  'protected_case',
  'protection_review',
  /** A gas leak or another danger reported (issue 13): the crew goes to `address`. */
  'emergency_dispatch',
  /**
   * An outage reached a life-support or medical-equipment customer (issue 13 × 21): someone
   * calls them first. One per customer and outage ("outage_call:<outage>:<account>").
   */
  'outage_call',
] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

/**
 * Work for people outside the contact centre's queues: the post room (formal notices),
 * operations (power reduction, suspension), billing (credit notes, plan approvals).
 * `_id` is deterministic ("<kind>:<subject>"), so creating one twice is a no-op.
 */
const taskSchema = new Schema(
  {
    _id: { type: String, required: true },
    kind: { type: String, enum: TASK_KINDS, required: true },
    /** open → done; blocked until `blockedBy` is done (suspension of a shared supply). */
    status: { type: String, enum: ['open', 'blocked', 'done', 'cancelled'], default: 'open', index: true },
    blockedBy: { type: String },
    billNumber: { type: String },
    accountNumber: { type: String, index: true },
    contractNumber: { type: String },
    ticketId: { type: String },
    dueAt: { type: Date },
    amount: { type: Number },
    /** A storage key (the PDF letter) relative to DATA_DIR. */
    documentKey: { type: String },
    /** Short operator-facing note; no personal data beyond ids. */
    note: { type: String },
    /** Why a credit note is owed: `late_answer` (automatic indemnity), `dispute_indemnity`, `refund`. */
    reason: { type: String },
    /** The ticket's number, for the regulatory list (late-answer indemnities). */
    ticketNumber: { type: String },
    /** Where a crew must go (emergency dispatch): the supply point's address, or the reporter's number when unknown. */
    address: { type: String },
    supplyPointCode: { type: String },
    /** The reporter's number, for the crew to call back (emergency dispatch). */
    callbackNumber: { type: String },
    /** The outage a call task is about (outage_call). */
    outageId: { type: String, index: true },
    doneAt: { type: Date },
  },
  { versionKey: false, timestamps: true },
);
taskSchema.index({ kind: 1, status: 1 });

export type TaskDoc = InferSchemaType<typeof taskSchema>;
export const Task = model('Task', taskSchema);

/** Creates the task unless it exists; true when created. */
export async function ensureTask(task: Partial<TaskDoc> & { _id: string; kind: TaskKind }): Promise<boolean> {
  const { _id, ...fields } = task;
  const res = await Task.updateOne({ _id }, { $setOnInsert: fields }, { upsert: true });
  return res.upsertedCount > 0;
}
