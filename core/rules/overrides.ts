// Operators override single values of a preset through configuration (RULES_OVERRIDES, a
// JSON object shaped like a RuleSet, every key optional); each overridden value gets the
// source "operator override". The shape is checked here so a typo fails at start-up.
import { z } from 'zod';
import { CATEGORIES, LANGUAGES, VULNERABILITY_KINDS } from '../../wire';
import { PRESETS, type RuleSet } from './presets';

const channel = z.enum(['sms', 'email', 'voice']);
const service = z.enum(['gas', 'electricity', 'water', 'heating']);
const days = z.number().int().min(0).max(3650);
const money = z.number().finite().nonnegative();
const rate = z.number().finite().min(0).max(1);

const ladderStage = z
  .object({
    stage: z.enum(['first_reminder', 'formal_notice', 'power_reduction', 'suspension_eligible']),
    after: z
      .object({
        from: z.enum(['due', 'previous', 'previous_delivered']),
        days,
        unit: z.enum(['calendar', 'working', 'months']),
        plusWorkingDays: days.optional(),
      })
      .strict(),
    minDaysAfterPrevious: days.optional(),
    maxDebt: money.optional(),
    minDebtMonths: z.number().finite().positive().max(120).optional(),
    services: z.array(service).optional(),
    channels: z.array(channel).min(1),
    letter: z.boolean(),
    operationsTask: z.boolean(),
    leadsToDisconnection: z.boolean(),
  })
  .strict();

const deadlineUnit = z.enum(['calendar', 'working', 'hours']);
const categoryRule = z
  .object({ priority: z.number().int().min(0).max(5).optional(), answerDays: days.optional(), unit: deadlineUnit.optional() })
  .strict();
const seconds = z.number().int().positive().nullable();

export const rulesOverrideSchema = z
  .object({
    categories: z.partialRecord(z.enum(CATEGORIES), categoryRule).optional(),
    firstResponseSeconds: z
      .object({ voice: seconds.optional(), chat: seconds.optional(), walk_in: seconds.optional() })
      .strict()
      .optional(),
    letters: z.object({ answerDays: days, unit: deadlineUnit }).strict().nullable().optional(),
    averageWaitTargetSeconds: z.number().int().positive().nullable().optional(),
    serviceLevelTarget: rate.nullable().optional(),
    accessibilityTarget: rate.nullable().optional(),
    withinDeadlineTargets: z.partialRecord(z.enum(CATEGORIES), rate).optional(),
    escalateDaysBefore: days.optional(),
    dunning: z
      .object({
        dueSoonDays: days.optional(),
        ladder: z.array(ladderStage).optional(),
        moratorium: z.boolean().optional(),
        country: z.string().length(2).optional(),
      })
      .strict()
      .optional(),
    reminders: z
      .object({
        fallback: z.array(channel).min(1).optional(),
        smsHours: z.string().optional(),
        voiceHours: z.string().optional(),
        quietOnHolidays: z.boolean().optional(),
        maxPerDay: z.number().int().min(1).max(50).optional(),
        maxPerWeek: z.number().int().min(1).max(100).optional(),
      })
      .strict()
      .optional(),
    instalments: z
      .object({
        minAmount: z.partialRecord(service, money).optional(),
        count: z.number().int().min(1).max(60).optional(),
        baseInterestRate: rate.optional(),
        referenceRates: z
          .array(
            z
              .object({
                from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day, YYYY-MM-DD'),
                rate,
                source: z.string().min(1).default('operator override (RULES_OVERRIDES)'),
              })
              .strict(),
          )
          .min(1)
          .optional(),
        firstDueDaysAfterDue: days.optional(),
        householdsOnly: z.boolean().optional(),
        hardshipCount: z.number().int().min(1).max(60).optional(),
        hardshipInterest: z.boolean().optional(),
      })
      .strict()
      .optional(),
    deferral: z
      .object({
        days: days.optional(),
        maxAmount: money.optional(),
        oncePerBill: z.boolean().optional(),
        householdsOnly: z.boolean().optional(),
      })
      .strict()
      .optional(),
    surveys: z
      .object({
        enabled: z.boolean().optional(),
        categories: z.array(z.enum(CATEGORIES)).optional(),
        delayHours: z.number().min(0).optional(),
        answerDays: days.optional(),
        channels: z
          .array(z.enum(['sms', 'email']))
          .min(1)
          .optional(),
        scaleMax: z.number().int().min(2).max(10).optional(),
      })
      .strict()
      .optional(),
    disputes: z.object({ indemnity: money.optional() }).strict().optional(),
    lateAnswerIndemnity: z
      .object({ categories: z.array(z.enum(CATEGORIES)), amounts: z.tuple([money, money, money]) })
      .strict()
      .nullable()
      .optional(),
    callCentre: z.object({ closedOnHolidays: z.boolean().optional() }).strict().optional(),
    callbacks: z
      .object({
        hours: z.string().optional(),
        targetHours: z.number().positive().optional(),
        attempts: z.number().int().min(1).max(10).optional(),
        retryMinutes: z
          .number()
          .min(1)
          .max(24 * 60)
          .optional(),
        virtualHold: z
          .object({
            afterSeconds: z.number().int().min(0).nullable().optional(),
            expectedWaitSeconds: z.number().int().min(0).nullable().optional(),
          })
          .strict()
          .optional(),
      })
      .strict()
      .optional(),
    privacy: z
      .object({
        legalRecordYears: z.number().int().min(0).max(100).optional(),
        accessRequest: z
          .object({ answer: z.number().int().min(1).max(365), unit: z.enum(['calendar', 'working', 'months']) })
          .strict()
          .optional(),
      })
      .strict()
      .optional(),
    protection: z
      .partialRecord(
        z.enum(VULNERABILITY_KINDS),
        z.discriminatedUnion('effect', [
          z.object({ effect: z.literal('block') }).strict(),
          z.object({ effect: z.literal('delay'), delayDays: days }).strict(),
          z.object({ effect: z.literal('none') }).strict(),
        ]),
      )
      .optional(),
    outages: z
      .object({
        suspectReports: z.number().int().min(1).max(10_000).optional(),
        suspectWindowMinutes: z
          .number()
          .int()
          .min(1)
          .max(24 * 60)
          .optional(),
        noticeHours: z.string().optional(),
        noticeChannels: z.array(channel).min(1).optional(),
      })
      .strict()
      .optional(),
    emergencies: z
      .object({
        smsKeywords: z.array(z.string().trim().min(1).max(40)).optional(),
        safetyInstructions: z.partialRecord(z.enum(LANGUAGES), z.string().trim().min(1).max(1000)).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export type RulesOverride = z.infer<typeof rulesOverrideSchema>;

/** Parses the RULES_OVERRIDES text; throws an Error naming the bad path. */
export function parseRulesOverrides(text: string | undefined): RulesOverride {
  if (!text || !text.trim()) return {};
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`not JSON: ${(err as Error).message}`, { cause: err });
  }
  const parsed = rulesOverrideSchema.safeParse(json);
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; '));
  return parsed.data;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);

/** Deep merge where arrays and scalars replace; records every replaced leaf path in `paths`. */
function merge(base: unknown, patch: unknown, path: string, paths: string[]): unknown {
  if (!isPlainObject(patch) || !isPlainObject(base)) {
    paths.push(path);
    return patch;
  }
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) continue;
    out[k] = merge(base[k], v, path ? `${path}.${k}` : k, paths);
  }
  return out;
}

/** The preset with the operator's overrides applied; `moratorium` (DUNNING_MORATORIUM) wins when given. */
export function resolveRuleSet(id: RuleSet['id'], overrides: RulesOverride = {}, moratorium?: boolean): RuleSet {
  const paths: string[] = [];
  const merged = merge(PRESETS[id], overrides, '', paths) as RuleSet;
  const sources = { ...merged.sources };
  for (const p of paths) sources[p] = 'operator override (RULES_OVERRIDES)';
  const result: RuleSet = { ...merged, sources };
  if (moratorium !== undefined) {
    result.dunning = { ...result.dunning, moratorium };
    result.sources['dunning.moratorium'] = 'operator switch (DUNNING_MORATORIUM)';
  }
  return result;
}
