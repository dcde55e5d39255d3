// socket.io limits (issue 19, defect 6): per session, per client address, anonymous ones
// apart and timed out when silent; an anonymous attempt on /agents ends the connection; a
// session's connection from another origin is refused.
import { io, Manager, type Socket } from 'socket.io-client';
import { loginAs, makeAgent } from '../support/agents';
import { startTestServer, type TestServer } from '../support/server';
import { waitFor } from '../support/wait-for';

let server: TestServer;
const open: Socket[] = [];
beforeAll(async () => {
  server = await startTestServer({
    SOCKET_MAX_PER_SESSION: '20',
    SOCKET_MAX_PER_ADDRESS: '25',
    SOCKET_MAX_ANONYMOUS_PER_ADDRESS: '5',
    SOCKET_ANONYMOUS_IDLE_SECONDS: '2',
  });
});
afterAll(async () => {
  for (const s of open) s.disconnect();
  await server.close();
});

let addresses = 0;
const address = () => `192.0.2.${++addresses}`;

/** Connects to a namespace; resolves with the socket, or with the connect_error message. */
async function connect(namespace: string, headers: Record<string, string>): Promise<{ socket: Socket; error: string | null }> {
  const socket = io(`${server.url}${namespace}`, { transports: ['websocket'], extraHeaders: headers, reconnection: false, forceNew: true });
  open.push(socket);
  const error = await new Promise<string | null>((resolve) => {
    socket.once('connect', () => resolve(null));
    socket.once('connect_error', (err) => resolve(err.message));
  });
  return { socket, error };
}

async function sessionCookie(): Promise<string> {
  return (await loginAs(server.session(), await makeAgent())).cookie;
}

test('the 21st connection of one session is refused; closing one makes room', async () => {
  const ip = address();
  const cookie = await sessionCookie();
  const first: Socket[] = [];
  for (let i = 0; i < 20; i++) {
    const c = await connect('/agents', { cookie, 'x-forwarded-for': ip });
    expect(c.error).toBeNull();
    first.push(c.socket);
  }
  expect((await connect('/agents', { cookie, 'x-forwarded-for': ip })).error).not.toBeNull();
  // Another agent on the same address (an office NAT) is not affected by the first one's cap.
  const other = await sessionCookie();
  expect((await connect('/agents', { cookie: other, 'x-forwarded-for': ip })).error).toBeNull();
  first[0]!.disconnect();
  await waitFor(async () => ((await connect('/agents', { cookie, 'x-forwarded-for': ip })).error === null ? true : null), 5000, 'room');
  for (const s of first) s.disconnect();
});

test('connections per client address are capped (SOCKET_MAX_PER_ADDRESS), other addresses are not affected', async () => {
  const ip = address();
  const sessions = [await sessionCookie(), await sessionCookie()];
  for (let i = 0; i < 25; i++) expect((await connect('/agents', { cookie: sessions[i % 2]!, 'x-forwarded-for': ip })).error).toBeNull();
  expect((await connect('/agents', { cookie: await sessionCookie(), 'x-forwarded-for': ip })).error).not.toBeNull();
  expect((await connect('/agents', { cookie: await sessionCookie(), 'x-forwarded-for': address() })).error).toBeNull();
});

test('an anonymous handshake on /agents is refused and ends the whole connection at once', async () => {
  // One connection multiplexing a namespace anybody may use and the agents' one.
  const manager = new Manager(server.url, {
    transports: ['websocket'],
    extraHeaders: { 'x-forwarded-for': address() },
    reconnection: false,
  });
  const visitor = manager.socket('/reception');
  open.push(visitor);
  await new Promise<void>((resolve) => visitor.once('connect', () => resolve()));
  const agents = manager.socket('/agents');
  open.push(agents);
  const error = await new Promise<string>((resolve) => agents.once('connect_error', (err) => resolve(err.message)));
  expect(error).toBe('unauthenticated');
  // Well before the silent-connection timeout (2 s): the connection is gone.
  await waitFor(() => (visitor.connected ? null : true), 1000, 'the connection closed');
});

test('anonymous connections (reception chat) are capped per address and closed when silent', async () => {
  const ip = address();
  const visitors: Socket[] = [];
  for (let i = 0; i < 5; i++) {
    const c = await connect('/reception', { 'x-forwarded-for': ip });
    expect(c.error).toBeNull();
    visitors.push(c.socket);
  }
  expect((await connect('/reception', { 'x-forwarded-for': ip })).error).not.toBeNull();
  expect((await connect('/reception', { 'x-forwarded-for': address() })).error).toBeNull();
  // Nothing sent for SOCKET_ANONYMOUS_IDLE_SECONDS: the server closes them.
  await waitFor(() => (visitors.every((s) => !s.connected) ? true : null), 10_000, 'silent visitors disconnected');
  expect((await connect('/reception', { 'x-forwarded-for': ip })).error).toBeNull();
});

test("a session's connection from a page of another origin is refused (cross-site WebSocket hijacking)", async () => {
  const cookie = await sessionCookie();
  const ip = address();
  expect((await connect('/agents', { cookie, 'x-forwarded-for': ip, origin: 'http://127.0.0.1:1' })).error).not.toBeNull();
  expect((await connect('/agents', { cookie, 'x-forwarded-for': ip, origin: server.url })).error).toBeNull();
});
