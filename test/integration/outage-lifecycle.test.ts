// Outage incidents over HTTP and sockets (issue 13): a supervisor declares, updates and resolves;
// unknown places are refused with what was not found; concurrent updates of one version give
// one winner and a 409 carrying the version that won; a resolved outage refuses changes; every
// change is pushed to supervisors and agents and audited; repeated reports raise a suspicion
// that one click promotes, linking the reports; agents link and unlink by hand.
import { randomBytes } from 'node:crypto';
import { Audit, Outage, QueueItem, Ticket } from '../../models';
import { seedArea } from '../factories/outage-area';
import { connectAgentSocket, type AgentSocket } from '../support/agent-socket';
import { loginAs, makeAgent } from '../support/agents';
import { TestClock } from '../support/clock';
import { startTestServer, type Session, type TestServer } from '../support/server';
import { supervisorSession } from '../support/supervisor';
import { messagesOf } from '../support/twiml';
import { postTwilioWebhook, startTwilioStandIn, type TwilioStandIn } from '../support/twilio-standin';
import { waitFor } from '../support/wait-for';

jest.setTimeout(60_000);

const PUBLIC = 'http://hotline.example.test';
// Tuesday 24 Nov 2026, 10:00 in Rome.
const clock = new TestClock(new Date('2026-11-24T09:00:00Z'));
let server: TestServer;
let twilio: TwilioStandIn;
let sup: Session;
let agentSession: Session;
let supSocket: AgentSocket;
let agentSocket: AgentSocket;

beforeAll(async () => {
  twilio = await startTwilioStandIn();
  server = await startTestServer({ PUBLIC_BASE_URL: PUBLIC, TWILIO_API_BASE_URL: twilio.url, TWILIO_SMS_PER_SECOND: '0' }, { clock });
  sup = (await supervisorSession(server)).session;
  agentSession = await loginAs(server.session(), await makeAgent());
  supSocket = await connectAgentSocket(server.url, sup.cookie);
  agentSocket = await connectAgentSocket(server.url, agentSession.cookie);
  await supSocket.next('queue:snapshot');
  await agentSocket.next('queue:snapshot');
});
afterAll(async () => {
  supSocket?.close();
  agentSocket?.close();
  await server?.close();
  await twilio?.close();
});

const area = () => `AREA-${randomBytes(3).toString('hex')}`;
const patch = (s: Session, path: string, body: unknown) => s.request('PATCH', path, body);

async function sms(from: string, body: string): Promise<string[]> {
  const params = {
    MessageSid: `SM${randomBytes(16).toString('hex')}`,
    AccountSid: twilio.accountSid,
    From: from,
    To: '+390000000000',
    Body: body,
  };
  const res = await postTwilioWebhook({ actualBase: server.url, publicBase: PUBLIC }, '/webhooks/twilio/sms', params);
  expect(res.status).toBe(200);
  return messagesOf(res.text);
}

describe('declare, update, resolve', () => {
  test('unknown area codes or supply points are refused, each one named', async () => {
    const known = area();
    await seedArea(1, { areaCode: known });
    const res = await sup.post('/api/admin/outages', {
      service: 'electricity',
      areaCodes: [known, 'NOPE-1', 'NOPE-2'],
      supplyPoints: ['IT001EXXXX'],
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      error: 'UnknownAreas',
      details: { unknownAreaCodes: ['NOPE-1', 'NOPE-2'], unknownSupplyPoints: ['IT001EXXXX'] },
    });
    expect((await sup.post('/api/admin/outages', { service: 'electricity' })).status).toBe(400);
    // Agents read outages but do not declare them.
    expect((await agentSession.post('/api/admin/outages', { service: 'electricity', areaCodes: [known] })).status).toBe(403);
  });

  test('the lifecycle, pushed to supervisors and agents, audited, with one winner per version', async () => {
    const code = area();
    await seedArea(2, { areaCode: code });
    const since = { sup: supSocket.events.length, agent: agentSocket.events.length };
    const declared = await sup.post('/api/admin/outages', {
      service: 'electricity',
      areaCodes: [code],
      cause: { it: 'guasto in cabina', en: 'substation fault' },
      publicMessage: { it: 'Guasto alla cabina di via Roma: squadre al lavoro.' },
      expectedRestorationAt: '2026-11-24T15:00:00Z',
    });
    expect(declared.status).toBe(201);
    const o = declared.body.outage;
    expect(o).toMatchObject({ status: 'active', version: 1, areaCodes: [code], number: expect.stringMatching(/^O-\d{6}$/) });
    for (const [s, from] of [
      [supSocket, since.sup],
      [agentSocket, since.agent],
    ] as const)
      expect(await s.next('outage:changed', (e) => e.outage.id === o.id, 10_000, from)).toMatchObject({
        change: 'declared',
        outage: { version: 1 },
      });

    const v2 = await patch(sup, `/api/admin/outages/${o.id}`, { version: 1, expectedRestorationAt: '2026-11-24T17:00:00Z' });
    expect(v2.status).toBe(200);
    expect(v2.body.outage).toMatchObject({ version: 2, expectedRestorationAt: '2026-11-24T17:00:00.000Z' });

    // Two supervisors change version 2 at the same moment: one wins, the other hears the version that won.
    const other = (await supervisorSession(server)).session;
    const [a, b] = await Promise.all([
      patch(sup, `/api/admin/outages/${o.id}`, { version: 2, cause: { it: 'cavo tranciato' } }),
      patch(other, `/api/admin/outages/${o.id}`, { version: 2, expectedRestorationAt: '2026-11-24T19:00:00Z' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const [won, lost] = a.status === 200 ? [a, b] : [b, a];
    expect(lost.body).toMatchObject({ error: 'StaleVersion', details: { current: { version: 3 } } });
    expect(lost.body.details.current).toEqual(won.body.outage);
    // The loser applies its change to the version that won: nothing is lost.
    const retry = await patch(lost === b ? other : sup, `/api/admin/outages/${o.id}`, {
      version: 3,
      ...(lost === b ? { expectedRestorationAt: '2026-11-24T19:00:00Z' } : { cause: { it: 'cavo tranciato' } }),
    });
    expect(retry.status).toBe(200);
    expect(retry.body.outage).toMatchObject({
      version: 4,
      cause: { it: 'cavo tranciato' },
      expectedRestorationAt: '2026-11-24T19:00:00.000Z',
    });
    // Both supervisors' boards saw version 4 pushed.
    await supSocket.next('outage:changed', (e) => e.outage.id === o.id && e.outage.version === 4);

    const resolved = await sup.post(`/api/admin/outages/${o.id}/resolve`, {});
    expect(resolved.status).toBe(200);
    expect(resolved.body.outage).toMatchObject({ status: 'resolved', version: 5 });
    const late = await patch(sup, `/api/admin/outages/${o.id}`, { version: 5, urgent: true });
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ error: 'OutageClosed', details: { current: { status: 'resolved' } } });
    expect((await sup.post(`/api/admin/outages/${o.id}/resolve`, {})).status).toBe(409);
    await agentSocket.next('outage:changed', (e) => e.outage.id === o.id && e.change === 'resolved');

    // The history: who changed which version, and which fields (never the text).
    const read = await agentSession.get(`/api/outages/${o.id}`);
    expect(read.status).toBe(200);
    expect(read.body.history.map((h: any) => [h.action, h.details.version])).toEqual([
      ['outage.resolved', 5],
      ['outage.updated', 4],
      ['outage.updated', 3],
      ['outage.updated', 2],
      ['outage.declared', 1],
    ]);
    expect(read.body.history[3].details.fields).toEqual(['expectedRestorationAt']);
    expect(JSON.stringify(await Audit.find({ target: `outage:${o.id}` }).lean())).not.toContain('cavo');
  });
});

describe('suspected outages', () => {
  test('the third outage report from an area raises one; one click promotes it and links the reports', async () => {
    const code = area();
    const people = await seedArea(4, { areaCode: code });
    const since = supSocket.events.length;
    for (const c of people.slice(0, 3)) expect(await sms(c.phone, 'Manca la luce in tutta la via')).toEqual([]);
    const raised = await supSocket.next('outage:changed', (e) => e.change === 'suspected' && e.outage.areaCodes[0] === code, 10_000, since);
    expect(raised.outage).toMatchObject({ status: 'suspected', service: 'electricity', figures: { reports: 3 } });
    const reports = await Ticket.find({ accountNumber: { $in: people.map((p) => p.accountNumber) } }).lean();
    expect(reports.map((t) => t.status)).toEqual(['queued', 'queued', 'queued']);

    clock.set('2026-11-24T09:20:00Z');
    const promoted = await sup.post(`/api/admin/outages/${raised.outage.id}/promote`, {});
    clock.set('2026-11-24T09:00:00Z');
    expect(promoted.status).toBe(200);
    expect(promoted.body.outage).toMatchObject({ status: 'active', version: 2, figures: { links: 3 } });
    // From the first report to the declaration: 20 minutes.
    expect(promoted.body.outage.figures.reportToDeclaredSeconds).toBe(1200);
    const linked = await Ticket.find({ accountNumber: { $in: people.map((p) => p.accountNumber) } }).lean();
    expect(linked.map((t) => [t.status, t.outageId, t.outageLinkedBy])).toEqual(Array(3).fill(['pending', raised.outage.id, 'auto']));
    expect(await QueueItem.countDocuments({ _id: { $in: linked.map((t) => String(t._id)) } })).toBe(0);
    // Promoting twice is refused.
    expect((await sup.post(`/api/admin/outages/${raised.outage.id}/promote`, {})).body).toMatchObject({ error: 'NotSuspected' });

    // The fourth customer texts now: linked at once and told, nothing for an agent.
    const [answer] = await sms(people[3]!.phone, 'Ancora senza luce?');
    expect(answer).toMatch(/^È in corso un guasto al servizio luce nella sua zona\. Causa: in verifica\. Stiamo lavorando/);
    expect(answer).toMatch(/Segnalazione T-\d+ registrata/);
    expect(await Outage.findById(raised.outage.id).lean()).toMatchObject({ figures: { links: 4, contacts: { sms: 4 } } });
  });
});

describe('by hand', () => {
  test('an agent links a waiting ticket (it leaves the queue) and unlinks it (it comes back); the ticket shows its outage', async () => {
    const code = area();
    const [c] = await seedArea(1, { areaCode: code });
    // A question, not an outage report: it waits for an agent.
    await sms(c!.phone, 'Buongiorno, ho una domanda sulla mia bolletta');
    const ticket = await waitFor(() => Ticket.findOne({ accountNumber: c!.accountNumber }).lean(), 5000, 'the ticket');
    expect(ticket.status).toBe('queued');
    const declared = await sup.post('/api/admin/outages', { service: 'electricity', areaCodes: [code] });
    const id = declared.body.outage.id;

    const linked = await agentSession.post(`/api/tickets/${ticket._id}/outage`, { outageId: id });
    expect(linked.status).toBe(200);
    expect(await QueueItem.exists({ _id: String(ticket._id) })).toBeNull();
    const view = await agentSession.get(`/api/tickets/${ticket._id}`);
    expect(view.body.ticket).toMatchObject({ status: 'pending', outageId: id, outageLinkedBy: expect.any(String) });
    expect(view.body.outage).toMatchObject({ id, number: declared.body.outage.number, status: 'active' });
    expect((await agentSession.get(`/api/outages/${id}`)).body.linked).toEqual([
      expect.objectContaining({ ticketId: String(ticket._id), channel: 'sms', status: 'pending' }),
    ]);

    const since = agentSocket.events.length;
    const unlinked = await agentSession.request('DELETE', `/api/tickets/${ticket._id}/outage`);
    expect(unlinked.status).toBe(200);
    expect(await agentSocket.next('ticket:queued', (e) => e.ticketId === String(ticket._id), 5000, since)).toMatchObject({
      reason: 'unlinked',
    });
    expect(await Ticket.findById(ticket._id).lean()).toMatchObject({ status: 'queued' });
    expect(await QueueItem.exists({ _id: String(ticket._id) })).toBeTruthy();
    expect((await agentSession.request('DELETE', `/api/tickets/${ticket._id}/outage`)).body).toMatchObject({ error: 'NotLinked' });
    expect(await Outage.findById(id).lean()).toMatchObject({ figures: { links: 1, unlinks: 1 } });

    // A resolved outage takes no more links.
    await sup.post(`/api/admin/outages/${id}/resolve`, {});
    expect((await agentSession.post(`/api/tickets/${ticket._id}/outage`, { outageId: id })).body).toMatchObject({ error: 'OutageClosed' });
  });
});
