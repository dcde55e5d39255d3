// Rule sets of docs/rules.md ("Rule sets"), selectable by RULE_SET. Every number carries its source in
// `sources` (keyed by the value's path); operators override values, not code.
import type { Category, Language, LiveChannel, VulnerabilityKind } from '../../wire';
import type { Service } from '../../models/contract';

/**
 * How a deadline counts: calendar days, working days (no weekends, no public holidays of
 * the rule set's country) or hours (around the clock).
 */
export type DeadlineUnit = 'calendar' | 'working' | 'hours';

export interface CategoryRule {
  /** 1 is the most urgent; within a priority the oldest goes first. */
  priority: number;
  /** Regulatory written-answer deadline: this many `unit`s from receipt (the name predates the unit). */
  answerDays: number;
  unit: DeadlineUnit;
}

export interface RuleSet {
  id: 'seed-2014' | 'it-2026' | 'ru';
  categories: Record<Category, CategoryRule>;
  /**
   * Answer-time target of live contacts, seconds (a call's wait, a chat's reply, a visitor at
   * the desk); null where the rule set has none ("no target"). Deferred contacts (SMS, e-mail,
   * forms, IVR requests) have none: their clock is the category's deadline.
   */
  firstResponseSeconds: Record<LiveChannel, number | null>;
  /** Call-centre average wait target (TMA), seconds; null where the rule set has none. */
  averageWaitTargetSeconds: number | null;
  serviceLevelTarget: number | null;
  accessibilityTarget: number | null;
  /**
   * Share of written answers a category must give within its deadline over a year (it-2026:
   * information requests, 95 %); categories without one have no such target.
   */
  withinDeadlineTargets: Partial<Record<Category, number>>;
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
  /** The call centre's agents (CALL_CENTRE_HOURS): closed on the public holidays of `dunning.country`. */
  callCentre: { closedOnHolidays: boolean };
  /** Disputed ("unrequested") contract: indemnity credited when upheld after bills were issued. */
  disputes: { indemnity: number };
  /**
   * Postal letters and certified e-mail (PEC) registered by the back office: answered within
   * this deadline from the day received, whatever their category; null = the category's deadline.
   */
  letters: { answerDays: number; unit: DeadlineUnit } | null;
  /**
   * Automatic indemnity for a written answer later than its deadline, by how late (docs/rules.md,
   * "Automatic indemnities"): `amounts[0]` past the deadline, `[1]` past twice it, `[2]` past
   * three times it; only for `categories`. null where the rule set has none.
   */
  lateAnswerIndemnity: { categories: Category[]; amounts: [number, number, number] } | null;
  /** What a vulnerability flag does to the disconnection steps of the ladder (core/protection/). */
  protection: ProtectionRules;
  /** Legal records (bills, payments, formal notices) outlive a customer's erasure this many years (core/privacy/). */
  privacy: {
    legalRecordYears: number;
    /**
     * A customer's own request for their data (GDPR Art. 15 / 20, 152-FZ art. 14) is answered
     * within this: `months` are calendar months (one month from the 3rd is the 3rd), `working`
     * the country's working days (core/privacy/access-request.ts).
     */
    accessRequest: { answer: number; unit: 'calendar' | 'working' | 'months' };
  };
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
  /**
   * Only when the customer's total overdue debt on the supply (every overdue bill of the
   * contract, not this bill alone) is under this amount (seed-2014: first reminder under €250).
   */
  maxDebt?: number;
  /**
   * Only when the supply's total overdue debt is more than this many months of the
   * customer's average monthly charge (ru: a debtor owes more than 2 months' charges).
   */
  minDebtMonths?: number;
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
  /**
   * Reminder messages per customer per local day and per week (core/reminders/frequency-cap.ts):
   * more bills the same day ride on one combined message; past the weekly cap, courtesy
   * reminders wait for the next week (legal notices do not).
   */
  maxPerDay: number;
  maxPerWeek: number;
}

export interface InstalmentRules {
  /** The bill must be above this amount, per service. */
  minAmount: Record<Service, number>;
  count: number;
  /** Annual interest = base + the reference rate in force on the day of the request. */
  baseInterestRate: number;
  /** The reference rate as a dated table (each entry applies from its day until the next one's), each with its source. */
  referenceRates: ReferenceRate[];
  /** First instalment due this many days after the bill's due date; the next ones monthly. */
  firstDueDaysAfterDue: number;
  householdsOnly: boolean;
  /** Hardship categories: eased terms (more instalments, no interest), decided by an agent. */
  hardshipCount: number;
  hardshipInterest: boolean;
}

export interface ReferenceRate {
  /** First day the rate applies, ISO date (YYYY-MM-DD). */
  from: string;
  rate: number;
  source: string;
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

/**
 * Per kind of flag: `block` — no power reduction or suspension ever (the ladder stops at the
 * last notice and a case worker gets a task); `delay` — those steps wait `delayDays` more;
 * `none`. Life support and medical equipment are always `block` (core/protection/ enforces
 * it whatever an override says).
 */
export type ProtectionRule = { effect: 'block' } | { effect: 'delay'; delayDays: number } | { effect: 'none' };
export type ProtectionRules = Record<VulnerabilityKind, ProtectionRule>;

export interface CallbackRules {
  /** Callback requests are dialled in these hours (business-hours syntax; "24/7" for a hotline that never closes). */
  hours: string;
  /** Callback target, hours from the request (ru: within 4 h). */
  targetHours: number;
  /** Calls placed for one request before it ends as failed (the first call included). */
  attempts: number;
  /** Minutes between a call nobody answered and the next attempt. */
  retryMinutes: number;
  /**
   * Virtual hold: a caller in the phone queue is offered a callback that keeps their place
   * once they have waited `afterSeconds`, or at once when the expected wait is over
   * `expectedWaitSeconds`; null switches that trigger off.
   */
  virtualHold: { afterSeconds: number | null; expectedWaitSeconds: number | null };
}

const baseCategories: Record<Category, CategoryRule> = {
  emergency: { priority: 0, answerDays: 1, unit: 'calendar' },
  disputed_contract: { priority: 1, answerDays: 40, unit: 'calendar' },
  outage: { priority: 1, answerDays: 1, unit: 'calendar' },
  complaint: { priority: 2, answerDays: 40, unit: 'calendar' },
  // The right of reconsideration: 14 working days by law (docs/rules.md, Deadlines).
  withdrawal: { priority: 2, answerDays: 14, unit: 'working' },
  callback: { priority: 2, answerDays: 1, unit: 'calendar' },
  voicemail: { priority: 3, answerDays: 2, unit: 'calendar' },
  instalment: { priority: 3, answerDays: 30, unit: 'calendar' },
  deferral: { priority: 3, answerDays: 30, unit: 'calendar' },
  billing: { priority: 3, answerDays: 30, unit: 'calendar' },
  meter_reading: { priority: 4, answerDays: 30, unit: 'calendar' },
  information_request: { priority: 4, answerDays: 30, unit: 'calendar' },
  suggestion: { priority: 5, answerDays: 30, unit: 'calendar' },
  feedback: { priority: 5, answerDays: 30, unit: 'calendar' },
};

/** Sources of the category rules every preset starts from (a preset's own `sources` win). */
const categorySources: Record<string, string> = {
  'categories.emergency.priority': 'gas leaks and other dangers to people come before everything (priority 0, issue 13)',
  'categories.emergency.answerDays':
    "emergencies: a crew is dispatched at once; the ticket is closed within 1 calendar day, this product's default",
  'categories.disputed_contract.priority': 'seed 001 protocol §6: unrequested contracts handled with the highest priority',
  'categories.disputed_contract.answerDays': "seed 001 protocol §6: a complaint — the complaint's 40 calendar days",
  'categories.outage.priority': 'docs/rules.md, Channels: outage reports go first (24/7 outage line)',
  'categories.outage.answerDays': "outage reports: answered within 1 calendar day, this product's default",
  'categories.complaint.priority': "complaints before requests: this product's default",
  'categories.complaint.answerDays': 'seed 001 (Hera Carta): written complaints answered within 40 calendar days',
  'categories.withdrawal.priority': "right of reconsideration: time-bound, with complaints (this product's default)",
  'categories.withdrawal.answerDays': 'seed 001: right of reconsideration, 14 working days by law',
  'categories.callback.priority': "callback requests with complaints: this product's default",
  'categories.callback.answerDays': "callback requests: within 1 calendar day, this product's default",
  'categories.voicemail.priority': "voicemail: this product's default",
  'categories.voicemail.answerDays': "voicemail: within 2 calendar days, this product's default",
  'categories.instalment.priority': "billing requests: this product's default",
  'categories.instalment.answerDays': 'seed 001: a written request, 30 calendar days',
  'categories.deferral.priority': "billing requests: this product's default",
  'categories.deferral.answerDays': 'seed 001: a written request, 30 calendar days',
  'categories.billing.priority': "billing requests: this product's default",
  'categories.billing.answerDays': 'seed 001: a written request, 30 calendar days',
  'categories.meter_reading.priority': "meter readings: this product's default",
  'categories.meter_reading.answerDays': 'seed 001: a written information request, 30 calendar days',
  'categories.information_request.priority': "information requests: this product's default",
  'categories.information_request.answerDays': 'seed 001: written information requests within 30 calendar days',
  'categories.suggestion.priority': "suggestions: this product's default",
  'categories.suggestion.answerDays': 'seed 001: a written request, 30 calendar days',
  'categories.feedback.priority': "feedback: this product's default",
  'categories.feedback.answerDays': 'seed 001: a written request, 30 calendar days',
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
  maxPerDay: 1,
  maxPerWeek: 3,
};

const instalments: InstalmentRules = {
  minAmount: { electricity: 25.82, gas: 50, water: 50, heating: 50 },
  count: 3,
  baseInterestRate: 0.035,
  // ECB main refinancing operations rate, by the day each decision took effect. Unchanged at
  // 2.15 % through at least 1 Apr 2026 (checked: docs/rules.md, "Instalments"); later decisions
  // are not in this table: an operator adds them (RULES_OVERRIDES instalments.referenceRates).
  referenceRates: [
    { from: '2024-12-18', rate: 0.0315, source: 'ECB main refinancing operations rate from 18 Dec 2024' },
    { from: '2025-02-05', rate: 0.029, source: 'ECB main refinancing operations rate from 5 Feb 2025' },
    { from: '2025-03-12', rate: 0.0265, source: 'ECB main refinancing operations rate from 12 Mar 2025' },
    { from: '2025-04-23', rate: 0.024, source: 'ECB main refinancing operations rate from 23 Apr 2025' },
    { from: '2025-06-11', rate: 0.0215, source: 'ECB main refinancing operations rate from 11 Jun 2025' },
  ],
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

const callbacks: CallbackRules = {
  hours: 'mon-fri 08:00-22:00; sat 08:00-18:00',
  targetHours: 24,
  attempts: 3,
  retryMinutes: 10,
  virtualHold: { afterSeconds: 120, expectedWaitSeconds: 300 },
};

/** Disputed contract upheld after bills were issued: the indemnity credited (the same in every preset). */
const disputes: RuleSet['disputes'] = { indemnity: 25 };

/** Italy (seed-2014 and it-2026): ARERA TIMOE art. 23, "clienti non disalimentabili". */
const itProtection: ProtectionRules = {
  life_support: { effect: 'block' },
  medical: { effect: 'block' },
  elderly_disabled: { effect: 'delay', delayDays: 30 },
  hardship: { effect: 'delay', delayDays: 30 },
  temporary: { effect: 'delay', delayDays: 30 },
};
const itProtectionSources: Record<string, string> = {
  'protection.life_support':
    'ARERA TIMOE (258/2015/R/com, art. 23): supplies of "clienti non disalimentabili" (life-support / medical-therapeutic equipment) are never suspended for arrears',
  'protection.medical':
    'ARERA TIMOE art. 23 (as life_support): medical equipment needed to stay alive; ARERA 63/2021/R/com Annex D, "disagio fisico"',
  'protection.elderly_disabled':
    "this product's default (not verified in a rule): 30 more days before a disconnection step, for a case worker to contact the household",
  'protection.hardship':
    "seed 001: hardship categories get eased terms (instalments); a 30-day delay of disconnection steps is this product's default",
  'protection.temporary': "this product's default: bereavement or illness delays disconnection steps by 30 days",
};

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
  ...categorySources,
  'firstResponseSeconds.voice': 'seed 001: the regulator’s 240 s average wait, used as the answer time of a call',
  'firstResponseSeconds.chat': "live chat: an answer within 2 minutes, this product's default",
  'firstResponseSeconds.walk_in': 'docs/rules.md, Walk-in offices: a wait over 40 minutes is reported (Hera 2013)',
  'dunning.dueSoonDays': "seed 002 §7.1.8: reminder of an approaching due date; 3 days is this product's default",
  'dunning.moratorium': 'docs/rules.md, Rule sets: global switch (regulators suspended disconnections, e.g. in 2020)',
  'reminders.fallback': 'seed 002 §7.1.12: SMS, e-mail or automated call (автоинформатор)',
  'reminders.smsHours': 'issue 6 default: no SMS or calls 20:00–08:00 and on Sundays',
  'reminders.voiceHours': 'Italian code of conduct for promotional calls: Mon–Fri 09–20, Sat 10–19, none on Sundays and holidays',
  'reminders.quietOnHolidays': 'Italian code of conduct for promotional calls: none on holidays',
  'reminders.maxPerDay': "issue 21: one reminder message a day per customer, several bills combined — this product's default",
  'reminders.maxPerWeek': "issue 21: at most 3 reminder messages a week per customer — this product's default",
  'instalments.minAmount.electricity': 'seed 001: instalments for bills above €25.82 (electricity)',
  'instalments.minAmount.gas': 'seed 001: instalments for bills above €50 (gas)',
  'instalments.minAmount.water': 'not in the seeds: same as gas, override',
  'instalments.minAmount.heating': 'not in the seeds: same as gas, override',
  'instalments.count': 'seed 001: 3 monthly instalments',
  'instalments.baseInterestRate': 'seed 001: interest 3.5 % plus the reference rate',
  'instalments.referenceRates':
    'seed 001: interest is 3.5 % plus the reference rate; the ECB main refinancing operations rate, each entry with its own source — the operator adds later decisions',
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
  'callCentre.closedOnHolidays':
    'docs/rules.md, Rule sets: working-day calendars per country — agents answer on working days and Saturdays, not on public holidays',
  'callbacks.targetHours': 'not in the seeds: this product calls back within a working day',
  'callbacks.attempts': 'not in the seeds: 3 calls, the usual practice of call-back services; override',
  'callbacks.retryMinutes': 'not in the seeds: 10 minutes between calls; override',
  'callbacks.virtualHold': 'not in the seeds: offered after 2 minutes in the queue or at once over 5 minutes expected; override',
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
    withinDeadlineTargets: {},
    escalateDaysBefore: 5,
    dunning: { dueSoonDays: 3, ladder: seedLadder, moratorium: false, country: 'IT' },
    reminders,
    instalments,
    deferral,
    surveys,
    callbacks,
    callCentre: { closedOnHolidays: true },
    disputes,
    lateAnswerIndemnity: null,
    protection: itProtection,
    privacy: { legalRecordYears: 10, accessRequest: { answer: 15, unit: 'calendar' } },
    letters: { answerDays: 14, unit: 'calendar' },
    outages,
    emergencies,
    sources: {
      ...commonSources,
      ...itProtectionSources,
      'privacy.legalRecordYears': 'Codice civile art. 2220: accounting records and invoices are kept for 10 years',
      'privacy.accessRequest':
        "D.Lgs. 196/2003 (Codice privacy, the seeds' time) art. 146 c. 2: the data subject's request answered within 15 days (30 days, with notice, when complex)",
      'dunning.ladder.first_reminder':
        "seed 001 (sospensione per morosità): first reminder ≈ 20 days after the due date, only for debts under €250 — the customer's total overdue debt on the supply",
      'dunning.ladder.formal_notice': 'seed 001: ≈ 20 days later a registered letter warning of interruption',
      'dunning.ladder.suspension_eligible':
        'seed 001: suspension possible ≈ 3 months after the due date; shared supplies: each resident informed first',
      letters: 'seed 004 (MOEK): letters answered within two weeks',
      averageWaitTargetSeconds: 'seed 001: regulator target 240 s average wait',
      serviceLevelTarget: 'seed 001: LS ≥ 80 %',
      accessibilityTarget: 'seed 001: AS ≥ 90 %',
    },
  },
  'it-2026': {
    id: 'it-2026',
    categories: {
      ...baseCategories,
      complaint: { priority: 2, answerDays: 30, unit: 'calendar' },
      disputed_contract: { priority: 1, answerDays: 30, unit: 'calendar' },
    },
    firstResponseSeconds: { ...firstResponseSeconds, voice: 180 },
    averageWaitTargetSeconds: 180,
    serviceLevelTarget: 0.85,
    accessibilityTarget: 0.95,
    withinDeadlineTargets: { information_request: 0.95 },
    escalateDaysBefore: 5,
    dunning: {
      dueSoonDays: 3,
      ladder: [
        seedLadder[0]!,
        { ...seedLadder[1]!, channels: ['email', 'sms', 'voice'] },
        // Low voltage: the notice's deadline is 25 days after it was received (proof of delivery,
        // not the day it was sent); power reduction no earlier than 3 working days after that deadline.
        {
          stage: 'power_reduction',
          after: { from: 'previous_delivered', days: 25, unit: 'calendar', plusWorkingDays: 3 },
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
    callCentre: { closedOnHolidays: true },
    disputes,
    letters: null,
    lateAnswerIndemnity: { categories: ['complaint'], amounts: [30, 60, 90] },
    protection: itProtection,
    privacy: { legalRecordYears: 10, accessRequest: { answer: 1, unit: 'months' } },
    outages,
    emergencies,
    sources: {
      ...commonSources,
      ...itProtectionSources,
      'privacy.legalRecordYears': 'Codice civile art. 2220: accounting records and invoices are kept for 10 years',
      'privacy.accessRequest':
        'GDPR (Regulation (EU) 2016/679) art. 12(3): without undue delay and at the latest within one month of receipt (extendable by two months, with notice, for complex requests)',
      'dunning.ladder.first_reminder':
        'seed 001 (kept: the 2026 rules do not change the courtesy reminder): ≈ 20 days after the due date, total overdue debt on the supply under €250',
      'dunning.ladder.formal_notice': 'ARERA 2026: registered letter or certified e-mail (PEC)* — timing kept from seed 001',
      'dunning.ladder.power_reduction':
        "ARERA 2026 low voltage: no earlier than 25 days after the notice's receipt (proof of delivery) and 3 working days after the notice's deadline; power first cut to 15 %*",
      'dunning.ladder.suspension_eligible':
        'ARERA 2026: suspended 15 days after the reduction (low voltage); gas / medium voltage 40 days*',
      'categories.complaint.answerDays': 'ARERA TIQV from 1 Jan 2026: 30 calendar days (press, secondary source — override if needed)',
      'categories.disputed_contract.answerDays': "ARERA TIQV 2026: a complaint — the complaint's 30 calendar days*",
      letters: "ARERA 2026: no separate deadline for letters — the category's deadline",
      lateAnswerIndemnity:
        'ARERA TIQV from 1 Jan 2026: automatic indemnity for a late written answer to a complaint, 30 € / 60 € (> 2× the deadline) / 90 € (> 3×) (secondary source — override if needed)',
      averageWaitTargetSeconds: 'ARERA TIQV 2026: TMA ≤ 180 s (secondary source)',
      'firstResponseSeconds.voice': 'ARERA TIQV 2026: TMA ≤ 180 s, used as the answer time of a call (secondary source)',
      serviceLevelTarget: 'ARERA TIQV 2026: LS ≥ 85 % (secondary source)',
      accessibilityTarget: 'ARERA TIQV 2026: AS ≥ 95 % (secondary source)',
      'withinDeadlineTargets.information_request': 'ARERA TIQV 2026: written information requests, 95 % within the deadline per year*',
    },
  },
  ru: {
    id: 'ru',
    categories: {
      ...baseCategories,
      complaint: { priority: 2, answerDays: 30, unit: 'calendar' },
      disputed_contract: { priority: 1, answerDays: 30, unit: 'calendar' },
      // Call-back within 4 hours, 24/7: the ticket's deadline is 4 hours, not a day.
      callback: { priority: 2, answerDays: 4, unit: 'hours' },
    },
    // No federal answer-time number for calls in Russia: no target, not the Italian 240 s.
    firstResponseSeconds: { ...firstResponseSeconds, voice: null },
    averageWaitTargetSeconds: null,
    serviceLevelTarget: null,
    accessibilityTarget: null,
    withinDeadlineTargets: {},
    escalateDaysBefore: 5,
    dunning: {
      dueSoonDays: 3,
      ladder: [
        // A debtor owes more than 2 months' charges (an amount, from the average monthly charge):
        // the warning goes once the bill is overdue and the supply's overdue debt passes that.
        {
          stage: 'formal_notice',
          after: { from: 'due', days: 1, unit: 'calendar' },
          minDebtMonths: 2,
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
    // The hotline is 24/7: a callback request is dialled at any hour, within 4 hours.
    callbacks: { ...callbacks, hours: '24/7', targetHours: 4 },
    callCentre: { closedOnHolidays: true },
    disputes,
    lateAnswerIndemnity: null,
    protection: {
      life_support: { effect: 'block' },
      medical: { effect: 'block' },
      elderly_disabled: { effect: 'block' },
      hardship: { effect: 'delay', delayDays: 30 },
      temporary: { effect: 'delay', delayDays: 30 },
    },
    privacy: { legalRecordYears: 5, accessRequest: { answer: 10, unit: 'working' } },
    letters: { answerDays: 14, unit: 'calendar' },
    outages,
    emergencies,
    sources: {
      'privacy.legalRecordYears': 'Federal Law 402-FZ art. 29: primary accounting documents are kept at least 5 years',
      'privacy.accessRequest':
        'Federal Law 152-FZ art. 14 p. 3 and art. 20 p. 1, as amended by 266-FZ of 14.07.2022 (from 1 Sep 2022): within 10 working days of the request (extendable by 5 working days with a reasoned notice); 30 days before the amendment',
      ...commonSources,
      'protection.life_support':
        'ru: Decree 442 (2012) restricts limiting consumers whose limitation endangers life or health; no household life-support rule verified — blocked as a precaution (docs/rules.md)',
      'protection.medical': 'ru: as life_support (precaution; not verified in Decree 354)',
      'protection.elderly_disabled': "this product's default for ru: blocked, a case worker decides (not verified in a rule)",
      'protection.hardship': "this product's default: 30 more days before a disconnection step",
      'protection.temporary': "this product's default: 30 more days before a disconnection step",
      'dunning.ladder.formal_notice':
        "ru retail practice: debtor = overdue debt on the supply of more than 2 months' charges (average monthly charge); warning by SMS, recorded call, e-mail or the bill, with proof of delivery",
      'dunning.ladder.power_reduction': 'ru: the warning gives 20 days from its (proven) delivery, then limitation',
      'dunning.ladder.suspension_eligible': 'ru: after limitation, suspension; 10 days is a secondary-source default*',
      'callbacks.targetHours': 'ru: outage hotline 24/7, call-back within 4 h',
      'firstResponseSeconds.voice': 'ru: no federal number for the answer time of calls — no target',
      averageWaitTargetSeconds: 'ru: no federal number — no target',
      serviceLevelTarget: 'ru: no federal number — no target',
      accessibilityTarget: 'ru: no federal number — no target',
      'callbacks.hours': 'ru: outage hotline 24/7, call-back within 4 h — dialled at any hour',
      'instalments.minAmount.electricity': 'Italian rule kept as a default: override for Russian practice',
      'categories.complaint.answerDays': 'network companies order no. 186; 59-FZ practice: 30 calendar days',
      'categories.disputed_contract.answerDays': "ru: a complaint — the complaint's 30 calendar days",
      letters: 'seed 004 (MOEK, Russian practice): letters answered within two weeks',
      'categories.callback.answerDays': 'outage hotline 24/7, call-back within 4 h',
    },
  },
};

export function ruleSet(id: RuleSet['id']): RuleSet {
  return PRESETS[id];
}
