// Use case: a customer sent a meter reading (SMS, IVR keypad). Stores a Reading with the
// verdict of validateReading, moves the contract's last reading when accepted, and opens a
// ticket through ingest when a person has to look at it (held, or an unknown sender).
// Idempotent on the message key: the Reading's `_id` is derived from it, so a replayed
// webhook finds the first verdict and changes nothing.
import { createHash } from 'node:crypto';
import { Types } from 'mongoose';
import { Contract } from '../../models/contract';
import { accountByPhone, customerByAccount } from '../../models/repos/customers';
import { ticketById } from '../../models/repos/tickets';
import { type Language } from '../../wire';
import type { Channel } from '../../wire';
import { Reading } from '../../models/reading';
import { isDuplicateKey } from '../../models/store';
import { Ticket } from '../../models/ticket';
import { ingest, type IngestContext } from '../ingest/ingest';
import { toE164 } from '../phone';
import type { ParsedReading } from './parse';
import { validateReading, type ReadingVerdict } from './validate';

export interface RecordReadingCommand {
  /** The message key the reading came with ("sms:<MessageSid>", "voice:<CallSid>:<contract>"). */
  key: string;
  channel: Extract<Channel, 'sms' | 'voice' | 'web'>;
  /** The provider's id for ingest (MessageSid, "<CallSid>:reading:<contract>"). */
  externalId: string;
  from: string;
  text: string;
  reading: ParsedReading;
  receivedAt: Date;
}

export interface RecordReadingResult {
  status: 'accepted' | 'held' | 'rejected';
  /** Why, when rejected or held; notes (rollover, unknown_sender, outside_window) otherwise. */
  reasons: string[];
  forNextBill: boolean;
  /** 'unknown_contract' is a rejection without a contract to look at. */
  unknownContract: boolean;
  ticketNumber?: string;
  /** The customer's language, when the contract is known. */
  language?: Language;
  digits?: number;
  registers?: number;
  duplicate: boolean;
}

export interface ReadingContext extends IngestContext {
  readingRules: { plausibilityFactor: number; timeZone: string };
  /** Wait for the contract's last reading to move before answering (keypad read-back, scripts). */
  awaitProjections?: boolean;
}

/** ObjectId derived from the message key: the same message always maps to the same Reading. */
export function readingId(key: string): Types.ObjectId {
  return new Types.ObjectId(createHash('sha256').update(`reading:${key}`).digest('hex').slice(0, 24));
}

async function fromStored(id: Types.ObjectId): Promise<RecordReadingResult | null> {
  const r = await Reading.findById(id).lean();
  if (!r) return null;
  const [ticket, contract] = await Promise.all([
    r.ticketId ? ticketById(r.ticketId, { number: 1 }) : null,
    Contract.findById(r.contractNumber, { accountNumber: 1, meter: 1 }).lean(),
  ]);
  const customer = contract ? await customerByAccount(contract.accountNumber, { language: 1 }) : null;
  return {
    status: r.status,
    reasons: r.reasons ?? [],
    forNextBill: r.forNextBill ?? false,
    unknownContract: !contract,
    ticketNumber: ticket?.number,
    language: customer?.language ?? undefined,
    digits: contract?.meter?.digits ?? undefined,
    registers: contract?.meter?.registers ?? undefined,
    duplicate: true,
  };
}

export async function recordReading(ctx: ReadingContext, cmd: RecordReadingCommand): Promise<RecordReadingResult> {
  const id = readingId(cmd.key);
  // The replay check and the contract read run together: on a first delivery both are needed.
  const [seen, contract] = await Promise.all([fromStored(id), Contract.findById(cmd.reading.contractNumber).lean()]);
  if (seen) return seen;

  const base = {
    _id: id,
    contractNumber: cmd.reading.contractNumber,
    values: cmd.reading.values,
    channel: cmd.channel,
    from: cmd.from,
    messageId: cmd.key,
    receivedAt: cmd.receivedAt,
  };
  if (!contract) {
    try {
      await Reading.create({ ...base, status: 'rejected', reasons: ['unknown_contract'] });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
    ctx.events.emit('reading.received', {
      contractNumber: cmd.reading.contractNumber,
      channel: cmd.channel,
      status: 'rejected',
      at: cmd.receivedAt,
    });
    return { status: 'rejected', reasons: ['unknown_contract'], forNextBill: false, unknownContract: true, duplicate: false };
  }

  const e164 = toE164(cmd.from, ctx.config.DEFAULT_COUNTRY);
  const [senderAccount, customer] = await Promise.all([
    e164 ? accountByPhone(e164) : null,
    customerByAccount(contract.accountNumber, { language: 1 }),
  ]);
  const language = customer?.language ?? ctx.config.DEFAULT_LANGUAGE;
  const verdict: ReadingVerdict = validateReading(
    { ...contract, contractNumber: contract._id, readingWindow: contract.readingWindow ?? undefined, meter: contract.meter ?? undefined },
    { service: cmd.reading.service, values: cmd.reading.values, senderIsCustomer: senderAccount === contract.accountNumber },
    ctx.readingRules,
    cmd.receivedAt,
  );

  let ticketId: string | undefined;
  let ticketNumber: string | undefined;
  if (verdict.status !== 'rejected' && verdict.needsReview) {
    const opened = await ingest(ctx, {
      channel: cmd.channel,
      externalId: cmd.externalId,
      from: cmd.from,
      body: cmd.text,
      receivedAt: cmd.receivedAt,
      category: 'meter_reading',
      language,
      identity: { accountNumber: contract.accountNumber, contractNumber: contract._id },
      newThread: true,
    });
    ticketId = opened.ticketId;
    ticketNumber = opened.ticketNumber;
    if (ticketId) {
      await Ticket.updateOne(
        { _id: ticketId },
        { $set: { needsReview: true, contractNumber: contract._id }, $addToSet: { tags: { $each: ['self_reading', ...verdict.reasons] } } },
      );
    }
  }

  try {
    await Reading.create({
      ...base,
      accountNumber: contract.accountNumber,
      status: verdict.status,
      reasons: verdict.reasons,
      forNextBill: verdict.forNextBill,
      ticketId,
    });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    return (await fromStored(id)) as RecordReadingResult;
  }

  // Only a newer reading moves the contract (replays never get here: the Reading insert above
  // is the idempotency check). The filter is `_id` alone so the store looks it up by key.
  // The Reading is the durable record; the contract's last reading is a projection of it,
  // moved after the reply (an update waits on the store's write lock far longer than an
  // insert on FerretDB/SQLite). If it fails, the next reading is judged on the older value
  // and, at worst, held for a person — nothing is lost.
  if (verdict.status === 'accepted' && (!contract.lastReadingAt || contract.lastReadingAt <= cmd.receivedAt)) {
    const move = Contract.updateOne({ _id: contract._id }, { $set: { lastReading: cmd.reading.values, lastReadingAt: cmd.receivedAt } });
    if (ctx.awaitProjections) await move;
    else
      move.catch((err: unknown) =>
        ctx.logger.error({ err, contract: contract._id, readingId: String(id) }, 'contract last reading not moved'),
      );
  }
  ctx.events.emit('reading.received', { contractNumber: contract._id, channel: cmd.channel, status: verdict.status, at: cmd.receivedAt });
  ctx.logger.info(
    { readingId: String(id), contract: contract._id, status: verdict.status, reasons: verdict.reasons, ticketId },
    'self-reading recorded',
  );
  return {
    status: verdict.status,
    reasons: verdict.reasons,
    forNextBill: verdict.forNextBill,
    unknownContract: false,
    ticketNumber,
    language,
    digits: verdict.digits,
    registers: verdict.registers,
    duplicate: false,
  };
}
