import { PRESETS } from '../../core/rules/presets';
import { firstResponseState, resolutionState, slaDeadlines, slaDue, type SlaTicket } from '../../core/sla/sla-clock';

const t0 = new Date('2026-11-23T10:00:00Z');
const at = (s: number) => new Date(t0.getTime() + s * 1000);
const day = 86_400_000;
const opts = { warnFraction: 0.8, escalateDaysBefore: PRESETS['seed-2014'].escalateDaysBefore };

describe('first response: a warning at the fraction, a breach from the due instant', () => {
  test.each([
    ['well before', 0, 100, 50, 'ok'],
    ['at the warning fraction', 0, 100, 80, 'warning'],
    ['at the deadline', 0, 100, 100, 'breached'],
    ['past the deadline', 0, 100, 500, 'breached'],
  ])('%s', (_n, start, due, now, state) => expect(firstResponseState(at(start), at(due), at(now), 0.8)).toBe(state));
});

describe('written answer: escalated escalateDaysBefore the deadline, whatever the fraction', () => {
  const due = at(40 * 86400);
  test.each([
    ['6 days before', -6 * day, 'ok'],
    ['5 days before', -5 * day, 'warning'],
    ['on the deadline instant: not yet a breach', 0, 'warning'],
    ['past the deadline', 1, 'breached'],
  ])('%s', (_n, offset, state) => expect(resolutionState(due, new Date(due.getTime() + offset), 5)).toBe(state));
});

describe('what is due to be recorded, once per deadline and state', () => {
  const due = new Date('2026-11-30T10:00:00Z');
  const open = (sla: SlaTicket['sla'] = {}, status = 'assigned'): SlaTicket => ({ status, sla: { resolutionDueAt: due, ...sla } });
  test.each<[string, SlaTicket, Date, string | null]>([
    ['6 days before: nothing', open(), new Date(due.getTime() - 6 * day), null],
    ['5 days before: escalate', open(), new Date(due.getTime() - 5 * day), 'warning'],
    ['already escalated: nothing', open({ warnedAt: new Date() }), new Date(due.getTime() - 2 * day), null],
    ['on the deadline instant: not yet a breach', open({ warnedAt: new Date() }), due, null],
    ['past the deadline: breach', open({ warnedAt: new Date() }), new Date(due.getTime() + 1), 'breached'],
    ['past the deadline, never escalated: a breach, not a late escalation', open(), new Date(due.getTime() + 1), 'breached'],
    ['breach already recorded', open({ breachedAt: new Date() }), new Date(due.getTime() + day), null],
    ['resolved tickets never escalate', open({}, 'resolved'), new Date(due.getTime() + day), null],
    ['no deadline', { status: 'queued', sla: {} }, due, null],
  ])('resolution: %s', (_n, ticket, now, expected) => {
    expect(slaDue(ticket, 'resolution', now, opts)?.state ?? null).toBe(expected);
  });

  const waiting = (o: Partial<SlaTicket> = {}, sla: SlaTicket['sla'] = {}): SlaTicket => ({
    status: 'queued',
    createdAt: at(0),
    ...o,
    sla: { firstResponseDueAt: at(60), resolutionDueAt: at(40 * 86400), ...sla },
  });
  test.each<[string, SlaTicket, Date, string | null]>([
    ['before the fraction', waiting(), at(30), null],
    ['at the fraction', waiting(), at(55), 'warning'],
    ['warned already', waiting({}, { firstResponseWarnedAt: at(50) }), at(55), null],
    ['past due', waiting({}, { firstResponseWarnedAt: at(50) }), at(60), 'breached'],
    ['breach recorded', waiting({}, { firstResponseBreachedAt: at(61) }), at(120), null],
    ['answered: off the clock', waiting({ firstResponseAt: at(30) }), at(120), null],
    ['resolved: off the clock', waiting({ status: 'resolved', firstResponseAt: at(10) }), at(120), null],
    ['no creation date: queued counts', waiting({ createdAt: null, queuedAt: at(0) }), at(55), 'warning'],
    ['a live chat runs on it', waiting({ channel: 'chat' }), at(60), 'breached'],
    ['a call runs on it', waiting({ channel: 'voice' }), at(60), 'breached'],
    ['a form stored with one (before deferred work lost its seconds clock): off it', waiting({ channel: 'web' }), at(120), null],
    ['an SMS stored with one: off it', waiting({ channel: 'sms' }), at(120), null],
  ])('first response: %s', (_n, ticket, now, expected) => {
    expect(slaDue(ticket, 'first_response', now, opts)?.state ?? null).toBe(expected);
  });

  test('a met first response leaves the resolution deadline on the clock', () => {
    const t = waiting({ firstResponseAt: at(30) });
    expect(slaDue(t, 'first_response', at(40 * 86400 - (4 * day) / 1000), opts)).toBeNull();
    expect(slaDue(t, 'resolution', at(40 * 86400 - (4 * day) / 1000), opts)).toEqual({ state: 'warning', dueAt: at(40 * 86400) });
  });
});

describe('the deadlines a new ticket gets', () => {
  const rules = PRESETS['seed-2014'];
  const now = new Date('2026-03-12T09:00:00Z');
  const tz = { timeZone: 'Europe/Rome' };
  test.each([
    ['voice', 240],
    ['chat', 120],
    ['walk_in', 2400],
  ] as const)('%s, a live contact: the answer time in seconds, and the answer deadline', (channel, seconds) => {
    expect(slaDeadlines(channel, 'complaint', rules, now, tz)).toEqual({
      firstResponseDueAt: new Date(now.getTime() + seconds * 1000),
      resolutionDueAt: new Date(now.getTime() + 40 * 86_400_000),
    });
  });
  test('a request the IVR took down is voice but deferred: no answer time', () => {
    expect(slaDeadlines('voice', 'instalment', rules, now, { ...tz, live: false })).toEqual({
      resolutionDueAt: new Date(now.getTime() + 30 * 86_400_000),
    });
    expect(slaDeadlines('voice', 'information_request', rules, now, { ...tz, live: true }).firstResponseDueAt).toEqual(
      new Date(now.getTime() + 240_000),
    );
  });
  test.each(['web', 'sms', 'email', 'association'])('%s, a deferred contact: only the category’s answer deadline in days', (channel) => {
    expect(slaDeadlines(channel, 'complaint', rules, now, tz)).toEqual({ resolutionDueAt: new Date(now.getTime() + 40 * 86_400_000) });
    expect(slaDeadlines(channel, 'information_request', rules, now, tz)).toEqual({
      resolutionDueAt: new Date(now.getTime() + 30 * 86_400_000),
    });
  });
});
