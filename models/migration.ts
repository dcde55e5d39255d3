import { Schema, model } from 'mongoose';

/** One row per data migration that has run (core/migrations/): `_id` is its name, so it runs once per store. */
const migrationSchema = new Schema(
  {
    _id: { type: String, required: true },
    doneAt: { type: Date, required: true },
    result: { type: Schema.Types.Mixed },
  },
  { versionKey: false, collection: 'migrations' },
);

export const Migration = model('Migration', migrationSchema);
