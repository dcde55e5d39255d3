// `npm run demo`: the hotline with a realistic data set (scripts/demo-data.ts) in a data folder
// of its own (DATA_DIR, default ./data-demo; `npm start`'s ./data is not touched), on port 3100
// unless PORT says otherwise, with simulated traffic flowing (scripts/simulate.ts --loop:
// texts and calls through the signed Twilio webhooks), and the dev outbox showing what would be
// sent. `npm run demo -- --no-traffic`: the data without the traffic. Ctrl-C stops it all.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadDotEnv } from '../core/config';
import { processLogger } from '../core/logger';
import { baseUrl, startBanner } from '../server/banner';
import { configOrExit, exitOnStartFailure, stopOnSignals } from '../server/process';
import { startServer } from '../server/start';
import { DEMO_OUTAGE, DEMO_TEAM, loadDemoData } from './demo-data';

const root = resolve(__dirname, '..');
const DEMO_ADMIN_PASSWORD = 'demo-admin-password';

async function main(): Promise<void> {
  loadDotEnv();
  // The demo's own defaults; what the environment sets wins.
  process.env.DATA_DIR ||= './data-demo';
  process.env.PORT ||= '3100';
  process.env.NODE_ENV ||= 'development';
  process.env.ADMIN_PASSWORD ||= DEMO_ADMIN_PASSWORD;
  const config = configOrExit();
  mkdirSync(config.DATA_DIR, { recursive: true });
  const logger = processLogger({ ...config, LOG_LEVEL: process.env.LOG_LEVEL ? config.LOG_LEVEL : 'warn' });
  const started = Date.now();
  const starting = startServer(config, logger);
  let traffic: ChildProcess | null = null;
  stopOnSignals(logger, async () => {
    traffic?.kill('SIGTERM');
    await (await starting).close();
  });
  const server = await starting;
  const data = await loadDemoData(config);
  const base = baseUrl(config, server.port);
  const out = (s: string) => process.stderr.write(`${s}\n`);
  out(startBanner(config, { port: server.port, embedded: !!server.embedded }).trimEnd());
  out('');
  out(
    data.loaded
      ? `Demo data loaded: ${data.customers} customers, ${data.contracts} contracts, ${data.bills} bills at every dunning stage, an active ${DEMO_OUTAGE.service} outage in ${DEMO_OUTAGE.areaCode}.`
      : `Demo data already in ${resolve(config.DATA_DIR)} (remove the folder to start again).`,
  );
  out(`Log in at ${base}/console (agents) or ${base}/dashboard (supervisor):`);
  out(
    `  ${'admin'.padEnd(11)} ${config.ADMIN_EMAIL.padEnd(26)} ${process.env.ADMIN_PASSWORD === DEMO_ADMIN_PASSWORD ? DEMO_ADMIN_PASSWORD : '(ADMIN_PASSWORD)'}`,
  );
  for (const m of DEMO_TEAM) out(`  ${m.role.padEnd(11)} ${m.email.padEnd(26)} ${m.password}`);

  if (!process.argv.includes('--no-traffic')) {
    // The simulator finds this server through the data folder's runtime file (or PORT when the stores are external).
    traffic = spawn(
      process.execPath,
      ['--import', 'tsx', join(root, 'scripts', 'simulate.ts'), '--loop', '--texts', '6', '--calls', '2', '--hold', '20'],
      {
        cwd: root,
        env: { ...process.env, DATA_DIR: config.DATA_DIR, PORT: String(server.port) },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    traffic.stderr?.on('data', (c: Buffer) => process.stderr.write(`[traffic] ${c.toString('utf8')}`));
    traffic.once('exit', (code, signal) => {
      if (signal !== 'SIGTERM') out(`[traffic] the simulator stopped (${code ?? signal}); the server goes on.`);
    });
    out(`Simulated texts and calls are flowing (the dev outbox at ${base}/outbox shows the answers). Ctrl-C stops.`);
  }
  if (data.loaded) {
    // The reminders of the bills on the ladder, once now (not only at the next cron slot): the outbox fills with them.
    void server.ctx.scheduler
      .runNow('reminders', new Date(), 'manual')
      .catch((err: unknown) => logger.warn({ err }, 'demo: the first reminders run failed'));
  }
  out(`Demo ready in ${Math.round((Date.now() - started) / 1000)} s.\n`);
}

main().catch(exitOnStartFailure('demo'));
