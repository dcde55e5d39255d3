// The Twilio stand-in in a process of its own, for benchmarks: the provider's work (parsing
// requests, keeping records) is not ours, so it must not count in our CPU or memory.
// Forked with IPC: prints its URL as the first message; answers "count" with the number of
// messages it accepted since the last "count" (and forgets them); exits on "close".
import { startTwilioStandIn } from '../test/support/twilio-standin';

async function main(): Promise<void> {
  const twilio = await startTwilioStandIn();
  process.send?.({ url: twilio.url });
  process.on('message', (m: string) => {
    if (m === 'count') {
      const accepted = twilio.messages().filter((r) => r.status === 201).length;
      twilio.clear();
      process.send?.({ accepted });
    } else if (m === 'close') {
      void twilio.close().then(() => process.exit(0));
    }
  });
}

void main();
