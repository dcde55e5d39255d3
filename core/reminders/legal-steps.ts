// The legal steps of a dunning stage, before any message: the registered letter (written
// and handed to postal dispatch) and the operations tasks (power reduction, suspension —
// on a shared supply blocked until every resident is informed). Idempotent by their keys.
import type { CoreContext } from '../context';
import { ensureTask } from '../../models/task';
import { Reminder } from '../../models/reminder';
import { formatDate } from './catalog';
import { writeLetter } from './letter';
import type { Notice } from './notice';
import type { Checked } from './recheck';
import type { Sending } from './sending';

export async function legalSteps(ctx: CoreContext, s: Sending, checked: Checked, notice: Notice): Promise<void> {
  if (checked.def?.letter) await sendLetter(ctx, s, checked, notice);
  if (checked.def?.operationsTask) await operationsTasks(s, checked, notice);
}

async function sendLetter(ctx: CoreContext, s: Sending, { bill, contract, customer }: Checked, notice: Notice): Promise<void> {
  const { reminder, now } = s;
  const key = await writeLetter(ctx.config.DATA_DIR, {
    billNumber: bill.billNumber,
    stage: reminder.stage,
    language: notice.language,
    name: customer.name,
    address: contract?.address,
    amount: notice.params.amount,
    dueDate: notice.params.dueDate,
    date: formatDate(now, notice.language, ctx.config.TIMEZONE),
  });
  await ensureTask({
    _id: `postal_dispatch:${reminder._id}`,
    kind: 'postal_dispatch',
    billNumber: bill.billNumber,
    accountNumber: bill.accountNumber ?? undefined,
    contractNumber: bill.contractNumber,
    amount: notice.debt,
    documentKey: key,
    dueAt: now,
    note: 'registered letter: formal notice',
  });
  await Reminder.updateOne({ _id: reminder._id }, { $set: { letterKey: key } });
}

async function operationsTasks(s: Sending, { bill, contract }: Checked, notice: Notice): Promise<void> {
  const { reminder, now } = s;
  const kind = reminder.stage === 'power_reduction' ? 'power_reduction' : 'suspension';
  const refs = { billNumber: bill.billNumber, accountNumber: bill.accountNumber ?? undefined, contractNumber: bill.contractNumber };
  let blockedBy: string | undefined;
  if (contract?.shared) {
    // Condominium supply: every resident is informed before anything is done to the supply.
    blockedBy = `inform_residents:${reminder._id}`;
    await ensureTask({
      _id: blockedBy,
      kind: 'inform_residents',
      ...refs,
      dueAt: now,
      note: 'shared supply: notify each resident (notice in the building / letters) before the operation',
    });
  }
  await ensureTask({
    _id: `${kind}:${reminder._id}`,
    kind,
    status: blockedBy ? 'blocked' : 'open',
    blockedBy,
    ...refs,
    amount: notice.debt,
    dueAt: now,
  });
}
