// The words the server and the browser pages share: identifiers used by the API, the
// store and the forms, and the shapes pushed over the `/agents` socket. This module imports
// nothing, so models/ and web/ may both import it (the linter keeps it so).

/** The languages the product speaks: catalogues, IVR voices, customer records. */
export const LANGUAGES = ['it', 'ru', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Ticket categories, the identifiers of the API and the web form (docs/architecture.md, "External contract"). */
export const CATEGORIES = [
  'complaint',
  'information_request',
  'suggestion',
  'feedback',
  'meter_reading',
  'outage',
  'billing',
  'instalment',
  'deferral',
  'disputed_contract',
  'withdrawal',
  'callback',
  'voicemail',
  /** A gas leak or another danger to people (issue 13): priority 0, the 24/7 emergency queue, a dispatch task. */
  'emergency',
] as const;
export type Category = (typeof CATEGORIES)[number];

/** What the public web form offers (docs/rules.md, "Web virtual reception"); shared by the API and the page. */
export const FORM_CATEGORIES = [
  'complaint',
  'information_request',
  'suggestion',
  'feedback',
  'meter_reading',
  'disputed_contract',
  'instalment',
  'deferral',
  'withdrawal',
] as const satisfies readonly Category[];

/**
 * Where a contact came from. `web` is the reception form (a written request); `chat` is the
 * live web chat. Tickets stored before `chat` existed keep `web` (docs/architecture.md).
 */
export const CHANNELS = ['voice', 'sms', 'email', 'web', 'chat', 'walk_in', 'association', 'letter'] as const;
export type Channel = (typeof CHANNELS)[number];

/**
 * Live contacts: someone is waiting on the line, in the chat or at the desk now. They run on an
 * answer-time clock in seconds (RuleSet.firstResponseSeconds); every other channel is a deferred
 * contact on the regulatory answer deadline of its category, in days (RuleSet.categories).
 */
export const LIVE_CHANNELS = ['voice', 'chat', 'walk_in'] as const satisfies readonly Channel[];
export type LiveChannel = (typeof LIVE_CHANNELS)[number];

export function isLiveChannel(channel: string | null | undefined): channel is LiveChannel {
  return (LIVE_CHANNELS as readonly string[]).includes(channel ?? '');
}

export const TICKET_STATUSES = ['queued', 'assigned', 'pending', 'resolved', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/**
 * `privacy`: the privacy officer — customers' data exports and erasures, nothing else (issue 21).
 * `association`: an accredited representative of a consumer association (the association portal only).
 */
export const ROLES = ['agent', 'supervisor', 'admin', 'privacy', 'association'] as const;
export type Role = (typeof ROLES)[number];

/**
 * The vulnerability register (docs/rules.md, "Protected customers"): life-support and
 * medical equipment are never disconnected; the other kinds block or delay the ladder per
 * rule set.
 */
export const VULNERABILITY_KINDS = ['life_support', 'medical', 'elderly_disabled', 'hardship', 'temporary'] as const;
export type VulnerabilityKind = (typeof VULNERABILITY_KINDS)[number];

/**
 * A flag as the customer panel shows it. For agents without the right to medical detail a
 * life-support or medical flag reads `essential_supply`, without reason or evidence.
 */
export interface VulnerabilityView<D = Date> {
  kind: VulnerabilityKind | 'essential_supply';
  status: 'confirmed' | 'pending';
  source: 'import' | 'agent' | 'customer';
  reviewAt: D | null;
  reason?: string | null;
  evidence?: string | null;
}

export const PRESENCE = ['offline', 'available', 'busy', 'away', 'wrap_up'] as const;
export type Presence = (typeof PRESENCE)[number];

/**
 * What events and sockets say about a ticket: ids and routing facts, never contact data.
 * `D` is how a date travels: a Date on the server, an ISO string once it reached a page.
 */
export interface TicketSummary<D = Date> {
  ticketId: string;
  number: string;
  queue: string;
  channel: string;
  category: string;
  priority: number;
  language: string;
  status: string;
  queuedAt?: D;
  assignee?: string;
}

/** A waiting contact as a queue list draws it (`queue:snapshot` items). */
export interface SnapshotItem<D = Date> {
  ticketId: string;
  number: string;
  queue: string;
  channel: string;
  category: string;
  language?: string;
  priority: number;
  enqueuedAt: D;
  state: string;
  /** The first line of the message (at most 60 characters) and when the latest came. */
  preview?: string;
  lastMessageAt?: D;
  /** Only when offered to the viewer (or the viewer supervises). */
  offeredTo?: string;
  offerExpiresAt?: D;
}

/** One of the agent's own tickets in the snapshot; only these carry a subject line. */
export interface SnapshotMine<D = Date> {
  ticketId: string;
  number: string;
  queue: string;
  channel: string;
  category: string;
  priority: number;
  language?: string;
  subject?: string;
  status: string;
  assignedAt?: D;
  firstResponseDueAt?: D;
  resolutionDueAt?: D;
  firstResponseAt?: D;
}

/** `queue:snapshot`: what a console needs to draw its queues from scratch. */
export interface QueueSnapshot<D = Date> {
  at: D;
  me: { id: string; role: Role; presence: string; capacity: unknown; load: unknown; offerTicketId: string | null };
  queues: Array<{ id: string; name: string; mode: string; serviceLevelSeconds: number }>;
  items: Array<SnapshotItem<D>>;
  mine: Array<SnapshotMine<D>>;
  /** Supervisors only: who is working and how busy. */
  agents?: Array<{ id: string; name: string; presence: string; load: unknown }>;
  /** Answer-time target of each live channel, seconds (countdowns on waiting live contacts). */
  firstResponseSeconds: Partial<Record<string, number>>;
  /** Regulatory answer deadline of each category, calendar days (countdowns on waiting deferred contacts). */
  answerDays: Partial<Record<string, number>>;
}

/** `ticket:offered`: push routing offers one waiting contact to one agent until `expiresAt`. */
export interface OfferPayload<D = Date> {
  ticketId: string;
  number: string;
  queue: string;
  channel: string;
  category: string;
  priority: number;
  language: string;
  status: string;
  enqueuedAt?: D;
  assignee?: string;
  agentId: string;
  expiresAt: D;
}
