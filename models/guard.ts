import { Schema, model } from 'mongoose';

/**
 * "Only once" keys written by earlier versions: claims, instalment plans and deferrals took
 * one before deciding, because stock FerretDB 1.24 let two concurrent
 * `updateOne({_id, state: 'x'}, …)` both succeed. Our build's rmw-lock patch makes such a
 * conditional update atomic, as on MongoDB, so they now decide by it alone and write none.
 * Old keys stay (plans, deferrals: a record of the decision) or are removed by housekeeping
 * (claims). Nothing writes new ones.
 */
const guardSchema = new Schema({ _id: { type: String, required: true }, at: { type: Date, required: true } }, { versionKey: false });
export const Guard = model('Guard', guardSchema);
