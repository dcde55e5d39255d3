// The rule book as GET /api/rules answers it: the rule set in force, every value with its
// unit, its source and whether an operator overrode it (the dashboard's rule-book page).

/** How a value reads: a count of calendar days, working days, hours, seconds; a share; money; opening hours; text. */
export type RuleUnit =
  'calendar days' | 'working days' | 'hours' | 'seconds' | 'months' | 'share' | 'money' | 'opening hours' | 'count' | 'yes/no' | 'text';

export interface RuleEntry {
  /** Path of the value in the rule set (RULES_OVERRIDES uses the same), e.g. "categories.withdrawal.answerDays". */
  path: string;
  /** The value; null = the rule set has none ("no target"). Ladder steps are described in words. */
  value: string | number | boolean | null;
  unit: RuleUnit;
  source: string;
  overridden: boolean;
}

export interface RuleBook {
  ruleSet: string;
  /** Country of the working-day and holiday calendar. */
  country: string;
  timezone: string;
  entries: RuleEntry[];
}
