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
  /** Answered within the queue's threshold ÷ answered (the industry's 80/20). */
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

export interface LiveRow extends Figures, WaitingFigures {
  key: string;
  name: string;
  slThresholdSeconds?: number;
  slTarget?: number;
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
  targets: { averageWaitTargetSeconds: number | null; serviceLevelTarget: number | null };
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
}

export interface Regulatory {
  /** Average wait of calls that asked for an agent (answered or abandoned), without and with the IVR part. */
  tmaSeconds: number | null;
  tmaWithIvrSeconds: number | null;
  tmaCalls: number;
  /** LS: calls that reached an agent ÷ calls that asked for one. */
  ls: number | null;
  agentRequested: number;
  reachedAgent: number;
  /** AS: seconds with a free line (an available agent) ÷ seconds with agents logged in. */
  as: number | null;
  availableSeconds: number;
  loggedInSeconds: number;
  /** Callers who asked for a human within the allowed number of IVR choices ÷ callers who asked for one. */
  humanWithinChoices: number | null;
  written: Record<string, { answered: number; withinDeadline: number | null; avgDays: number | null }>;
  answerDaysByService: Record<string, { answered: number; avgDays: number | null }>;
  walkIn: { served: number; avgWaitSeconds: number | null; shareOver40Min: number | null };
  readings: Record<string, { received: number; accepted: number; acceptedShare: number | null }>;
  targets: Targets;
  meets: { tma: boolean | null; ls: boolean | null; as: boolean | null };
}

/** GET /api/stats/regulatory. */
export interface RegulatoryReport extends Regulatory {
  timezone: string;
  from: string;
  to: string;
  ruleSet: string;
}
