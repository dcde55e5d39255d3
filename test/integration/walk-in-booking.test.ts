// Optional slot booking at a walk-in office, over HTTP: slots from the opening hours and the
// service's slot length; identity as light as the reception's (a phone or an account number,
// validated); never more bookings of a slot than the office has desks, even when they race; a
// cancelled booking frees its seat; a booked visitor who checks in with the code is called at
// the slot's start, before walk-ins who arrived later; a missed booking is released.
import { Booking } from '../../models/booking';
import { AGENT_PASSWORD, makeAgent } from '../support/agents';
import { startTestServer, type Session, type TestServer } from '../support/server';

// Monday 23 Nov 2026, 10:00 in Rome.
const clock = {
  at: new Date('2026-11-23T09:00:00Z'),
  now() {
    return new Date(this.at);
  },
};
const set = (iso: string) => (clock.at = new Date(iso));

let server: TestServer;
let desk: Session;
let visitor: Session;

beforeAll(async () => {
  // Bookings per address: a low limit, reached by the last test.
  server = await startTestServer({ RECEPTION_IP_LIMIT: '10' }, { clock });
  const admin = await server.admin();
  const office = await admin.post('/api/admin/offices', {
    id: 'fe-centro',
    name: 'Ferrara Centro',
    hours: 'mon-fri 08:30-16:30',
    desks: 2,
    services: [
      { code: 'A', name: 'Bollette', category: 'billing', slotMinutes: 30 },
      { code: 'B', name: 'Contratti', category: 'information_request' },
    ],
  });
  expect(office.status).toBe(201);
  expect(office.body).toMatchObject({ desks: 2, services: [{ code: 'A', slotMinutes: 30 }, { code: 'B' }] });
  const agent = await makeAgent({ channels: ['walk_in'] });
  desk = server.session();
  await desk.login(agent.email, AGENT_PASSWORD);
  visitor = server.session();
});
afterAll(async () => {
  await server?.close();
});

const TEN = '2026-11-24T09:00:00.000Z'; // Tuesday 10:00 in Rome
const slots = async (day = '2026-11-24') => (await visitor.get(`/api/walk-in/offices/fe-centro/slots?service=A&day=${day}`)).body.slots;
const bookAt = (slotStart: string, who: Record<string, string> = { phone: '+393331110001' }) =>
  visitor.post('/api/walk-in/offices/fe-centro/bookings', { service: 'A', slotStart, ...who });

test('slots from the hours and the slot length; bad input is refused clearly and books nothing', async () => {
  const day = await slots();
  expect(day).toHaveLength(16); // 08:30–16:30 in 30-minute slots
  expect(day[0]).toEqual({ start: '2026-11-24T07:30:00.000Z', end: '2026-11-24T08:00:00.000Z', free: 2 });
  expect(await slots('2026-11-29')).toEqual([]); // Sunday
  const walkInOnly = await visitor.get('/api/walk-in/offices/fe-centro/slots?service=B&day=2026-11-24');
  expect([walkInOnly.status, walkInOnly.body.message]).toEqual([400, 'service B takes no bookings: walk in and take a number']);

  const noIdentity = await bookAt(TEN, {});
  expect([noIdentity.status, noIdentity.body.message]).toEqual([400, expect.stringMatching(/phone number or an account number/)]);
  expect((await bookAt(TEN, { phone: 'not a phone' })).body.message).toBe('the phone number is not valid');
  expect((await bookAt(TEN, { accountNumber: 'a b; drop' })).status).toBe(400);
  expect((await bookAt('2026-11-24T09:10:00.000Z')).body.error).toBe('NotASlot'); // not on the grid
  expect((await bookAt('2026-11-23T08:30:00.000Z')).body.error).toBe('NotASlot'); // already passed
  expect((await bookAt('2026-12-24T09:00:00.000Z')).body.error).toBe('NotASlot'); // beyond two weeks
  expect(await Booking.countDocuments()).toBe(0);
});

test('a slot takes as many bookings as the office has desks, even racing; a cancellation frees a seat', async () => {
  const first = await bookAt(TEN, { accountNumber: 'ACC-7001' });
  expect(first.status).toBe(201);
  expect(first.body).toMatchObject({ code: expect.stringMatching(/^[A-Z2-9]{6}$/), officeName: 'Ferrara Centro', slotStart: TEN });
  expect((await bookAt(TEN)).status).toBe(201);
  const third = await bookAt(TEN, { phone: '+393331110003' });
  expect([third.status, third.body.error]).toEqual([409, 'SlotFull']);
  expect((await slots()).find((s: any) => s.start === TEN).free).toBe(0);

  // Six customers race for the 11:00 slot: two win.
  const racing = await Promise.all([1, 2, 3, 4, 5, 6].map((k) => bookAt('2026-11-24T10:00:00.000Z', { phone: `+39333111020${k}` })));
  expect(racing.map((r) => r.status).sort()).toEqual([201, 201, 409, 409, 409, 409]);
  expect(await Booking.countDocuments({ slotStart: new Date('2026-11-24T10:00:00.000Z') })).toBe(2);

  // Cancel: only with the same account (or phone); then the seat is free again.
  expect((await visitor.post(`/api/walk-in/bookings/${first.body.code}/cancel`, { accountNumber: 'ACC-9999' })).status).toBe(404);
  const cancelled = await visitor.post(`/api/walk-in/bookings/${first.body.code.toLowerCase()}/cancel`, { accountNumber: 'ACC-7001' });
  expect(cancelled.status).toBe(200);
  expect((await slots()).find((s: any) => s.start === TEN).free).toBe(1);
  expect((await bookAt(TEN, { phone: '+393331110003' })).status).toBe(201);
});

test('checked in with the code, the booked visitor is called at the slot time before walk-ins who arrived later', async () => {
  set('2026-11-23T09:30:00Z');
  const booking = (await bookAt('2026-11-24T09:30:00.000Z', { phone: '+393339990001' })).body; // Tuesday 10:30
  const missed = (await bookAt('2026-11-24T07:30:00.000Z', { phone: '+393339990002' })).body; // Tuesday 08:30

  set('2026-11-24T09:20:00Z'); // 10:20: a walk-in
  const early = (await desk.post('/api/walk-in/offices/fe-centro/check-in', { service: 'A' })).body;
  set('2026-11-24T09:25:00Z'); // 10:25: the booked visitor, with the code as read from the confirmation
  const wrongService = await desk.post('/api/walk-in/offices/fe-centro/check-in', { service: 'B', bookingCode: booking.code });
  expect(wrongService.body.message).toBe('this booking is for service A');
  const bookedIn = await desk.post('/api/walk-in/offices/fe-centro/check-in', { bookingCode: booking.code.toLowerCase() });
  expect(bookedIn.status).toBe(201);
  expect(bookedIn.body).toMatchObject({ number: expect.stringMatching(/^A\d{3}$/), bookedFor: '2026-11-24T09:30:00.000Z' });
  // The code is used once.
  expect((await desk.post('/api/walk-in/offices/fe-centro/check-in', { bookingCode: booking.code })).status).toBe(404);
  set('2026-11-24T09:31:00Z'); // 10:31: another walk-in, after the slot time
  const later = (await desk.post('/api/walk-in/offices/fe-centro/check-in', { service: 'A' })).body;

  // A booking whose slot has ended: released, the visitor takes a number like anyone.
  const gone = await desk.post('/api/walk-in/offices/fe-centro/check-in', { bookingCode: missed.code });
  expect([gone.status, gone.body.error]).toEqual([409, 'BookingMissed']);
  expect(await Booking.findById(missed.code)).toBeNull();

  set('2026-11-24T09:32:00Z');
  const called: string[] = [];
  for (let k = 0; k < 3; k++) {
    const v = (await desk.post('/api/walk-in/offices/fe-centro/call-next', { desk: '1' })).body;
    called.push(v.number);
    await desk.post(`/api/walk-in/visits/${v.id}/done`);
  }
  expect(called).toEqual([early.number, bookedIn.body.number, later.number]);
});

test('one address cannot take every slot: bookings per IP are limited, refused attempts do not count', async () => {
  set('2026-11-23T09:00:00Z');
  const before = await Booking.countDocuments();
  const statuses: number[] = [];
  // Seven bookings made so far by the tests above (failed attempts are not counted): three more are allowed.
  for (let k = 0; k < 5; k++) statuses.push((await bookAt(`2026-11-25T${String(8 + k).padStart(2, '0')}:00:00.000Z`)).status);
  expect(statuses).toEqual([201, 201, 201, 429, 429]);
  const refused = await bookAt('2026-11-25T14:00:00.000Z');
  expect(refused.body).toEqual({ error: 'RateLimited', message: 'too many bookings from this address: try again later' });
  expect(await Booking.countDocuments()).toBe(before + 3);
});
