// models/repos/tickets.ts against the real store: reads keep the tracking hash away from
// staff views, and the conditional update answers null when the ticket changed meanwhile.
import mongoose, { Types } from 'mongoose';
import { Ticket } from '../../models';
import {
  openTicketsOf,
  recentTicketsOfAccount,
  searchTickets,
  staffTicketById,
  ticketById,
  ticketByNumber,
  updateTicket,
} from '../../models/repos/tickets';
import { testStoreUris } from '../support/env';

const id = new Types.ObjectId();
beforeAll(async () => {
  await mongoose.connect(testStoreUris().mongoUri);
  await Ticket.create({
    _id: id,
    number: 'T-900001',
    accountNumber: 'ACC-T',
    channel: 'sms',
    category: 'billing',
    priority: 3,
    queue: 'general',
    language: 'en',
    trackingTokenHash: 'f'.repeat(64),
  });
});
afterAll(async () => {
  await mongoose.connection.db?.dropDatabase();
  await mongoose.disconnect();
});

test('reads by id and number, whole or projected; staff reads never carry the tracking hash', async () => {
  expect((await ticketById(id))?.trackingTokenHash).toBe('f'.repeat(64));
  expect(await ticketById(String(id), { number: 1 })).toEqual({ _id: id, number: 'T-900001' });
  expect(await ticketByNumber('T-900001', { language: 1 })).toEqual({ _id: id, language: 'en' });
  expect(await ticketByNumber('T-000000')).toBeNull();
  const staff = await staffTicketById(id);
  expect(staff).toMatchObject({ number: 'T-900001', language: 'en' });
  expect(staff).not.toHaveProperty('trackingTokenHash');
  const recent = await recentTicketsOfAccount('ACC-T', 20);
  expect(recent.map((t) => t.number)).toEqual(['T-900001']);
  expect(recent[0]).not.toHaveProperty('trackingTokenHash');
});

test('search: exact matches, the filter led by its most selective indexed criterion (the embedded store narrows by the first)', async () => {
  const filters: Array<Record<string, unknown>> = [];
  mongoose.set('debug', (collection: string, method: string, filter: Record<string, unknown>) => {
    if (collection === 'tickets' && method === 'find') filters.push(filter);
  });
  try {
    const found = await searchTickets({ status: 'queued', channel: 'sms', number: 'T-900001' }, 10);
    expect(found.map((t) => t.number)).toEqual(['T-900001']);
    expect(found[0]).not.toHaveProperty('trackingTokenHash');
    expect(await searchTickets({ category: 'billing', status: 'queued', accountNumber: 'ACC-T' }, 10)).toHaveLength(1);
    expect(await searchTickets({ status: 'resolved', accountNumber: 'ACC-T' }, 10)).toEqual([]);
    expect(filters.map((f) => Object.keys(f)[0])).toEqual(['number', 'accountNumber', 'accountNumber']);
  } finally {
    mongoose.set('debug', false);
  }
});

test('a language is required: no writer may leave it to a default', async () => {
  await expect(Ticket.create({ number: 'T-900002', channel: 'sms', category: 'billing', priority: 3, queue: 'general' })).rejects.toThrow(
    /language/,
  );
});

test('the conditional update returns the ticket afterwards, or null when its filter misses', async () => {
  expect(await updateTicket({ _id: id, status: 'queued' }, { $set: { status: 'assigned', assignee: 'a1' } })).toMatchObject({
    status: 'assigned',
    assignee: 'a1',
  });
  expect(await updateTicket({ _id: id, status: 'queued' }, { $set: { status: 'assigned', assignee: 'a2' } })).toBeNull();
  expect(await ticketById(id, { assignee: 1 })).toEqual({ _id: id, assignee: 'a1' });
});

test("an agent's open tickets: assigned or pending to them, without contact data or tracking hash", async () => {
  const base = {
    channel: 'sms',
    category: 'billing',
    priority: 3,
    queue: 'general',
    language: 'it',
    contact: { address: '+393331234567' },
  } as const;
  await Ticket.create([
    { ...base, number: 'T-900010', status: 'assigned', assignee: 'a9', trackingTokenHash: 'e'.repeat(64) },
    { ...base, number: 'T-900011', status: 'pending', assignee: 'a9' },
    { ...base, number: 'T-900012', status: 'resolved', assignee: 'a9' },
    { ...base, number: 'T-900013', status: 'assigned', assignee: 'a8' },
  ]);
  const mine = await openTicketsOf('a9');
  expect(mine.map((t) => t.number).sort()).toEqual(['T-900010', 'T-900011']);
  for (const t of mine) {
    expect(t).not.toHaveProperty('contact');
    expect(t).not.toHaveProperty('trackingTokenHash');
  }
});
