// `npm run simulate` and `npm run import` as a newcomer runs them, with nothing but DATA_DIR:
// they find the running server (port, PUBLIC_BASE_URL, Twilio token, store) in the data
// folder's runtime file, and when they cannot reach it or are refused they exit non-zero with
// one line saying why — not `fetch failed` per request and exit 0.
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../../runtime/embedded';
import { writeRuntimeFile } from '../../runtime/runtime-file';
import { Message } from '../../models/message';
import { startTestServer, type TestServer } from '../support/server';

jest.setTimeout(90_000);

const root = resolve(__dirname, '..', '..');
const TOKEN = 'a-token-only-the-runtime-file-knows';
let server: TestServer;
let dataDir: string;

beforeAll(async () => {
  server = await startTestServer({ TWILIO_AUTH_TOKEN: TOKEN, PUBLIC_BASE_URL: 'https://hotline.example.net' });
  dataDir = mkdtempSync(join(tmpdir(), 'tools-'));
});
afterAll(async () => {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A tool as `npm run <tool>` runs it, with only PATH, HOME and DATA_DIR set. */
function tool(
  script: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      join(root, 'node_modules', '.bin', 'tsx'),
      [script, ...args],
      { cwd: root, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATA_DIR: dataDir, ...env }, timeout: 60_000 },
      (err, stdout, stderr) => done({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

function runtimeFile(over: Partial<Parameters<typeof writeRuntimeFile>[1]> = {}): void {
  writeRuntimeFile(dataDir, {
    mongoUri: server.ctx.mongoUri,
    redisUrl: server.ctx.redisUrl,
    port: server.port,
    pid: process.pid,
    publicBaseUrl: server.ctx.config.PUBLIC_BASE_URL,
    twilioAuthToken: TOKEN,
    twilioAccountSid: server.ctx.config.TWILIO_ACCOUNT_SID,
    twilioFromNumber: server.ctx.config.TWILIO_FROM_NUMBER,
    ...over,
  });
}

const oneLine = (s: string) => s.trim().split('\n').length === 1;

test('simulate with no flags drives the server named by the runtime file, signed with its token', async () => {
  runtimeFile();
  const before = await Message.countDocuments({ direction: 'in', channel: 'sms' });
  const r = await tool('scripts/simulate.ts', ['--texts', '2', '--calls', '0']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/"status":200/);
  expect(r.stdout).not.toMatch(/failed/);
  // Each text is handled: stored as a message, or answered at once (the simulator sometimes
  // sends a meter reading or a malformed one, which is answered and opens nothing).
  const texts = r.stdout
    .split('\n')
    .filter((l) => / sms \{/.test(l))
    .map((l) => JSON.parse(l.slice(l.indexOf('{'))) as { sid: string; status: number; reply: string | null });
  expect(texts).toHaveLength(2);
  for (const t of texts) {
    const stored = await Message.exists({ _id: `sms:${t.sid}` });
    expect({ status: t.status, handled: !!stored || !!t.reply }).toEqual({ status: 200, handled: true });
  }
  expect(await Message.countDocuments({ direction: 'in', channel: 'sms' })).toBeGreaterThanOrEqual(
    before + texts.filter((t) => !t.reply).length,
  );
});

test('simulate refused by the server (another token): exit 1 with one line naming the 403', async () => {
  runtimeFile({ twilioAuthToken: 'not-the-servers-token' });
  const r = await tool('scripts/simulate.ts', ['--texts', '1', '--calls', '0']);
  expect(r.code).toBe(1);
  expect(oneLine(r.stderr)).toBe(true);
  expect(r.stderr).toMatch(/refused the signed webhook .* \(403\).*TWILIO_AUTH_TOKEN/);
});

test('simulate with nothing listening: exit 1 with one line saying where it looked and what to do', async () => {
  const port = await freePort();
  runtimeFile({ port });
  const r = await tool('scripts/simulate.ts', ['--texts', '1', '--calls', '0']);
  expect(r.code).toBe(1);
  expect(oneLine(r.stderr)).toBe(true);
  expect(r.stderr).toContain(`Cannot reach the server at http://127.0.0.1:${port} (ECONNREFUSED): start it with npm start`);
});

test('a runtime file left by a server that has stopped is named, for simulate and import alike', async () => {
  const dead = spawn(process.execPath, ['-e', '0']);
  await new Promise((r) => dead.once('exit', r));
  runtimeFile({ pid: dead.pid! });
  for (const [script, args] of [
    ['scripts/simulate.ts', ['--texts', '1', '--calls', '0']],
    ['scripts/import.ts', ['customers', join(dataDir, 'none.csv')]],
  ] as const) {
    const r = await tool(script, [...args]);
    expect(r.code).toBe(1);
    expect(oneLine(r.stderr)).toBe(true);
    expect(r.stderr).toMatch(new RegExp(`\\(pid ${dead.pid}\\) is not running: start it with npm start`));
  }
});

test('import with no server on the data folder: exit 1 with one line; with one, the rows go into its store', async () => {
  const empty = mkdtempSync(join(tmpdir(), 'tools-empty-'));
  const none = await tool('scripts/import.ts', ['customers', join(empty, 'x.csv')], { DATA_DIR: empty });
  expect(none.code).toBe(1);
  expect(oneLine(none.stderr)).toBe(true);
  expect(none.stderr).toMatch(/^No running server on the data folder .*: start it with npm start/);
  rmSync(empty, { recursive: true, force: true });

  runtimeFile();
  const missing = await tool('scripts/import.ts', ['customers', join(dataDir, 'missing.csv')]);
  expect(missing.code).toBe(1);
  expect(missing.stderr).toMatch(/missing\.csv cannot be read \(ENOENT\)/);

  const file = join(dataDir, 'customers.csv');
  writeFileSync(file, 'accountNumber,name,phone\nA-TOOLS-1,Cliente Prova,+393331112233\n');
  const ok = await tool('scripts/import.ts', ['customers', file]);
  expect(ok.stderr).toBe('');
  expect(ok.code).toBe(0);
  expect(JSON.parse(ok.stdout)).toMatchObject({ inserted: 1, failed: 0 });
});

test('usage errors exit 64 with the usage line', async () => {
  const r = await tool('scripts/import.ts', ['meters', 'x.csv']);
  expect(r.code).toBe(64);
  expect(r.stderr).toMatch(/^usage: npm run import -- <customers\|contracts\|bills\|payments>/);
});
