// Shutting an HTTP node down lets a running job finish with everything it sends through
// still in place: the workers are closed (after their jobs) before the features take their
// outbound senders and listeners away. Otherwise a reminders run caught by SIGTERM records
// "no_sender" for every bill it had left.
import { startTestServer, type TestServer } from '../support/server';
import { waitFor } from '../support/wait-for';

jest.setTimeout(60_000);

let server: TestServer | undefined;
afterAll(async () => {
  await server?.close();
});

test('a job running when the node closes finishes with its SMS sender still there', async () => {
  server = await startTestServer({ RUN_WORKERS: 'true' });
  const ctx = server.ctx;
  let started = false;
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let senderAtEnd: boolean | null = null;
  ctx.scheduler.register({
    name: 'test-slow-job',
    async run(c) {
      started = true;
      await gate;
      senderAtEnd = !!c.outbound.sms;
      return {};
    },
  });
  await ctx.scheduler.enqueueSlot('test-slow-job', new Date());
  await waitFor(() => started, 15_000, 'the worker to start the job');

  const closing = server.close();
  server = undefined;
  // The job is held while the node closes. Wrong order: the features stop at once and the
  // sender disappears under the running job. Right order: nothing is taken away while the job
  // runs — an absence, so it is given a bounded 2 s to go wrong before the job is let go.
  await waitFor(() => !ctx.outbound.sms, 2_000, 'the sender to disappear').catch(() => undefined);
  release();
  await closing;
  expect(senderAtEnd).toBe(true);
});
