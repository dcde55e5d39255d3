import { BusinessHoursError, isOpen, nextOpening, parseBusinessHours } from '../../core/business-hours';

const hours = parseBusinessHours('mon-fri 08:00-22:00; sat 08:00-18:00');
const tz = 'Europe/Rome';

test.each([
  ['2026-11-23T06:59:00Z', false], // Monday 07:59 Rome
  ['2026-11-23T07:00:00Z', true], // Monday 08:00
  ['2026-11-23T20:59:00Z', true], // Monday 21:59
  ['2026-11-23T21:00:00Z', false], // Monday 22:00 (end is exclusive)
  ['2026-11-28T16:59:00Z', true], // Saturday 17:59
  ['2026-11-28T17:00:00Z', false], // Saturday 18:00
  ['2026-11-29T10:00:00Z', false], // Sunday
  ['2026-07-06T06:30:00Z', true], // Monday 08:30 summer time (UTC+2)
  ['2026-07-06T05:59:00Z', false], // Monday 07:59 summer time
])('default call-centre hours at %s → open %s', (at, open) => {
  expect(isOpen(hours, new Date(at), tz)).toBe(open);
});

test('parsing: ranges, lists, several intervals a day, always and never', () => {
  expect(parseBusinessHours('mon,wed 09:00-12:00, 14:00-18:00')[0]).toEqual([
    { start: 540, end: 720 },
    { start: 840, end: 1080 },
  ]);
  expect(parseBusinessHours('mon,wed 09:00-12:00')[1]).toEqual([]);
  expect(parseBusinessHours('fri-mon 10:00-11:00').map((d) => d.length)).toEqual([1, 0, 0, 0, 1, 1, 1]);
  expect(parseBusinessHours('24/7').every((d) => d[0]?.start === 0 && d[0]?.end === 1440)).toBe(true);
  expect(parseBusinessHours('').every((d) => d.length === 0)).toBe(true);
  expect(parseBusinessHours('Monday-Friday 08:00-24:00')[0]).toEqual([{ start: 480, end: 1440 }]);
});

test.each(['mon 8-22', 'xyz 08:00-10:00', 'mon 10:00-09:00', 'mon 25:00-26:00', 'mon'])('refuses %s with a named error', (spec) => {
  expect(() => parseBusinessHours(spec)).toThrow(BusinessHoursError);
});

test('next opening', () => {
  expect(nextOpening(hours, new Date('2026-11-28T19:00:00Z'), tz)?.toISOString()).toBe('2026-11-30T07:00:00.000Z'); // Sat 20:00 → Mon 08:00
  expect(nextOpening(hours, new Date('2026-11-23T05:00:00Z'), tz)?.toISOString()).toBe('2026-11-23T07:00:00.000Z');
  const open = new Date('2026-11-23T10:00:00Z');
  expect(nextOpening(hours, open, tz)).toBe(open);
  expect(nextOpening(parseBusinessHours('never'), open, tz)).toBeNull();
});
