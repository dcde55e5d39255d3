// Writes down who an outage stage's notice goes to, one row per recipient keyed
// "<outage>:<recipient>:<stage>" (models/outage-notice.ts), inserted in batches with insertNew:
// a run that died half-way plans again and adds only what is missing. The declaration goes to
// every customer of the area; the restoration to each open linked contact (its final message,
// which closes it), to each IVR caller who asked to be texted, and to every other customer of
// the area — once per customer, whichever way they are reached; protected customers first.
import { contractsOf } from '../areas';
import { Outage, type OutageRow } from '../../../models/outage';
import { OutageNotice, outageNoticeId } from '../../../models/outage-notice';
import { accountByPhone } from '../../../models/repos/customers';
import { Ticket } from '../../../models/ticket';
import { insertNew } from '../../../models/store';
import type { NoticeStage } from '../../../wire/outages';
import { OPEN } from '../../tickets/ticket-access';
import { flaggedCustomersIn } from '../../protection/flagged-customers';
import { noticeOrder, type Recipient } from './notice-rules';

export async function planNotices(
  outage: OutageRow,
  stage: NoticeStage,
  asOf: Date,
  batchSize: number,
): Promise<{ planned: number; added: number }> {
  const outageId = String(outage._id);
  // The place's protected customers (a read of its contracts and their customers by `_id`): served first.
  const flagged = new Map(
    (await flaggedCustomersIn({ areaCodes: outage.areaCodes ?? [], supplyPointCodes: outage.supplyPoints ?? [] })).map((c) => [
      c.accountNumber,
      c.essential ? ('essential' as const) : ('flagged' as const),
    ]),
  );
  const keys = new Set<string>();
  const covered = new Set<string>();
  let batch: Recipient[] = [];
  let added = 0;
  const flush = async () => {
    if (!batch.length) return;
    const docs = batch.map((r) => ({
      _id: outageNoticeId(outageId, r.key, stage),
      outageId,
      stage,
      accountNumber: r.accountNumber,
      ticketId: r.ticketId,
      phone: r.phone,
      order: noticeOrder({ ...r, protection: r.accountNumber ? flagged.get(r.accountNumber) : undefined }),
      status: 'pending',
      notBefore: asOf,
      attempts: 0,
    }));
    added += (await insertNew(OutageNotice, docs)).size;
    batch = [];
  };
  const add = async (r: Recipient) => {
    if (keys.has(r.key)) return;
    keys.add(r.key);
    if (r.accountNumber) covered.add(r.accountNumber);
    batch.push(r);
    if (batch.length >= batchSize) await flush();
  };

  if (stage === 'resolved') {
    for await (const t of Ticket.find({ outageId, status: { $in: [...OPEN] } }, { accountNumber: 1 })
      .lean()
      .cursor({ batchSize }))
      await add({ key: `t${String(t._id)}`, ticketId: String(t._id), accountNumber: t.accountNumber ?? undefined });
    for (const phone of outage.notifyPhones ?? []) {
      const account = await accountByPhone(phone);
      if (account) await add({ key: `a${account}`, accountNumber: account });
      else await add({ key: `p${phone}`, phone });
    }
  }
  for await (const k of contractsOf(outage, batchSize)) {
    if (covered.has(k.accountNumber)) continue;
    await add({ key: `a${k.accountNumber}`, accountNumber: k.accountNumber });
  }
  await flush();
  await Outage.updateOne(
    { _id: outage._id },
    { $set: { [`noticeRuns.${stage}.planned`]: true, [`figures.notices.${stage}.planned`]: keys.size } },
  );
  return { planned: keys.size, added };
}
