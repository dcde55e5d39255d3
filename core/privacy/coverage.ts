// Which collection holds customer data, and what the export, the erasure and the retention job
// do with each: one table, so a new collection is a decision, not an oversight.
// test/unit/privacy-coverage.test.ts fails when a model's collection is in neither list
// below, when an entry names an export kind, erasure step or retention kind that does not
// exist, or when README's privacy table and this one disagree.
import type { RecordKind } from './records';
import type { RetentionKind } from './retention';

export interface Coverage {
  collection: string;
  /** What personal data it holds. */
  holds: string;
  /** The export's record kind, or why it is not exported. */
  export: RecordKind | { not: string };
  /** The erasure step that handles it (core/privacy/erase-customer.ts), or why it is kept. */
  erase: string | { kept: string };
  /** The retention kinds that shorten it (core/privacy/retention.ts), or how long it lives and why. */
  retention: RetentionKind[] | { not: string };
}

export const CUSTOMER_DATA: readonly Coverage[] = [
  {
    collection: 'customers',
    holds: 'name, phones, e-mails, consents, vulnerability flags',
    export: 'customer',
    erase: 'customer',
    retention: { not: 'while the account exists' },
  },
  {
    collection: 'contactpoints',
    holds: '`_id` = phone / e-mail',
    export: 'contactPoints',
    erase: 'contact',
    retention: { not: 'while the account exists' },
  },
  {
    collection: 'contracts',
    holds: 'supply address',
    export: 'contracts',
    erase: 'contracts',
    retention: { not: 'while the contract exists' },
  },
  { collection: 'readings', holds: "sender's number (`from`)", export: 'readings', erase: 'readings', retention: ['readings'] },
  { collection: 'bills', holds: 'account number only', export: 'bills', erase: 'legal-records', retention: { not: 'legal records' } },
  { collection: 'payments', holds: 'account number only', export: 'payments', erase: 'legal-records', retention: { not: 'legal records' } },
  {
    collection: 'tickets',
    holds: 'contact name and address, subject, tracking token',
    export: 'tickets',
    erase: 'tickets',
    retention: ['closedTickets'],
  },
  {
    collection: 'messages',
    holds: 'bodies, subjects, from / to, attachments, headers, raw payloads',
    export: 'messages',
    erase: 'messages',
    retention: ['messages', 'recordings'],
  },
  {
    collection: 'queueitems',
    holds: "a waiting ticket's preview",
    export: { not: "the ticket's own messages are exported" },
    erase: 'tickets',
    retention: { not: 'removed when an agent claims the ticket' },
  },
  {
    collection: 'bookings',
    holds: 'a walk-in slot booking: phone or account number',
    export: 'bookings',
    erase: 'contact',
    retention: { not: 'removed at check-in or cancellation, else by the daily housekeeping a day after its slot' },
  },
  { collection: 'callbacks', holds: 'the number a callback dials', export: 'callbacks', erase: 'tickets', retention: ['callbacks'] },
  {
    collection: 'inboxes',
    holds: 'a message in flight (JSON)',
    export: { not: 'in flight: exported as a message once on its ticket' },
    erase: 'messages',
    retention: { not: 'removed once the message is on its ticket' },
  },
  {
    collection: 'threads',
    holds: "open-thread key with the sender's address",
    export: { not: 'a pointer to an exported ticket' },
    erase: 'tickets',
    retention: { not: 'removed when the ticket is resolved' },
  },
  {
    collection: 'reminders',
    holds: 'account and bill numbers only',
    export: 'reminders',
    erase: { kept: 'legal records' },
    retention: { not: 'legal records' },
  },
  {
    collection: 'tariffnotices',
    holds: 'account number only',
    export: 'tariffNotices',
    erase: { kept: 'legal records' },
    retention: { not: 'legal records' },
  },
  {
    collection: 'tasks',
    holds: 'account and bill numbers only',
    export: 'tasks',
    erase: { kept: 'legal records' },
    retention: { not: 'legal records' },
  },
  { collection: 'surveys', holds: 'comment', export: 'surveys', erase: 'tickets', retention: ['surveyComments'] },
  {
    collection: 'surveybyphones',
    holds: '`_id` = phone',
    export: { not: 'a pointer to an exported survey' },
    erase: 'contact',
    retention: { not: 'the housekeeping job removes closed pointers' },
  },
  {
    collection: 'outages',
    holds: 'numbers asking to be told of restoration',
    export: { not: 'the number is the request; its notice message is exported' },
    erase: 'contact',
    retention: { not: 'the outage record is kept' },
  },
  {
    collection: 'outagenotices',
    holds: 'account or ticket of a notice; `_id` = phone for an IVR caller',
    export: 'outageNotices',
    erase: 'contact',
    retention: { not: 'account and ticket numbers only' },
  },
  {
    collection: 'visits',
    holds: 'ticket of a walk-in visit (no personal data)',
    export: 'visits',
    erase: { kept: 'no personal data' },
    retention: { not: 'no personal data' },
  },
  {
    collection: 'associationcases',
    holds: 'ticket of an association case (no personal data)',
    export: 'associationCases',
    erase: { kept: 'no personal data' },
    retention: { not: 'no personal data' },
  },
  {
    collection: 'smsoptouts',
    holds: '`_id` = phone',
    export: { not: "shown by the customer's SMS consent" },
    erase: 'contact',
    retention: { not: 'kept while it protects the number' },
  },
  {
    collection: 'outboxitems',
    holds: 'development only: copies of what would have been sent',
    export: { not: 'development only' },
    erase: 'contact',
    retention: ['outbox'],
  },
  {
    collection: 'exportlinks',
    holds: "account number of a customer's own export request; `_id` = the link token's hash",
    export: { not: 'a link to the export itself' },
    erase: 'contact',
    retention: ['exportLinks'],
  },
  {
    collection: 'audits',
    holds: 'who did what to `customer:<n>`; never the data',
    export: 'audit',
    erase: { kept: 'the audit trail' },
    retention: { not: 'the audit trail' },
  },
  {
    collection: 'erasures',
    holds: 'account number, who, why, steps done',
    export: { not: 'the record of the erasure itself' },
    erase: { kept: 'the proof of the erasure' },
    retention: { not: 'the proof of the erasure' },
  },
  {
    collection: 'reminderquotas',
    holds: 'account number and day (the reminder cap)',
    export: { not: 'counters' },
    erase: { kept: 'no personal data' },
    retention: { not: 'no personal data' },
  },
  {
    collection: 'mailrefs',
    holds: 'Message-IDs of mail threads',
    export: { not: 'ids only' },
    erase: { kept: 'ids only' },
    retention: { not: 'ids only' },
  },
];

/** Collections with no customer data at all (staff, configuration, counters, statistics). */
export const NO_CUSTOMER_DATA: readonly string[] = [
  'closures',
  'walkin_slot_days',
  'agents',
  'associations',
  'association_months',
  'cannedanswers',
  'counters',
  'guards',
  'jobruns',
  'migrations',
  'offices',
  'outagereports',
  'queues',
  'reporting_events',
  'stats_days',
  'stats_months',
  'stats_presence',
  'stats_today',
  'tariffchanges',
  'walkin_days',
];
