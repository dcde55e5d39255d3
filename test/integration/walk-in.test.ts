// Walk-in offices through the API and the display's socket: an admin creates an office, a
// receptionist checks visitors in (A001, A002, B001), a desk calls the next by service and
// arrival, the display hears "now serving" live, recall / no show / done end each visit, and
// the real waits reach the regulator's walk-in figures and the per-office, per-service ones.
import { io, type Socket } from 'socket.io-client';
import { Ticket } from '../../models';
import { Visit } from '../../models/visit';
import { AGENT_PASSWORD, makeAgent } from '../support/agents';
import { startTestServer, type Session, type TestServer } from '../support/server';
import { waitFor } from '../support/wait-for';

// Tuesday 24 Nov 2026, 09:00 in Rome.
const T0 = new Date('2026-11-24T08:00:00Z');
const clock = {
  at: T0,
  now() {
    return new Date(this.at);
  },
};
const later = (minutes: number) => {
  clock.at = new Date(T0.getTime() + minutes * 60_000);
};

let server: TestServer;
let admin: Session;
let desk: Session;
let display: Socket;
const heard: any[] = [];

beforeAll(async () => {
  server = await startTestServer({}, { clock });
  admin = await server.admin();
  const agent = await makeAgent({ channels: ['walk_in'] });
  desk = server.session();
  await desk.login(agent.email, AGENT_PASSWORD);
});
afterAll(async () => {
  display?.disconnect();
  await server?.close();
});

const OFFICE = {
  id: 'bo-centro',
  name: 'Bologna Centro',
  hours: 'mon-fri 08:30-16:30',
  services: [
    { code: 'A', name: 'Bollette', category: 'billing' },
    { code: 'B', name: 'Contratti', category: 'information_request' },
  ],
};

test('offices are created by an admin only, with clear errors for bad input', async () => {
  expect((await desk.post('/api/admin/offices', OFFICE)).status).toBe(403);
  const bad = await admin.post('/api/admin/offices', {
    ...OFFICE,
    hours: 'whenever',
    services: [{ code: 'a', name: 'x', category: 'nope' }],
  });
  expect(bad.status).toBe(400);
  expect(bad.body.message).toMatch(/hours/);
  expect(bad.body.message).toMatch(/services\.0\.code/);
  const ok = await admin.post('/api/admin/offices', OFFICE);
  expect(ok.status).toBe(201);
  expect(ok.body).toMatchObject({ id: 'bo-centro', open: true });
  const list = await server.session().get('/api/walk-in/offices');
  expect(list.body.offices.map((o: any) => o.id)).toContain('bo-centro');
});

test('check-in → call next by service and arrival → display live → recall, no show, done → statistics', async () => {
  display = io(`${server.url}/walk-in`, { transports: ['websocket'], reconnection: false, forceNew: true });
  display.onAny((name: string, payload: unknown) => heard.push({ name, payload }));
  await new Promise<void>((resolve) => display.once('connect', () => resolve()));
  display.emit('walkin:join', { office: 'bo-centro' });
  await waitFor(() => heard.find((e) => e.name === 'walkin:snapshot'), 5000, 'snapshot');

  // Nobody can check in anonymously; a bad service is refused and numbers nothing.
  expect((await server.session().post('/api/walk-in/offices/bo-centro/check-in', { service: 'A' })).status).toBe(401);
  expect((await desk.post('/api/walk-in/offices/bo-centro/check-in', { service: 'Z' })).status).toBe(400);
  expect((await desk.post('/api/walk-in/offices/bo-centro/check-in', { service: 'A', phone: 'abc' })).status).toBe(400);
  const a1 = await desk.post('/api/walk-in/offices/bo-centro/check-in', { service: 'A', phone: '+393331112233' });
  expect(a1.status).toBe(201);
  expect(a1.body).toMatchObject({ number: 'A001', ahead: 0 });
  later(1);
  const b1 = (await desk.post('/api/walk-in/offices/bo-centro/check-in', { service: 'B' })).body;
  later(2);
  const a2 = (await desk.post('/api/walk-in/offices/bo-centro/check-in', { service: 'A', accountNumber: 'ACC-NOPE' })).body;
  expect([b1.number, a2.number, a2.ahead]).toEqual(['B001', 'A002', 1]);
  const ticket = await Ticket.findOne({ number: a1.body.ticketNumber }).lean();
  expect(ticket).toMatchObject({ channel: 'walk_in', category: 'billing', status: 'queued' });

  // Desk 3 serves only A: A001 first (arrival), B001 is left for another desk.
  later(12);
  const first = await desk.post('/api/walk-in/offices/bo-centro/call-next', { desk: '3', services: ['A'] });
  expect(first.status).toBe(200);
  expect(first.body).toMatchObject({ number: 'A001', state: 'called', desk: '3' });
  await waitFor(
    () => heard.find((e) => e.name === 'walkin:called' && e.payload.number === 'A001' && e.payload.desk === '3'),
    5000,
    'display A001',
  );
  const again = await desk.post(`/api/walk-in/visits/${first.body.id}/recall`);
  expect(again.status).toBe(200);
  await waitFor(() => heard.find((e) => e.name === 'walkin:called' && e.payload.number === 'A001' && e.payload.recall), 5000, 'recall');
  later(20);
  expect((await desk.post(`/api/walk-in/visits/${first.body.id}/done`)).body).toMatchObject({ state: 'done' });
  // Done twice: a clear refusal, nothing counted twice.
  expect((await desk.post(`/api/walk-in/visits/${first.body.id}/done`)).status).toBe(409);

  later(60); // A002 arrived at +2 min, called at +60: 58 minutes, over 40
  const second = (await desk.post('/api/walk-in/offices/bo-centro/call-next', { desk: '3', services: ['A'] })).body;
  expect(second.number).toBe('A002');
  later(70);
  await desk.post(`/api/walk-in/visits/${second.id}/done`);
  later(71);
  const third = (await desk.post('/api/walk-in/offices/bo-centro/call-next', { desk: '4' })).body;
  expect(third.number).toBe('B001');
  expect((await desk.post(`/api/walk-in/visits/${third.id}/no-show`)).body).toMatchObject({ state: 'no_show' });
  expect((await desk.post('/api/walk-in/offices/bo-centro/call-next', { desk: '4' })).status).toBe(404);
  expect(await Visit.countDocuments({ office: 'bo-centro', state: 'waiting' })).toBe(0);

  const supervisor = await server.admin();
  const stats = await supervisor.get('/api/walk-in/stats?from=2026-11-24&to=2026-11-24');
  expect(stats.body.rows).toEqual([
    // A001 waited 12 min and was served 8 min; A002 waited 58 min and was served 10 min.
    {
      office: 'bo-centro',
      service: 'A',
      served: 2,
      noShow: 0,
      avgWaitSeconds: (12 * 60 + 58 * 60) / 2,
      shareOverLongWait: 0.5,
      avgServiceSeconds: (8 * 60 + 10 * 60) / 2,
    },
    { office: 'bo-centro', service: 'B', served: 0, noShow: 1, avgWaitSeconds: null, shareOverLongWait: null, avgServiceSeconds: null },
  ]);
  const csv = await supervisor.get('/api/walk-in/stats?from=2026-11-24&to=2026-11-24&format=csv');
  expect(csv.text.split('\n')[0]).toMatch(/office.*service.*served/);
  expect((await desk.get('/api/walk-in/stats?from=2026-11-24&to=2026-11-24')).status).toBe(403);

  // The regulator's walk-in figures (all offices) read the same real waits.
  const reg = await waitFor(
    async () => {
      const r = await supervisor.get('/api/stats/regulatory?from=2026-11-24T00:00:00Z&to=2026-11-25T00:00:00Z');
      return r.body.walkIn.served >= 2 && r.body.walkIn.noShows >= 1 ? r.body : null;
    },
    10_000,
    'regulatory walk-in',
  );
  // B001 was called after 70 minutes and did not come: not served, its wait in no average, counted apart.
  expect(reg.walkIn).toMatchObject({ served: 2, noShows: 1, shareOver40Min: 0.5, longWaitSeconds: 2400 });
  expect(reg.walkIn.avgWaitSeconds).toBeCloseTo((12 * 60 + 58 * 60) / 2, 0);
  expect(reg.walkIn.offices).toEqual([
    expect.objectContaining({ office: 'bo-centro', service: 'A', served: 2, noShows: 0, shareOverLongWait: 0.5 }),
    expect.objectContaining({ office: 'bo-centro', service: 'B', served: 0, noShows: 1, avgWaitSeconds: null }),
  ]);
  expect(reg.definitions.walkIn).toMatch(/no-show/i);
  const regCsv = (await supervisor.get('/api/stats/regulatory?from=2026-11-24&to=2026-11-25&format=csv')).text;
  expect(regCsv).toMatch(/walk-in no-shows \(not served\),1,/);
  expect(regCsv).toContain('walk-in bo-centro B');

  // The wall board, per office and service: nobody waits now, served today, the no-show apart.
  const live = (await supervisor.get('/api/stats/live?fresh=true')).body;
  expect(live.walkIn.longWaitSeconds).toBe(2400);
  expect(live.walkIn.rows).toEqual([
    {
      office: 'bo-centro',
      officeName: 'Bologna Centro',
      service: 'A',
      waiting: 0,
      served: 2,
      noShows: 0,
      avgWaitSeconds: (12 * 60 + 58 * 60) / 2,
      shareOverLongWait: 0.5,
      avgServiceSeconds: (8 * 60 + 10 * 60) / 2,
    },
    expect.objectContaining({ office: 'bo-centro', service: 'B', waiting: 0, served: 0, noShows: 1 }),
  ]);
  const liveCsv = await supervisor.get('/api/stats/live?format=csv&table=walk_in');
  expect(liveCsv.text.split('\r\n')[0]).toMatch(/office.*service.*waiting.*served.*noShows/);

  // The intervals carry each office's served and waits in the hour the visit ended.
  const hours = (await supervisor.get('/api/stats/intervals?from=2026-11-24&to=2026-11-25&granularity=hour')).body.rows;
  const at = (hour: string) => hours.find((r: any) => r.local.startsWith(`2026-11-24T${hour}`)).walkIn;
  expect(at('09')).toEqual([
    expect.objectContaining({ office: 'bo-centro', service: '*', served: 1, noShows: 0, avgWaitSeconds: 12 * 60 }),
  ]);
  expect(at('10')).toEqual([
    expect.objectContaining({ office: 'bo-centro', served: 1, noShows: 1, avgWaitSeconds: 58 * 60, shareOverLongWait: 1 }),
  ]);
  expect(at('11')).toEqual([]);
  const hoursCsv = (await supervisor.get('/api/stats/intervals?from=2026-11-24&to=2026-11-25&granularity=hour&format=csv')).text;
  expect(hoursCsv.split('\r\n')[0]).toContain('walk_in bo-centro served');
  expect(hoursCsv).not.toContain('[object Object]');
});

test('a wait of 40 minutes exactly is not over 40 minutes; 40 minutes and one second is', async () => {
  await admin.post('/api/admin/offices', { ...OFFICE, id: 'bo-nord', name: 'Bologna Nord' });
  const t = new Date('2026-11-25T08:00:00Z'); // Wednesday, 09:00 in Rome
  const at = (seconds: number) => (clock.at = new Date(t.getTime() + seconds * 1000));
  at(0);
  await desk.post('/api/walk-in/offices/bo-nord/check-in', { service: 'A' });
  at(60);
  await desk.post('/api/walk-in/offices/bo-nord/check-in', { service: 'A' });
  at(40 * 60);
  const first = (await desk.post('/api/walk-in/offices/bo-nord/call-next', { desk: '1' })).body;
  await desk.post(`/api/walk-in/visits/${first.id}/done`);
  at(60 + 40 * 60 + 1);
  const second = (await desk.post('/api/walk-in/offices/bo-nord/call-next', { desk: '1' })).body;
  at(60 + 45 * 60);
  await desk.post(`/api/walk-in/visits/${second.id}/done`);

  const supervisor = await server.admin();
  const reg = await waitFor(
    async () => {
      const r = await supervisor.get('/api/stats/regulatory?from=2026-11-25&to=2026-11-26');
      return r.body.walkIn.served >= 2 ? r.body.walkIn : null;
    },
    10_000,
    'regulatory walk-in',
  );
  expect(reg).toMatchObject({ served: 2, noShows: 0, shareOver40Min: 0.5, avgWaitSeconds: 40 * 60 + 0.5 });
  const day = (await supervisor.get('/api/walk-in/stats?from=2026-11-25&to=2026-11-25')).body.rows;
  expect(day).toEqual([expect.objectContaining({ office: 'bo-nord', service: 'A', served: 2, shareOverLongWait: 0.5 })]);
});

test('a closed office checks nobody in', async () => {
  clock.at = new Date('2026-11-29T10:00:00Z'); // Sunday
  const r = await desk.post('/api/walk-in/offices/bo-centro/check-in', { service: 'A' });
  expect(r.status).toBe(409);
  expect(r.body.error).toBe('OfficeClosed');
});
