import { slaAction, type SlaTicket } from '../../core/rules/sla';
import { PRESETS } from '../../core/rules/presets';

const due = new Date('2026-11-30T10:00:00Z');
const day = 86_400_000;
const open = (sla: SlaTicket['sla'] = {}, status = 'assigned'): SlaTicket => ({ status, sla: { resolutionDueAt: due, ...sla } });

test.each<[string, SlaTicket, Date, string]>([
  ['6 days before: nothing', open(), new Date(due.getTime() - 6 * day), 'none'],
  ['5 days before: escalate', open(), new Date(due.getTime() - 5 * day), 'escalate'],
  ['already escalated: nothing', open({ warnedAt: new Date() }), new Date(due.getTime() - 2 * day), 'none'],
  ['on the deadline instant: not yet a breach', open({ warnedAt: new Date() }), due, 'none'],
  ['past the deadline: breach', open({ warnedAt: new Date() }), new Date(due.getTime() + 1), 'breach'],
  ['breach already recorded', open({ breachedAt: new Date() }), new Date(due.getTime() + day), 'none'],
  ['resolved tickets never escalate', open({}, 'resolved'), new Date(due.getTime() + day), 'none'],
  ['no deadline', { status: 'queued', sla: {} }, due, 'none'],
])('%s', (_n, ticket, now, expected) => {
  expect(slaAction(ticket, PRESETS['seed-2014'], now)).toBe(expected);
});
