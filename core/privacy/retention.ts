// Keep only what is needed: the daily `retention` job replaces personal data past its
// retention period (RETENTION_*_DAYS) with placeholders, per kind — message texts and
// attachments, voicemail recordings, the contact data of resolved tickets, the sender's
// number on readings, the number a finished callback dialled, survey comments, the dev
// outbox's copies, and export links once expired. Statistics are untouched (reporting events carry no personal data).
// Each kind re-reads what is left in bounded batches, so a run that died is resumed by the
// next one, and a second run of the same slot changes nothing. The dry run counts only.
import { Callback } from '../../models/callback';
import { ExportLink } from '../../models/export-link';
import { Message } from '../../models/message';
import { OutboxItem } from '../../models/outbox-item';
import { Reading } from '../../models/reading';
import { Survey } from '../../models/survey';
import { Ticket } from '../../models/ticket';
import type { CoreContext } from '../context';
import { ERASED } from './erase-customer';

const BATCH = 200;
/** A run stops after this many documents per kind; the next day's run goes on. */
const MAX_PER_RUN = 50_000;
const DAY = 86_400_000;

/** The kinds, in the order a run applies them (README's privacy table names them per collection). */
export const RETENTION_KINDS = [
  'recordings',
  'messages',
  'closedTickets',
  'readings',
  'callbacks',
  'surveyComments',
  'outbox',
  'exportLinks',
] as const;
export type RetentionKind = (typeof RETENTION_KINDS)[number];

export type RetentionCounts = Record<RetentionKind, number> & { [k: string]: number };

export interface RetentionReport {
  asOf: Date;
  dryRun: boolean;
  cutoffs: Record<RetentionKind, Date>;
  counts: RetentionCounts;
}

interface Kind {
  name: RetentionKind;
  /** One batch of documents still to change (ids and what the change needs). */
  next(cutoff: Date, after: unknown): Promise<Array<{ _id: unknown; attachments?: Array<{ url?: string | null }> | null }>>;
  /** Whether this document is due (checks a batch read cannot express on both stores). */
  due?(doc: { attachments?: Array<{ url?: string | null }> | null }): boolean;
  apply(id: unknown): Promise<void>;
}

/** Pages by `_id`, compared in its own type (a string, or an ObjectId for tickets and readings). */
const afterId = (after: unknown) => (after ? { _id: { $gt: after as never } } : {});

const KINDS: Kind[] = [
  // Recordings first: their period is the shortest, and the messages step empties attachments too.
  {
    name: 'recordings',
    // Voicemails are voice messages with a recording link; the file stays at the provider
    // until an operator deletes it there (README, "Privacy and protected customers").
    next: (cutoff, after) =>
      Message.find({ channel: 'voice', createdAt: { $lt: cutoff }, ...afterId(after) }, { _id: 1, attachments: 1 })
        .sort({ _id: 1 })
        .limit(BATCH)
        .lean(),
    due: (m) => (m.attachments ?? []).some((a) => a.url && a.url !== ERASED),
    apply: async (id) => {
      await Message.updateOne({ _id: String(id) }, { $set: { attachments: [] } });
    },
  },
  {
    name: 'messages',
    next: (cutoff, after) =>
      Message.find({ createdAt: { $lt: cutoff }, body: { $ne: ERASED }, direction: { $in: ['in', 'out'] }, ...afterId(after) }, { _id: 1 })
        .sort({ _id: 1 })
        .limit(BATCH)
        .lean(),
    apply: async (id) => {
      await Message.updateOne(
        { _id: String(id) },
        { $set: { body: ERASED, subject: ERASED, attachments: [] }, $unset: { headers: 1, raw: 1 } },
      );
    },
  },
  {
    name: 'closedTickets',
    next: async (cutoff, after) =>
      Ticket.find(
        {
          status: { $in: ['resolved', 'closed'] },
          resolvedAt: { $lt: cutoff },
          subject: { $ne: ERASED },
          ...afterId(after),
        },
        { _id: 1 },
      )
        .sort({ _id: 1 })
        .limit(BATCH)
        .lean(),
    apply: async (id) => {
      await Ticket.updateOne(
        { _id: id as never },
        { $set: { 'contact.name': ERASED, 'contact.address': ERASED, subject: ERASED }, $unset: { trackingTokenHash: 1 } },
      );
    },
  },
  {
    name: 'readings',
    next: (cutoff, after) =>
      Reading.find({ receivedAt: { $lt: cutoff }, from: { $exists: true }, ...afterId(after) }, { _id: 1 })
        .sort({ _id: 1 })
        .limit(BATCH)
        .lean(),
    apply: async (id) => {
      await Reading.updateOne({ _id: id as never }, { $unset: { from: 1 } });
    },
  },
  {
    // A finished callback keeps the number it dialled for RETENTION_CALLBACKS_DAYS; the
    // ticket keeps its own contact data for its own period.
    name: 'callbacks',
    next: (cutoff, after) =>
      Callback.find(
        { state: { $in: ['connected', 'failed'] }, updatedAt: { $lt: cutoff }, phone: { $ne: ERASED }, ...afterId(after) },
        { _id: 1 },
      )
        .sort({ _id: 1 })
        .limit(BATCH)
        .lean(),
    apply: async (id) => {
      await Callback.updateOne({ _id: String(id) }, { $set: { phone: ERASED } });
    },
  },
  {
    // A survey's free-text comment is a message text: the messages' period; the score stays (statistics).
    name: 'surveyComments',
    next: (cutoff, after) =>
      Survey.find({ answeredAt: { $lt: cutoff }, comment: { $exists: true }, ...afterId(after) }, { _id: 1 })
        .sort({ _id: 1 })
        .limit(BATCH)
        .lean(),
    apply: async (id) => {
      await Survey.updateOne({ _id: String(id) }, { $unset: { comment: 1 } });
    },
  },
  {
    // The dev outbox's copies of what would have been sent: deleted with the messages' period.
    name: 'outbox',
    next: (cutoff, after) =>
      OutboxItem.find({ at: { $lt: cutoff }, ...afterId(after) }, { _id: 1 })
        .sort({ _id: 1 })
        .limit(BATCH)
        .lean(),
    apply: async (id) => {
      await OutboxItem.deleteOne({ _id: id as never });
    },
  },
  {
    // A customer's data-export link is deleted once expired (PRIVACY_EXPORT_LINK_HOURS after it was sent).
    name: 'exportLinks',
    next: (cutoff, after) =>
      ExportLink.find({ expiresAt: { $lt: cutoff }, ...afterId(after) }, { _id: 1 })
        .sort({ _id: 1 })
        .limit(BATCH)
        .lean(),
    apply: async (id) => {
      await ExportLink.deleteOne({ _id: String(id) });
    },
  },
];

export function retentionCutoffs(ctx: Pick<CoreContext, 'config'>, asOf: Date): RetentionReport['cutoffs'] {
  const c = ctx.config;
  const back = (days: number) => new Date(asOf.getTime() - days * DAY);
  return {
    messages: back(c.RETENTION_MESSAGES_DAYS),
    recordings: back(c.RETENTION_RECORDINGS_DAYS),
    closedTickets: back(c.RETENTION_CLOSED_TICKETS_DAYS),
    readings: back(c.RETENTION_READINGS_DAYS),
    callbacks: back(c.RETENTION_CALLBACKS_DAYS),
    surveyComments: back(c.RETENTION_MESSAGES_DAYS),
    outbox: back(c.RETENTION_MESSAGES_DAYS),
    exportLinks: asOf,
  };
}

/** Applies (or, dry, counts) what is past its retention period as of `asOf`. */
export async function runRetention(ctx: CoreContext, asOf: Date, opts: { dryRun?: boolean } = {}): Promise<RetentionReport> {
  const cutoffs = retentionCutoffs(ctx, asOf);
  const counts = Object.fromEntries(RETENTION_KINDS.map((k) => [k, 0])) as RetentionCounts;
  for (const kind of KINDS) {
    let after: unknown = null;
    while (counts[kind.name] < MAX_PER_RUN) {
      const rows = await kind.next(cutoffs[kind.name], after);
      if (rows.length === 0) break;
      // Paged by `_id` in both modes: the dry run changes nothing, so it could not rely on
      // the changed documents dropping out of the query.
      after = rows[rows.length - 1]!._id;
      const due = kind.due ? rows.filter((r) => kind.due!(r)) : rows;
      if (!opts.dryRun) for (const r of due) await kind.apply(r._id);
      counts[kind.name] += due.length;
    }
  }
  ctx.logger.info({ ...counts, dryRun: !!opts.dryRun }, 'retention');
  return { asOf, dryRun: !!opts.dryRun, cutoffs, counts };
}
