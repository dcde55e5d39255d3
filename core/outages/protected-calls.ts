// Protected customers in an outage (issue 13 × issue 21): when an outage is declared, promoted
// or reaches new areas, every life-support or medical-equipment customer of its place gets a call
// task (someone rings them first: docs/rules.md, "Protected customers"), once per customer and
// outage whatever is retried or extended (the task's `_id` is the pair), and the outage keeps how
// many flagged customers its place holds — a count, no medical detail.
import { Outage, type OutageRow } from '../../models/outage';
import { ensureTask, Task } from '../../models/task';
import type { CoreContext } from '../context';
import { inPool } from '../pool';
import { flaggedCustomersIn } from '../protection/flagged-customers';

export const outageCallId = (outageId: string, accountNumber: string) => `outage_call:${outageId}:${accountNumber}`;

export async function planProtectedCalls(
  ctx: Pick<CoreContext, 'logger'>,
  outage: Pick<OutageRow, '_id' | 'number' | 'areaCodes' | 'supplyPoints'>,
): Promise<{ protectedCustomers: number; tasksCreated: number }> {
  const outageId = String(outage._id);
  const flagged = await flaggedCustomersIn({ areaCodes: outage.areaCodes ?? [], supplyPointCodes: outage.supplyPoints ?? [] });
  let tasksCreated = 0;
  await inPool(
    flagged.filter((c) => c.essential),
    8,
    async (c) => {
      const created = await ensureTask({
        _id: outageCallId(outageId, c.accountNumber),
        kind: 'outage_call',
        status: 'open',
        outageId,
        accountNumber: c.accountNumber,
        contractNumber: c.contractNumbers[0],
        note: `${outage.number ?? outageId}: call first (essential supply)`,
      });
      if (created) tasksCreated += 1;
    },
  );
  // The place only grows or shrinks by a supervisor's change: the last count written is the place's.
  await Outage.updateOne({ _id: outage._id }, { $set: { protectedCustomers: flagged.length } });
  if (tasksCreated) ctx.logger.info({ outageId, tasksCreated }, 'outage call tasks for essential supplies');
  return { protectedCustomers: flagged.length, tasksCreated };
}

/** The call tasks of an outage, open first, for the incident's page (no medical detail: a task says "call first"). */
export async function outageCalls(
  outageId: string,
): Promise<Array<{ taskId: string; accountNumber?: string; contractNumber?: string; status: string }>> {
  const rows = await Task.find({ outageId, kind: 'outage_call' }, { accountNumber: 1, contractNumber: 1, status: 1 }).limit(500).lean();
  return rows
    .map((t) => ({
      taskId: String(t._id),
      accountNumber: t.accountNumber ?? undefined,
      contractNumber: t.contractNumber ?? undefined,
      status: t.status ?? 'open',
    }))
    .sort(
      (a, b) => Number(a.status !== 'open') - Number(b.status !== 'open') || (a.accountNumber ?? '').localeCompare(b.accountNumber ?? ''),
    );
}
