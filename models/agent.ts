import { Schema, Types, model, type InferSchemaType } from 'mongoose';
import { CATEGORIES, CHANNELS, PRESENCE, ROLES } from '../wire';

/** Agents, supervisors and admins: the people who log in. */
const agentSchema = new Schema(
  {
    _id: { type: Schema.Types.ObjectId, default: () => new Types.ObjectId() },
    name: { type: String, required: true },
    email: { type: String, required: true, unique: true, lowercase: true, trim: true },
    /** scrypt$N$r$p$salt$hash (core/auth/password.ts). */
    passwordHash: { type: String, required: true },
    role: { type: String, enum: ROLES, default: 'agent' },
    /** Role `association`: the consumer association this representative acts for (models/association.ts). */
    association: { type: String },
    languages: { type: [String], default: ['it'] },
    channels: { type: [String], enum: CHANNELS, default: [...CHANNELS] },
    categories: { type: [String], enum: CATEGORIES, default: [...CATEGORIES] },
    /** How many items of each channel at once (one call, a few chats, many e-mails). */
    capacity: {
      voice: { type: Number, default: 1 },
      sms: { type: Number, default: 3 },
      web: { type: Number, default: 3 },
      chat: { type: Number, default: 3 },
      email: { type: Number, default: 10 },
      walk_in: { type: Number, default: 1 },
      association: { type: Number, default: 10 },
    },
    /** Work in hand per channel; changed only by conditional `$inc` (never read-then-write). */
    load: {
      voice: { type: Number, default: 0 },
      sms: { type: Number, default: 0 },
      web: { type: Number, default: 0 },
      chat: { type: Number, default: 0 },
      email: { type: Number, default: 0 },
      walk_in: { type: Number, default: 0 },
      association: { type: Number, default: 0 },
    },
    presence: { type: String, enum: PRESENCE, default: 'offline' },
    presenceSince: { type: Date },
    lastBusyAt: { type: Date },
    /**
     * Tickets assigned to this agent and still open, so the console's snapshot reads them by
     * `_id` instead of scanning tickets. A superset: added with the capacity a claim takes,
     * removed with the capacity given back; readers check each ticket (server/sockets/snapshot.ts).
     * Absent on agents stored before it existed (their first snapshot fills it).
     */
    openTickets: { type: [String], default: [] },
    /** The ticket offered to this agent right now (push routing): one offer at a time, set conditionally. */
    offerTicketId: { type: String, default: null },
    /** Wrap-up after a call ends at this instant, then the agent is available again. */
    wrapUpUntil: { type: Date },
    /** Phone number or Twilio client identity to bridge calls to. */
    phone: { type: String },
    active: { type: Boolean, default: true },
  },
  { versionKey: false, timestamps: true },
);

export type AgentDoc = InferSchemaType<typeof agentSchema>;
export const Agent = model('Agent', agentSchema);
