// The figures the manager dashboard draws, as the statistics API and the `stats:live` socket
// event send them (core/stats computes them). Imports nothing: web/ reads it too.

/** Figures of one interval, queue or channel. Every ratio is null when its denominator is zero. */
export interface Figures {
  offered: number;
  answered: number;
  abandoned: number;
  shortAbandoned: number;
  /** Abandoned ÷ offered. */
  abandonRate: number | null;
  avgWait: number | null;
  p90Wait: number | null;
  /**
   * Answered within the contact's clock ÷ answered: a live contact (call, chat, desk) within the
   * queue's threshold in seconds (the industry's 80/20); a deferred one (SMS, e-mail, form, IVR
   * request) within its category's regulatory answer deadline in days.
   */
  serviceLevel: number | null;
  aht: number | null;
  transfers: number;
  resolved: number;
  /** Resolved without transfer or reopening ÷ resolved. */
  fcr: number | null;
  csat: number | null;
  csatPositive: number | null;
  firstResponseAvg: number | null;
}

/** What waits now, on the live board. */
export interface WaitingFigures {
  waiting: number;
  longestWaitSeconds: number;
  slaAtRisk: number;
}

/**
 * AS, accessibility (docs/rules.md): seconds a line was free ÷ seconds with an agent logged in.
 * A line is free while an agent is available and not on a call; logged in is available, on a
 * call, busy, wrap-up or away. States still running count up to now, so it is live.
 */
export interface Accessibility {
  /** freeSeconds ÷ loggedInSeconds; null when nobody was logged in. */
  as: number | null;
  freeSeconds: number;
  onCallSeconds: number;
  loggedInSeconds: number;
}

export interface LiveRow extends Figures, WaitingFigures {
  key: string;
  name: string;
  slThresholdSeconds?: number;
  slTarget?: number;
  /** Channel rows: `answer_seconds` for live channels, `deadline_days` for deferred ones. */
  clock?: 'answer_seconds' | 'deadline_days';
}

/**
 * A walk-in office and service (service "*": the office's services summed). Waits are those of the
 * visitors served, from check-in to the call; a no-show is not served, its wait counts nowhere and
 * the visit is counted apart (docs/rules.md, "Walk-in offices").
 */
export interface WalkInFigures {
  office: string;
  /** The service's letter, or "*". */
  service: string;
  /** Checked in and not yet called (live board only; 0 elsewhere is not meaningful). */
  waiting: number;
  served: number;
  noShows: number;
  avgWaitSeconds: number | null;
  /** Served after waiting over the rule set's threshold (40 min) ÷ served. */
  shareOverLongWait: number | null;
  avgServiceSeconds: number | null;
}

/** `stats:live` and GET /api/stats/live. */
export interface LivePayload {
  at: string;
  timezone: string;
  day: string;
  overall: LiveRow;
  queues: LiveRow[];
  channels: LiveRow[];
  languages: Array<{ language: string; offered: number; answered: number; abandoned: number }>;
  agents: {
    byState: Record<string, number>;
    /** Busy and wrap-up ÷ agents able to work (available, busy, wrap-up). */
    occupancy: number | null;
    list: Array<{ id: string; name: string; presence: string; workInProgress: number }>;
  };
  /** Today so far, agents' states still running included. */
  accessibility: Accessibility;
  /** Walk-in offices today, per office and service (office names from the offices' list). */
  walkIn: { longWaitSeconds: number; rows: Array<WalkInFigures & { officeName: string }> };
  targets: { averageWaitTargetSeconds: number | null; serviceLevelTarget: number | null; accessibilityTarget: number | null };
}

export const GRANULARITIES = ['15m', 'hour', 'day', 'month'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

export interface IntervalRow extends Figures {
  start: string;
  end: string;
  /** Local start in the operator's zone, ISO with offset. */
  local: string;
  /** Erlang C: agents needed for the queue's service level at this interval's arrivals and handle time. */
  agentsNeeded: number | null;
  /** Agents logged in on average over the interval. */
  agentsActual: number | null;
  /** AS over the interval (all queues and channels: agents are not counted per queue); the current interval counts up to now. */
  accessibility: number | null;
  /** Walk-in offices in the interval, per office (services summed): served, no-shows, waits of the served. */
  walkIn: WalkInFigures[];
}

/** GET /api/stats/intervals. */
export interface IntervalReport {
  granularity: Granularity;
  timezone: string;
  from: string;
  to: string;
  queue: string;
  channel: string;
  rows: IntervalRow[];
  total: Figures;
}

export interface Targets {
  averageWaitTargetSeconds: number | null;
  serviceLevelTarget: number | null;
  accessibilityTarget: number | null;
  /** Share of written answers within the deadline, per category that has a target (it-2026: information requests 95 %). */
  withinDeadline?: Partial<Record<string, number>>;
}

export interface Regulatory {
  /**
   * TMA, average wait of the calls that asked for an agent, answered **and abandoned** (an
   * abandoned call counts with its wait up to the hang-up: the Italian regulator's method).
   * Without the IVR: from joining the agents' queue; with the IVR: from the start of the call.
   * The exact wording is in `definitions`.
   */
  tmaSeconds: number | null;
  tmaWithIvrSeconds: number | null;
  /** Calls the TMA averages over: tmaAnswered + tmaAbandoned. */
  tmaCalls: number;
  tmaAnswered: number;
  tmaAbandoned: number;
  /** LS: calls that reached an agent ÷ calls that asked for one. */
  ls: number | null;
  agentRequested: number;
  /** Callers who asked for an agent while their queue was closed (hours, holiday, closure): not in LS. */
  agentRequestedClosed: number;
  reachedAgent: number;
  /** AS: seconds with a free line (an available agent not on a call) ÷ seconds with agents logged in. */
  as: number | null;
  /** Seconds agents were available and not on a call (the free line of AS). */
  availableSeconds: number;
  onCallSeconds: number;
  loggedInSeconds: number;
  /** Callers who asked for a human within the allowed number of IVR choices ÷ callers who asked for one. */
  humanWithinChoices: number | null;
  written: Record<string, { answered: number; withinDeadline: number | null; avgDays: number | null }>;
  answerDaysByService: Record<string, { answered: number; avgDays: number | null }>;
  /**
   * Walk-in offices: visitors served (a no-show is not served: counted in `noShows`, its wait in
   * no average), their average wait from check-in to the call, the share that waited over
   * `longWaitSeconds` (the rule set's 40 minutes: exactly 40 min is not over); per office and service in `offices`.
   */
  walkIn: {
    served: number;
    noShows: number;
    avgWaitSeconds: number | null;
    shareOver40Min: number | null;
    longWaitSeconds: number | null;
    offices: WalkInFigures[];
  };
  /** Callbacks the system dials (virtual hold and out-of-hours requests): requested, calls placed, connected to an agent, given up. */
  callbacks: { requested: number; placed: number; connected: number; failed: number };
  readings: Record<string, { received: number; accepted: number; acceptedShare: number | null }>;
  targets: Targets;
  meets: { tma: boolean | null; ls: boolean | null; as: boolean | null; written?: Record<string, boolean | null> };
  /** How each figure is computed, in words, keyed by the field it explains (REGULATORY_DEFINITIONS). */
  definitions: typeof REGULATORY_DEFINITIONS;
}

/** The definitions the regulatory report states with its figures (API and page). */
export const REGULATORY_DEFINITIONS = {
  tmaSeconds:
    'TMA without IVR: average seconds from joining the agents’ queue to the answer, over the calls that asked for an agent — answered and abandoned; an abandoned call counts with its wait until the caller hung up (Italian regulator’s method).',
  tmaWithIvrSeconds:
    'TMA with IVR: the same calls and the same rule for abandoned ones, measured from the start of the call, IVR menus included. The regulator’s target applies to this figure.',
  ls: 'LS: calls that reached an agent ÷ calls that asked for one; no time threshold.',
  as: 'AS: seconds a line was free (an agent available and not on a call) ÷ seconds with an agent logged in (available, on a call, busy, wrap-up, away).',
  humanWithinChoices:
    'Human within IVR choices: callers who asked for a human within the allowed number of IVR choices ÷ callers who asked for one.',
  written:
    'Written answers (complaints, information requests by e-mail, SMS, web form, association): resolved within the rule set’s answer deadline in calendar days ÷ resolved.',
  walkIn:
    'Walk-in offices: visitors served, with their wait from check-in to the call to a desk; the share over the rule set’s threshold counts waits over it (40 min exactly is not over). A no-show (called, did not come) is not served: counted apart, its wait in no average.',
  callbacks:
    'Callbacks: a caller who keeps their place in the queue (virtual hold) counts in TMA and LS as one call, answered when the callback reaches the agent, with its wait from joining the queue (or from the start of the call, with the IVR) to that moment — the time off the line included, so a callback never shortens the reported wait; a request given up after the last attempt counts as abandoned with its wait up to then. Out-of-hours requests are not calls in the queue and count only here.',
} as const;

/** GET /api/stats/regulatory. */
export interface RegulatoryReport extends Regulatory {
  timezone: string;
  from: string;
  to: string;
  ruleSet: string;
}
