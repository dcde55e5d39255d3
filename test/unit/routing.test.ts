import {
  compareWaiting,
  hasRoom,
  hasSkills,
  isLiveQueue,
  pickAgentForOffer,
  queueVisibleTo,
  sortWaiting,
  waitedSeconds,
  type AgentSkills,
  type WaitingItem,
} from '../../core/routing/match';

const t0 = new Date('2026-11-23T10:00:00Z');
const at = (s: number) => new Date(t0.getTime() + s * 1000);
const item = (o: Partial<WaitingItem> = {}): WaitingItem => ({
  _id: 'i1',
  queue: 'chat',
  channel: 'sms',
  category: 'billing',
  language: 'it',
  priority: 3,
  enqueuedAt: t0,
  ...o,
});
const agent = (o: Partial<AgentSkills> = {}): AgentSkills => ({
  _id: 'a1',
  languages: ['it'],
  channels: ['sms', 'email'],
  categories: ['billing', 'outage'],
  capacity: { sms: 3 },
  load: { sms: 0 },
  presence: 'available',
  ...o,
});

describe('waiting order: priority first, then the oldest', () => {
  test.each([
    [
      'higher priority beats age',
      item({ _id: 'a', priority: 1, enqueuedAt: at(100) }),
      item({ _id: 'b', priority: 3, enqueuedAt: at(0) }),
      -1,
    ],
    [
      'same priority: older first',
      item({ _id: 'a', priority: 2, enqueuedAt: at(0) }),
      item({ _id: 'b', priority: 2, enqueuedAt: at(5) }),
      -1,
    ],
    [
      'same priority, younger after',
      item({ _id: 'a', priority: 2, enqueuedAt: at(9) }),
      item({ _id: 'b', priority: 2, enqueuedAt: at(5) }),
      1,
    ],
    ['full tie: by id, stable', item({ _id: 'a' }), item({ _id: 'b' }), -1],
  ])('%s', (_name, a, b, sign) => {
    expect(Math.sign(compareWaiting(a, b))).toBe(sign);
  });

  test('a disputed contract (priority 1) jumps ahead of older billing questions', () => {
    const sorted = sortWaiting([
      item({ _id: 'old-billing', priority: 3, enqueuedAt: at(0) }),
      item({ _id: 'dispute', priority: 1, enqueuedAt: at(60) }),
      item({ _id: 'older-billing', priority: 3, enqueuedAt: at(-60) }),
    ]);
    expect(sorted.map((i) => i._id)).toEqual(['dispute', 'older-billing', 'old-billing']);
  });
});

describe('skills and capacity', () => {
  test.each([
    ['all match', agent(), item(), true],
    ['wrong language', agent({ languages: ['ru'] }), item(), false],
    ['wrong channel', agent({ channels: ['email'] }), item(), false],
    ['wrong category', agent({ categories: ['outage'] }), item(), false],
    ['item without language', agent({ languages: ['ru'] }), item({ language: null }), true],
  ])('%s', (_n, a, i, ok) => expect(hasSkills(a, i)).toBe(ok));

  test.each([
    [{ sms: 3 }, { sms: 2 }, true],
    [{ sms: 3 }, { sms: 3 }, false],
    [{ sms: 0 }, {}, false],
    [{}, {}, true],
  ])('capacity %j with load %j → room %s', (capacity, load, room) => expect(hasRoom(agent({ capacity, load }), 'sms')).toBe(room));
});

describe('push offer: the best idle skilled agent', () => {
  const agents = [
    agent({ _id: 'busy-recently', lastBusyAt: at(50) }),
    agent({ _id: 'idle-longest', lastBusyAt: at(-500) }),
    agent({ _id: 'never-busy-but-away', presence: 'away' }),
    agent({ _id: 'full', load: { sms: 3 }, lastBusyAt: at(-900) }),
    agent({ _id: 'no-russian', languages: ['ru'], lastBusyAt: at(-1000) }),
  ];
  test.each([
    ['least recently busy among the eligible', item(), new Set<string>(), 'idle-longest'],
    ['skips an agent already holding an offer', item(), new Set(['idle-longest']), 'busy-recently'],
    ['skips agents who declined this item', item({ declinedBy: ['idle-longest', 'busy-recently'] }), new Set<string>(), null],
  ])('%s', (_n, i, holding, expected) => {
    expect(pickAgentForOffer(i, agents, holding)?._id ?? null).toBe(expected);
  });
});

test('queue visibility by skills', () => {
  expect(queueVisibleTo({ _id: 'phone', channels: ['voice'] }, { channels: ['sms'], categories: ['billing'] })).toBe(false);
  expect(
    queueVisibleTo({ _id: 'urgent', categories: ['outage', 'disputed_contract'] }, { channels: ['sms'], categories: ['outage'] }),
  ).toBe(true);
  expect(queueVisibleTo({ _id: 'general' }, { channels: [], categories: [] })).toBe(true);
  // Every agent sees the emergency queue, whatever categories they were given before it existed.
  expect(queueVisibleTo({ _id: 'emergency', categories: ['emergency'] }, { channels: ['voice'], categories: ['billing'] })).toBe(true);
});

test('an emergency needs only the channel: not the language, not the category', () => {
  const agent = { _id: 'a', languages: ['it'], channels: ['voice'], categories: ['billing'] };
  expect(hasSkills(agent, { channel: 'voice', category: 'emergency', language: 'ru' })).toBe(true);
  expect(hasSkills(agent, { channel: 'sms', category: 'emergency', language: 'it' })).toBe(false);
  expect(hasSkills(agent, { channel: 'voice', category: 'outage', language: 'it' })).toBe(false);
});

test('waited seconds never negative', () => {
  expect(waitedSeconds(at(10), at(0))).toBe(0);
  expect(waitedSeconds(at(0), at(42))).toBe(42);
});

describe('a contact on the line before deferred work, whatever the priority', () => {
  test.each([
    [
      'a live call (4) before an older instalment request (3)',
      item({ _id: 'call', priority: 4, live: true, enqueuedAt: at(60) }),
      item({ _id: 'req', priority: 3, enqueuedAt: at(0) }),
    ],
    [
      'a live call (4) before an outage report (1)',
      item({ _id: 'call', priority: 4, live: true, enqueuedAt: at(60) }),
      item({ _id: 'out', priority: 1, enqueuedAt: at(0) }),
    ],
    [
      'an emergency SMS (0) before a live call (4): a gas leak waits for nobody',
      item({ _id: 'gas', priority: 0, channel: 'sms', enqueuedAt: at(60) }),
      item({ _id: 'call', priority: 4, live: true, enqueuedAt: at(0) }),
    ],
    [
      'between live calls, priority still first',
      item({ _id: 'c1', priority: 2, live: true, enqueuedAt: at(60) }),
      item({ _id: 'c2', priority: 4, live: true, enqueuedAt: at(0) }),
    ],
    [
      'between live calls of one priority, the oldest',
      item({ _id: 'c1', priority: 4, live: true, enqueuedAt: at(0) }),
      item({ _id: 'c2', priority: 4, live: true, enqueuedAt: at(60) }),
    ],
  ])('%s', (_name, first, second) => {
    expect(compareWaiting(first, second)).toBeLessThan(0);
    expect(sortWaiting([second, first]).map((i) => i._id)).toEqual([first._id, second._id]);
  });

  test.each([
    [{ channels: ['voice'] }, true],
    [{ channels: ['voice', 'chat'] }, true],
    [{ channels: ['web', 'sms'] }, false],
    [{ channels: ['voice', 'sms'] }, false],
    [{ channels: [] }, false],
    [{}, false],
  ])('queue %j is live: %s (deferred work never goes to a live queue)', (queue, live) => {
    expect(isLiveQueue(queue)).toBe(live);
  });
});
