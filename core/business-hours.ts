// Opening hours as people write them: "mon-fri 08:00-22:00; sat 08:00-18:00" (the
// call-centre hours of docs/rules.md, the courtesy window for reminder calls, a queue's
// hours). Pure: the instant and the time zone are passed in.
import { DateTime } from 'luxon';

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
type Day = (typeof DAYS)[number];

export interface Interval {
  /** Minutes from midnight, local time; end is exclusive and may be 1440. */
  start: number;
  end: number;
}

/** Index 0 = Monday … 6 = Sunday. */
export type WeeklyHours = Interval[][];

export class BusinessHoursError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BusinessHoursError';
  }
}

function minutes(hhmm: string, what: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(hhmm);
  if (!m) throw new BusinessHoursError(`${what}: "${hhmm}" is not HH:MM`);
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h > 24 || min > 59 || (h === 24 && min > 0)) throw new BusinessHoursError(`${what}: "${hhmm}" is not a time of day`);
  return h * 60 + min;
}

function dayIndex(d: string, what: string): number {
  const i = DAYS.indexOf(d.slice(0, 3) as Day);
  if (i < 0) throw new BusinessHoursError(`${what}: "${d}" is not a day (mon … sun)`);
  return i;
}

/**
 * Parses "mon-fri 08:00-22:00; sat 08:00-18:00". Clauses are separated by ";" (or new
 * lines); a clause is a day or day range (or a comma list of them), then one or more
 * time ranges separated by ",". "24/7" or "always" means always open; "" or "never"
 * means never. Throws BusinessHoursError naming the bad clause.
 */
export function parseBusinessHours(spec: string): WeeklyHours {
  const week: WeeklyHours = DAYS.map(() => []);
  const text = spec.trim().toLowerCase();
  if (text === '24/7' || text === 'always') return DAYS.map(() => [{ start: 0, end: 1440 }]);
  if (text === '' || text === 'never') return week;
  for (const raw of text.split(/[;\n]+/)) {
    const clause = raw.trim();
    if (!clause) continue;
    const m = /^([a-z,\s-]+?)\s+(\d.*)$/.exec(clause);
    if (!m) throw new BusinessHoursError(`"${clause}": expected "<days> HH:MM-HH:MM"`);
    const days = new Set<number>();
    for (const part of (m[1] ?? '')
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean)) {
      const [a, b] = part.split('-').map((p) => p.trim());
      const from = dayIndex(a ?? '', clause);
      const to = b ? dayIndex(b, clause) : from;
      for (let i = from; ; i = (i + 1) % 7) {
        days.add(i);
        if (i === to) break;
      }
    }
    for (const range of (m[2] ?? '')
      .split(',')
      .map((r) => r.trim())
      .filter(Boolean)) {
      const [a, b, extra] = range.split('-').map((p) => p.trim());
      if (!a || !b || extra !== undefined) throw new BusinessHoursError(`"${clause}": "${range}" is not HH:MM-HH:MM`);
      const start = minutes(a, clause);
      const end = minutes(b, clause);
      if (end <= start) throw new BusinessHoursError(`"${clause}": ${range} ends before it starts`);
      for (const d of days) week[d]?.push({ start, end });
    }
  }
  for (const day of week) day.sort((x, y) => x.start - y.start);
  return week;
}

function local(at: Date, timeZone: string): DateTime {
  const dt = DateTime.fromJSDate(at, { zone: timeZone });
  if (!dt.isValid) throw new BusinessHoursError(`unknown time zone "${timeZone}"`);
  return dt;
}

export function isOpen(hours: WeeklyHours, at: Date, timeZone: string): boolean {
  const dt = local(at, timeZone);
  const minute = dt.hour * 60 + dt.minute;
  return (hours[dt.weekday - 1] ?? []).some((i) => minute >= i.start && minute < i.end);
}

/** The next instant at or after `at` when it is open, within two weeks; null if never. */
export function nextOpening(hours: WeeklyHours, at: Date, timeZone: string): Date | null {
  if (isOpen(hours, at, timeZone)) return at;
  const start = local(at, timeZone);
  for (let d = 0; d < 15; d++) {
    const day = start.plus({ days: d }).startOf('day');
    for (const i of hours[day.weekday - 1] ?? []) {
      const opening = day.plus({ minutes: i.start });
      if (opening > start) return opening.toJSDate();
    }
  }
  return null;
}
