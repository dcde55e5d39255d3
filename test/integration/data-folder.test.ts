// One supervisor per data folder, and no service outlives it: `npm start` killed with -9
// takes its FerretDB and redis-server with it; a second `npm start` on the same folder is
// refused with the first one's pid and port (no stack trace) and leaves the first one, its
// services and its runtime file as they were, so `npm run import` still reaches the store.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../runtime/embedded';
import { baseEnv, isAlive, npmStart, pidsIn, root, type NpmStart } from '../support/npm-start';
import { waitFor } from '../support/wait-for';

jest.setTimeout(120_000);

let dataDir: string;
let first: NpmStart | undefined;
beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'hotline-folder-'));
});
afterAll(async () => {
  if (first && first.npm.exitCode === null) {
    first.npm.kill('SIGTERM');
    await first.exited;
  }
  rmSync(dataDir, { recursive: true, force: true });
});

test('a second npm start on the same data folder is refused and changes nothing', async () => {
  first = await npmStart(dataDir, await freePort());
  const pids = pidsIn(dataDir);
  const runtimeBefore = readFileSync(join(dataDir, 'runtime.json'), 'utf8');
  // What the tools need to drive this server (npm run simulate signs with the token): readable by its owner only.
  expect(JSON.parse(runtimeBefore)).toMatchObject({
    pid: pids.server,
    port: first.port,
    publicBaseUrl: `http://localhost:${first.port}`,
    twilioAuthToken: expect.any(String),
  });
  expect(statSync(join(dataDir, 'runtime.json')).mode & 0o777).toBe(0o600);

  const second = spawnSync('npm', ['start', '--silent'], {
    cwd: root,
    env: baseEnv(dataDir, await freePort()),
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(second.status).toBe(1);
  expect(second.stderr).toContain(`Already running on the data folder ${dataDir}: pid ${pids.server}, port ${first.port}`);
  expect(second.stderr).not.toMatch(/\n\s+at /); // no stack trace
  expect(readFileSync(join(dataDir, 'runtime.json'), 'utf8')).toBe(runtimeBefore);
  expect(pidsIn(dataDir)).toEqual(pids);
  expect([pids.server, pids.ferretdb, pids.redis].every((p) => isAlive(p!))).toBe(true);

  // `npm run import` finds the first server's store through the runtime file.
  const file = join(dataDir, 'customers.json');
  writeFileSync(file, JSON.stringify([{ accountNumber: 'A-FOLDER-1', name: 'Cliente Prova', phone: '+393331234567' }]));
  const imported = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/import.ts', 'customers', file], {
    cwd: root,
    env: baseEnv(dataDir, first.port),
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(imported.stderr).toBe('');
  expect(imported.status).toBe(0);
  expect(JSON.parse(imported.stdout)).toMatchObject({ failed: 0 });
});

test('kill -9 of the server takes its FerretDB and redis-server with it, and the next start takes the folder over', async () => {
  const pids = pidsIn(dataDir);
  process.kill(pids.server!, 'SIGKILL');
  await first!.exited;
  await waitFor(() => !isAlive(pids.ferretdb!) && !isAlive(pids.redis!), 10_000, 'the services to die with the server');

  first = await npmStart(dataDir, await freePort());
  const again = pidsIn(dataDir);
  expect(again.server).not.toBe(pids.server);
  expect(isAlive(again.redis!) && isAlive(again.ferretdb!)).toBe(true);
  // To npm, at once on the banner: it reaches the server through `exec`, whose handler is in place by then.
  first.npm.kill('SIGTERM');
  expect(await first.exited).toBe(0);
  expect([again.server, again.ferretdb, again.redis].some((p) => isAlive(p!))).toBe(false);
  expect(pidsIn(dataDir)).toEqual({ server: undefined, ferretdb: undefined, redis: undefined });
});
