// Statistics through a FerretDB kill (issue 19, defect 9): the events in flight when the store
// goes away used to fail their listeners ("event listener failed", about 60 under load) and
// each was a figure missing for good. After the outage every ticket offered is one reporting
// event and counts once in the day's buckets and in the live board's — and a rebuild from the
// events changes nothing. Its own FerretDB and redis-server: the suite's are shared.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../core/config';
import { createLogger } from '../../core/logger';
import { rebuildStatsMonth } from '../../core/stats/rebuild';
import { Ticket } from '../../models';
import { IntervalBucket, TodayBucket } from '../../models/interval-bucket';
import { ReportingEvent } from '../../models/reporting-event';
import { startEmbedded, type EmbeddedServices } from '../../runtime/embedded';
import { startServer, type RunningServer } from '../../server/start';
import { isAlive } from '../support/npm-start';
import { AUTH_TOKEN, startSmsLoad } from '../support/sms-load';
import { waitFor } from '../support/wait-for';

jest.setTimeout(120_000);

const PUBLIC = 'http://hotline.example.test';
let dir: string;
let services: EmbeddedServices;
let server: RunningServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hotline-outage-'));
  services = await startEmbedded({ dataDir: dir, persistRedis: false });
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    MONGODB_URI: services.mongoUri,
    REDIS_URL: services.redisUrl,
    ADMIN_PASSWORD: 'admin-password-1',
    SESSION_SECRET: 'test-session-secret-that-is-long-enough-0123',
    RUN_CRON: 'false',
    SMTP_PORT: '0',
    PUBLIC_BASE_URL: PUBLIC,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    SMS_INBOUND_MAX_PER_WINDOW: '1000',
    INGEST_RETRY_AFTER_SECONDS: '1',
  });
  server = await startServer(config, createLogger(config.LOG_LEVEL));
});
afterAll(async () => {
  await server?.close();
  await services?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const sumOffered = (docs: Array<{ t?: { offered?: number } }>) => docs.reduce((n, d) => n + (d.t?.offered ?? 0), 0);

test('a FerretDB kill under load loses no figure: tickets = offered events = day buckets = live board = rebuild', async () => {
  const load = startSmsLoad({ baseUrl: () => server.url, publicBase: PUBLIC, concurrency: 6 });
  await waitFor(() => load.acked.size >= 40, 60_000, 'load before the kill');
  const pid = services.ferretdb.pid!;
  process.kill(pid, 'SIGKILL');
  await waitFor(() => services.ferretdb.pid !== pid && isAlive(services.ferretdb.pid!), 15_000, 'FerretDB restart');
  const killedAt = load.acked.size;
  await waitFor(() => load.acked.size >= killedAt + 60, 60_000, 'load after the restart');
  await load.stop();

  // Every acknowledged message becomes its ticket (the retry job finishes what the kill cut off).
  const n = load.acked.size;
  await waitFor(
    async () => (
      await server.ctx.scheduler.runNow('ingest-sweep', new Date(Date.now() + 5000)),
      (await Ticket.countDocuments({ channel: 'sms' })) === n
    ),
    90_000,
    'every acknowledged message to be a ticket',
  ).catch(() => undefined);
  // Said as numbers when it fails: fewer is a lost message, more a ticket twice.
  expect(await Ticket.countDocuments({ channel: 'sms' })).toBe(n);
  const figures = async () => ({
    events: await ReportingEvent.countDocuments({ name: 'offered', channel: 'sms' }),
    day: sumOffered(await IntervalBucket.find({ queue: '*', channel: 'sms' }).lean()),
    live: sumOffered(await TodayBucket.find({ queue: '*', channel: 'sms' }).lean()),
  });
  const expected = { events: n, day: n, live: n };
  // Listeners and a repair may still be catching up with the store: wait for the figures to settle.
  const settled = await waitFor(
    async () => JSON.stringify(await figures()) === JSON.stringify(expected) && expected,
    30_000,
    'figures',
  ).catch(async () => figures());
  expect(settled).toEqual(expected);
  await rebuildStatsMonth(server.ctx, new Date());
  expect(await figures()).toEqual(expected);
});
