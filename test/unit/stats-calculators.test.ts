import { WAIT_BOUNDS, bucketIndex, histogramOf, mergeHistograms, percentile, shareAtLeast } from '../../core/stats/histogram';
import { agentsNeeded, erlangC, serviceLevelWith } from '../../core/stats/erlang';
import { dayOf, daysBetween, slotOf, splitBySlot } from '../../core/stats/calendar';
import { figuresOf, regulatoryOf } from '../../core/stats/kpi';
import { toCsv } from '../../core/stats/csv';

describe('wait histogram', () => {
  test.each([
    [0, 0],
    [4.9, 0],
    [5, 1],
    [19, 3],
    [20, 4],
    [2399, 17],
    [2400, 18],
    [1e9, WAIT_BOUNDS.length],
    [-3, 0],
  ])('%p s falls in bucket %p', (seconds, k) => {
    expect(bucketIndex(seconds)).toBe(k);
  });

  test.each([
    // values, p, exact percentile (nearest rank)
    [[10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 0.9, 90],
    [[1, 1, 1, 1, 1, 1, 1, 1, 1, 500], 0.9, 1],
    [[3, 7, 12, 25, 25, 33, 61, 61, 200, 4000], 0.5, 25],
    [[15, 16, 17, 18, 19], 0.9, 19],
  ])('percentile of %p at %p is in the bucket of the exact value', (values, p, exact) => {
    const h = histogramOf(values);
    const got = percentile(h, p)!;
    // "Within one histogram bucket": the estimate lies in the exact value's bucket (or on its upper edge).
    const k = bucketIndex(exact);
    const lo = k === 0 ? 0 : WAIT_BOUNDS[k - 1]!;
    const hi = k < WAIT_BOUNDS.length ? WAIT_BOUNDS[k]! : Infinity;
    expect(got).toBeGreaterThanOrEqual(lo);
    expect(got).toBeLessThanOrEqual(hi);
  });

  test('merging histograms of two intervals gives the histogram of the union', () => {
    const a = [3, 18, 44, 300];
    const b = [7, 18, 2500, 61];
    expect(mergeHistograms(histogramOf(a), histogramOf(b))).toEqual(histogramOf([...a, ...b]));
  });

  test('empty histograms have no percentile; share at or above a bound is exact', () => {
    expect(percentile({}, 0.9)).toBeNull();
    expect(shareAtLeast(histogramOf([100, 2400, 3000, 10]), 2400)).toBe(0.5);
  });
});

describe('Erlang C', () => {
  test('10 erlangs: probability of waiting per textbook tables', () => {
    expect(erlangC(11, 10)).toBeCloseTo(0.682, 3);
    expect(erlangC(14, 10)).toBeCloseTo(0.1741, 3);
    expect(erlangC(10, 10)).toBe(1);
  });

  test.each([
    // arrivals, interval s, AHT s, target, threshold s, agents
    [100, 1800, 180, 0.8, 20, 14],
    [0, 900, 180, 0.8, 20, 0],
    [1, 900, 300, 0.8, 20, 2],
    [50, 900, 240, 0.9, 30, 18],
  ])('%p calls in %p s with AHT %p for %p in %p s need %p agents', (arrivals, intervalSeconds, ahtSeconds, slTarget, slSeconds, agents) => {
    const need = agentsNeeded({ arrivals, intervalSeconds, ahtSeconds, slTarget, slSeconds });
    expect(need).toBe(agents);
    if (need > 1) {
      const traffic = (arrivals * ahtSeconds) / intervalSeconds;
      expect(serviceLevelWith(need, traffic, ahtSeconds, slSeconds)).toBeGreaterThanOrEqual(slTarget);
      expect(serviceLevelWith(need - 1, traffic, ahtSeconds, slSeconds)).toBeLessThan(slTarget);
    }
  });
});

describe('statistics calendar (Europe/Rome)', () => {
  const tz = 'Europe/Rome';
  test.each([
    ['2026-03-29T12:00:00Z', '2026-03-29', '2026-03-28T23:00:00.000Z', 23],
    ['2026-10-25T12:00:00Z', '2026-10-25', '2026-10-24T22:00:00.000Z', 25],
    ['2026-07-01T21:59:00Z', '2026-07-01', '2026-06-30T22:00:00.000Z', 24],
    ['2026-07-01T22:00:00Z', '2026-07-02', '2026-07-01T22:00:00.000Z', 24],
  ])('%s is on local day %s starting %s, %p hours long', (at, day, start, hours) => {
    const d = dayOf(new Date(at), tz);
    expect(d.day).toBe(day);
    expect(d.start.toISOString()).toBe(start);
    expect((d.end.getTime() - d.start.getTime()) / 3_600_000).toBe(hours);
  });

  test('slots count from local midnight; after the spring change 03:00 local is slot 8', () => {
    const d = dayOf(new Date('2026-03-29T01:00:00Z'), tz); // 03:00 CEST
    expect(slotOf(new Date('2026-03-29T01:00:00Z'), d.start)).toBe(8);
    expect(daysBetween(new Date('2026-03-28T23:00:00Z'), new Date('2026-03-30T22:00:00Z'), tz).map((x) => x.day)).toEqual([
      '2026-03-29',
      '2026-03-30',
    ]);
  });

  test('a span is split at quarter-hour boundaries', () => {
    expect(
      splitBySlot(new Date('2026-05-04T08:10:00Z'), new Date('2026-05-04T08:40:00Z')).map((p) => [p.at.toISOString(), p.seconds]),
    ).toEqual([
      ['2026-05-04T08:10:00.000Z', 300],
      ['2026-05-04T08:15:00.000Z', 900],
      ['2026-05-04T08:30:00.000Z', 600],
    ]);
  });
});

describe('figures', () => {
  test('ratios are null without a denominator', () => {
    const f = figuresOf({});
    expect(f).toMatchObject({ offered: 0, abandonRate: null, avgWait: null, serviceLevel: null, p90Wait: null });
  });

  test('regulatory figures follow the definitions of docs/rules.md', () => {
    const voice = { answered: 8, agentRequested: 10, ivrWithin: 9, tmaN: 10, tmaSum: 500, tmaIvrSum: 1100 };
    const all = {
      availableS: 900,
      loggedInS: 1000,
      complaint_n: 4,
      complaint_in: 3,
      complaint_s: 4 * 86400 * 10,
      svc_gas_n: 2,
      svc_gas_s: 2 * 86400 * 5,
    };
    // Visitors served at a desk (a desk's claim of a no-show is an `answered` too, and is not served).
    const walkIn = { answered: 5, waitSum: 9000, longWait: 2, wiServed: 4, wiWaitSum: 4000, wiLongWait: 1, wiNoShow: 1 };
    const r = regulatoryOf(
      { all, voice, walkIn, byChannel: { sms: { readings: 4, readingsAccepted: 3 } } },
      { averageWaitTargetSeconds: 240, serviceLevelTarget: 0.8, accessibilityTarget: 0.95 },
    );
    expect(r).toMatchObject({ tmaSeconds: 50, tmaWithIvrSeconds: 110, ls: 0.8, as: 0.9, humanWithinChoices: 0.9 });
    expect(r.written.complaint).toEqual({ answered: 4, withinDeadline: 0.75, avgDays: 10 });
    expect(r.answerDaysByService.gas).toEqual({ answered: 2, avgDays: 5 });
    expect(r.walkIn).toEqual({ served: 4, noShows: 1, avgWaitSeconds: 1000, shareOver40Min: 0.25, longWaitSeconds: null, offices: [] });
    expect(r.readings.sms).toEqual({ received: 4, accepted: 3, acceptedShare: 0.75 });
    expect(r.meets).toEqual({ tma: true, ls: true, as: false, written: {} });
  });
});

test('CSV quotes what needs quoting', () => {
  expect(
    toCsv([
      { a: 'x,y', b: 1.5, c: null },
      { a: 'say "hi"', b: 2 },
    ]),
  ).toBe('a,b,c\r\n"x,y",1.5,\r\n"say ""hi""",2,\r\n');
});
