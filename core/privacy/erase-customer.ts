// Erasure of a customer's personal data on request (GDPR Art. 17; 152-FZ art. 21): personal
// data replaced by placeholders everywhere it lives, statistics untouched (reporting events
// and buckets carry no personal data), legal records (bills, payments, formal notices) kept
// for the rule set's years. Refused while a dispute or a legal dunning step is open.
// Without transactions it is a list of idempotent steps; the Erasure document records the
// finished ones, so a run that died resumes where it stopped (the `erasures` job, or the
// same request again). The customer document is cleaned last: until then it still holds the
// phones and e-mails the earlier steps look for.
import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Audit } from '../../models/audit';
import { Bill } from '../../models/bill';
import { Callback } from '../../models/callback';
import { dropBookingsOf } from '../walk-in/bookings';
import { ContactPoint, emailKey, phoneKey } from '../../models/contact-point';
import { Contract } from '../../models/contract';
import { Customer } from '../../models/customer';
import { Erasure } from '../../models/erasure';
import { ExportLink } from '../../models/export-link';
import { Inbox } from '../../models/inbox';
import { Message } from '../../models/message';
import { Outage } from '../../models/outage';
import { OutageNotice, outageNoticeId } from '../../models/outage-notice';
import { OutboxItem } from '../../models/outbox-item';
import { Payment } from '../../models/payment';
import { QueueItem } from '../../models/queue-item';
import { Reading } from '../../models/reading';
import { Reminder } from '../../models/reminder';
import { TariffChange } from '../../models/tariff-change';
import { Survey, SurveyByPhone } from '../../models/survey';
import { Thread } from '../../models/thread';
import { Ticket } from '../../models/ticket';
import { NOTICE_STAGES } from '../../wire/outages';
import type { CoreContext } from '../context';
import { Conflict, DomainError, NotFound } from '../errors';
import { forgetIdentities } from '../ingest/identify-customer';
import { contactErasers } from './contact-erasers';
import { outboundMessageIds } from './records';

export const ERASED = '[erased]';
const LEGAL_STAGES = ['formal_notice', 'power_reduction', 'suspension_eligible'];
const BATCH = 200;

export interface EraseCommand {
  accountNumber: string;
  /** Why (a short code or sentence; no personal data): audited. */
  reason: string;
  actor: string;
  /** Test hook: called after each finished step (the killed-worker test dies here). */
  afterStep?: (step: string) => void | Promise<void>;
}

export type EraseResult = { status: 'erased' | 'already_erased'; accountNumber: string; steps: string[] };

interface Target {
  accountNumber: string;
  phones: string[];
  emails: string[];
  contractNumbers: string[];
  ticketIds: string[];
}

/** Why the customer's data may not be erased now, or null. */
export async function erasureBlocker(accountNumber: string): Promise<{ reason: string; message: string } | null> {
  const [contracts, bills, openDisputes] = await Promise.all([
    Contract.find({ accountNumber }, { disputeTicketId: 1 }).lean(),
    Bill.find({ accountNumber, status: 'open' }, { dunning: 1, disputed: 1 }).lean(),
    Ticket.countDocuments({ accountNumber, category: 'disputed_contract', status: { $nin: ['resolved', 'closed'] } }),
  ]);
  if (openDisputes > 0 || contracts.some((c) => c.disputeTicketId) || bills.some((b) => b.disputed))
    return { reason: 'dispute_open', message: 'a disputed-contract case is open: erase after it is closed' };
  if (bills.some((b) => LEGAL_STAGES.includes(b.dunning?.stage ?? '')))
    return {
      reason: 'legal_dunning_step_open',
      message: 'a bill is at a legal dunning step (formal notice or later): erase after it is settled',
    };
  return null;
}

type Step = { name: string; run: (ctx: CoreContext, t: Target, now: Date) => Promise<void> };

const blankMessage = {
  $set: { body: ERASED, subject: ERASED, from: ERASED, to: ERASED, attachments: [] },
  $unset: { headers: 1, raw: 1 },
};

/** Attachment files (DATA_DIR/attachments/<2>/<sha256>, channels/email/attachment-store.ts) no other message uses. */
async function removeFiles(
  ctx: CoreContext,
  messages: Array<{ _id: unknown; attachments?: Array<{ storageKey?: string | null }> | null }>,
) {
  const root = resolve(ctx.config.DATA_DIR, 'attachments');
  for (const m of messages)
    for (const a of m.attachments ?? []) {
      const key = a.storageKey;
      if (!key || !/^[a-f0-9]{64}$/.test(key)) continue;
      // Content-addressed: the same bytes sent by someone else share the file.
      const shared = await Message.exists({ 'attachments.storageKey': key, _id: { $ne: String(m._id) } });
      if (!shared) await rm(join(root, key.slice(0, 2), key), { force: true });
    }
}

const STEPS: Step[] = [
  {
    name: 'messages',
    async run(ctx, t) {
      for (const ticketId of t.ticketIds) {
        const rows = await Message.find({ ticketId, body: { $ne: ERASED } }, { attachments: 1 })
          .limit(BATCH)
          .lean();
        for (let batch = rows; batch.length > 0;) {
          await removeFiles(ctx, batch);
          await Promise.all(batch.map((m) => Message.updateOne({ _id: m._id }, blankMessage)));
          await Promise.all(batch.map((m) => Inbox.deleteOne({ _id: m._id })));
          batch = await Message.find({ ticketId, body: { $ne: ERASED } }, { attachments: 1 })
            .limit(BATCH)
            .lean();
        }
      }
    },
  },
  {
    name: 'outbound',
    async run(_ctx, t) {
      const [rs, changes] = await Promise.all([
        Reminder.find({ accountNumber: t.accountNumber }, { _id: 1 }).lean(),
        TariffChange.find({}, { _id: 1 }).lean(),
      ]);
      const ids = outboundMessageIds(
        rs.map((r) => String(r._id)),
        changes.map((c) => `${String(c._id)}:${t.accountNumber}`),
        t.ticketIds,
      );
      for (let i = 0; i < ids.length; i += BATCH)
        await Promise.all(ids.slice(i, i + BATCH).map((id) => Message.updateOne({ _id: id }, blankMessage)));
    },
  },
  {
    name: 'tickets',
    async run(_ctx, t) {
      for (const id of t.ticketIds) {
        await Ticket.updateOne(
          { _id: id },
          { $set: { 'contact.name': ERASED, 'contact.address': ERASED, subject: ERASED }, $unset: { trackingTokenHash: 1 } },
        );
        await Survey.updateOne({ _id: id }, { $unset: { comment: 1 } });
        // A waiting ticket's queue entry carries its message's first line (the console's preview).
        await QueueItem.updateOne({ _id: id, preview: { $exists: true } }, { $set: { preview: ERASED } });
        // A callback request (keyed by its ticket) holds the number to call.
        await Callback.updateOne({ _id: String(id) }, { $set: { phone: ERASED } });
      }
      // Open-thread pointers name the customer (c:<account>:…) or the sender (a:<channel>:<address>:…);
      // the table holds only open threads (small), so a read by the ticket id is cheap.
      for (const id of t.ticketIds) await Thread.deleteMany({ ticketId: id });
    },
  },
  {
    name: 'readings',
    async run(_ctx, t) {
      for (const contractNumber of t.contractNumbers)
        await Reading.updateMany({ contractNumber, from: { $exists: true } }, { $unset: { from: 1 } });
    },
  },
  {
    name: 'contracts',
    async run(_ctx, t) {
      for (const id of t.contractNumbers) await Contract.updateOne({ _id: id }, { $set: { address: ERASED } });
    },
  },
  {
    name: 'contact',
    async run(ctx, t) {
      for (const p of t.phones) {
        await ContactPoint.deleteOne({ _id: phoneKey(p), accountNumber: t.accountNumber });
        await SurveyByPhone.deleteOne({ _id: phoneKey(p) });
        // Outage notifications asked for by phone: the pointer and the message keyed by the number.
        const outages = await Outage.find({ notifyPhones: p }, { _id: 1 }).lean();
        for (const o of outages) {
          // The notices to an IVR caller are keyed by the number ("<outage>:p<phone>:<stage>"); gone before the pointer.
          await OutageNotice.deleteMany({ _id: { $in: NOTICE_STAGES.map((s) => outageNoticeId(String(o._id), `p${p}`, s)) } });
          await Outage.updateOne({ _id: o._id }, { $pull: { notifyPhones: p } });
          await Message.deleteOne({ _id: `outage:${String(o._id)}:${p}` });
        }
      }
      for (const e of t.emails) await ContactPoint.deleteOne({ _id: emailKey(e), accountNumber: t.accountNumber });
      // Walk-in slots booked with the account or a phone: removed, their seats free again.
      await dropBookingsOf({ accountNumber: t.accountNumber, phones: t.phones });
      // The customer's own export links: after erasure there is nothing to download.
      await ExportLink.deleteMany({ accountNumber: t.accountNumber });
      // The dev outbox's copies (development only, a small collection) addressed to the customer.
      const addresses = [...t.phones, ...t.emails];
      if (addresses.length) await OutboxItem.deleteMany({ to: { $in: addresses } });
      for (const eraser of contactErasers()) await eraser({ phones: t.phones, emails: t.emails, now: ctx.clock.now() });
    },
  },
  {
    name: 'legal-records',
    async run(ctx, t, now) {
      // Past the legal period, bills and payments go; within it they stay (they name no one but the account).
      const before = new Date(now);
      before.setUTCFullYear(before.getUTCFullYear() - ctx.rules.privacy.legalRecordYears);
      const old = await Bill.find(
        { accountNumber: t.accountNumber, status: { $ne: 'open' }, issuedAt: { $lt: before } },
        { _id: 1 },
      ).lean();
      for (const b of old) {
        await Payment.deleteMany({ billNumber: String(b._id) });
        await Bill.deleteOne({ _id: b._id });
      }
    },
  },
  {
    name: 'customer',
    async run(_ctx, t, now) {
      await Customer.updateOne(
        { _id: t.accountNumber },
        {
          $set: {
            name: ERASED,
            phones: [],
            emails: [],
            vulnerabilities: [],
            hardship: [],
            consents: { sms: false, email: false, voice: false, marketing: false },
            anonymisedAt: now,
          },
        },
      );
      forgetIdentities();
    },
  },
];

export const ERASURE_STEPS = STEPS.map((s) => s.name);

/** Erases the customer's personal data, or finishes an erasure a crash interrupted. */
export async function eraseCustomer(ctx: CoreContext, cmd: EraseCommand): Promise<EraseResult> {
  const now = ctx.clock.now();
  const existing = await Erasure.findById(cmd.accountNumber).lean();
  if (existing?.status === 'done') return { status: 'already_erased', accountNumber: cmd.accountNumber, steps: existing.steps };
  const customer = await Customer.findById(cmd.accountNumber, { phones: 1, emails: 1 }).lean();
  if (!customer) throw NotFound('customer');
  if (!existing) {
    const blocker = await erasureBlocker(cmd.accountNumber);
    if (blocker) throw new DomainError('ErasureRefused', blocker.message, 409, { reason: blocker.reason });
    try {
      await Erasure.create({ _id: cmd.accountNumber, status: 'running', requestedBy: cmd.actor, reason: cmd.reason, requestedAt: now });
    } catch (err) {
      if ((err as { code?: number }).code !== 11000) throw err;
    }
    await Audit.create({
      at: now,
      actor: cmd.actor,
      action: 'customer.erase.start',
      target: `customer:${cmd.accountNumber}`,
      details: cmd.reason,
    });
  }
  return resumeErasure(ctx, cmd);
}

/** Runs the steps not yet recorded as done; used by eraseCustomer and the `erasures` job. */
export async function resumeErasure(ctx: CoreContext, cmd: Pick<EraseCommand, 'accountNumber' | 'afterStep'>): Promise<EraseResult> {
  const erasure = await Erasure.findById(cmd.accountNumber).lean();
  if (!erasure) throw NotFound('erasure');
  if (erasure.status === 'done') return { status: 'already_erased', accountNumber: cmd.accountNumber, steps: erasure.steps };
  const customer = await Customer.findById(cmd.accountNumber, { phones: 1, emails: 1 }).lean();
  if (!customer) throw Conflict('ErasureBroken', 'the customer record is missing');
  const [contracts, tickets] = await Promise.all([
    Contract.find({ accountNumber: cmd.accountNumber }, { _id: 1 }).lean(),
    Ticket.find({ accountNumber: cmd.accountNumber }, { _id: 1 }).lean(),
  ]);
  const target: Target = {
    accountNumber: cmd.accountNumber,
    phones: customer.phones ?? [],
    emails: customer.emails ?? [],
    contractNumbers: contracts.map((c) => String(c._id)),
    ticketIds: tickets.map((t) => String(t._id)),
  };
  const done = new Set(erasure.steps ?? []);
  const now = ctx.clock.now();
  for (const step of STEPS) {
    if (done.has(step.name)) continue;
    await step.run(ctx, target, now);
    await Erasure.updateOne({ _id: cmd.accountNumber }, { $addToSet: { steps: step.name } });
    done.add(step.name);
    await cmd.afterStep?.(step.name);
  }
  await Erasure.updateOne({ _id: cmd.accountNumber }, { $set: { status: 'done', finishedAt: now } });
  await Audit.create({ at: now, actor: erasure.requestedBy, action: 'customer.erase.done', target: `customer:${cmd.accountNumber}` });
  ctx.logger.info({ accountNumber: cmd.accountNumber }, 'customer erased');
  return { status: 'erased', accountNumber: cmd.accountNumber, steps: [...done] };
}

/** The `erasures` job: finishes every erasure a crash left running. */
export async function resumeErasures(ctx: CoreContext): Promise<{ [k: string]: number; resumed: number }> {
  const running = await Erasure.find({ status: 'running' }, { _id: 1 }).limit(BATCH).lean();
  for (const e of running) await resumeErasure(ctx, { accountNumber: String(e._id) });
  return { resumed: running.length };
}
