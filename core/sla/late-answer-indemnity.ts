// The automatic indemnity for a late written answer (docs/rules.md, "Automatic indemnities"):
// how late the answer came, measured against the deadline's own length, decides the amount.
// Pure: the ticket's deadline, the answer's instant and the rule set in, a verdict out.
import type { RuleSet } from '../rules/presets';

export interface LateAnswer {
  category: string;
  /** The written-answer deadline set when the ticket opened. */
  dueAt: Date;
  /** When the answer went out (the ticket was resolved). */
  answeredAt: Date;
}

export interface IndemnityVerdict {
  amount: number;
  /** 1: past the deadline; 2: more than twice its length; 3: more than three times. */
  tier: 1 | 2 | 3;
  /** Whole days past the deadline, rounded up. */
  daysLate: number;
}

const DAY = 86_400_000;

export function lateAnswerIndemnity(t: LateAnswer, rules: Pick<RuleSet, 'lateAnswerIndemnity' | 'categories'>): IndemnityVerdict | null {
  const rule = rules.lateAnswerIndemnity;
  if (!rule || !rule.categories.includes(t.category as never)) return null;
  const late = t.answeredAt.getTime() - t.dueAt.getTime();
  if (late <= 0) return null;
  const deadline = rules.categories[t.category as keyof RuleSet['categories']].answerDays * DAY;
  // The answer took deadline + late: more than 2× the deadline once late > deadline, more than 3× once late > 2× it.
  const tier = late > 2 * deadline ? 3 : late > deadline ? 2 : 1;
  return { amount: rule.amounts[tier - 1]!, tier, daysLate: Math.ceil(late / DAY) };
}
