// bench/hotline-day, the outside world's receiving end, in a process of its own so the
// providers' work is not counted as ours: the Twilio stand-in (outbound SMS, call bridges),
// an SMTP sink (outbound mail), and the bare express endpoint the generator times as the
// machine's floor. Records when each agent reply arrives (its body carries "HDR:<ticketId>"),
// and how many messages each recipient got (bench/outage-storm counts duplicated notices so).
// IPC: first message {twilioUrl, smtpUrl, bareUrl}; "report" → arrivals; "close" → exits.
import { createServer } from 'node:http';
import express from 'express';
import { SMTPServer } from 'smtp-server';
import { startTwilioStandIn } from '../../test/support/twilio-standin';

export interface SinkReport {
  /** ticketId → epoch ms the reply reached the provider. */
  replies: Record<string, number>;
  /** CallSid → epoch ms of the first REST update of the call (the bridge to an agent). */
  bridges: Record<string, number>;
  smsAccepted: number;
  mails: number;
  /** Messages accepted per recipient: the SMS `To` number, or the mail's envelope recipient. */
  recipients: Record<string, number>;
}

const TOKEN = /HDR:([0-9a-f]{24})/;

async function main(): Promise<void> {
  const authToken = process.argv[2] ?? 'bench-auth-token';
  const twilio = await startTwilioStandIn({ authToken });

  const mailReplies = new Map<string, number>();
  let mails = 0;
  const mailRecipients = new Map<string, number>();
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails += 1;
        for (const r of session.envelope.rcptTo) mailRecipients.set(r.address, (mailRecipients.get(r.address) ?? 0) + 1);
        const m = TOKEN.exec(Buffer.concat(chunks).toString('utf8'));
        if (m && !mailReplies.has(m[1]!)) mailReplies.set(m[1]!, Date.now());
        callback();
      });
    },
  });
  const smtpPort = await new Promise<number>((resolve, reject) => {
    smtp.once('error', reject);
    smtp.listen(0, '127.0.0.1', () => {
      const a = (smtp as unknown as { server: import('node:net').Server }).server.address();
      resolve(typeof a === 'object' && a ? a.port : 0);
    });
  });

  const bare = express();
  bare.get('/bare', (_req, res) => void res.json({ ok: true }));
  const bareServer = createServer(bare);
  await new Promise<void>((r) => bareServer.listen(0, '127.0.0.1', r));
  const ba = bareServer.address();

  process.send?.({
    twilioUrl: twilio.url,
    smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
    bareUrl: `http://127.0.0.1:${typeof ba === 'object' && ba ? ba.port : 0}`,
  });
  // The parent gone (killed, crashed): never outlive it.
  process.on('disconnect', () => process.exit(0));
  process.on('message', (m: string) => {
    if (m === 'report') {
      const replies: Record<string, number> = Object.fromEntries(mailReplies);
      const bridges: Record<string, number> = {};
      const recipients: Record<string, number> = Object.fromEntries(mailRecipients);
      let smsAccepted = 0;
      for (const r of twilio.requests) {
        if (r.resource === 'Messages' && r.status === 201) {
          smsAccepted += 1;
          const to = Array.isArray(r.params.To) ? r.params.To[0] : r.params.To;
          if (to) recipients[to] = (recipients[to] ?? 0) + 1;
          const body = r.params.Body;
          const t = TOKEN.exec(Array.isArray(body) ? body.join(' ') : (body ?? ''));
          if (t && !(t[1]! in replies)) replies[t[1]!] = r.at.getTime();
        } else if (r.resource === 'Call' && r.sid && !(r.sid in bridges)) bridges[r.sid] = r.at.getTime();
      }
      const report: SinkReport = { replies, bridges, smsAccepted, mails, recipients };
      process.send?.(report);
    } else if (m === 'close') {
      bareServer.closeAllConnections();
      bareServer.close();
      smtp.close(() => undefined);
      void twilio.close().then(() => process.exit(0));
      setTimeout(() => process.exit(0), 2000).unref();
    }
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`hotline-day sinks failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
