// Turns counter increments into the documents of models/interval-bucket.ts: `$inc`
// updates for the live path, whole documents for the rebuild. Every increment counts in
// four views — (queue, channel), (queue, *), (*, channel), (*, *) — so any filter of the
// dashboard is an exact `_id` read.
import { dayBucketId, monthBucketId } from '../../models/interval-bucket';
import { SLOT_MS, dayOf, dayOfMonth, monthOf, slotOf } from './calendar';
import type { Histogram } from './histogram';
import type { Counters, Increment } from './counters';

export const ALL = '*';

export interface Slot {
  [counter: string]: number | Histogram | undefined;
  h?: Histogram;
}

export interface DayDoc {
  _id: string;
  queue: string;
  channel: string;
  day: string;
  start: Date;
  end: Date;
  t: Slot;
  i: Record<string, Slot>;
}

export interface MonthDoc {
  _id: string;
  queue: string;
  channel: string;
  month: string;
  start: Date;
  end: Date;
  t: Slot;
  d: Record<string, Slot>;
}

export interface BucketUpdate {
  id: string;
  setOnInsert: Record<string, unknown>;
  inc: Record<string, number>;
}

interface Place {
  day: ReturnType<typeof dayOf>;
  month: ReturnType<typeof monthOf>;
  slot: number;
  dom: number;
}

/**
 * Where an instant falls, memoised per quarter-hour: zone offsets are whole or half hours,
 * so every instant of a quarter-hour has the same local day and month.
 */
function placer(tz: string): (at: Date) => Place {
  const memo = new Map<number, Place>();
  return (at) => {
    const q = Math.floor(at.getTime() / SLOT_MS);
    let p = memo.get(q);
    if (!p) {
      const day = dayOf(at, tz);
      p = { day, month: monthOf(at, tz), slot: slotOf(at, day.start), dom: dayOfMonth(at, tz) };
      memo.set(q, p);
    }
    return p;
  };
}

function views(queue: string, channel: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const q of new Set([queue, ALL])) for (const c of new Set([channel, ALL])) out.push([q, c]);
  return out;
}

/** `$inc` updates for a batch of increments, merged per document. */
export function bucketUpdates(
  increments: Increment[],
  tz: string,
): { days: BucketUpdate[]; months: BucketUpdate[]; today: BucketUpdate[] } {
  const days = new Map<string, BucketUpdate>();
  const months = new Map<string, BucketUpdate>();
  const bump = (map: Map<string, BucketUpdate>, id: string, setOnInsert: Record<string, unknown>, prefix: string, counters: Counters) => {
    let u = map.get(id);
    if (!u) map.set(id, (u = { id, setOnInsert, inc: {} }));
    for (const [k, v] of Object.entries(counters)) {
      u.inc[`${prefix}.${k}`] = (u.inc[`${prefix}.${k}`] ?? 0) + v;
      u.inc[`t.${k}`] = (u.inc[`t.${k}`] ?? 0) + v;
    }
  };
  const place = placer(tz);
  for (const inc of increments) {
    const { day, month, slot, dom } = place(inc.at);
    for (const [q, c] of views(inc.queue, inc.channel)) {
      bump(
        days,
        dayBucketId(q, c, day.start),
        { queue: q, channel: c, day: day.day, start: day.start, end: day.end },
        `i.${slot}`,
        inc.counters,
      );
      bump(
        months,
        monthBucketId(q, c, month.start),
        { queue: q, channel: c, month: month.month, start: month.start, end: month.end },
        `d.${dom}`,
        inc.counters,
      );
    }
  }
  // Today's documents take the day totals only.
  const today = [...days.values()].map((u) => ({
    id: u.id,
    setOnInsert: { queue: u.setOnInsert.queue, channel: u.setOnInsert.channel, day: u.setOnInsert.day },
    inc: Object.fromEntries(Object.entries(u.inc).filter(([k]) => k.startsWith('t.'))),
  }));
  return { days: [...days.values()], months: [...months.values()], today };
}

/** Adds counters ("h.<k>" for histogram buckets) into a slot object, as `$inc` would. */
export function addToSlot(slot: Slot, counters: Counters | Slot): Slot {
  for (const [k, v] of Object.entries(counters)) {
    if (v === undefined) continue;
    if (typeof v === 'object') {
      const h = (slot.h ??= {});
      for (const [b, n] of Object.entries(v)) h[b] = (h[b] ?? 0) + n;
    } else if (k.startsWith('h.')) {
      const h = (slot.h ??= {});
      const b = k.slice(2);
      h[b] = (h[b] ?? 0) + v;
    } else slot[k] = ((slot[k] as number | undefined) ?? 0) + v;
  }
  return slot;
}

/** The documents a set of increments produces from nothing (the rebuild). */
export function buildDocs(increments: Increment[], tz: string): { days: Map<string, DayDoc>; months: Map<string, MonthDoc> } {
  const days = new Map<string, DayDoc>();
  const months = new Map<string, MonthDoc>();
  const place = placer(tz);
  for (const inc of increments) {
    const p = place(inc.at);
    const { day, month } = p;
    const slot = String(p.slot);
    const dom = String(p.dom);
    for (const [q, c] of views(inc.queue, inc.channel)) {
      const dId = dayBucketId(q, c, day.start);
      let d = days.get(dId);
      if (!d) days.set(dId, (d = { _id: dId, queue: q, channel: c, day: day.day, start: day.start, end: day.end, t: {}, i: {} }));
      addToSlot((d.i[slot] ??= {}), inc.counters);
      addToSlot(d.t, inc.counters);
      const mId = monthBucketId(q, c, month.start);
      let m = months.get(mId);
      if (!m)
        months.set(mId, (m = { _id: mId, queue: q, channel: c, month: month.month, start: month.start, end: month.end, t: {}, d: {} }));
      addToSlot((m.d[dom] ??= {}), inc.counters);
      addToSlot(m.t, inc.counters);
    }
  }
  return { days, months };
}

export function sumSlots(slots: Array<Slot | undefined>): Slot {
  const out: Slot = {};
  for (const s of slots) if (s) addToSlot(out, s);
  return out;
}

export function n(slot: Slot | undefined, k: string): number {
  const v = slot?.[k];
  return typeof v === 'number' ? v : 0;
}
