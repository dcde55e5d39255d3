// A separate worker process for the kill test (test/integration/scheduler-reminders.test.ts):
// a real server on the test's store and Redis that runs the reminders job once as of
// REMINDERS_AS_OF; with WORKER_DIE_AT_SEND=n it SIGKILLs itself at its n-th SMS send.
import { fixedClock } from '../../core/clock';
import { createLogger } from '../../core/logger';
import { startServer } from '../../server/start';
import { childServerConfig } from './child-server-config';

async function main(): Promise<void> {
  const asOf = new Date(process.env.REMINDERS_AS_OF ?? '');
  const config = childServerConfig({
    TWILIO_API_BASE_URL: process.env.WORKER_TWILIO_URL,
    TWILIO_SMS_PER_SECOND: process.env.WORKER_SMS_PER_SECOND ?? '2',
    REMINDER_CONCURRENCY: '1',
  });
  const server = await startServer(config, createLogger('silent'), { clock: fixedClock(asOf) });
  const dieAt = Number(process.env.WORKER_DIE_AT_SEND ?? '0');
  const sms = server.ctx.outbound.sms;
  if (dieAt > 0 && sms) {
    // SIGKILL itself at the n-th send, after the reminder is claimed and before the provider
    // call: the moment a crash leaves the most behind (a claimed reminder, an unsent message).
    let sends = 0;
    server.ctx.outbound.sms = {
      send(msg) {
        sends += 1;
        if (sends >= dieAt) process.kill(process.pid, 'SIGKILL');
        return sms.send(msg);
      },
    };
  }
  process.stdout.write('started\n');
  await server.ctx.scheduler.runNow('reminders', asOf, 'manual');
  process.stdout.write('finished\n');
  await server.close();
}

main().catch((err: unknown) => {
  process.stderr.write(`${String(err)}\n`);
  process.exit(1);
});
