// bench/reads: the reads a person waits for, at a utility's scale of history, on the embedded
// store — through the repositories the routes call: a ticket by id (console), its messages
// (console conversation), tracking (ticket by number + the public messages), the customer
// panel's recent tickets, and the console snapshot's "my open tickets". In the same run the
// raw driver finds one document by `_id`, the store's indexed path, as the reference.
//   npx tsx bench/reads.ts [--tickets=50000] [--runs=10]
// Seeds N tickets with one message each (generated, never committed), prints one JSON line:
// p50/p99 milliseconds per read and each p50 as a multiple of the raw `_id` read.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose, { Types } from 'mongoose';
import { publicMessages } from '../channels/web/submit-request';
import { connectStore, ensureIndexes, Message, Ticket } from '../models';
import { messagesOfTicket } from '../models/repos/messages';
import { openTicketsOf, recentTicketsOfAccount, staffTicketById, ticketByNumber } from '../models/repos/tickets';
import { startEmbedded } from '../runtime/embedded';

const arg = (name: string): string | undefined => process.argv.find((x) => x.startsWith(`--${name}=`))?.slice(name.length + 3);
const TICKETS = Number(arg('tickets') ?? 50_000);
const RUNS = Number(arg('runs') ?? 10);
const ACCOUNTS = Math.max(1, Math.floor(TICKETS / 5));
const AGENTS = 200;

const number = (i: number) => `T-${String(i).padStart(7, '0')}`;

async function seed(): Promise<Types.ObjectId[]> {
  const ids: Types.ObjectId[] = [];
  for (let from = 0; from < TICKETS; from += 2000) {
    const tickets = Array.from({ length: Math.min(2000, TICKETS - from) }, (_, j) => {
      const i = from + j;
      const open = i % 50 === 0;
      const _id = new Types.ObjectId();
      ids.push(_id);
      return {
        _id,
        number: number(i),
        accountNumber: `A${i % ACCOUNTS}`,
        channel: 'sms',
        category: 'billing',
        priority: 3,
        queue: 'general',
        language: 'it',
        status: open ? 'assigned' : 'resolved',
        ...(open ? { assignee: `agent${i % AGENTS}` } : {}),
        createdAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000),
      };
    });
    await Ticket.collection.insertMany(tickets);
    await Message.collection.insertMany(
      tickets.map((t) => ({
        _id: `sms:SM${String(t._id)}` as unknown as Types.ObjectId,
        ticketId: String(t._id),
        channel: 'sms',
        direction: 'in',
        public: true,
        body: 'La bolletta di marzo è troppo alta',
        createdAt: t.createdAt,
      })),
    );
  }
  return ids;
}

async function timed(fn: (i: number) => Promise<unknown>): Promise<{ p50: number; p99: number }> {
  await fn(RUNS); // warm-up, not counted
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await fn(i);
    ms.push(performance.now() - start);
  }
  ms.sort((a, b) => a - b);
  const at = (p: number) => +ms[Math.min(ms.length - 1, Math.floor(p * ms.length))]!.toFixed(2);
  return { p50: at(0.5), p99: at(0.99) };
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-reads-'));
  const embedded = await startEmbedded({ dataDir, persistRedis: false });
  try {
    await connectStore(embedded.mongoUri);
    await ensureIndexes();
    const started = performance.now();
    const ids = await seed();
    const seedSeconds = +((performance.now() - started) / 1000).toFixed(1);
    const pick = (i: number) => ids[(i * 7919) % ids.length]!;
    const raw = mongoose.connection.db!.collection('tickets');
    const reads = {
      rawFindById: await timed((i) => raw.findOne({ _id: pick(i) })),
      ticketById: await timed((i) => staffTicketById(pick(i))),
      ticketMessages: await timed((i) => messagesOfTicket(String(pick(i)))),
      trackingTicket: await timed((i) => ticketByNumber(number((i * 7919) % TICKETS))),
      trackingMessages: await timed((i) => publicMessages(String(pick(i)))),
      customerPanelTickets: await timed((i) => recentTicketsOfAccount(`A${(i * 31) % ACCOUNTS}`, 20)),
      snapshotMine: await timed((i) => openTicketsOf(`agent${i % AGENTS}`)),
    };
    const ratio = Object.fromEntries(Object.entries(reads).map(([k, v]) => [k, +(v.p50 / reads.rawFindById.p50).toFixed(1)]));
    process.stdout.write(
      `${JSON.stringify({ bench: 'reads', tickets: TICKETS, messages: TICKETS, runs: RUNS, seedSeconds, ms: reads, p50VsRawIdRead: ratio })}\n`,
    );
  } finally {
    await mongoose.disconnect();
    await embedded.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${String((err as Error).stack ?? err)}\n`);
  process.exit(1);
});
