// `npm run demo` as a newcomer runs it: the data set is loaded, the demo accounts printed, and
// simulated traffic turns into tickets and outbox messages without anyone touching anything.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import mongoose from 'mongoose';
import { DUNNING_STAGES } from '../../models/bill';
import { Bill, Customer, Outage, Ticket, connectStore } from '../../models';
import { OutboxItem } from '../../models/outbox-item';
import { freePort } from '../../runtime/embedded';
import { testStoreUris } from '../support/env';
import { waitFor } from '../support/wait-for';

jest.setTimeout(240_000);
const root = resolve(__dirname, '..', '..');

test('npm run demo: a realistic data set, printed demo passwords, and traffic flowing into tickets and the outbox', async () => {
  const { mongoUri, redisUrl } = testStoreUris();
  const dataDir = mkdtempSync(join(tmpdir(), 'demo-'));
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/demo.ts'], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      MONGODB_URI: mongoUri,
      REDIS_URL: redisUrl,
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      SMTP_PORT: '0',
      RUN_CRON: 'false',
      SESSION_SECRET: 'test-session-secret-that-is-long-enough-0123',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  try {
    await waitFor(() => (/Demo ready in \d+ s/.test(stderr) ? true : null), 180_000, `demo ready:\n${stderr}`);
    expect(stderr).toContain(`hotline ready on http://localhost:${port}`);
    expect(stderr).toMatch(
      /Demo data loaded: 300 customers, \d+ contracts, \d+ bills at every dunning stage, an active electricity outage in MI-02/,
    );
    expect(stderr).toMatch(/admin +admin@localhost\.localdomain +demo-admin-password/);
    expect(stderr).toMatch(/supervisor +supervisor@demo\.hotline +demo-supervisor/);
    expect(stderr).toMatch(/agent +marco@demo\.hotline +demo-agent-1/);

    await connectStore(mongoUri);
    expect(await Customer.countDocuments({ _id: /^D/ })).toBe(300);
    for (const stage of DUNNING_STAGES)
      expect({ stage, n: (await Bill.countDocuments({ 'dunning.stage': stage })) > 0 }).toEqual({ stage, n: true });
    expect(await Bill.countDocuments({ status: 'paid' })).toBeGreaterThan(0);
    expect(await Outage.countDocuments({ status: 'active', areaCode: 'MI-02' })).toBe(1);
    // The simulator's texts open tickets, and their acknowledgements land in the outbox.
    await waitFor(async () => ((await Ticket.countDocuments({})) > 0 ? true : null), 60_000, 'tickets from the traffic');
    await waitFor(async () => ((await OutboxItem.countDocuments({})) > 0 ? true : null), 60_000, 'outbox messages');

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    await mongoose.connection.db?.dropDatabase().catch(() => undefined);
    await mongoose.disconnect();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
