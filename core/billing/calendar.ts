// Day arithmetic for the rules: calendar days, calendar months and working days (no
// weekends, no public holidays of the country, from date-holidays). Days are local days
// in the configured time zone: a stage "fires on day D" whatever the hour of the run.
import Holidays from 'date-holidays';
import { DateTime } from 'luxon';
import type { DelayUnit } from '../rules/presets';

const calendars = new Map<string, Holidays>();
function holidays(country: string): Holidays {
  let h = calendars.get(country);
  if (!h) {
    h = new Holidays(country);
    calendars.set(country, h);
  }
  return h;
}

/**
 * A small memo for the pure functions below: a reminders run asks the same questions
 * (today, a shared due date, a holiday) for every one of 100,000 bills, and each answer
 * costs time-zone arithmetic. Bounded: emptied when it fills.
 */
function memo<V>(limit: number): (key: string, compute: () => V) => V {
  const values = new Map<string, V>();
  return (key, compute) => {
    let v = values.get(key);
    if (v === undefined) {
      if (values.size >= limit) values.clear();
      v = compute();
      values.set(key, v);
    }
    return v;
  };
}
const dayMemo = memo<DateTime>(20_000);
const holidayMemo = memo<boolean>(5_000);

/** Start of the local day of `at` (luxon DateTimes are immutable, so one can be shared). */
export function localDay(at: Date, timeZone: string): DateTime {
  return dayMemo(`${at.getTime()}|${timeZone}`, () => DateTime.fromJSDate(at, { zone: timeZone }).startOf('day'));
}

/** Whole local days from `a` to `b` (positive when b is later). */
export function daysBetween(a: Date, b: Date, timeZone: string): number {
  return Math.round(localDay(b, timeZone).diff(localDay(a, timeZone), 'days').days);
}

export function isPublicHoliday(at: Date, country: string, timeZone: string): boolean {
  const day = localDay(at, timeZone);
  return holidayMemo(`${day.toMillis()}|${country}|${timeZone}`, () => {
    // date-holidays checks the instant against each holiday's local start/end.
    const found = holidays(country).isHoliday(day.plus({ hours: 12 }).toJSDate());
    return Array.isArray(found) && found.some((h) => h.type === 'public');
  });
}

export function isWorkingDay(at: Date, country: string, timeZone: string): boolean {
  const d = localDay(at, timeZone);
  return d.weekday <= 5 && !isPublicHoliday(d.toJSDate(), country, timeZone);
}

/** The local day `n` units after the local day of `from` (start of that day). */
export function addDelay(from: Date, n: number, unit: DelayUnit, country: string, timeZone: string): Date {
  const start = localDay(from, timeZone);
  if (unit === 'calendar') return start.plus({ days: n }).toJSDate();
  if (unit === 'months') return start.plus({ months: n }).toJSDate();
  let d = start;
  let left = n;
  while (left > 0) {
    d = d.plus({ days: 1 });
    if (isWorkingDay(d.toJSDate(), country, timeZone)) left -= 1;
  }
  return d.toJSDate();
}
