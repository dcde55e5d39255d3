// Figures managers answer for, from summed counters (docs/rules.md, "Statistics and regulatory figures"). Every
// ratio is null when its denominator is zero: "no calls" is not "0 % answered".
import { percentile, type Histogram } from './histogram';
import { n, type Slot } from './buckets';
import { WRITTEN_CATEGORIES } from './counters';
import { walkInFiguresOf } from './walk-in';
import { REGULATORY_DEFINITIONS, type Accessibility, type Figures, type Regulatory, type Targets } from '../../wire/stats';

const ratio = (a: number, b: number): number | null => (b > 0 ? a / b : null);

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

/** AS from summed counters (presence seconds live in the "*:*" view). */
export function accessibilityOf(s: Slot | undefined): Accessibility {
  const loggedInSeconds = n(s, 'loggedInS');
  return {
    as: ratio(n(s, 'availableS'), loggedInSeconds),
    freeSeconds: n(s, 'availableS'),
    onCallSeconds: n(s, 'onCallS'),
    loggedInSeconds,
  };
}

export function regulatoryOf(
  input: { all: Slot; voice: Slot; walkIn: Slot; byChannel: Record<string, Slot>; walkInLongWaitSeconds?: number },
  targets: Targets,
): Regulatory {
  const { all, voice, walkIn, byChannel } = input;
  const tmaN = n(voice, 'tmaN');
  const tma = ratio(n(voice, 'tmaSum'), tmaN);
  const tmaIvr = ratio(n(voice, 'tmaIvrSum'), tmaN);
  const ls = ratio(n(voice, 'answered'), n(voice, 'agentRequested'));
  const { as } = accessibilityOf(all);
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
    tmaAnswered: n(voice, 'tmaAnswered'),
    tmaAbandoned: n(voice, 'tmaAbandoned'),
    ls,
    agentRequested: n(voice, 'agentRequested'),
    agentRequestedClosed: n(voice, 'agentRequestedClosed'),
    reachedAgent: n(voice, 'answered'),
    as,
    availableSeconds: n(all, 'availableS'),
    onCallSeconds: n(all, 'onCallS'),
    loggedInSeconds: n(all, 'loggedInS'),
    humanWithinChoices: ratio(n(voice, 'ivrWithin'), n(voice, 'agentRequested')),
    written,
    answerDaysByService,
    // Visitors served only (a desk's call of a no-show is a claim, not a service): docs/rules.md, "Walk-in offices".
    walkIn: {
      served: n(walkIn, 'wiServed'),
      noShows: n(walkIn, 'wiNoShow'),
      avgWaitSeconds: ratio(n(walkIn, 'wiWaitSum'), n(walkIn, 'wiServed')),
      shareOver40Min: ratio(n(walkIn, 'wiLongWait'), n(walkIn, 'wiServed')),
      longWaitSeconds: input.walkInLongWaitSeconds ?? null,
      offices: walkInFiguresOf(walkIn),
    },
    callbacks: {
      requested: n(voice, 'callbackRequested'),
      placed: n(voice, 'callbackPlaced'),
      connected: n(voice, 'callbackConnected'),
      failed: n(voice, 'callbackFailed'),
    },
    readings,
    targets,
    meets: {
      // The regulator's TMA is the one including the IVR.
      tma: tmaIvr == null || targets.averageWaitTargetSeconds == null ? null : tmaIvr <= targets.averageWaitTargetSeconds,
      ls: ls == null || targets.serviceLevelTarget == null ? null : ls >= targets.serviceLevelTarget,
      as: as == null || targets.accessibilityTarget == null ? null : as >= targets.accessibilityTarget,
      written: Object.fromEntries(
        Object.entries(targets.withinDeadline ?? {}).map(([cat, target]) => {
          const share = written[cat]?.withinDeadline;
          return [cat, share == null || target == null ? null : share >= target];
        }),
      ),
    },
    definitions: REGULATORY_DEFINITIONS,
  };
}
