// `npm run agent`: the team without curl. Add an agent (password printed once), list, disable
// and enable, reset a password — the admin's too, since ADMIN_PASSWORD is read only on the first start.
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { Audit } from '../../models/audit';
import { ADMIN, startTestServer, type TestServer } from '../support/server';

jest.setTimeout(120_000);
const root = resolve(__dirname, '..', '..');
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

function agentCli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      join(root, 'node_modules', '.bin', 'tsx'),
      ['scripts/agent.ts', ...args],
      { cwd: root, env: { PATH: process.env.PATH, MONGODB_URI: server.ctx.mongoUri }, timeout: 60_000 },
      (err, stdout, stderr) => done({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}
const canLogIn = async (email: string, password: string) =>
  (await server.session().post('/api/auth/login', { email, password })).status === 200;

test('add an agent with a generated password, shown once; list shows the team', async () => {
  const added = await agentCli('add', '--email', 'Giulia.Neri@Utility.example', '--name', 'Giulia Neri', '--languages', 'it,en');
  expect(added.stderr).toBe('');
  expect(added.code).toBe(0);
  expect(added.stdout).toContain('Added agent Giulia Neri <giulia.neri@utility.example> (languages it, en).');
  const password = /Password: (\S+) {2}\(shown once\)/.exec(added.stdout)?.[1];
  expect(password).toBeDefined();
  expect(await canLogIn('giulia.neri@utility.example', password!)).toBe(true);

  await agentCli(
    'add',
    '--email',
    'capo@utility.example',
    '--name',
    'Capo Turno',
    '--role',
    'supervisor',
    '--password',
    'supervisor-pass-1',
  );
  const list = await agentCli('list');
  expect(list.code).toBe(0);
  const lines = list.stdout.split('\n');
  expect(lines[0]).toMatch(/^ {2}admin +admin@test\.example/);
  expect(lines[1]).toMatch(/supervisor +capo@utility\.example +Capo Turno/);
  expect(list.stdout).toMatch(/agent +giulia\.neri@utility\.example +Giulia Neri +\[it,en\]/);
  expect(await Audit.countDocuments({ actor: 'cli', action: 'agent.create' })).toBe(2);
});

test('disable refuses the login, enable gives it back; the last admin cannot be disabled', async () => {
  await agentCli('add', '--email', 'temp@utility.example', '--name', 'Temp', '--password', 'temporary-pass');
  const off = await agentCli('disable', 'temp@utility.example');
  expect(off.code).toBe(0);
  expect(off.stdout).toContain('temp@utility.example is disabled: can no longer log in.');
  expect(await canLogIn('temp@utility.example', 'temporary-pass')).toBe(false);
  expect((await agentCli('list')).stdout).toMatch(/^- agent +temp@utility\.example.*\(disabled\)$/m);
  await agentCli('enable', 'temp@utility.example');
  expect(await canLogIn('temp@utility.example', 'temporary-pass')).toBe(true);

  const last = await agentCli('disable', ADMIN.email);
  expect(last.code).toBe(1);
  expect(last.stderr.trim()).toBe(`${ADMIN.email} is the last active admin: make another admin first`);
});

test('reset-password gives a lost admin password back; the old one stops working', async () => {
  const reset = await agentCli('reset-password', ADMIN.email);
  expect(reset.stderr).toBe('');
  expect(reset.code).toBe(0);
  const fresh = /New password for admin@test\.example: (\S+) {2}\(shown once\)/.exec(reset.stdout)?.[1];
  expect(fresh).toBeDefined();
  expect(await canLogIn(ADMIN.email, ADMIN.password)).toBe(false);
  expect(await canLogIn(ADMIN.email, fresh!)).toBe(true);
  const chosen = await agentCli('reset-password', ADMIN.email, '--password', ADMIN.password);
  expect(chosen.stdout.trim()).toBe('New password for admin@test.example set.');
  expect(await canLogIn(ADMIN.email, ADMIN.password)).toBe(true);
});

test('bad input: one line saying what is wrong, exit 1; a wrong command line: the usage, exit 64', async () => {
  const cases: Array<[string[], number, RegExp]> = [
    [['disable', 'nobody@utility.example'], 1, /^agent nobody@utility\.example not found$/],
    [['reset-password', 'not-an-address'], 1, /^not an e-mail address: not-an-address$/],
    [['reset-password', ADMIN.email, '--password', 'short'], 1, /^password must be at least 8 characters$/],
    [['add', '--email', 'capo@utility.example', '--name', 'Again', '--password', 'another-pass'], 1, /already exists/],
    [['add', '--email', 'x@utility.example', '--name', 'X', '--role', 'boss'], 1, /^--role: /],
    [['add', '--name', 'No Mail'], 64, /^add needs --email and --name/],
    [['fire', 'someone'], 64, /^usage: npm run agent -- add/],
  ];
  for (const [args, code, message] of cases) {
    const r = await agentCli(...args);
    expect({ args, code: r.code }).toEqual({ args, code });
    expect(r.stderr.trim()).toMatch(message);
  }
});
