// A separate process for the erasure crash test (test/integration/privacy.test.ts): a real
// server on the test's store and Redis that erases ERASE_ACCOUNT and SIGKILLs itself right
// after the step named ERASE_DIE_AFTER — the erasure is left half done, as a crash leaves it.
import { loadConfig } from '../../core/config';
import { createLogger } from '../../core/logger';
import { eraseCustomer } from '../../core/privacy/erase-customer';
import { startServer } from '../../server/start';

async function main(): Promise<void> {
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    MONGODB_URI: process.env.WORKER_MONGODB_URI,
    REDIS_URL: process.env.WORKER_REDIS_URL,
    ADMIN_EMAIL: 'admin@test.example',
    ADMIN_PASSWORD: 'admin-password-1',
    SESSION_SECRET: 'test-session-secret-that-is-long-enough-0123',
    RUN_CRON: 'false',
    RUN_WORKERS: 'false',
    SMTP_PORT: '0',
    DATA_DIR: process.env.WORKER_DATA_DIR,
  });
  const server = await startServer(config, createLogger('silent'), {});
  const dieAfter = process.env.ERASE_DIE_AFTER;
  process.stdout.write('started\n');
  await eraseCustomer(server.ctx, {
    accountNumber: process.env.ERASE_ACCOUNT ?? '',
    reason: 'customer request (crash test)',
    actor: 'test',
    afterStep: (step) => {
      if (step === dieAfter) process.kill(process.pid, 'SIGKILL');
    },
  });
  process.stdout.write('finished\n');
  await server.close();
}

main().catch((err: unknown) => {
  process.stderr.write(`${String(err)}\n`);
  process.exit(1);
});
