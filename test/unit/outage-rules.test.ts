// The pure rules of outage incidents (issue 13), table by table: which supplies an outage
// reaches, which outage a caller hears of, when a notice may go out (22:00–07:00 only when
// urgent; e-mail at any hour), which notice stages still have work, the report windows, what a
// customer is told (one GSM-7 segment where the operator's message allows), and the figures.
import { outageCovering } from '../../core/outages/active-outages';
import { cleanCodes, covers } from '../../core/outages/areas';
import { reportWindow } from '../../core/outages/count-report';
import { noticeOfMessage } from '../../core/outages/notices/count-delivery';
import { noticeOrder, noticeQuietUntil } from '../../core/outages/notices/notice-rules';
import { orderContacts } from '../../core/outages/linked-contacts';
import { stagesToRun } from '../../core/outages/notices/run-notices';
import { figuresOf } from '../../core/outages/outage-view';
import { outageWording, publicMessageOf } from '../../core/outages/wording';
import { PRESETS } from '../../core/rules/presets';
import { smsSegments } from '../../channels/sms/segments';
import type { OutageRow } from '../../models/outage';

const rules = PRESETS['seed-2014'];
const TZ = 'Europe/Rome';

describe('which supplies an outage reaches', () => {
  const outage = { service: 'electricity', areaCodes: ['BO-01'], supplyPoints: ['IT001E123'] };
  test.each([
    ['a supply in a listed area', { service: 'electricity', areaCode: 'BO-01' }, true],
    ['a listed supply point in another area', { service: 'electricity', areaCode: 'MO-02', supplyPointCode: 'IT001E123' }, true],
    ['another service in the area', { service: 'gas', areaCode: 'BO-01' }, false],
    ['another area', { service: 'electricity', areaCode: 'MO-02', supplyPointCode: 'IT001E999' }, false],
    ['no area on record', { service: 'electricity' }, false],
  ])('%s: %s', (_name, supply, expected) => {
    expect(covers(outage, supply)).toBe(expected);
  });

  test('of several outages, the one that started last reaches the caller', () => {
    const older = { id: 'a', service: 'electricity', areaCodes: ['BO-01'], startedAt: new Date('2026-11-24T08:00:00Z') };
    const newer = { id: 'b', service: 'electricity', areaCodes: ['BO-01', 'BO-02'], startedAt: new Date('2026-11-24T09:00:00Z') };
    const gas = { id: 'c', service: 'gas', areaCodes: ['BO-01'], startedAt: new Date('2026-11-24T10:00:00Z') };
    expect(outageCovering([older, newer, gas], [{ service: 'electricity', areaCode: 'BO-01' }])?.id).toBe('b');
    expect(outageCovering([older, newer, gas], [{ service: 'water', areaCode: 'BO-01' }])).toBeNull();
  });

  test('codes are trimmed and listed once', () => {
    expect(cleanCodes([' BO-01', 'BO-01 ', '', 'MO-02'])).toEqual(['BO-01', 'MO-02']);
  });
});

describe('when a notice may go out (rule set: 07:00–22:00 every day)', () => {
  test.each([
    ['Tuesday 10:00, SMS', '2026-11-24T09:00:00Z', 'sms', false, null],
    ['Tuesday 23:30, SMS: 07:00 next morning', '2026-11-24T22:30:00Z', 'sms', false, '2026-11-25T06:00:00.000Z'],
    ['Sunday 21:59 (no Sunday rest for a safety notice)', '2026-11-22T20:59:00Z', 'sms', false, null],
    ['Christmas Day 10:00 (no holiday rest either)', '2026-12-25T09:00:00Z', 'sms', false, null],
    ['06:59, SMS: at 07:00', '2026-11-24T05:59:00Z', 'sms', false, '2026-11-24T06:00:00.000Z'],
    ['23:30, urgent: now', '2026-11-24T22:30:00Z', 'sms', true, null],
    ['23:30, e-mail: now', '2026-11-24T22:30:00Z', 'email', false, null],
  ] as const)('%s', (_name, now, channel, urgent, expected) => {
    const until = noticeQuietUntil(channel, rules, new Date(now), TZ, urgent);
    expect(until?.toISOString() ?? null).toBe(expected);
  });

  test('protected customers first (essential supplies, then other flags, linked or not), then linked contacts, then the area', () => {
    const order = [
      { key: 'aA9', accountNumber: 'A9' },
      { key: 't1', ticketId: '1', accountNumber: 'A1' },
      { key: 'aA2', accountNumber: 'A2', protection: 'flagged' as const },
      { key: 't3', ticketId: '3', accountNumber: 'A3', protection: 'essential' as const },
      { key: 'aA4', accountNumber: 'A4', protection: 'essential' as const },
    ]
      .sort((a, b) => noticeOrder(a) - noticeOrder(b) || a.key.localeCompare(b.key))
      .map((r) => r.key);
    expect(order).toEqual(['aA4', 't3', 'aA2', 't1', 'aA9']);
  });

  test('linked contacts: protected customers first, then the oldest link', () => {
    const at = (m: number) => new Date(Date.UTC(2026, 10, 24, 9, m));
    const rows = [
      { ticketId: '1', number: 'T1', channel: 'sms', status: 'pending', accountNumber: 'A1', linkedAt: at(1) },
      { ticketId: '2', number: 'T2', channel: 'sms', status: 'pending', accountNumber: 'A2', linkedAt: at(2) },
      { ticketId: '3', number: 'T3', channel: 'voice', status: 'pending', accountNumber: 'A3', linkedAt: at(3) },
      { ticketId: '4', number: 'T4', channel: 'email', status: 'pending', linkedAt: at(0) },
    ];
    const ranks: Record<string, 0 | 1 | 2> = { A1: 2, A2: 1, A3: 0 };
    expect(orderContacts(rows, (a) => ranks[a] ?? 2).map((r) => r.ticketId)).toEqual(['3', '2', '4', '1']);
    expect(orderContacts(rows).map((r) => r.ticketId)).toEqual(['4', '1', '2', '3']);
  });
});

describe('notice stages with work left', () => {
  test.each([
    ['active, declared without notices', { status: 'active', notifyOnDeclare: false }, []],
    ['active, declared with notices', { status: 'active', notifyOnDeclare: true }, ['declared']],
    ['active, declaration notices done', { status: 'active', notifyOnDeclare: true, noticeRuns: { declared: { done: true } } }, []],
    ['resolved: the restoration, and what the declaration left', { status: 'resolved', notifyOnDeclare: true }, ['declared', 'resolved']],
    ['resolved, all done', { status: 'resolved', noticeRuns: { resolved: { done: true } } }, []],
    ['suspected: none', { status: 'suspected', notifyOnDeclare: true }, []],
    ['dismissed: none', { status: 'dismissed' }, []],
  ])('%s', (_name, outage, expected) => {
    expect(stagesToRun(outage as never)).toEqual(expected);
  });
});

test('reports are counted in fixed windows of the rule set', () => {
  expect(rules.outages).toMatchObject({ suspectReports: 3, suspectWindowMinutes: 30 });
  const a = reportWindow(new Date('2026-11-24T09:29:59Z'), 30);
  const b = reportWindow(new Date('2026-11-24T09:30:00Z'), 30);
  expect(b.index - a.index).toBe(1);
  expect(b.start.toISOString()).toBe('2026-11-24T09:30:00.000Z');
});

test.each([
  ['outage:6b0db88f6d9992c49e811dac:aA1:resolved:sms', { outageId: '6b0db88f6d9992c49e811dac', stage: 'resolved' }],
  ['outage:6b0db88f6d9992c49e811dac:t6b0db88f6d9992c49e811dad:declared:email', { outageId: '6b0db88f6d9992c49e811dac', stage: 'declared' }],
  ['reminder:B1:due_soon:sms', null],
  ['outage:nothex:aA1:resolved:sms', null],
])('a delivery report names its notice: %s', (id, expected) => {
  expect(noticeOfMessage(id)).toEqual(expected);
});

describe('what customers are told', () => {
  const outage = {
    service: 'electricity',
    cause: { it: 'cavo danneggiato' },
    publicMessage: { en: 'Cable damaged by roadworks.' },
    expectedRestorationAt: new Date('2026-11-24T15:30:00Z'),
  };
  test('the operator’s message in the customer’s language, or the standard sentence with the cause', () => {
    expect(publicMessageOf(outage, 'en')).toBe('Cable damaged by roadworks.');
    expect(publicMessageOf(outage, 'it')).toBe('È in corso un guasto al servizio luce nella sua zona. Causa: cavo danneggiato.');
    expect(publicMessageOf(outage, 'ru')).toBe('В вашем районе авария: свет. Причина: выясняется.');
  });
  test.each(['it', 'en', 'ru'] as const)('%s: every wording filled in, restoration in local time', (language) => {
    for (const kind of ['answer', 'declared', 'restored', 'closed'] as const) {
      const { subject, body } = outageWording(kind, outage, language, TZ, 'T-000123');
      expect(`${subject} ${body}`).not.toContain('{{');
    }
    expect(outageWording('declared', outage, language, TZ).body).toMatch(/16:30/);
  });
  test.each(['it', 'en'] as const)('%s: the restoration and closing notices fit one GSM-7 segment', (language) => {
    for (const kind of ['restored', 'closed'] as const)
      expect(smsSegments(outageWording(kind, outage, language, TZ, 'T-000123').body)).toMatchObject({ encoding: 'GSM-7', segments: 1 });
  });
});

test('figures: the times from the first report, and zeros for what never happened', () => {
  const row = {
    _id: 'x',
    service: 'electricity',
    startedAt: new Date('2026-11-24T08:00:00Z'),
    firstReportAt: new Date('2026-11-24T08:05:00Z'),
    declaredAt: new Date('2026-11-24T08:25:00Z'),
    resolvedAt: new Date('2026-11-24T12:05:00Z'),
    figures: { links: 3, contacts: { sms: 2, voice: 1 }, notices: { resolved: { sent: 10 } } },
  } as unknown as OutageRow;
  expect(figuresOf(row)).toMatchObject({
    links: 3,
    contacts: { sms: 2, voice: 1 },
    deflected: 0,
    notices: { declared: { planned: 0, sent: 0, delivered: 0, failed: 0, unreachable: 0 }, resolved: { sent: 10, failed: 0 } },
    reportToDeclaredSeconds: 1200,
    reportToResolvedSeconds: 4 * 3600,
  });
});
