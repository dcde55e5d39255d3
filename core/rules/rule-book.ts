// The rule set in force as a list a compliance officer can read and print: every value with
// its unit, its source (the nearest recorded one up the path) and whether an operator
// overrode it. Pure: the rule set in, the entries out.
import type { RuleBook, RuleEntry, RuleUnit } from '../../wire/rules';
import type { DeadlineUnit, LadderStage, RuleSet } from './presets';

const DEADLINE_UNIT: Record<DeadlineUnit, RuleUnit> = { calendar: 'calendar days', working: 'working days', hours: 'hours' };
const NO_SOURCE = "this product's default (no source recorded)";

function sourceOf(rules: RuleSet, path: string): string {
  for (let p = path; p; p = p.includes('.') ? p.slice(0, p.lastIndexOf('.')) : '') {
    const s = rules.sources[p];
    if (s) return s;
  }
  return NO_SOURCE;
}

const isOverride = (source: string) => source.startsWith('operator');

function ladderStep(s: LadderStage): string {
  const from = { due: 'the due date', previous: 'the previous step', previous_delivered: "the previous step's proven delivery" }[
    s.after.from
  ];
  const unit = s.after.unit === 'working' ? 'working days' : s.after.unit === 'months' ? 'months' : 'calendar days';
  const parts = [`${s.after.days} ${unit} after ${from}`];
  if (s.after.plusWorkingDays) parts[0] += ` + ${s.after.plusWorkingDays} working days`;
  if (s.minDaysAfterPrevious !== undefined) parts.push(`at least ${s.minDaysAfterPrevious} calendar days after the previous step`);
  if (s.maxDebt !== undefined) parts.push(`only while the supply's total overdue debt is under ${s.maxDebt}`);
  if (s.minDebtMonths !== undefined) parts.push(`only once the supply's overdue debt is more than ${s.minDebtMonths} months' charges`);
  if (s.services) parts.push(`services: ${s.services.join(', ')}`);
  parts.push(`by ${s.channels.join(', ')}`);
  if (s.letter) parts.push('with a formal letter');
  if (s.operationsTask) parts.push('opens an operations task');
  if (s.leadsToDisconnection) parts.push('stopped by the moratorium');
  return parts.join('; ');
}

/** The unit of a scalar value by its path (categories and ladder steps are handled apart). */
function unitOf(path: string, value: unknown): RuleUnit {
  if (typeof value === 'boolean') return 'yes/no';
  if (/Hours$/.test(path) && typeof value === 'string') return 'opening hours';
  if (/^reminders\.(smsHours|voiceHours)$|^callbacks\.hours$/.test(path)) return 'opening hours';
  if (/Seconds(\.|$)/.test(path)) return 'seconds';
  if (/(Target|Targets\.[a-z_]+|Rate|Interest)$/.test(path) || /withinDeadlineTargets\./.test(path)) return 'share';
  if (/(minAmount\.[a-z]+|maxAmount|indemnity)$/.test(path)) return 'money';
  if (/(targetHours|delayHours)$/.test(path)) return 'hours';
  if (/(Days|DaysBefore|\.days|DaysAfterDue)$/.test(path)) return 'calendar days';
  if (/(count|Count|scaleMax)$/.test(path)) return 'count';
  return 'text';
}

function flatten(obj: unknown, prefix: string, out: Array<[string, unknown]>): void {
  if (obj !== null && typeof obj === 'object' && !Array.isArray(obj)) {
    for (const [k, v] of Object.entries(obj)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
    return;
  }
  out.push([prefix, obj]);
}

export function ruleBook(rules: RuleSet, timezone: string): RuleBook {
  const entries: RuleEntry[] = [];
  const add = (path: string, value: RuleEntry['value'], unit: RuleUnit, sourcePath = path) => {
    const source = sourceOf(rules, sourcePath);
    entries.push({ path, value, unit, source, overridden: isOverride(source) || isOverride(rules.sources[path] ?? '') });
  };
  for (const [category, rule] of Object.entries(rules.categories)) {
    add(`categories.${category}.answerDays`, rule.answerDays, DEADLINE_UNIT[rule.unit]);
    add(`categories.${category}.priority`, rule.priority, 'count');
  }
  add('letters', rules.letters ? rules.letters.answerDays : null, rules.letters ? DEADLINE_UNIT[rules.letters.unit] : 'text');
  for (const [channel, seconds] of Object.entries(rules.firstResponseSeconds)) add(`firstResponseSeconds.${channel}`, seconds, 'seconds');
  add('averageWaitTargetSeconds', rules.averageWaitTargetSeconds, 'seconds');
  add('serviceLevelTarget', rules.serviceLevelTarget, 'share');
  add('accessibilityTarget', rules.accessibilityTarget, 'share');
  for (const [category, share] of Object.entries(rules.withinDeadlineTargets))
    add(`withinDeadlineTargets.${category}`, share ?? null, 'share');
  add('escalateDaysBefore', rules.escalateDaysBefore, 'calendar days');
  add('dunning.country', rules.dunning.country, 'text');
  add('dunning.dueSoonDays', rules.dunning.dueSoonDays, 'calendar days');
  add('dunning.moratorium', rules.dunning.moratorium, 'yes/no');
  rules.dunning.ladder.forEach((s, i) => add(`dunning.ladder.${i}.${s.stage}`, ladderStep(s), 'text', `dunning.ladder.${s.stage}`));
  const rest: Array<[string, unknown]> = [];
  const { referenceRates, ...instalments } = rules.instalments;
  flatten(
    {
      reminders: rules.reminders,
      instalments,
      deferral: rules.deferral,
      surveys: rules.surveys,
      callbacks: rules.callbacks,
      disputes: rules.disputes,
    },
    '',
    rest,
  );
  for (const [path, value] of rest) {
    const scalar = Array.isArray(value) ? value.join(', ') : (value as RuleEntry['value']);
    add(path, scalar ?? null, Array.isArray(value) ? 'text' : unitOf(path, value));
  }
  // The dated reference rates: each entry carries its own source; an operator's table is marked overridden as a whole.
  const ratesOverridden = isOverride(sourceOf(rules, 'instalments.referenceRates'));
  for (const r of referenceRates)
    entries.push({
      path: `instalments.referenceRates.${r.from}`,
      value: r.rate,
      unit: 'share',
      source: r.source,
      overridden: ratesOverridden,
    });
  return { ruleSet: rules.id, country: rules.dunning.country, timezone, entries };
}
