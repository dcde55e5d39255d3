// Where an instant falls in the statistics' calendar: local days and months of the
// operator's time zone (DST days have 92 or 100 quarter-hour slots), 15-minute slots
// counted from local midnight.
import { DateTime } from 'luxon';

export const SLOT_MS = 15 * 60_000;

export interface DayRef {
  /** Local date, "2026-03-29". */
  day: string;
  /** UTC instants of local midnight and of the next one. */
  start: Date;
  end: Date;
}

export function dayOf(at: Date, tz: string): DayRef {
  const local = DateTime.fromJSDate(at, { zone: tz }).startOf('day');
  return { day: local.toISODate()!, start: local.toJSDate(), end: local.plus({ days: 1 }).toJSDate() };
}

export function dayFromDate(day: string, tz: string): DayRef {
  const local = DateTime.fromISO(day, { zone: tz }).startOf('day');
  return { day: local.toISODate()!, start: local.toJSDate(), end: local.plus({ days: 1 }).toJSDate() };
}

export interface MonthRef {
  /** "2026-03" */
  month: string;
  start: Date;
  end: Date;
}

export function monthOf(at: Date, tz: string): MonthRef {
  const local = DateTime.fromJSDate(at, { zone: tz }).startOf('month');
  return { month: local.toFormat('yyyy-MM'), start: local.toJSDate(), end: local.plus({ months: 1 }).toJSDate() };
}

/** Day of month (1–31) in the zone. */
export function dayOfMonth(at: Date, tz: string): number {
  return DateTime.fromJSDate(at, { zone: tz }).day;
}

/** Quarter-hour slot since local midnight (0 … 91/95/99). */
export function slotOf(at: Date, dayStart: Date): number {
  return Math.floor((at.getTime() - dayStart.getTime()) / SLOT_MS);
}

/** Local days touched by [from, to), in order. */
export function daysBetween(from: Date, to: Date, tz: string): DayRef[] {
  const out: DayRef[] = [];
  let d = dayOf(from, tz);
  while (d.start < to) {
    out.push(d);
    d = dayOf(d.end, tz);
  }
  return out;
}

export function monthsBetween(from: Date, to: Date, tz: string): MonthRef[] {
  const out: MonthRef[] = [];
  let m = monthOf(from, tz);
  while (m.start < to) {
    out.push(m);
    m = monthOf(m.end, tz);
  }
  return out;
}

/** Splits [from, to) at quarter-hour boundaries (UTC-aligned, which are local ones too for whole/half-hour zones). */
export function splitBySlot(from: Date, to: Date): Array<{ at: Date; seconds: number }> {
  const out: Array<{ at: Date; seconds: number }> = [];
  let t = from.getTime();
  const end = to.getTime();
  while (t < end) {
    const next = Math.min(end, (Math.floor(t / SLOT_MS) + 1) * SLOT_MS);
    out.push({ at: new Date(t), seconds: (next - t) / 1000 });
    t = next;
  }
  return out;
}

/**
 * Reads a date or date-time from a query string in the operator's zone: "2026-03-29" is
 * local midnight, "2026-03-29T08:00" local time; an explicit "Z" or offset is honoured.
 * null when it is not a date.
 */
export function parseInstant(text: string, tz: string): Date | null {
  const d = DateTime.fromISO(text, { zone: tz, setZone: false });
  return d.isValid ? d.toJSDate() : null;
}
