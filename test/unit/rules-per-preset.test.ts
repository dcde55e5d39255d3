// Every preset, every number: each category's deadline, each KPI target at its exact boundary,
// each ladder step on its day and the day before. A changed number fails a test named after
// the rule (its path in the rule set) and prints the rule's source.
import type { BillLike } from '../../core/billing/bill-like';
import { dunningStage, type DunningOptions } from '../../core/billing/dunning';
import { PRESETS, type DeadlineUnit, type RuleSet } from '../../core/rules/presets';
import { slaDeadlines } from '../../core/sla/sla-clock';
import { regulatoryOf } from '../../core/stats/kpi';
import { CATEGORIES, type Category } from '../../wire';

type PresetId = RuleSet['id'];
const TZ: Record<PresetId, string> = { 'seed-2014': 'Europe/Rome', 'it-2026': 'Europe/Rome', ru: 'Europe/Moscow' };

/** What the rule book says, per preset: [deadline, unit]. */
const DEADLINES: Record<PresetId, Record<Category, [number, DeadlineUnit]>> = {
  'seed-2014': {
    emergency: [1, 'calendar'],
    disputed_contract: [40, 'calendar'],
    outage: [1, 'calendar'],
    complaint: [40, 'calendar'],
    withdrawal: [14, 'working'],
    callback: [1, 'calendar'],
    voicemail: [2, 'calendar'],
    instalment: [30, 'calendar'],
    deferral: [30, 'calendar'],
    billing: [30, 'calendar'],
    meter_reading: [30, 'calendar'],
    information_request: [30, 'calendar'],
    suggestion: [30, 'calendar'],
    feedback: [30, 'calendar'],
  },
  'it-2026': {
    emergency: [1, 'calendar'],
    disputed_contract: [30, 'calendar'],
    outage: [1, 'calendar'],
    complaint: [30, 'calendar'],
    withdrawal: [14, 'working'],
    callback: [1, 'calendar'],
    voicemail: [2, 'calendar'],
    instalment: [30, 'calendar'],
    deferral: [30, 'calendar'],
    billing: [30, 'calendar'],
    meter_reading: [30, 'calendar'],
    information_request: [30, 'calendar'],
    suggestion: [30, 'calendar'],
    feedback: [30, 'calendar'],
  },
  ru: {
    emergency: [1, 'calendar'],
    disputed_contract: [30, 'calendar'],
    outage: [1, 'calendar'],
    complaint: [30, 'calendar'],
    withdrawal: [14, 'working'],
    callback: [4, 'hours'],
    voicemail: [2, 'calendar'],
    instalment: [30, 'calendar'],
    deferral: [30, 'calendar'],
    billing: [30, 'calendar'],
    meter_reading: [30, 'calendar'],
    information_request: [30, 'calendar'],
    suggestion: [30, 'calendar'],
    feedback: [30, 'calendar'],
  },
};

// Received Fri 17 Apr 2026, 10:00 local. 14 working days: 20–24 Apr, 27–30 Apr, (1 May is a
// holiday in both countries), 4–8 May → Fri 8 May, 10:00; a calendar day is 86,400 s.
const RECEIVED: Record<PresetId, Date> = {
  'seed-2014': new Date('2026-04-17T08:00:00Z'),
  'it-2026': new Date('2026-04-17T08:00:00Z'),
  ru: new Date('2026-04-17T07:00:00Z'),
};
const WORKING_14: Record<PresetId, Date> = {
  'seed-2014': new Date('2026-05-08T08:00:00Z'),
  'it-2026': new Date('2026-05-08T08:00:00Z'),
  ru: new Date('2026-05-08T07:00:00Z'),
};

const FIRST_RESPONSE: Record<PresetId, Record<'voice' | 'chat' | 'walk_in', number | null>> = {
  'seed-2014': { voice: 240, chat: 120, walk_in: 2400 },
  'it-2026': { voice: 180, chat: 120, walk_in: 2400 },
  ru: { voice: null, chat: 120, walk_in: 2400 },
};

const TARGETS: Record<PresetId, { tma: number | null; ls: number | null; as: number | null; informationRequest: number | null }> = {
  'seed-2014': { tma: 240, ls: 0.8, as: 0.9, informationRequest: null },
  'it-2026': { tma: 180, ls: 0.85, as: 0.95, informationRequest: 0.95 },
  ru: { tma: null, ls: null, as: null, informationRequest: null },
};

const source = (r: RuleSet, path: string) => `[${path}] ${r.sources[path] ?? '(no source)'}`;

describe.each(Object.keys(PRESETS) as PresetId[])('preset %s', (id) => {
  const r = PRESETS[id];
  const tz = TZ[id];

  describe('every category’s deadline', () => {
    test.each(CATEGORIES.map((c) => [c] as const))(`categories.%s.answerDays`, (category) => {
      const path = `categories.${category}.answerDays`;
      const [n, unit] = DEADLINES[id][category];
      const rule = r.categories[category];
      expect({ rule: source(r, path), n: rule.answerDays, unit: rule.unit }).toEqual({ rule: source(r, path), n, unit });
      const due = slaDeadlines('email', category, r, RECEIVED[id], { timeZone: tz }).resolutionDueAt;
      const expected =
        unit === 'working' ? WORKING_14[id] : new Date(RECEIVED[id].getTime() + n * (unit === 'hours' ? 3_600_000 : 86_400_000));
      if (unit === 'working') expect(n).toBe(14);
      expect({ rule: path, due: due.toISOString() }).toEqual({ rule: path, due: expected.toISOString() });
    });
  });

  test('letters registered by the back office: the rule set’s letter deadline', () => {
    const due = slaDeadlines('letter', 'complaint', r, RECEIVED[id], { timeZone: tz, letter: true }).resolutionDueAt;
    const days = r.letters ? r.letters.answerDays : r.categories.complaint.answerDays;
    expect(source(r, 'letters')).not.toMatch(/no source/);
    expect(due).toEqual(new Date(RECEIVED[id].getTime() + days * 86_400_000));
  });

  test.each(['voice', 'chat', 'walk_in'] as const)('firstResponseSeconds.%s', (channel) => {
    const want = FIRST_RESPONSE[id][channel];
    expect({ rule: source(r, `firstResponseSeconds.${channel}`), value: r.firstResponseSeconds[channel] }).toEqual({
      rule: source(r, `firstResponseSeconds.${channel}`),
      value: want,
    });
    const d = slaDeadlines(channel, 'complaint', r, RECEIVED[id], { timeZone: tz });
    expect(d.firstResponseDueAt).toEqual(want == null ? undefined : new Date(RECEIVED[id].getTime() + want * 1000));
  });

  describe('every KPI target at its exact boundary', () => {
    const t = TARGETS[id];
    const targets = {
      averageWaitTargetSeconds: r.averageWaitTargetSeconds,
      serviceLevelTarget: r.serviceLevelTarget,
      accessibilityTarget: r.accessibilityTarget,
      withinDeadline: r.withinDeadlineTargets,
    };
    const report = (voice: Record<string, number>, all: Record<string, number>) =>
      regulatoryOf({ all, voice, walkIn: {}, byChannel: {} }, targets);

    test('averageWaitTargetSeconds (TMA with IVR)', () => {
      expect({ rule: source(r, 'averageWaitTargetSeconds'), value: r.averageWaitTargetSeconds }).toEqual({
        rule: source(r, 'averageWaitTargetSeconds'),
        value: t.tma,
      });
      const at = (avg: number) => report({ tmaN: 100, tmaIvrSum: avg * 100, tmaSum: 0 }, {}).meets.tma;
      if (t.tma == null) return expect(at(10_000)).toBeNull();
      expect(at(t.tma)).toBe(true);
      expect(at(t.tma + 0.01)).toBe(false);
    });
    test('serviceLevelTarget (LS)', () => {
      expect({ rule: source(r, 'serviceLevelTarget'), value: r.serviceLevelTarget }).toEqual({
        rule: source(r, 'serviceLevelTarget'),
        value: t.ls,
      });
      const at = (answered: number) => report({ agentRequested: 10_000, answered }, {}).meets.ls;
      if (t.ls == null) return expect(at(0)).toBeNull();
      expect(at(Math.round(t.ls * 10_000))).toBe(true);
      expect(at(Math.round(t.ls * 10_000) - 1)).toBe(false);
    });
    test('accessibilityTarget (AS)', () => {
      expect({ rule: source(r, 'accessibilityTarget'), value: r.accessibilityTarget }).toEqual({
        rule: source(r, 'accessibilityTarget'),
        value: t.as,
      });
      const at = (free: number) => report({}, { loggedInS: 10_000, availableS: free }).meets.as;
      if (t.as == null) return expect(at(0)).toBeNull();
      expect(at(Math.round(t.as * 10_000))).toBe(true);
      expect(at(Math.round(t.as * 10_000) - 1)).toBe(false);
    });
    test('withinDeadlineTargets.information_request (written answers within the deadline, per year)', () => {
      const path = 'withinDeadlineTargets.information_request';
      expect({ rule: source(r, path), value: r.withinDeadlineTargets.information_request ?? null }).toEqual({
        rule: t.informationRequest == null ? source(r, path) : expect.not.stringMatching(/no source/),
        value: t.informationRequest,
      });
      const at = (within: number) =>
        report({}, { information_request_n: 1000, information_request_in: within }).meets.written?.information_request ?? null;
      if (t.informationRequest == null) return expect(at(0)).toBeNull();
      expect(at(Math.round(t.informationRequest * 1000))).toBe(true);
      expect(at(Math.round(t.informationRequest * 1000) - 1)).toBe(false);
    });
  });
});

/** A ladder step: the bill as it stands, the local day it fires, the options (delivery, supply debt). */
interface Step {
  rule: string;
  bill: Partial<BillLike>;
  day: string;
  stage: string;
  opts?: Partial<DunningOptions>;
}
// Due Thu 1 Oct 2026 (local midnight in Rome; Moscow is an hour ahead, the same local day).
const DUE: Record<PresetId, Date> = {
  'seed-2014': new Date('2026-09-30T22:00:00Z'),
  'it-2026': new Date('2026-09-30T22:00:00Z'),
  ru: new Date('2026-09-30T21:00:00Z'),
};
const localNoon = (id: PresetId, day: string) => new Date(`${day}T${id === 'ru' ? '09' : '10'}:00:00Z`);
const before = (day: string) => new Date(new Date(`${day}T12:00:00Z`).getTime() - 86_400_000).toISOString().slice(0, 10);

const LADDERS: Record<PresetId, Step[]> = {
  'seed-2014': [
    { rule: 'dunning.dueSoonDays', bill: {}, day: '2026-09-28', stage: 'due_soon' },
    { rule: 'dunning.ladder.first_reminder', bill: { dunning: { stage: 'due_soon' } }, day: '2026-10-21', stage: 'first_reminder' },
    {
      rule: 'dunning.ladder.formal_notice',
      bill: { dunning: { stage: 'first_reminder', stageAt: new Date('2026-10-21T08:00:00Z') } },
      day: '2026-11-10',
      stage: 'formal_notice',
    },
    {
      rule: 'dunning.ladder.suspension_eligible',
      bill: { dunning: { stage: 'formal_notice', stageAt: new Date('2026-11-10T08:00:00Z') } },
      day: '2027-01-01',
      stage: 'suspension_eligible',
    },
  ],
  'it-2026': [
    { rule: 'dunning.dueSoonDays', bill: {}, day: '2026-09-28', stage: 'due_soon' },
    { rule: 'dunning.ladder.first_reminder', bill: { dunning: { stage: 'due_soon' } }, day: '2026-10-21', stage: 'first_reminder' },
    {
      rule: 'dunning.ladder.formal_notice',
      bill: { dunning: { stage: 'first_reminder', stageAt: new Date('2026-10-21T08:00:00Z') } },
      day: '2026-11-10',
      stage: 'formal_notice',
    },
    // Received Thu 12 Nov: deadline Mon 7 Dec; + 3 working days (8 Dec is a holiday) → Fri 11 Dec.
    {
      rule: 'dunning.ladder.power_reduction',
      bill: { service: 'electricity', dunning: { stage: 'formal_notice', stageAt: new Date('2026-11-10T08:00:00Z') } },
      day: '2026-12-11',
      stage: 'power_reduction',
      opts: { previousDeliveredAt: new Date('2026-11-12T08:00:00Z') },
    },
    {
      rule: 'dunning.ladder.suspension_eligible',
      bill: { service: 'electricity', dunning: { stage: 'power_reduction', stageAt: new Date('2026-12-11T08:00:00Z') } },
      day: '2026-12-26',
      stage: 'suspension_eligible',
    },
    {
      rule: 'dunning.ladder.suspension_eligible',
      bill: { service: 'gas', dunning: { stage: 'formal_notice', stageAt: new Date('2026-11-10T08:00:00Z') } },
      day: '2026-12-20',
      stage: 'suspension_eligible',
    },
  ],
  ru: [
    { rule: 'dunning.dueSoonDays', bill: {}, day: '2026-09-28', stage: 'due_soon' },
    {
      rule: 'dunning.ladder.formal_notice',
      bill: { dunning: { stage: 'due_soon' } },
      day: '2026-10-02',
      stage: 'formal_notice',
      opts: { supplyDebt: { overdue: 300, averageMonthlyCharge: 100 } },
    },
    {
      rule: 'dunning.ladder.power_reduction',
      bill: { dunning: { stage: 'formal_notice', stageAt: new Date('2026-10-02T08:00:00Z') } },
      day: '2026-10-25',
      stage: 'power_reduction',
      opts: { previousDeliveredAt: new Date('2026-10-05T08:00:00Z') },
    },
    {
      rule: 'dunning.ladder.suspension_eligible',
      bill: { dunning: { stage: 'power_reduction', stageAt: new Date('2026-10-25T08:00:00Z') } },
      day: '2026-11-04',
      stage: 'suspension_eligible',
    },
  ],
};

describe.each(Object.keys(LADDERS) as PresetId[])('preset %s: every ladder step on its day and the day before', (id) => {
  const r = PRESETS[id];
  test.each(LADDERS[id].map((s) => [`${s.rule} → ${s.stage} on ${s.day}`, s] as const))('%s', (_name, s) => {
    const bill: BillLike = {
      billNumber: 'B1',
      service: 'gas',
      amount: 120,
      paidAmount: 0,
      status: 'open',
      dueAt: DUE[id],
      dunning: { stage: 'none' },
      ...s.bill,
    };
    const opts = { timeZone: TZ[id], ...s.opts };
    const on = dunningStage(bill, r, localNoon(id, s.day), opts);
    const dayBefore = dunningStage(bill, r, localNoon(id, before(s.day)), opts);
    expect({ rule: source(r, s.rule), on, dayBefore }).toEqual({ rule: source(r, s.rule), on: s.stage, dayBefore: null });
  });
});
