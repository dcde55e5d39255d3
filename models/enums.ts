/** Identifiers shared by the API, the web form and the store (DESIGN.md). */
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
] as const;
export type Category = (typeof CATEGORIES)[number];

/** What the public web form offers (DOMAIN.md, "Web virtual reception"); shared by the API and the page. */
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

export const CHANNELS = ['voice', 'sms', 'email', 'web', 'walk_in', 'association'] as const;
export type Channel = (typeof CHANNELS)[number];

export const TICKET_STATUSES = ['queued', 'assigned', 'pending', 'resolved', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export const ROLES = ['agent', 'supervisor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const PRESENCE = ['offline', 'available', 'busy', 'away', 'wrap_up'] as const;
export type Presence = (typeof PRESENCE)[number];
