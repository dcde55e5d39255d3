// A separate process for the erasure crash test (test/integration/privacy.test.ts): a real
// server on the test's store and Redis that erases ERASE_ACCOUNT and SIGKILLs itself right
// after the step named ERASE_DIE_AFTER — the erasure is left half done, as a crash leaves it.
import { createLogger } from '../../core/logger';
import { eraseCustomer } from '../../core/privacy/erase-customer';
import { startServer } from '../../server/start';
import { childServerConfig } from './child-server-config';

async function main(): Promise<void> {
  const config = childServerConfig();
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
