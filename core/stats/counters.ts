// What one reporting event adds to the interval counters: a pure function, shared by the
// live listeners ($inc as events happen) and the rebuild job (recount from the events),
// which is why the two always agree.
import { bucketIndex } from './histogram';
import { splitBySlot } from './calendar';

/** The fields of a reporting event the counters read (models/reporting-event.ts). */
export interface ReportingEventLike {
  name: string;
  at: Date;
  queue: string;
  channel: string;
  language?: string | null;
  value?: number | null;
  valueWithIvr?: number | null;
  slSeconds?: number | null;
  ivrChoices?: number | null;
  state?: string | null;
  category?: string | null;
  service?: string | null;
  firstContact?: boolean | null;
  handleSeconds?: number | null;
  score?: number | null;
  /** Walk-in events: the office (its `service` is then the office's service letter). */
  office?: string | null;
}

export interface CounterOptions {
  /** Abandons before this many seconds are counted apart (the caller barely waited). */
  shortAbandonSeconds: number;
  /** Walk-in "long wait" threshold (docs/rules.md, "Walk-in offices": 40 minutes). */
  longWaitSeconds: number;
  /** A human must be reachable within this many IVR choices (docs/rules.md, "Rule sets": 2). */
  ivrMaxChoices: number;
}

export const DEFAULT_COUNTER_OPTIONS: CounterOptions = { shortAbandonSeconds: 5, longWaitSeconds: 2400, ivrMaxChoices: 2 };

/** Counter name → amount; histogram buckets are named "h.<k>". */
export type Counters = Record<string, number>;

export interface Increment {
  at: Date;
  queue: string;
  channel: string;
  counters: Counters;
}

/** Written answers are measured against their deadline for these categories (docs/rules.md, "Deadlines, priorities, rules"). */
export const WRITTEN_CATEGORIES = ['complaint', 'information_request'] as const;
export const WRITTEN_CHANNELS = ['email', 'web', 'sms', 'association', 'letter'] as const;

/**
 * Logged-in seconds by state. `on_call` is the statistics' own state: an agent whose presence
 * is "available" while talking to a caller (core/stats/on-call.ts) has no free line then, so
 * those seconds count as logged in but not as available (docs/rules.md, AS).
 */
export const PRESENCE_COUNTER: Record<string, string | undefined> = {
  available: 'availableS',
  busy: 'busyS',
  wrap_up: 'wrapS',
  away: 'awayS',
  on_call: 'onCallS',
};

/**
 * The seconds of presence states still running at `now` (they are recorded only when they
 * end) that fall in [from, to): what makes AS live while agents are logged in.
 */
export function openPresenceCounters(marks: Array<{ state: string; since: Date }>, from: Date, to: Date, now: Date): Counters {
  const c: Counters = {};
  const end = Math.min(to.getTime(), now.getTime());
  for (const m of marks) {
    const counter = PRESENCE_COUNTER[m.state];
    const start = Math.max(new Date(m.since).getTime(), from.getTime());
    if (!counter || end <= start) continue;
    const seconds = (end - start) / 1000;
    c.loggedInS = (c.loggedInS ?? 0) + seconds;
    c[counter] = (c[counter] ?? 0) + seconds;
  }
  return c;
}

const num = (v: number | null | undefined): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/**
 * Walk-in visits per office and service (core/stats/walk-in.ts reads them back): checked in
 * (`in`) and called (`called`) for who waits now; served (`n`) with their waits (`w`), those
 * over the threshold (`l`: over it, so 40 min exactly is not) and service times (`s`); no-shows
 * (`x`) apart, their waits in no served figure. The channel's own totals (`wi*`) feed the regulator.
 */
function walkInCounters(
  name: string,
  office: string,
  service: string,
  wait: number,
  serviceSeconds: number,
  longWait: number,
  add: (k: string, v?: number) => void,
): void {
  const k = (suffix: string) => walkInKey(office, service, suffix);
  if (name === 'walkin_arrived') add(k('in'));
  else if (name === 'walkin_called') add(k('called'));
  else if (name === 'walkin_no_show') {
    add(k('x'));
    add('wiNoShow');
  } else {
    const long = wait > longWait ? 1 : 0;
    add(k('n'));
    add(k('w'), wait);
    add(k('l'), long);
    add(k('s'), serviceSeconds);
    add('wiServed');
    add('wiWaitSum', wait);
    add('wiLongWait', long);
    add('wiServiceSum', serviceSeconds);
  }
}

/** The counter of one office and service: `wi_<office>_<letter>_<what>` (office codes have no '_', '.' or '$'). */
export function walkInKey(office: string, service: string, suffix: string): string {
  return `wi_${office}_${service}_${suffix}`;
}

export function incrementsFor(ev: ReportingEventLike, opts: CounterOptions = DEFAULT_COUNTER_OPTIONS): Increment[] {
  const c: Counters = {};
  const add = (k: string, v = 1) => {
    if (v !== 0) c[k] = (c[k] ?? 0) + v;
  };
  const lang = ev.language ?? undefined;
  switch (ev.name) {
    case 'offered':
      add('offered');
      if (lang) add(`lang_${lang}_offered`);
      break;
    case 'answered': {
      const wait = num(ev.value);
      add('answered');
      add('waitSum', wait);
      add(`h.${bucketIndex(wait)}`);
      if (ev.slSeconds != null && wait <= ev.slSeconds) add('answeredInSl');
      if (wait >= opts.longWaitSeconds) add('longWait');
      if (lang) add(`lang_${lang}_answered`);
      if (ev.valueWithIvr != null) {
        add('tmaN');
        add('tmaAnswered');
        add('tmaSum', wait);
        add('tmaIvrSum', num(ev.valueWithIvr));
      }
      break;
    }
    case 'abandoned': {
      const wait = num(ev.value);
      add('abandoned');
      if (wait < opts.shortAbandonSeconds) add('shortAbandoned');
      if (lang) add(`lang_${lang}_abandoned`);
      // The regulator's average wait counts abandoned calls up to the hang-up.
      add('tmaN');
      add('tmaAbandoned');
      add('tmaSum', wait);
      add('tmaIvrSum', ev.valueWithIvr != null ? num(ev.valueWithIvr) : wait);
      break;
    }
    case 'handled':
      add('handleN');
      add('handleSum', num(ev.value));
      break;
    case 'resolved': {
      add('resolved');
      if (ev.firstContact) add('fcr');
      if (ev.handleSeconds != null) {
        add('handleN');
        add('handleSum', num(ev.handleSeconds));
      }
      const cat = ev.category ?? '';
      if ((WRITTEN_CATEGORIES as readonly string[]).includes(cat) && (WRITTEN_CHANNELS as readonly string[]).includes(ev.channel)) {
        const seconds = num(ev.value);
        add(`${cat}_n`);
        add(`${cat}_s`, seconds);
        if (ev.slSeconds != null && seconds <= ev.slSeconds) add(`${cat}_in`);
        if (ev.service) {
          add(`svc_${ev.service}_n`);
          add(`svc_${ev.service}_s`, seconds);
        }
      }
      break;
    }
    case 'transferred':
      add('transfers');
      break;
    case 'first_response':
      add('frN');
      add('frSum', num(ev.value));
      break;
    case 'ivr_entered':
      add('ivrEntered');
      break;
    case 'agent_requested':
      add('agentRequested');
      if (ev.ivrChoices != null && ev.ivrChoices <= opts.ivrMaxChoices) add('ivrWithin');
      break;
    case 'agent_requested_closed':
      add('agentRequestedClosed');
      break;
    case 'voicemail':
      add('voicemail');
      break;
    case 'callback_requested':
      add('callbackRequested');
      break;
    case 'callback_placed':
      add('callbackPlaced');
      break;
    case 'callback_connected':
      add('callbackConnected');
      break;
    case 'callback_failed':
      add('callbackFailed');
      break;
    case 'walkin_arrived':
    case 'walkin_called':
    case 'walkin_served':
    case 'walkin_no_show':
      if (!ev.office || !ev.service) return [];
      walkInCounters(ev.name, ev.office, ev.service, num(ev.value), num(ev.handleSeconds), ev.slSeconds ?? opts.longWaitSeconds, add);
      break;
    case 'reading':
      add('readings');
      if (ev.state === 'accepted') add('readingsAccepted');
      else if (ev.state === 'held') add('readingsHeld');
      else if (ev.state === 'rejected') add('readingsRejected');
      break;
    case 'survey': {
      const score = num(ev.score);
      add('csatN');
      add('csatSum', score);
      if (score >= 4) add('csatPos');
      break;
    }
    case 'presence': {
      // Seconds spent in a state that just ended, spread over the quarter-hours it covered.
      const counter = PRESENCE_COUNTER[ev.state ?? ''];
      if (!counter || num(ev.value) <= 0) return [];
      const end = new Date(ev.at.getTime() + num(ev.value) * 1000);
      return splitBySlot(ev.at, end).map(({ at, seconds }) => ({
        at,
        queue: '*',
        channel: '*',
        counters: { loggedInS: seconds, [counter]: seconds },
      }));
    }
    default:
      return [];
  }
  return Object.keys(c).length ? [{ at: ev.at, queue: ev.queue, channel: ev.channel, counters: c }] : [];
}
