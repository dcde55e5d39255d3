// Login limits (issue 19, defect 3): a shift of 200 agents behind one office NAT logs in
// at once without a refusal; 60 wrong passwords for one account from 60 addresses are
// throttled; the lock is short, audited, and ends by itself; failures from
// one address are capped, successes are not counted.
import { Audit } from '../../models/audit';
import { AGENT_PASSWORD, makeAgent } from '../support/agents';
import { startTestServer, type TestServer } from '../support/server';
import { waitFor } from '../support/wait-for';

jest.setTimeout(180_000);

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({
    LOGIN_IP_MAX_FAILURES: '20',
    LOGIN_ACCOUNT_SLOW_AFTER: '3',
    LOGIN_ACCOUNT_LOCK_AFTER: '6',
    LOGIN_ACCOUNT_LOCK_SECONDS: '3',
  });
});
afterAll(async () => {
  await server?.close();
});

let addresses = 0;
/** A distinct client address (trust proxy: loopback). */
const address = () => {
  addresses += 1;
  return `198.51.${Math.floor(addresses / 250)}.${(addresses % 250) + 1}`;
};
const login = (email: string, password: string, ip: string) =>
  server.session().post('/api/auth/login', { email, password }, { 'x-forwarded-for': ip });

test('200 agents behind one office NAT log in at once, none refused (a few typos among them)', async () => {
  const office = address();
  const agents = [];
  for (let i = 0; i < 200; i++) agents.push(await makeAgent());
  const started = Date.now();
  for (const a of agents.slice(0, 10)) expect((await login(a.email, 'mistyped-password', office)).status).toBe(401);
  const statuses: number[] = [];
  for (let i = 0; i < agents.length; i += 20)
    statuses.push(...(await Promise.all(agents.slice(i, i + 20).map(async (a) => (await login(a.email, AGENT_PASSWORD, office)).status))));
  expect(statuses.filter((s) => s !== 200)).toEqual([]);
  // The old limit (20 logins a minute per address, per node) refused 180 of them. The time
  // is the machine's (210 scrypt checks and session writes): 62 s measured on 2 cores with a
  // load average of 24, so the bound is loose; no login is refused whatever it takes.
  expect(Date.now() - started).toBeLessThan(120_000);
});

test('60 wrong passwords for one account from 60 addresses at once: only the first few are checked', async () => {
  const victim = await makeAgent();
  const results = await Promise.all(Array.from({ length: 60 }, () => login(victim.email, 'guess-password', address())));
  const checked = results.filter((r) => r.status === 401).length;
  const throttled = results.filter((r) => r.status === 429);
  // LOGIN_ACCOUNT_SLOW_AFTER + 1, and one more for each doubling delay (1 s, 2 s…) that ran out while they arrived.
  expect(checked).toBeLessThanOrEqual(6);
  expect(throttled.length).toBe(60 - checked);
  expect(throttled[0]!.body.error).toBe('TooManyAttempts');
  expect(Number(throttled[0]!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
});

test('an attacker who waits out every delay reaches a short lock, recorded in the audit log; it ends by itself', async () => {
  const victim = await makeAgent();
  let locked = false;
  for (let i = 0; i < 30 && !locked; i++) {
    const r = await login(victim.email, 'guess-password', address());
    if (r.status === 429) {
      if (/account/.test(r.body.message) && (await Audit.exists({ action: 'login.locked', target: victim.id }))) locked = true;
      else await new Promise((res) => setTimeout(res, Number(r.headers.get('retry-after')) * 1000));
    } else expect(r.status).toBe(401);
  }
  expect(locked).toBe(true);
  const audit = (await Audit.findOne({ action: 'login.locked', target: victim.id }).lean())!;
  expect(audit).toMatchObject({ actor: 'system', action: 'login.locked' });
  expect(audit.details).not.toContain(victim.email);
  // The person can get in again once the lock is over (LOGIN_ACCOUNT_LOCK_SECONDS=3).
  expect((await login(victim.email, AGENT_PASSWORD, address())).status).toBe(429);
  const ok = await waitFor(
    async () => ((await login(victim.email, AGENT_PASSWORD, address())).status === 200 ? true : null),
    10_000,
    'login after the lock',
  );
  expect(ok).toBe(true);
});

test('failures from one address are capped (LOGIN_IP_MAX_FAILURES), for every account from it', async () => {
  const ip = address();
  const known = await makeAgent();
  for (let i = 0; i < 20; i++) expect((await login(`nobody-${i}@test.example`, 'guess-password', ip)).status).toBe(401);
  const refused = await login(known.email, AGENT_PASSWORD, ip);
  expect(refused.status).toBe(429);
  expect(refused.body.message).toMatch(/address/);
  expect((await login(known.email, AGENT_PASSWORD, address())).status).toBe(200);
});
