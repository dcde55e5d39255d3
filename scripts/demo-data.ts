// The demo data set of `npm run demo` (scripts/demo.ts): a few hundred customers with
// contracts, meters and bills at every dunning stage, an active outage, a team with printed
// passwords. Loaded through the same import as a billing system's export (core/import), the
// same agent use case as `npm run agent`; deterministic, and loaded once per store.
import { createAgent } from '../core/agents/create-agent';
import type { Config } from '../core/config';
import { importRows, type ImportReport } from '../core/import/import-rows';
import { Agent, Bill, Customer, Outage } from '../models';
import type { DUNNING_STAGES } from '../models/bill';

export const DEMO_TEAM = [
  {
    name: 'Sara Colombo',
    email: 'supervisor@demo.hotline',
    password: 'demo-supervisor',
    role: 'supervisor' as const,
    languages: ['it', 'en'] as const,
  },
  { name: 'Marco Ferri', email: 'marco@demo.hotline', password: 'demo-agent-1', role: 'agent' as const, languages: ['it'] as const },
  { name: 'Elena Greco', email: 'elena@demo.hotline', password: 'demo-agent-2', role: 'agent' as const, languages: ['it', 'en'] as const },
  { name: 'Olga Sokolova', email: 'olga@demo.hotline', password: 'demo-agent-3', role: 'agent' as const, languages: ['ru', 'it'] as const },
];

/** The area and service of the demo's active outage: callers from there hear it before the menu. */
export const DEMO_OUTAGE = { areaCode: 'MI-02', service: 'electricity' as const };

const FIRST = [
  'Maria',
  'Giuseppe',
  'Anna',
  'Luca',
  'Francesca',
  'Marco',
  'Giulia',
  'Alessandro',
  'Chiara',
  'Paolo',
  'Sofia',
  'Andrea',
  'Laura',
  'Matteo',
  'Elena',
  'Davide',
];
const LAST = [
  'Rossi',
  'Russo',
  'Ferrari',
  'Esposito',
  'Bianchi',
  'Romano',
  'Colombo',
  'Ricci',
  'Marino',
  'Greco',
  'Bruno',
  'Gallo',
  'Conti',
  'De Luca',
  'Costa',
  'Giordano',
];
const RU = ['Иван Петров', 'Ольга Смирнова', 'Анна Кузнецова', 'Сергей Попов', 'Наталья Волкова'];
const EN = ['John Smith', 'Emily Clarke', 'David Brown', 'Sarah Wilson'];
const STREETS = ['Via Roma', 'Corso Buenos Aires', 'Via Garibaldi', 'Viale Monza', 'Via Torino', 'Via Dante', 'Piazza Duomo', 'Via Padova'];
const AREAS = ['MI-01', 'MI-02', 'MI-03', 'MI-04', 'RM-01', 'TO-01'];
const SERVICES = ['electricity', 'gas', 'water', 'heating'] as const;

/** Days from today of a bill's due date, and where its dunning stands, for each stage of the ladder. */
const BILL_SHAPES: Array<{ dueInDays: number; stage: (typeof DUNNING_STAGES)[number]; paid?: boolean }> = [
  { dueInDays: -40, stage: 'none', paid: true },
  { dueInDays: 18, stage: 'none' },
  { dueInDays: 2, stage: 'due_soon' },
  { dueInDays: -25, stage: 'first_reminder' },
  { dueInDays: -45, stage: 'formal_notice' },
  { dueInDays: -70, stage: 'power_reduction' },
  { dueInDays: -100, stage: 'suspension_eligible' },
];

/** A small deterministic generator (mulberry32): the same data set on every machine. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface DemoSummary {
  loaded: boolean;
  customers: number;
  contracts: number;
  bills: number;
  reports: ImportReport[];
}

const DAY = 86_400_000;

/** Loads the data set unless this store has it already (its first customer is there). */
export async function loadDemoData(config: Config, customers = 300, now = new Date()): Promise<DemoSummary> {
  if (await Customer.exists({ _id: 'D000001' })) return { loaded: false, customers: 0, contracts: 0, bills: 0, reports: [] };
  const rnd = random(17);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const customerRows: Record<string, unknown>[] = [];
  const contractRows: Record<string, unknown>[] = [];
  const billRows: Record<string, unknown>[] = [];
  const stages: Array<{ billNumber: string; stage: string }> = [];
  for (let i = 1; i <= customers; i++) {
    const account = `D${String(i).padStart(6, '0')}`;
    const roll = rnd();
    const language = roll < 0.1 ? 'ru' : roll < 0.18 ? 'en' : 'it';
    const name = language === 'ru' ? pick(RU) : language === 'en' ? pick(EN) : `${pick(FIRST)} ${pick(LAST)}`;
    const business = rnd() < 0.1;
    customerRows.push({
      accountNumber: account,
      name: business ? `${pick(LAST)} S.r.l.` : name,
      // Numbers the simulator's texts and calls come from (it picks customers from the store).
      phone: `+39 3${String(30 + (i % 60)).padStart(2, '0')} ${String(1_000_000 + i * 7919).slice(-7)}`,
      email: rnd() < 0.6 ? `cliente${i}@demo.example` : '',
      language,
      segment: business ? 'business' : 'household',
    });
    const area = pick(AREAS);
    const services = rnd() < 0.4 ? [SERVICES[0], SERVICES[1]] : [pick(SERVICES)];
    for (const [k, service] of services.entries()) {
      const contract = `${String(7_000_000 + i * 10 + k)}`;
      const two = service === 'electricity' && rnd() < 0.3;
      const base = Math.floor(1000 + rnd() * 30_000);
      contractRows.push({
        contractNumber: contract,
        accountNumber: account,
        service,
        address: `${pick(STREETS)} ${1 + Math.floor(rnd() * 120)}, ${area.startsWith('MI') ? 'Milano' : area.startsWith('RM') ? 'Roma' : 'Torino'}`,
        areaCode: area,
        meterDigits: 6,
        registers: two ? 2 : 1,
        lastReading: two ? `${base}/${Math.floor(base / 3)}` : String(base),
        lastReadingAt: new Date(now.getTime() - (20 + Math.floor(rnd() * 30)) * DAY).toISOString().slice(0, 10),
        avgDailyUse: (service === 'gas' ? 2 + rnd() * 4 : service === 'water' ? 0.2 + rnd() : 4 + rnd() * 8).toFixed(2),
      });
      // One bill per contract, its shape turning through every stage of the ladder.
      const shape = BILL_SHAPES[(i + k) % BILL_SHAPES.length]!;
      const amount = Number((30 + rnd() * (business ? 900 : 220)).toFixed(2));
      const billNumber = `DB-${contract}`;
      billRows.push({
        billNumber,
        contractNumber: contract,
        amount: String(amount),
        issuedAt: new Date(now.getTime() + (shape.dueInDays - 20) * DAY).toISOString(),
        dueAt: new Date(now.getTime() + shape.dueInDays * DAY).toISOString(),
        paidAmount: shape.paid ? String(amount) : '0',
      });
      if (shape.stage !== 'none') stages.push({ billNumber, stage: shape.stage });
    }
  }
  const reports = [
    await importRows('customers', customerRows, config),
    await importRows('contracts', contractRows, config),
    await importRows('bills', billRows, config),
  ];
  // Where each bill stands on the dunning ladder, as if the reminders job had been running for months.
  for (const { billNumber, stage } of stages)
    await Bill.updateOne({ _id: billNumber }, { $set: { 'dunning.stage': stage, 'dunning.stageAt': now } });
  await Bill.updateMany(
    { _id: { $in: billRows.filter((b) => b.paidAmount !== '0').map((b) => b.billNumber as string) } },
    { $set: { status: 'paid' } },
  );

  await Outage.create({
    ...DEMO_OUTAGE,
    cause: { it: 'guasto alla cabina di via Padova', ru: 'авария на подстанции', en: 'a fault at the Via Padova substation' },
    startedAt: new Date(now.getTime() - 45 * 60_000),
    expectedRestorationAt: new Date(now.getTime() + 3 * 3_600_000),
    status: 'active',
  });
  for (const member of DEMO_TEAM) {
    if (await Agent.exists({ email: member.email })) continue;
    await createAgent({ ...member, languages: [...member.languages] }, config.DEFAULT_LANGUAGE);
  }
  return { loaded: true, customers: customerRows.length, contracts: contractRows.length, bills: billRows.length, reports };
}
