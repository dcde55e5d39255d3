// bench/generate-data: a utility's year of history for the 1M-ticket read benchmark
// (bench/reads-1m.ts), written once into a data folder outside the repository and reused.
//   npx tsx bench/generate-data.ts [--dir=/work/bench-data/1m] [--tickets=1000000]
// Writes, with the raw driver in batches of 1,000 (generated, never committed):
//   tickets (N, each handled by one of 200 agents; the last 1 % open: half queued with their
//   queue items, half assigned or pending), 3 messages each (customer, agent reply, internal note),
//   N/5 customers with a phone contact point, one contract, 3 bills and one reading each,
//   200 agents (password "bench-password-1"). Then creates the declared indexes and writes
//   `generated.json`; a folder that has it is left alone (the lead re-runs on the same data).
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import mongoose, { Types } from 'mongoose';
import { hashPassword } from '../core/auth/password';
import { hashTrackingToken } from '../channels/web/tracking-token';
import { CATEGORIES, CHANNELS, connectStore, ensureIndexes } from '../models';
import { phoneKey } from '../models/contact-point';
import { startEmbedded, type EmbeddedServices } from '../runtime/embedded';

const arg = (name: string): string | undefined => process.argv.find((x) => x.startsWith(`--${name}=`))?.slice(name.length + 3);

export const BENCH_DB = 'bench1m';
export const AGENTS = 200;
export const AGENT_PASSWORD = 'bench-password-1';
export const agentEmail = (i: number) => `agent${i}@bench.example`;
export const ticketNumber = (i: number) => `T-${String(i).padStart(7, '0')}`;
export const accountNumber = (i: number) => `A${String(i).padStart(7, '0')}`;
export const phoneOf = (account: number) => `+39333${String(account).padStart(7, '0')}`;
/** The tracking token of ticket i (≥ 20 characters, as the route requires); only its hash is stored. */
export const trackingToken = (i: number) => `bench-tracking-token-${i}`;
export interface Generated {
  tickets: number;
  messages: number;
  customers: number;
  bills: number;
  queueItems: number;
  agents: number;
  openTickets: number;
  seconds: number;
}

const BATCH = 1000;
const YEAR_START = Date.UTC(2025, 11, 1);
const YEAR_MS = 365 * 86_400_000;

async function insertAll(name: string, total: number, make: (i: number) => object): Promise<void> {
  const coll = mongoose.connection.db!.collection(name);
  // Two batches in flight: one is marshalled while SQLite writes the other.
  let next = 0;
  const worker = async () => {
    while (next < total) {
      const from = next;
      next = Math.min(total, next + BATCH);
      const docs = Array.from({ length: next - from }, (_, j) => make(from + j));
      await coll.insertMany(docs as never[], { ordered: false });
    }
  };
  const started = performance.now();
  await Promise.all([worker(), worker()]);
  process.stderr.write(`[generate] ${name}: ${total} in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
}

export async function generate(dir: string, tickets: number): Promise<Generated> {
  const marker = join(dir, 'generated.json');
  if (existsSync(marker)) return JSON.parse(readFileSync(marker, 'utf8')) as Generated;
  rmSync(dir, { recursive: true, force: true }); // a half-written folder from an interrupted run
  mkdirSync(dir, { recursive: true });
  const started = performance.now();
  const embedded = await startEmbedded({ dataDir: dir, persistRedis: false });
  try {
    await connectStore(embedded.mongoUri.replace(/\/[^/]*$/, `/${BENCH_DB}`));
    const customers = Math.max(1, Math.floor(tickets / 5));
    const open = Math.floor(tickets / 100);
    const queued = Math.floor(open / 2);
    const passwordHash = await hashPassword(AGENT_PASSWORD);
    const agentIds = Array.from({ length: AGENTS }, (_, i) => new Types.ObjectId(String(i + 1).padStart(24, '0')));
    await insertAll('agents', AGENTS, (i) => ({
      _id: agentIds[i],
      name: `Agent ${i}`,
      email: agentEmail(i),
      passwordHash,
      role: i < 10 ? 'supervisor' : 'agent',
      languages: ['it', 'en'],
      channels: [...CHANNELS],
      categories: [...CATEGORIES],
      presence: 'available',
      active: true,
      load: { sms: 0, email: 0, voice: 0, web: 0 },
    }));
    const ticketId = (i: number) => new Types.ObjectId((0x10000000 + i).toString(16).padStart(24, '0'));
    const createdAt = (i: number) => new Date(YEAR_START + Math.floor((i / tickets) * YEAR_MS));
    const status = (i: number) => (i < tickets - open ? 'resolved' : i < tickets - queued ? (i % 3 ? 'assigned' : 'pending') : 'queued');
    await insertAll('tickets', tickets, (i) => {
      const account = (i * 7919) % customers;
      const s = status(i);
      const at = createdAt(i);
      return {
        _id: ticketId(i),
        number: ticketNumber(i),
        accountNumber: accountNumber(account),
        contractNumber: `C${String(account).padStart(7, '0')}`,
        contact: { address: phoneOf(account), name: `Cliente ${account}` },
        channel: ['sms', 'email', 'voice', 'web'][i % 4],
        category: ['billing', 'meter_reading', 'information_request', 'complaint'][i % 4],
        priority: 3,
        status: s,
        queue: 'general',
        language: 'it',
        subject: `Richiesta ${i}`,
        // Handled tickets keep their agent: an agent's history is ~N/200 tickets, of which few are open.
        ...(s !== 'queued' ? { assignee: String(agentIds[i % AGENTS]), assignedAt: at } : {}),
        ...(s === 'queued' ? { queuedAt: at } : {}),
        ...(s === 'resolved' ? { resolvedAt: new Date(at.getTime() + 3_600_000), outcome: 'answered' } : {}),
        sla: { firstResponseDueAt: new Date(at.getTime() + 86_400_000), resolutionDueAt: new Date(at.getTime() + 5 * 86_400_000) },
        lastMessageAt: at,
        messageCount: 3,
        unread: 0,
        reopenCount: 0,
        transferCount: 0,
        needsReview: false,
        trackingTokenHash: hashTrackingToken(trackingToken(i)),
        tags: [],
        createdAt: at,
        updatedAt: at,
      };
    });
    const DIRECTIONS = ['in', 'out', 'note'] as const;
    await insertAll('messages', tickets * 3, (m) => {
      const i = Math.floor(m / 3);
      const direction = DIRECTIONS[m % 3]!;
      const at = new Date(createdAt(i).getTime() + (m % 3) * 600_000);
      return {
        _id: direction === 'in' ? `sms:SM${m}` : `out:${m}`,
        ticketId: String(ticketId(i)),
        direction,
        channel: 'sms',
        ...(direction === 'in' ? { from: phoneOf((i * 7919) % customers) } : {}),
        body: direction === 'in' ? 'La bolletta di marzo è troppo alta, potete controllare?' : 'Buongiorno, abbiamo verificato la lettura.',
        state: direction === 'in' ? 'processed' : direction === 'out' ? 'delivered' : 'note',
        public: direction !== 'note',
        attachments: [],
        createdAt: at,
        updatedAt: at,
        ...(direction === 'in' ? { receivedAt: at } : { sentAt: at }),
      };
    });
    await insertAll('queueitems', queued, (q) => {
      const i = tickets - queued + q;
      return {
        _id: String(ticketId(i)),
        ticketNumber: ticketNumber(i),
        queue: 'general',
        channel: 'sms',
        category: 'billing',
        language: 'it',
        priority: 3,
        enqueuedAt: createdAt(i),
        state: 'waiting',
        declinedBy: [],
      };
    });
    await insertAll('customers', customers, (a) => ({
      _id: accountNumber(a),
      accountNumber: accountNumber(a),
      name: `Cliente ${a}`,
      phones: [phoneOf(a)],
      emails: [`cliente${a}@example.org`],
      language: 'it',
      segment: 'household',
      preferredChannel: 'sms',
      consents: { sms: true, email: true, voice: true, marketing: false },
      hardship: [],
    }));
    await insertAll('contactpoints', customers, (a) => ({ _id: phoneKey(phoneOf(a)), accountNumber: accountNumber(a) }));
    await insertAll('contracts', customers, (a) => ({
      _id: `C${String(a).padStart(7, '0')}`,
      contractNumber: `C${String(a).padStart(7, '0')}`,
      accountNumber: accountNumber(a),
      service: ['gas', 'electricity'][a % 2],
      supplyPointCode: `IT001E${String(a).padStart(8, '0')}`,
      address: `Via Roma ${a % 200}, Torino`,
      areaCode: `TO${a % 50}`,
      shared: false,
      meter: { digits: 5, registers: 1 },
      lastReading: [1000 + (a % 9000)],
      lastReadingAt: new Date(YEAR_START + YEAR_MS - 30 * 86_400_000),
      avgDailyUse: 4,
      readingWindow: { startDay: 1, endDay: 10 },
      status: 'active',
    }));
    await insertAll('readings', customers, (a) => ({
      _id: new Types.ObjectId((0x20000000 + a).toString(16).padStart(24, '0')),
      contractNumber: `C${String(a).padStart(7, '0')}`,
      accountNumber: accountNumber(a),
      values: [1000 + (a % 9000)],
      channel: 'sms',
      status: 'accepted',
      reasons: [],
      forNextBill: false,
      receivedAt: new Date(YEAR_START + YEAR_MS - 30 * 86_400_000),
    }));
    await insertAll('bills', customers * 3, (b) => {
      const a = Math.floor(b / 3);
      const issuedAt = new Date(YEAR_START + (b % 3) * 120 * 86_400_000);
      const number = `B${String(b).padStart(8, '0')}`;
      return {
        _id: number,
        billNumber: number,
        contractNumber: `C${String(a).padStart(7, '0')}`,
        accountNumber: accountNumber(a),
        service: ['gas', 'electricity'][a % 2],
        amount: 80 + (b % 120),
        currency: 'EUR',
        issuedAt,
        dueAt: new Date(issuedAt.getTime() + 20 * 86_400_000),
        paidAmount: b % 3 === 2 ? 0 : 80 + (b % 120),
        status: b % 3 === 2 ? 'open' : 'paid',
        dunning: { stage: 'none' },
        disputed: false,
      };
    });
    const t = performance.now();
    await ensureIndexes();
    process.stderr.write(`[generate] indexes: ${((performance.now() - t) / 1000).toFixed(0)} s\n`);
    const result: Generated = {
      tickets,
      messages: tickets * 3,
      customers,
      bills: customers * 3,
      queueItems: queued,
      agents: AGENTS,
      openTickets: open,
      seconds: Math.round((performance.now() - started) / 1000),
    };
    writeFileSync(marker, `${JSON.stringify(result)}\n`);
    return result;
  } finally {
    await mongoose.disconnect();
    await (embedded as EmbeddedServices).stop();
  }
}

if (process.argv[1]?.endsWith('generate-data.ts')) {
  generate(arg('dir') ?? '/work/bench-data/1m', Number(arg('tickets') ?? 1_000_000))
    .then((r) => process.stdout.write(`${JSON.stringify({ bench: 'generate', ...r })}\n`))
    .catch((err: unknown) => {
      process.stderr.write(`${String((err as Error).stack ?? err)}\n`);
      process.exit(1);
    });
}
