// Who a desk calls next, pure: walk-ins by arrival, a booked visitor at their slot's start —
// ahead of every walk-in who arrived after it, behind those who arrived before. A booked
// visitor who came early waits for their slot unless nobody else is waiting (a free desk
// serves them rather than stand idle).
import { DateTime } from 'luxon';
import { parseBusinessHours } from '../business-hours';

export interface Waiting {
  arrivedAt: Date;
  bookedFor?: Date | null;
}

const ms = (d: Date) => new Date(d).getTime();
/** The instant a visitor's turn is counted from: their slot's start if booked, else their arrival. */
export const turnOf = (v: Waiting) => (v.bookedFor ? ms(v.bookedFor) : ms(v.arrivedAt));

export function callOrder<V extends Waiting>(waiting: V[], now: Date): V[] {
  const due = waiting.filter((v) => !v.bookedFor || ms(v.bookedFor) <= now.getTime());
  const early = waiting.filter((v) => v.bookedFor && ms(v.bookedFor) > now.getTime());
  const byTurn = (a: V, b: V) => turnOf(a) - turnOf(b) || ms(a.arrivedAt) - ms(b.arrivedAt);
  return [...due.sort(byTurn), ...early.sort(byTurn)];
}

export interface Slot {
  /** Index in the day (the key in its seats document). */
  index: number;
  start: Date;
  end: Date;
}

/** The slots of one local day ("2026-11-24") of an office's opening hours, `minutes` long, none running past a closing. */
export function slotsOfDay(hours: string, day: string, minutes: number, timeZone: string): Slot[] {
  const date = DateTime.fromISO(day, { zone: timeZone });
  if (!date.isValid) return [];
  const out: Slot[] = [];
  for (const i of parseBusinessHours(hours)[date.weekday - 1] ?? []) {
    for (let m = i.start; m + minutes <= i.end; m += minutes) {
      const start = date.plus({ minutes: m });
      // The index is the slot's minute of the day: stable whatever other intervals the day has.
      out.push({ index: m, start: start.toJSDate(), end: start.plus({ minutes }).toJSDate() });
    }
  }
  return out;
}
