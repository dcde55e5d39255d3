import { Schema, Types, model, type InferSchemaType } from 'mongoose';

/** One run of a scheduled job: when, as of when, what it counted, what went wrong. */
const jobRunSchema = new Schema(
  {
    _id: { type: Schema.Types.ObjectId, default: () => new Types.ObjectId() },
    name: { type: String, required: true },
    trigger: { type: String, enum: ['cron', 'manual', 'retry'], required: true },
    asOf: { type: Date, required: true },
    startedAt: { type: Date, required: true },
    finishedAt: { type: Date },
    status: { type: String, enum: ['running', 'succeeded', 'failed'], default: 'running' },
    counts: { type: Schema.Types.Mixed, default: {} },
    error: { type: String },
  },
  { versionKey: false },
);
jobRunSchema.index({ name: 1, startedAt: -1 });

export type JobRunDoc = InferSchemaType<typeof jobRunSchema>;
export const JobRun = model('JobRun', jobRunSchema);
