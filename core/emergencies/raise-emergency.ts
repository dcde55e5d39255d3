// A gas leak or another danger to people was reported (ingest opened a ticket of category
// `emergency`: priority 0, the 24/7 emergency queue): the crews get a dispatch task with the
// supply point's address, and supervisors and the on-call person are alerted (`emergency.raised`,
// core/emergencies/alert-on-call.ts). The task's key is the ticket's, so a retried ingest
// creates nothing twice and alerts once.
import { ensureTask } from '../../models/task';
import type { CoreContext } from '../context';
import { suppliesOf } from '../outages/active-outages';

export interface RaiseEmergency {
  ticket: { _id: unknown; number: string; channel: string };
  customerAccount?: string;
  /** The reporter's address on their channel (a number on the phone and SMS). */
  from: string;
  channel: string;
}

export async function raiseEmergency(ctx: Pick<CoreContext, 'events' | 'logger' | 'clock'>, cmd: RaiseEmergency): Promise<void> {
  const ticketId = String(cmd.ticket._id);
  const supplies = cmd.customerAccount ? await suppliesOf(cmd.customerAccount) : [];
  // The gas supply first: a smell of gas is what this line is for; any other supply otherwise.
  const supply = supplies.find((s) => s.service === 'gas') ?? supplies[0];
  const taskId = `emergency_dispatch:${ticketId}`;
  const phone = cmd.channel === 'sms' || cmd.channel === 'voice' ? cmd.from : undefined;
  const created = await ensureTask({
    _id: taskId,
    kind: 'emergency_dispatch',
    status: 'open',
    ticketId,
    accountNumber: cmd.customerAccount,
    contractNumber: supply?.contractNumber,
    supplyPointCode: supply?.supplyPointCode ?? undefined,
    address: supply?.address ?? undefined,
    callbackNumber: phone,
    note: `${cmd.ticket.number} by ${cmd.channel}`,
  });
  if (!created) return;
  const at = ctx.clock.now();
  ctx.logger.warn({ ticketId, ticket: cmd.ticket.number, channel: cmd.channel, taskId, known: !!supply }, 'emergency reported');
  ctx.events.emit('emergency.raised', {
    ticketId,
    number: cmd.ticket.number,
    channel: cmd.channel,
    address: supply?.address ?? undefined,
    taskId,
    at,
  });
}
