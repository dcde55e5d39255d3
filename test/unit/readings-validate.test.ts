import { inReadingWindow, validateReading, type ContractFacts } from '../../core/readings/validate';

const now = new Date('2026-11-23T10:00:00Z');
const rules = { plausibilityFactor: 3, timeZone: 'Europe/Rome' };
const contract = (over: Partial<ContractFacts> = {}): ContractFacts => ({
  contractNumber: '12345678',
  accountNumber: 'A1',
  service: 'gas',
  status: 'active',
  meter: { digits: 5, registers: 1 },
  lastReading: [1000],
  lastReadingAt: new Date('2026-10-24T10:00:00Z'), // 30 days before
  avgDailyUse: 5, // allowance: 3 × 5 × 30 = 450
  ...over,
});
const reading = (values: number[], over: Partial<{ service: ContractFacts['service']; senderIsCustomer: boolean }> = {}) => ({
  service: 'gas' as const,
  senderIsCustomer: true,
  values,
  ...over,
});

test.each([
  ['plausible consumption', contract(), reading([1150]), 'accepted', [], [150]],
  ['same as last', contract(), reading([1000]), 'accepted', [], [0]],
  ['at the edge of the allowance', contract(), reading([1450]), 'accepted', [], [450]],
  ['implausibly high', contract(), reading([1451]), 'held', ['implausible_consumption'], [451]],
  ['lower than last', contract(), reading([900]), 'held', ['lower_than_last'], [-100]],
  ['roll-over that fits the allowance', contract({ lastReading: [99900] }), reading([120]), 'accepted', ['rollover'], [220]],
  ['roll-over far beyond the allowance', contract({ lastReading: [60000] }), reading([120]), 'held', ['lower_than_last'], [-59880]],
  ['no average use: only the order is checked', contract({ avgDailyUse: 0 }), reading([90000]), 'accepted', [], [89000]],
  ['no average use, near-top roll-over', contract({ avgDailyUse: 0, lastReading: [99950] }), reading([30]), 'accepted', ['rollover'], [80]],
  ['no previous reading', contract({ lastReading: [], lastReadingAt: null }), reading([5]), 'accepted', [], undefined],
  ['unknown sender: accepted, for review', contract(), reading([1100], { senderIsCustomer: false }), 'accepted', ['unknown_sender'], [100]],
] as const)('%s', (_name, c, r, status, reasons, consumption) => {
  const v = validateReading(c, { ...r, values: [...r.values] }, rules, now);
  expect(v.status).toBe(status);
  expect(v.reasons).toEqual(reasons);
  expect(v.consumption).toEqual(consumption);
  expect(v.needsReview).toBe(status === 'held' || !r.senderIsCustomer);
});

test.each([
  ['wrong service', contract(), reading([1100], { service: 'electricity' }), 'wrong_service'],
  ['closed contract', contract({ status: 'closed' }), reading([1100]), 'contract_closed'],
  ['more digits than the meter has', contract(), reading([123456]), 'too_many_digits'],
  [
    'one value for a day/night meter',
    contract({ service: 'electricity', meter: { digits: 6, registers: 2 }, lastReading: [10, 20] }),
    reading([1100], { service: 'electricity' }),
    'register_count',
  ],
  ['two values for a single register', contract(), reading([1100, 5]), 'register_count'],
] as const)('rejected: %s', (_name, c, r, reason) => {
  expect(validateReading(c, { ...r, values: [...r.values] }, rules, now)).toMatchObject({ status: 'rejected', reasons: [reason] });
});

test('two registers are checked one by one and the allowance is shared', () => {
  const c = contract({ service: 'electricity', meter: { digits: 6, registers: 2 }, lastReading: [4000, 2000], avgDailyUse: 10 }); // allowance 900
  expect(validateReading(c, reading([4500, 2300], { service: 'electricity' }), rules, now)).toMatchObject({
    status: 'accepted',
    consumption: [500, 300],
  });
  expect(validateReading(c, reading([4600, 2400], { service: 'electricity' }), rules, now)).toMatchObject({
    status: 'held',
    reasons: ['implausible_consumption'],
  });
  expect(validateReading(c, reading([4500, 1900], { service: 'electricity' }), rules, now)).toMatchObject({
    status: 'held',
    reasons: ['lower_than_last'],
  });
});

test('a second reading the same day is judged on at least one day of use', () => {
  const c = contract({ lastReadingAt: new Date(now.getTime() - 3600_000) }); // allowance 3 × 5 × 1 = 15
  expect(validateReading(c, reading([1015]), rules, now).status).toBe('accepted');
  expect(validateReading(c, reading([1016]), rules, now).status).toBe('held');
});

describe('reading window', () => {
  test.each([
    [{ startDay: 20, endDay: 28 }, '2026-11-23T10:00:00Z', true],
    [{ startDay: 20, endDay: 28 }, '2026-11-19T10:00:00Z', false],
    [{ startDay: 20, endDay: 28 }, '2026-11-28T23:30:00Z', false], // already the 29th in Rome
    [{ startDay: 25, endDay: 5 }, '2026-12-02T10:00:00Z', true],
    [{ startDay: 25, endDay: 5 }, '2026-11-10T10:00:00Z', false],
    [{ startDay: 25, endDay: 31 }, '2026-11-30T10:00:00Z', true], // November has 30 days
    [{}, '2026-11-10T10:00:00Z', true],
  ])('%j at %s → %s', (window, at, inside) => {
    expect(inReadingWindow(window, new Date(at), 'Europe/Rome')).toBe(inside);
  });

  test('outside the window the reading is accepted for the next bill', () => {
    const v = validateReading(contract({ readingWindow: { startDay: 1, endDay: 10 } }), reading([1100]), rules, now);
    expect(v).toMatchObject({ status: 'accepted', forNextBill: true, reasons: ['outside_window'] });
  });
});
