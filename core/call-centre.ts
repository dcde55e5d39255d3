// Whether callers can reach an agent now: the call-centre hours (CALL_CENTRE_HOURS) and, when
// the rule set says so, not on the country's public holidays (a weekday holiday is closed).
import { isOpen, type WeeklyHours } from './business-hours';
import { isPublicHoliday } from './billing/calendar';
import type { RuleSet } from './rules/presets';

export function callCentreOpen(hours: WeeklyHours, rules: Pick<RuleSet, 'callCentre' | 'dunning'>, at: Date, timeZone: string): boolean {
  if (!isOpen(hours, at, timeZone)) return false;
  return !(rules.callCentre.closedOnHolidays && isPublicHoliday(at, rules.dunning.country, timeZone));
}
