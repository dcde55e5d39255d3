// Every record the system holds about one customer, found by indexed keys only (account
// number, contract numbers, ticket ids, phone / e-mail contact-point keys) or by `_id`s
// derived from them, never by scanning: the export reads it, the erasure walks the same map.
// README, "Privacy and protected customers", lists the collections.
import { AssociationCase } from '../../models/association';
import { Audit } from '../../models/audit';
import { Bill } from '../../models/bill';
import { Callback } from '../../models/callback';
import { ContactPoint, emailKey, phoneKey } from '../../models/contact-point';
import { Contract } from '../../models/contract';
import { Customer } from '../../models/customer';
import { Message } from '../../models/message';
import { Outage } from '../../models/outage';
import { OutageNotice, outageNoticeId } from '../../models/outage-notice';
import { Payment } from '../../models/payment';
import { Reading } from '../../models/reading';
import { Reminder } from '../../models/reminder';
import { Survey } from '../../models/survey';
import { Task } from '../../models/task';
import { TariffChange, TariffNotice } from '../../models/tariff-change';
import { Ticket } from '../../models/ticket';
import { Visit } from '../../models/visit';
import { NOTICE_STAGES } from '../../wire/outages';
import { bookingsOf } from '../walk-in/bookings';

/** How many of one kind a customer may have before the export refuses (a runaway account, not a person). */
const MAX_PER_KIND = 20_000;

type Lean = Record<string, unknown> & { _id: unknown };

export interface CustomerRecords {
  customer: Lean;
  contactPoints: Lean[];
  contracts: Lean[];
  readings: Lean[];
  bills: Lean[];
  payments: Lean[];
  tickets: Lean[];
  messages: Lean[];
  reminders: Lean[];
  tariffNotices: Lean[];
  surveys: Lean[];
  tasks: Lean[];
  callbacks: Lean[];
  bookings: Lean[];
  visits: Lean[];
  associationCases: Lean[];
  outageNotices: Lean[];
  audit: Lean[];
}

/** The kinds of record an export holds (core/privacy/coverage.ts maps each collection to one). */
export type RecordKind = Exclude<keyof CustomerRecords, 'customer'> | 'customer';
export const RECORD_KINDS: readonly RecordKind[] = [
  'customer',
  'contactPoints',
  'contracts',
  'readings',
  'bills',
  'payments',
  'tickets',
  'messages',
  'reminders',
  'tariffNotices',
  'surveys',
  'tasks',
  'callbacks',
  'bookings',
  'visits',
  'associationCases',
  'outageNotices',
  'audit',
];

/** The ids of the messages sent to the customer outside a ticket (reminders, notices, surveys, acknowledgements). */
export function outboundMessageIds(reminderIds: string[], noticeIds: string[], ticketIds: string[]): string[] {
  const channels = ['sms', 'email', 'voice'];
  return [
    ...reminderIds.flatMap((r) => channels.map((c) => `reminder:${r}:${c}`)),
    ...noticeIds.flatMap((n) => channels.map((c) => `notice:${n}:${c}`)),
    ...ticketIds.flatMap((t) => [...channels.map((c) => `survey:${t}:${c}`), `email-ack:${t}`]),
  ];
}

async function byIds<T>(ids: string[], read: (id: string) => Promise<T | null>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += 100) {
    const rows = await Promise.all(ids.slice(i, i + 100).map(read));
    for (const r of rows) if (r) out.push(r);
  }
  return out;
}

/** Null for an unknown account. */
export async function customerRecords(accountNumber: string): Promise<CustomerRecords | null> {
  const customer = await Customer.findById(accountNumber).lean<Lean & { phones?: string[]; emails?: string[] }>();
  if (!customer) return null;
  const keys = [...(customer.phones ?? []).map(phoneKey), ...(customer.emails ?? []).map(emailKey)];
  const [contactPoints, contracts, bills, tickets, reminders, tasks, audit, changes] = await Promise.all([
    byIds(keys, (k) => ContactPoint.findById(k).lean<Lean>()),
    Contract.find({ accountNumber }).limit(MAX_PER_KIND).lean<Lean[]>(),
    Bill.find({ accountNumber }).limit(MAX_PER_KIND).lean<Lean[]>(),
    Ticket.find({ accountNumber }).limit(MAX_PER_KIND).lean<Lean[]>(),
    Reminder.find({ accountNumber }).limit(MAX_PER_KIND).lean<Lean[]>(),
    Task.find({ accountNumber }).limit(MAX_PER_KIND).lean<Lean[]>(),
    // Audit entries about the customer (their target, indexed), newest first.
    Audit.find({ target: `customer:${accountNumber}` })
      .sort({ at: -1 })
      .limit(MAX_PER_KIND)
      .lean<Lean[]>(),
    TariffChange.find({}, { _id: 1 }).limit(MAX_PER_KIND).lean(),
  ]);
  const contractNumbers = contracts.map((c) => String(c._id));
  const ticketIds = tickets.map((t) => String(t._id));
  const noticeIds = changes.map((c) => `${String(c._id)}:${accountNumber}`);
  const areaCodes = [...new Set(contracts.map((c) => c.areaCode).filter((a): a is string => typeof a === 'string' && a !== ''))];
  const [readings, payments, threadMessages, tariffNotices, surveys, callbacks, visits, associationCases, outages, bookings] =
    await Promise.all([
      Promise.all(contractNumbers.map((n) => Reading.find({ contractNumber: n }).limit(MAX_PER_KIND).lean<Lean[]>())).then((r) => r.flat()),
      Promise.all(bills.map((b) => Payment.find({ billNumber: String(b._id) }).lean<Lean[]>())).then((r) => r.flat()),
      Promise.all(ticketIds.map((id) => Message.find({ ticketId: id }).sort({ createdAt: 1 }).limit(MAX_PER_KIND).lean<Lean[]>())).then(
        (r) => r.flat(),
      ),
      byIds(noticeIds, (id) => TariffNotice.findById(id).lean<Lean>()),
      byIds(ticketIds, (id) => Survey.findById(id).lean<Lean>()),
      // Keyed by their ticket: a callback, a walk-in visit, an association's case.
      byIds(ticketIds, (id) => Callback.findById(id).lean<Lean>()),
      byIds(ticketIds, (id) => Visit.findById(id).lean<Lean>()),
      byIds(ticketIds, (id) => AssociationCase.findById(id).lean<Lean>()),
      areaCodes.length
        ? Outage.find({ areaCodes: { $in: areaCodes } }, { _id: 1 })
            .limit(MAX_PER_KIND)
            .lean()
        : [],
      bookingsOf({ accountNumber, phones: customer.phones ?? [] }) as Promise<Lean[]>,
    ]);
  // Outage notices are keyed "<outage>:a<account>:<stage>" (a customer of the area) or "…:t<ticket>:…" (a linked contact).
  const recipients = [`a${accountNumber}`, ...ticketIds.map((t) => `t${t}`)];
  const outageNotices = await byIds(
    outages.flatMap((o) => recipients.flatMap((r) => NOTICE_STAGES.map((stage) => outageNoticeId(String(o._id), r, stage)))),
    (id) => OutageNotice.findById(id).lean<Lean>(),
  );
  const seen = new Set(threadMessages.map((m) => String(m._id)));
  const outbound = await byIds(
    outboundMessageIds(
      reminders.map((r) => String(r._id)),
      tariffNotices.map((n) => String(n._id)),
      ticketIds,
    ).filter((id) => !seen.has(id)),
    (id) => Message.findById(id).lean<Lean>(),
  );
  return {
    customer,
    contactPoints,
    contracts,
    readings,
    bills,
    payments,
    tickets,
    messages: [...threadMessages, ...outbound],
    reminders,
    tariffNotices,
    surveys,
    tasks,
    callbacks,
    bookings,
    visits,
    associationCases,
    outageNotices,
    audit,
  };
}
