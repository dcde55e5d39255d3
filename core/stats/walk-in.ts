// Walk-in figures per office and service, read back from the interval counters that the visits'
// reporting events add (core/stats/counters.ts, walkInCounters): pure, shared by the wall board,
// the intervals and the regulator's page, so the three always agree.
import type { WalkInFigures } from '../../wire/stats';
import { ALL, n, type Slot } from './buckets';

const KEY = /^wi_([a-z0-9][a-z0-9-]*)_([A-Z])_(in|called|n|w|l|s|x)$/;
const ratio = (a: number, b: number): number | null => (b > 0 ? a / b : null);

interface Sums {
  in: number;
  called: number;
  n: number;
  w: number;
  l: number;
  s: number;
  x: number;
}

function figures(office: string, service: string, s: Sums): WalkInFigures {
  return {
    office,
    service,
    // Checked in and not yet called (today's documents: the day's visitors).
    waiting: Math.max(0, s.in - s.called),
    served: s.n,
    noShows: s.x,
    avgWaitSeconds: ratio(s.w, s.n),
    shareOverLongWait: ratio(s.l, s.n),
    avgServiceSeconds: ratio(s.s, s.n),
  };
}

/**
 * Per office and service (`byOffice`: services summed, service "*"), sorted by office and
 * service. Waits are those of visitors served: a no-show's wait is in no average.
 */
export function walkInFiguresOf(slot: Slot | undefined, opts: { byOffice?: boolean } = {}): WalkInFigures[] {
  const sums = new Map<string, { office: string; service: string; s: Sums }>();
  for (const k of Object.keys(slot ?? {})) {
    const m = KEY.exec(k);
    if (!m) continue;
    const office = m[1]!;
    const service = opts.byOffice ? ALL : m[2]!;
    const id = `${office}:${service}`;
    let e = sums.get(id);
    if (!e) sums.set(id, (e = { office, service, s: { in: 0, called: 0, n: 0, w: 0, l: 0, s: 0, x: 0 } }));
    e.s[m[3] as keyof Sums] += n(slot, k);
  }
  return [...sums.values()]
    .sort((a, b) => a.office.localeCompare(b.office) || a.service.localeCompare(b.service))
    .map((e) => figures(e.office, e.service, e.s));
}
