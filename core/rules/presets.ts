// Rule sets of docs/rules.md ("Rule sets"), selectable by RULE_SET. Every number carries its source in
// `sources` (keyed by the value's path); operators override values, not code.
import type { Category, Language, LiveChannel } from '../../wire';
import type { Service } from '../../models/contract';

export interface CategoryRule {
  /** 1 is the most urgent; within a priority the oldest goes first. */
  priority: number;
  /** Regulatory written-answer deadline, calendar days. */
  answerDays: number;
}

export interface RuleSet {
  id: 'seed-2014' | 'it-2026' | 'ru';
  categories: Record<Category, CategoryRule>;
  /**
   * Answer-time target of live contacts, seconds (a call's wait, a chat's reply, a visitor at
   * the desk). Deferred contacts (SMS, e-mail, forms, IVR requests) have none: their clock is
   * the category's `answerDays`.
   */
  firstResponseSeconds: Record<LiveChannel, number>;
  /** Call-centre average wait target (TMA), seconds; null where the rule set has none. */
  averageWaitTargetSeconds: number | null;
  serviceLevelTarget: number | null;
  accessibilityTarget: number | null;
  /** Escalate written-answer tickets this many days before their deadline. */
  escalateDaysBefore: number;
  /** Dunning ladder, due-soon reminders, moratorium (core/billing/dunning.ts). */
  dunning: DunningRules;
  /** How reminders are sent: fallback order, quiet hours, courtesy window (core/reminders). */
  reminders: ReminderRules;
  instalments: InstalmentRules;
  deferral: DeferralRules;
  surveys: SurveyRules;
  callbacks: CallbackRules;
  /** Disputed ("unrequested") contract: indemnity credited when upheld after bills were issued. */
  disputes: { indemnity: number };
  /** Outage incidents: when reports raise a suspicion, when notices may go out (core/outages). */
  outages: OutageRules;
  /** Gas leaks and other dangers to people (core/emergencies). */
  emergencies: EmergencyRules;
  sources: Record<string, string>;
}

export interface OutageRules {
  /** This many outage reports from one area within `suspectWindowMinutes` raise a suspected outage for supervisors. */
  suspectReports: number;
  suspectWindowMinutes: number;
  /**
   * When outage notices (declared, restored, the final message of a linked contact) may go out
   * by SMS or call (business-hours syntax, TIMEZONE); outside them they wait, unless the outage
   * is marked urgent. A safety notice, not marketing: every day, holidays included.
   */
  noticeHours: string;
  /** Channels a notice to a customer of the area may use, in the customer's preferred order, then the reminders' fallback order. */
  noticeChannels: ReminderChannel[];
}

export interface EmergencyRules {
  /** A text that is only one of these words (any case, punctuation ignored) is an emergency report. */
  smsKeywords: string[];
  /** Said to an emergency caller while they wait, and texted back to an emergency SMS, per language. */
  safetyInstructions: Record<Language, string>;
}

export type ReminderChannel = 'sms' | 'email' | 'voice';
/** calendar / working days (holidays of `dunning.country`), or calendar months. */
export type DelayUnit = 'calendar' | 'working' | 'months';
/** The ladder's stages after "due soon", in the order of models/bill.ts DUNNING_STAGES. */
export type LadderStageName = 'first_reminder' | 'formal_notice' | 'power_reduction' | 'suspension_eligible';

export interface LadderStage {
  stage: LadderStageName;
  /**
   * Fires `days` (in `unit`) after the due date, after the previous stage was sent, or after
   * the previous stage's message was delivered (proof of delivery), plus optional working days.
   */
  after: { from: 'due' | 'previous' | 'previous_delivered'; days: number; unit: DelayUnit; plusWorkingDays?: number };
  /** Never sooner than this many calendar days after the previous stage (the seed's "≈ 20 days later"). */
  minDaysAfterPrevious?: number;
  /** Only when the outstanding debt is under this amount (seed-2014: first reminder under €250). */
  maxDebt?: number;
  /** Only for these services (it-2026: power reduction is an electricity step). */
  services?: Service[];
  /** Channels a message of this stage may use (in the customer's preferred order, then the fallback order). */
  channels: ReminderChannel[];
  /** Produce a formal PDF letter and a postal-dispatch task. */
  letter: boolean;
  /** Open an operations task (power reduction, suspension). */
  operationsTask: boolean;
  /** A step that leads to disconnection: stopped by the moratorium switch. */
  leadsToDisconnection: boolean;
}

export interface DunningRules {
  /** Due-soon reminder this many days before the due date, for unpaid bills. */
  dueSoonDays: number;
  ladder: LadderStage[];
  /** Global switch: no step that leads to disconnection while on (regulators did this in 2020). */
  moratorium: boolean;
  /** ISO country of the working-day calendar (date-holidays). */
  country: string;
}

export interface ReminderRules {
  /** Tried after the customer's preferred channel, in this order. */
  fallback: ReminderChannel[];
  /** When SMS may be sent (core/business-hours.ts syntax, TIMEZONE); outside → queued to the next allowed time. */
  smsHours: string;
  /** When automated reminder calls may ring (courtesy window). */
  voiceHours: string;
  /** No SMS or calls on public holidays of `dunning.country`. */
  quietOnHolidays: boolean;
}

export interface InstalmentRules {
  /** The bill must be above this amount, per service. */
  minAmount: Record<Service, number>;
  count: number;
  /** Annual interest = base + reference rate. */
  baseInterestRate: number;
  referenceRate: number;
  /** First instalment due this many days after the bill's due date; the next ones monthly. */
  firstDueDaysAfterDue: number;
  householdsOnly: boolean;
  /** Hardship categories: eased terms (more instalments, no interest), decided by an agent. */
  hardshipCount: number;
  hardshipInterest: boolean;
}

export interface DeferralRules {
  /** New due date = request date + days. */
  days: number;
  maxAmount: number;
  oncePerBill: boolean;
  householdsOnly: boolean;
}

export interface SurveyRules {
  enabled: boolean;
  /** Ticket categories whose resolution triggers a survey. */
  categories: Category[];
  /** Sent this many hours after resolution. */
  delayHours: number;
  /** Answers accepted this many days after sending. */
  answerDays: number;
  channels: Array<'sms' | 'email'>;
  scaleMax: number;
}

export interface CallbackRules {
  /** Outbound call tasks are released to agents in these hours (business-hours syntax). */
  hours: string;
  /** Callback target, hours from the request (ru: within 4 h). */
  targetHours: number;
}

const baseCategories: Record<Category, CategoryRule> = {
  emergency: { priority: 0, answerDays: 1 },
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

const firstResponseSeconds: Record<LiveChannel, number> = {
  voice: 240,
  chat: 120,
  walk_in: 40 * 60,
};

const seedLadder: LadderStage[] = [
  {
    stage: 'first_reminder',
    after: { from: 'due', days: 20, unit: 'calendar' },
    maxDebt: 250,
    channels: ['sms', 'email', 'voice'],
    letter: false,
    operationsTask: false,
    leadsToDisconnection: false,
  },
  {
    stage: 'formal_notice',
    after: { from: 'due', days: 40, unit: 'calendar' },
    minDaysAfterPrevious: 20,
    channels: ['sms', 'email', 'voice'],
    letter: true,
    operationsTask: false,
    leadsToDisconnection: true,
  },
  {
    stage: 'suspension_eligible',
    after: { from: 'due', days: 3, unit: 'months' },
    minDaysAfterPrevious: 20,
    channels: ['sms', 'email', 'voice'],
    letter: false,
    operationsTask: true,
    leadsToDisconnection: true,
  },
];

const reminders: ReminderRules = {
  fallback: ['sms', 'email', 'voice'],
  smsHours: 'mon-sat 08:00-20:00',
  voiceHours: 'mon-fri 09:00-20:00; sat 10:00-19:00',
  quietOnHolidays: true,
};

const instalments: InstalmentRules = {
  minAmount: { electricity: 25.82, gas: 50, water: 50, heating: 50 },
  count: 3,
  baseInterestRate: 0.035,
  referenceRate: 0.02,
  firstDueDaysAfterDue: 30,
  householdsOnly: true,
  hardshipCount: 6,
  hardshipInterest: false,
};

const deferral: DeferralRules = { days: 30, maxAmount: 20_000, oncePerBill: true, householdsOnly: true };

const surveys: SurveyRules = {
  enabled: true,
  categories: ['complaint', 'billing', 'information_request', 'instalment', 'deferral', 'disputed_contract', 'callback'],
  delayHours: 2,
  answerDays: 7,
  channels: ['sms', 'email'],
  scaleMax: 5,
};

const callbacks: CallbackRules = { hours: 'mon-fri 08:00-22:00; sat 08:00-18:00', targetHours: 24 };

/** Disputed contract upheld after bills were issued: the indemnity credited (the same in every preset). */
const disputes: RuleSet['disputes'] = { indemnity: 25 };

const outages: OutageRules = {
  suspectReports: 3,
  suspectWindowMinutes: 30,
  noticeHours: 'mon-sun 07:00-22:00',
  noticeChannels: ['sms', 'email'],
};

const emergencies: EmergencyRules = {
  smsKeywords: ['gas', 'fuga', 'emergenza', 'emergency', 'leak', 'газ', 'утечка'],
  safetyInstructions: {
    it: 'Se sente odore di gas: non accenda luci né interruttori, non usi fiamme o telefoni nella stanza, apra le finestre, chiuda il rubinetto del contatore ed esca. Un tecnico è in arrivo.',
    en: 'If you smell gas: do not switch lights or appliances on or off, no flames, do not use a phone in the room, open the windows, close the valve at the meter and leave. A crew is on its way.',
    ru: 'При запахе газа: не включайте и не выключайте свет и приборы, не пользуйтесь огнём и телефоном в помещении, откройте окна, перекройте кран у счётчика и выйдите. Аварийная бригада уже едет.',
  },
};

/** Sources of the values every preset shares (a preset's own `sources` win). */
const commonSources: Record<string, string> = {
  'dunning.dueSoonDays': "seed 002 §7.1.8: reminder of an approaching due date; 3 days is this product's default",
  'dunning.moratorium': 'docs/rules.md, Rule sets: global switch (regulators suspended disconnections, e.g. in 2020)',
  'reminders.fallback': 'seed 002 §7.1.12: SMS, e-mail or automated call (автоинформатор)',
  'reminders.smsHours': 'issue 6 default: no SMS or calls 20:00–08:00 and on Sundays',
  'reminders.voiceHours': 'Italian code of conduct for promotional calls: Mon–Fri 09–20, Sat 10–19, none on Sundays and holidays',
  'reminders.quietOnHolidays': 'Italian code of conduct for promotional calls: none on holidays',
  'instalments.minAmount.electricity': 'seed 001: instalments for bills above €25.82 (electricity)',
  'instalments.minAmount.gas': 'seed 001: instalments for bills above €50 (gas)',
  'instalments.minAmount.water': 'not in the seeds: same as gas, override',
  'instalments.minAmount.heating': 'not in the seeds: same as gas, override',
  'instalments.count': 'seed 001: 3 monthly instalments',
  'instalments.baseInterestRate': 'seed 001: interest 3.5 % plus the reference rate',
  'instalments.referenceRate': 'reference rate (ECB main refinancing operations): set by the operator, 2 % is a placeholder',
  'instalments.firstDueDaysAfterDue': "seed 001: first instalment due 30 days after the bill's due date",
  'instalments.householdsOnly': 'seed 001: instalments and deferrals are household terms',
  'instalments.hardshipCount':
    "seed 001: eased terms for hardship categories decided by an agent; 6 instalments without interest is this product's default",
  'deferral.days': 'seed 001: new due date = request date + 30 days',
  'deferral.maxAmount': 'seed 001: deferral for bills up to €20,000',
  'deferral.oncePerBill': 'seed 001: once per bill',
  'surveys.categories': 'seed 002 ch. 8–9: passive feedback — control calls / surveys after complaints',
  'surveys.scaleMax': 'issue 6: 1–5 plus a comment',
  'disputes.indemnity':
    'seed 001 protocol §8: €25 indemnity as a credit note when an unrequested contract is upheld after bills were issued',
  'callbacks.hours': 'docs/rules.md, Phone: call-centre hours Mon–Fri 08–22, Sat 08–18',
  'outages.suspectReports':
    "docs/rules.md, Phone: several reports from one area are one outage; 3 within 30 minutes is this product's default",
  'outages.noticeHours':
    'issue 13: a safety notice is not marketing (it ignores the reminders’ quiet hours and holidays) but waits out 22:00–07:00 unless the outage is urgent',
  'outages.noticeChannels': 'issue 13: SMS and e-mail; automated calls are not placed to a whole area',
  'emergencies.safetyInstructions':
    'gas distributors’ public advice for a smell of gas (no switches, flames or phones; air the room, close the valve, leave): wording to be checked by the operator',
  'emergencies.smsKeywords': 'issue 13: an SMS keyword for emergencies; the free-text words are in core/classify.ts',
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
    dunning: { dueSoonDays: 3, ladder: seedLadder, moratorium: false, country: 'IT' },
    reminders,
    instalments,
    deferral,
    surveys,
    callbacks,
    disputes,
    outages,
    emergencies,
    sources: {
      ...commonSources,
      'dunning.ladder.first_reminder':
        'seed 001 (sospensione per morosità): first reminder ≈ 20 days after the due date, only for debts under €250',
      'dunning.ladder.formal_notice': 'seed 001: ≈ 20 days later a registered letter warning of interruption',
      'dunning.ladder.suspension_eligible':
        'seed 001: suspension possible ≈ 3 months after the due date; shared supplies: each resident informed first',
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
    dunning: {
      dueSoonDays: 3,
      ladder: [
        seedLadder[0]!,
        { ...seedLadder[1]!, channels: ['email', 'sms', 'voice'] },
        // Low voltage: request no earlier than 25 days after receipt and 3 working days after the notice's deadline.
        {
          stage: 'power_reduction',
          after: { from: 'previous', days: 25, unit: 'calendar', plusWorkingDays: 3 },
          services: ['electricity'],
          channels: ['sms', 'email', 'voice'],
          letter: false,
          operationsTask: true,
          leadsToDisconnection: true,
        },
        {
          stage: 'suspension_eligible',
          after: { from: 'previous', days: 15, unit: 'calendar' },
          services: ['electricity'],
          channels: ['sms', 'email', 'voice'],
          letter: false,
          operationsTask: true,
          leadsToDisconnection: true,
        },
        {
          stage: 'suspension_eligible',
          after: { from: 'previous', days: 40, unit: 'calendar' },
          services: ['gas', 'water', 'heating'],
          channels: ['sms', 'email', 'voice'],
          letter: false,
          operationsTask: true,
          leadsToDisconnection: true,
        },
      ],
      moratorium: false,
      country: 'IT',
    },
    reminders,
    instalments,
    deferral,
    surveys,
    callbacks,
    disputes,
    outages,
    emergencies,
    sources: {
      ...commonSources,
      'dunning.ladder.first_reminder': 'seed 001 (kept: the 2026 rules do not change the courtesy reminder)',
      'dunning.ladder.formal_notice': 'ARERA 2026: registered letter or certified e-mail (PEC)* — timing kept from seed 001',
      'dunning.ladder.power_reduction':
        'ARERA 2026 low voltage: no earlier than 25 days after receipt and 3 working days after the notice deadline; power first cut to 15 %*',
      'dunning.ladder.suspension_eligible':
        'ARERA 2026: suspended 15 days after the reduction (low voltage); gas / medium voltage 40 days*',
      'categories.complaint.answerDays': 'ARERA TIQV from 1 Jan 2026: 30 days (press, secondary source — override if needed)',
      averageWaitTargetSeconds: 'ARERA TIQV 2026: TMA ≤ 180 s (secondary source)',
      serviceLevelTarget: 'ARERA TIQV 2026: LS ≥ 85 % (secondary source)',
      accessibilityTarget: 'ARERA TIQV 2026: AS ≥ 95 % (secondary source)',
    },
  },
  ru: {
    id: 'ru',
    categories: { ...baseCategories, complaint: { priority: 2, answerDays: 30 }, disputed_contract: { priority: 1, answerDays: 30 } },
    firstResponseSeconds,
    averageWaitTargetSeconds: null,
    serviceLevelTarget: null,
    accessibilityTarget: null,
    escalateDaysBefore: 5,
    dunning: {
      dueSoonDays: 3,
      ladder: [
        // A debtor is someone owing more than 2 months' charges: the warning goes 2 months after the due date.
        {
          stage: 'formal_notice',
          after: { from: 'due', days: 2, unit: 'months' },
          channels: ['sms', 'voice', 'email'],
          letter: true,
          operationsTask: false,
          leadsToDisconnection: true,
        },
        {
          stage: 'power_reduction',
          after: { from: 'previous_delivered', days: 20, unit: 'calendar' },
          channels: ['sms', 'voice', 'email'],
          letter: false,
          operationsTask: true,
          leadsToDisconnection: true,
        },
        {
          stage: 'suspension_eligible',
          after: { from: 'previous', days: 10, unit: 'calendar' },
          channels: ['sms', 'voice', 'email'],
          letter: false,
          operationsTask: true,
          leadsToDisconnection: true,
        },
      ],
      moratorium: false,
      country: 'RU',
    },
    reminders: { ...reminders, voiceHours: 'mon-fri 09:00-20:00; sat 10:00-19:00' },
    instalments,
    deferral,
    surveys,
    callbacks: { ...callbacks, targetHours: 4 },
    disputes,
    outages,
    emergencies,
    sources: {
      ...commonSources,
      'dunning.ladder.formal_notice':
        "ru retail practice: debtor = more than 2 months' charges; warning by SMS, recorded call, e-mail or the bill, with proof of delivery",
      'dunning.ladder.power_reduction': 'ru: the warning gives 20 days from its (proven) delivery, then limitation',
      'dunning.ladder.suspension_eligible': 'ru: after limitation, suspension; 10 days is a secondary-source default*',
      'callbacks.targetHours': 'ru: outage hotline 24/7, call-back within 4 h',
      'instalments.minAmount.electricity': 'Italian rule kept as a default: override for Russian practice',
      'categories.complaint.answerDays': 'network companies order no. 186; 59-FZ practice: 30 days',
      'categories.callback.answerDays': 'outage hotline 24/7, call-back within 4 h',
    },
  },
};

export function ruleSet(id: RuleSet['id']): RuleSet {
  return PRESETS[id];
}
