// Figures managers answer for, from summed counters (docs/rules.md, "Statistics and regulatory figures"). Every
// ratio is null when its denominator is zero: "no calls" is not "0 % answered".
import { percentile, type Histogram } from './histogram';
import { n, type Slot } from './buckets';
import { WRITTEN_CATEGORIES } from './counters';

const ratio = (a: number, b: number): number | null => (b > 0 ? a / b : null);

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

export function figuresOf(s: Slot | undefined): Figures {
  const answered = n(s, 'answered');
  const offered = n(s, 'offered');
  return {
    offered,
    answered,
    abandoned: n(s, 'abandoned'),
    shortAbandoned: n(s, 'shortAbandoned'),
    abandonRate: ratio(n(s, 'abandoned'), offered),
    avgWait: ratio(n(s, 'waitSum'), answered),
    p90Wait: percentile(s?.h as Histogram | undefined, 0.9),
    serviceLevel: ratio(n(s, 'answeredInSl'), answered),
    aht: ratio(n(s, 'handleSum'), n(s, 'handleN')),
    transfers: n(s, 'transfers'),
    resolved: n(s, 'resolved'),
    fcr: ratio(n(s, 'fcr'), n(s, 'resolved')),
    csat: ratio(n(s, 'csatSum'), n(s, 'csatN')),
    csatPositive: ratio(n(s, 'csatPos'), n(s, 'csatN')),
    firstResponseAvg: ratio(n(s, 'frSum'), n(s, 'frN')),
  };
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

export function regulatoryOf(
  input: { all: Slot; voice: Slot; walkIn: Slot; byChannel: Record<string, Slot> },
  targets: Targets,
): Regulatory {
  const { all, voice, walkIn, byChannel } = input;
  const tmaN = n(voice, 'tmaN');
  const tma = ratio(n(voice, 'tmaSum'), tmaN);
  const tmaIvr = ratio(n(voice, 'tmaIvrSum'), tmaN);
  const ls = ratio(n(voice, 'answered'), n(voice, 'agentRequested'));
  const as = ratio(n(all, 'availableS'), n(all, 'loggedInS'));
  const written: Regulatory['written'] = {};
  for (const cat of WRITTEN_CATEGORIES) {
    const answered = n(all, `${cat}_n`);
    written[cat] = { answered, withinDeadline: ratio(n(all, `${cat}_in`), answered), avgDays: ratio(n(all, `${cat}_s`) / 86400, answered) };
  }
  const answerDaysByService: Regulatory['answerDaysByService'] = {};
  for (const k of Object.keys(all)) {
    const m = /^svc_(.+)_n$/.exec(k);
    if (!m) continue;
    const answered = n(all, k);
    answerDaysByService[m[1]!] = { answered, avgDays: ratio(n(all, `svc_${m[1]}_s`) / 86400, answered) };
  }
  const readings: Regulatory['readings'] = {};
  for (const [channel, s] of Object.entries(byChannel)) {
    if (n(s, 'readings') === 0) continue;
    readings[channel] = {
      received: n(s, 'readings'),
      accepted: n(s, 'readingsAccepted'),
      acceptedShare: ratio(n(s, 'readingsAccepted'), n(s, 'readings')),
    };
  }
  return {
    tmaSeconds: tma,
    tmaWithIvrSeconds: tmaIvr,
    tmaCalls: tmaN,
    ls,
    agentRequested: n(voice, 'agentRequested'),
    reachedAgent: n(voice, 'answered'),
    as,
    availableSeconds: n(all, 'availableS'),
    loggedInSeconds: n(all, 'loggedInS'),
    humanWithinChoices: ratio(n(voice, 'ivrWithin'), n(voice, 'agentRequested')),
    written,
    answerDaysByService,
    walkIn: {
      served: n(walkIn, 'answered'),
      avgWaitSeconds: ratio(n(walkIn, 'waitSum'), n(walkIn, 'answered')),
      shareOver40Min: ratio(n(walkIn, 'longWait'), n(walkIn, 'answered')),
    },
    readings,
    targets,
    meets: {
      // The regulator's TMA is the one including the IVR.
      tma: tmaIvr == null || targets.averageWaitTargetSeconds == null ? null : tmaIvr <= targets.averageWaitTargetSeconds,
      ls: ls == null || targets.serviceLevelTarget == null ? null : ls >= targets.serviceLevelTarget,
      as: as == null || targets.accessibilityTarget == null ? null : as >= targets.accessibilityTarget,
    },
  };
}
