import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { MongoClient } from 'mongodb';
import { freePort, startEmbedded, type EmbeddedServices } from '../../runtime/embedded';
import { waitFor } from '../support/wait-for';

const root = resolve(__dirname, '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');

function isAlive(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('embedded runtime', () => {
  let dir: string;
  let services: EmbeddedServices;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hotline-embedded-'));
    services = await startEmbedded({ dataDir: dir, persistRedis: false });
  });
  afterAll(async () => {
    await services.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a killed FerretDB is restarted on the same port and the data survives', async () => {
    const client = new MongoClient(services.mongoUri, { serverSelectionTimeoutMS: 15_000 });
    await client.connect();
    await client
      .db()
      .collection('probe')
      .insertOne({ _id: 'before-kill' as never, v: 1 });
    const oldPid = services.ferretdb.pid;
    process.kill(oldPid!, 'SIGKILL');
    await waitFor(() => services.ferretdb.pid !== oldPid && isAlive(services.ferretdb.pid), 15_000, 'FerretDB restart');
    const doc = await waitFor(
      async () =>
        client
          .db()
          .collection('probe')
          .findOne({ _id: 'before-kill' as never }),
      15_000,
      'store back',
    );
    expect(doc).toMatchObject({ v: 1 });
    expect(services.ferretdb.restarts).toBe(1);
    await client.close();
  });
});

describe('npm start on the embedded default', () => {
  test('with nothing set but ADMIN_PASSWORD it serves /readyz 200, and SIGTERM stops it and its services', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hotline-start-'));
    const port = await freePort();
    const child = spawn(tsx, ['server/main.ts'], {
      cwd: root,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        ADMIN_PASSWORD: 'first-admin-pass',
        PORT: String(port),
        DATA_DIR: dataDir,
        LOG_LEVEL: 'warn',
        SMTP_PORT: '0',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    try {
      const ready = await waitFor(
        async () => {
          const r = await fetch(`http://127.0.0.1:${port}/readyz`);
          return r.status === 200 ? r.json() : null;
        },
        60_000,
        'readyz',
      );
      expect(ready).toMatchObject({ checks: { db: true, redis: true } });
      const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'admin@localhost.localdomain', password: 'first-admin-pass' }),
      });
      expect(login.status).toBe(200);
    } finally {
      const exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
    const runtime = JSON.parse(readFileSync(join(dataDir, 'runtime.json'), 'utf8')) as { mongoUri: string; redisUrl: string };
    const mongoPort = Number(new URL(runtime.mongoUri).port);
    await expect(fetch(`http://127.0.0.1:${mongoPort}`)).rejects.toThrow();
    rmSync(dataDir, { recursive: true, force: true });
    expect(stderr).not.toMatch(/first-admin-pass/);
  }, 90_000);

  test('a bad variable is named and the process exits 1', async () => {
    const child = spawn(tsx, ['server/main.ts'], {
      cwd: root,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: 'eighty' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number | null>((res) => child.once('exit', (c) => res(c)));
    expect(code).toBe(1);
    expect(stderr).toContain('PORT');
  }, 60_000);
});
