// Rule sets of DOMAIN.md, selectable by RULE_SET. Every number carries its source in
// `sources` (keyed by the value's path); operators override values, not code.
import type { Category, Channel } from '../../models/enums';

export interface CategoryRule {
  /** 1 is the most urgent; within a priority the oldest goes first. */
  priority: number;
  /** Regulatory written-answer deadline, calendar days. */
  answerDays: number;
}

export interface RuleSet {
  id: 'seed-2014' | 'it-2026' | 'ru';
  categories: Record<Category, CategoryRule>;
  /** First-response target per channel of origin, seconds (a call's wait, a chat's reply). */
  firstResponseSeconds: Record<Channel, number>;
  /** Call-centre average wait target (TMA), seconds; null where the rule set has none. */
  averageWaitTargetSeconds: number | null;
  serviceLevelTarget: number | null;
  accessibilityTarget: number | null;
  /** Escalate written-answer tickets this many days before their deadline. */
  escalateDaysBefore: number;
  sources: Record<string, string>;
}

const baseCategories: Record<Category, CategoryRule> = {
  disputed_contract: { priority: 1, answerDays: 40 },
  outage: { priority: 1, answerDays: 1 },
  complaint: { priority: 2, answerDays: 40 },
  withdrawal: { priority: 2, answerDays: 14 },
  callback: { priority: 2, answerDays: 1 },
  voicemail: { priority: 3, answerDays: 2 },
  instalment: { priority: 3, answerDays: 30 },
  deferral: { priority: 3, answerDays: 30 },
  billing: { priority: 3, answerDays: 30 },
  meter_reading: { priority: 4, answerDays: 14 },
  information_request: { priority: 4, answerDays: 30 },
  suggestion: { priority: 5, answerDays: 30 },
  feedback: { priority: 5, answerDays: 30 },
};

const firstResponseSeconds: Record<Channel, number> = {
  voice: 240,
  web: 120,
  sms: 4 * 3600,
  email: 2 * 86400,
  walk_in: 40 * 60,
  association: 5 * 86400,
};

export const PRESETS: Record<RuleSet['id'], RuleSet> = {
  'seed-2014': {
    id: 'seed-2014',
    categories: baseCategories,
    firstResponseSeconds,
    averageWaitTargetSeconds: 240,
    serviceLevelTarget: 0.8,
    accessibilityTarget: 0.9,
    escalateDaysBefore: 5,
    sources: {
      'categories.complaint.answerDays': 'seed 001 (Hera Carta): written complaints answered within 40 days',
      'categories.information_request.answerDays': 'seed 001: written information requests within 30 days',
      'categories.disputed_contract.priority': 'seed 001 protocol §6: unrequested contracts handled first',
      'categories.withdrawal.answerDays': 'seed 001: right of reconsideration, 14 working days by law',
      'categories.meter_reading.answerDays': 'seed 004 (MOEK): letters answered within two weeks',
      averageWaitTargetSeconds: 'seed 001: regulator target 240 s average wait',
      serviceLevelTarget: 'seed 001: LS ≥ 80 %',
      accessibilityTarget: 'seed 001: AS ≥ 90 %',
    },
  },
  'it-2026': {
    id: 'it-2026',
    categories: { ...baseCategories, complaint: { priority: 2, answerDays: 30 }, disputed_contract: { priority: 1, answerDays: 30 } },
    firstResponseSeconds: { ...firstResponseSeconds, voice: 180 },
    averageWaitTargetSeconds: 180,
    serviceLevelTarget: 0.85,
    accessibilityTarget: 0.95,
    escalateDaysBefore: 5,
    sources: {
      'categories.complaint.answerDays': 'ARERA TIQV from 1 Jan 2026: 30 days (press, secondary source — override if needed)',
      averageWaitTargetSeconds: 'ARERA TIQV 2026: TMA ≤ 180 s (secondary source)',
      serviceLevelTarget: 'ARERA TIQV 2026: LS ≥ 85 % (secondary source)',
      accessibilityTarget: 'ARERA TIQV 2026: AS ≥ 95 % (secondary source)',
    },
  },
  ru: {
    id: 'ru',
    categories: { ...baseCategories, complaint: { priority: 2, answerDays: 30 }, disputed_contract: { priority: 1, answerDays: 30 } },
    firstResponseSeconds: { ...firstResponseSeconds, sms: 4 * 3600 },
    averageWaitTargetSeconds: null,
    serviceLevelTarget: null,
    accessibilityTarget: null,
    escalateDaysBefore: 5,
    sources: {
      'categories.complaint.answerDays': 'network companies order no. 186; 59-FZ practice: 30 days',
      'categories.callback.answerDays': 'outage hotline 24/7, call-back within 4 h',
    },
  },
};

export function ruleSet(id: RuleSet['id']): RuleSet {
  return PRESETS[id];
}
