import { Schema, Types, model, type InferSchemaType } from 'mongoose';
import { CATEGORIES, CHANNELS, LANGUAGES, TICKET_STATUSES } from '../wire';

/** One customer matter. Hot paths read it by `_id`; managers' lists use the indexes. */
const ticketSchema = new Schema(
  {
    _id: { type: Schema.Types.ObjectId, default: () => new Types.ObjectId() },
    /** Human number, "T-000123". */
    number: { type: String, required: true, unique: true },
    accountNumber: { type: String, index: true },
    contractNumber: { type: String },
    /** Who wrote in: the channel address (E.164 phone, e-mail) and a display name. */
    contact: {
      address: { type: String },
      name: { type: String },
    },
    channel: { type: String, enum: CHANNELS, required: true },
    category: { type: String, enum: CATEGORIES, required: true },
    /** 1 is the most urgent; 0 is an emergency (a gas leak), before everything. */
    priority: { type: Number, required: true, min: 0, max: 5 },
    status: { type: String, enum: TICKET_STATUSES, default: 'queued', index: true },
    queue: { type: String, required: true },
    assignee: { type: String, index: true },
    /** Set by whoever opens the ticket (the customer's, the sender's, or DEFAULT_LANGUAGE); no default here, which could only be one country's. */
    language: { type: String, enum: LANGUAGES, required: true },
    subject: { type: String },
    /** Key of the open-thread pointer this ticket owns (models/thread.ts). */
    threadKey: { type: String },
    sla: {
      firstResponseDueAt: { type: Date },
      resolutionDueAt: { type: Date },
      warnedAt: { type: Date },
      breachedAt: { type: Date },
      /** The same marks for the first-response deadline (warnedAt/breachedAt are the resolution's). */
      firstResponseWarnedAt: { type: Date },
      firstResponseBreachedAt: { type: Date },
    },
    queuedAt: { type: Date },
    /** Opened for a contact waiting on the line (a caller asking for an agent): served before deferred work. */
    live: { type: Boolean },
    assignedAt: { type: Date },
    firstResponseAt: { type: Date },
    resolvedAt: { type: Date },
    lastMessageAt: { type: Date },
    messageCount: { type: Number, default: 0 },
    unread: { type: Number, default: 0 },
    reopenCount: { type: Number, default: 0 },
    transferCount: { type: Number, default: 0 },
    outcome: { type: String },
    /**
     * A web request for an instalment plan or a deferral whose bill passed the owner check: the
     * proposal the tracking page offers, and when the customer accepted it (channels/web/bill-proposal.ts).
     */
    selfService: {
      kind: { type: String, enum: ['instalment', 'deferral'] },
      billNumber: { type: String },
      accountNumber: { type: String },
      acceptedAt: { type: Date },
    },
    /** Needs a person's check (e.g. a reading sent from a number not on the contract). */
    needsReview: { type: Boolean, default: false },
    /** SHA-256 of the web reception's 256-bit random tracking token; the token itself is never stored. */
    trackingTokenHash: { type: String },
    tags: { type: [String], default: [] },
    /**
     * The outage incident this contact is about (issue 13): a link field, not a master ticket.
     * A linked ticket waits on the outage (status pending, in no queue); the outage's resolution
     * closes it with a final message. Set by ingest or by an agent; removed by an agent's unlink.
     */
    outageId: { type: String },
    outageLinkedAt: { type: Date },
    /** Who linked it: "auto" (ingest) or an agent's id. */
    outageLinkedBy: { type: String },
    /** The customer's satisfaction answer after resolution (core/surveys). */
    survey: {
      score: { type: Number },
      comment: { type: String },
      answeredAt: { type: Date },
    },
  },
  { versionKey: false, timestamps: true },
);
ticketSchema.index({ status: 1, priority: 1, queuedAt: 1 });
ticketSchema.index({ createdAt: -1 });
// The console snapshot's "mine" (models/repos/tickets.ts openTicketsOf): an agent's few open tickets
// among the thousands they handled, found in the index (the embedded store uses both fields).
ticketSchema.index({ assignee: 1, status: 1 });
// Console search (core/tickets/search-tickets.ts): a sender's tickets by their address (a
// stranger has no account), and a contract's tickets.
ticketSchema.index({ 'contact.address': 1, createdAt: -1 });
ticketSchema.index({ contractNumber: 1, createdAt: -1 });
// An outage's linked contacts (closing them on resolve, the incident page).
ticketSchema.index({ outageId: 1 });

export type TicketDoc = InferSchemaType<typeof ticketSchema>;
export const Ticket = model('Ticket', ticketSchema);
