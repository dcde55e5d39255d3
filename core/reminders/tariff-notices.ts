// Tariff / rules change notices (seed 002 §7.1.8) to the customers whose supplies are
// affected: one notice per (change, customer), preferred channel with fallback, consent
// and quiet hours honoured (queued to the next allowed time), left pending when no
// channel can carry it.
import type { CoreContext } from '../context';
import { DomainError } from '../errors';
import { Contract } from '../../models/contract';
import { customerByAccount } from '../../models/repos/customers';
import { isDuplicateKey } from '../../models/store';
import { TariffChange, TariffNotice } from '../../models/tariff-change';
import { formatDate, translateReminder } from './catalog';
import { channelOrder, quietUntil, reach } from './delivery-rules';

export async function runTariffNotices(ctx: CoreContext, asOf: Date): Promise<Record<string, number>> {
  const counts = { changes: 0, contracts: 0, created: 0, sent: 0, deferred: 0, pending: 0 };
  const changes = await TariffChange.find({ announceFrom: { $lte: asOf }, effectiveAt: { $gte: asOf } }).lean();
  for (const change of changes) {
    counts.changes += 1;
    const filter: Record<string, unknown> = { status: 'active' };
    if (change.service) filter.service = change.service;
    if (change.areaCode) filter.areaCode = change.areaCode;
    for await (const k of Contract.find(filter, { accountNumber: 1 }).lean().cursor({ batchSize: 500 })) {
      counts.contracts += 1;
      const id = `${change._id}:${k.accountNumber}`;
      try {
        await TariffNotice.create({ _id: id, changeId: change._id, accountNumber: k.accountNumber, status: 'pending', notBefore: asOf });
        counts.created += 1;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
    }
    for await (const n of TariffNotice.find({ changeId: change._id, status: 'pending', notBefore: { $lte: asOf } })
      .lean()
      .cursor({ batchSize: 500 })) {
      counts[await deliver(ctx, n._id, n.accountNumber, change, asOf)] += 1;
    }
  }
  return counts;
}

type Change = { _id: string; effectiveAt: Date; summary?: { it?: string | null; ru?: string | null; en?: string | null } | null };

async function deliver(
  ctx: CoreContext,
  id: string,
  accountNumber: string,
  change: Change,
  asOf: Date,
): Promise<'sent' | 'deferred' | 'pending'> {
  const customer = await customerByAccount(accountNumber);
  if (!customer) {
    await TariffNotice.updateOne({ _id: id }, { $set: { status: 'failed', reason: 'customer_missing' } });
    return 'pending';
  }
  const language = customer.language ?? ctx.config.DEFAULT_LANGUAGE;
  const summary = change.summary?.[language] ?? change.summary?.it ?? change.summary?.en ?? '';
  const params = { name: customer.name, effectiveDate: formatDate(change.effectiveAt, language, ctx.config.TIMEZONE), summary };
  const tried: string[] = [];
  for (const channel of channelOrder(customer.preferredChannel, ctx.rules, ['sms', 'email', 'voice'])) {
    const reached = reach(channel, customer, ctx.outbound);
    if ('skip' in reached) {
      tried.push(`${channel}:${reached.skip}`);
      continue;
    }
    const { to, sender } = reached;
    const until = quietUntil(channel, ctx.rules, asOf, ctx.config.TIMEZONE);
    if (until) {
      await TariffNotice.updateOne({ _id: id }, { $set: { notBefore: until, reason: `quiet_hours:${channel}` } });
      return 'deferred';
    }
    try {
      await sender.send({
        messageId: `notice:${id}:${channel}`,
        to,
        language,
        kind: 'notice',
        accountNumber,
        subject: translateReminder(language, 'tariff.subject', params),
        body: translateReminder(language, 'tariff.body', params),
      });
      await TariffNotice.updateOne({ _id: id }, { $set: { status: 'sent', channel, sentAt: asOf, reason: null } });
      return 'sent';
    } catch (err) {
      tried.push(`${channel}:${err instanceof DomainError ? err.code : 'error'}`);
    }
  }
  await TariffNotice.updateOne({ _id: id }, { $set: { reason: 'no_channel_available', tried } });
  return 'pending';
}
