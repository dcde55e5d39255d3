// A local SMTP server standing in for the outbound relay: records every message our
// nodemailer transport delivers (envelope and raw bytes), parsed with postal-mime.
import PostalMime from 'postal-mime';
import { SMTPServer } from 'smtp-server';

export interface SunkMail {
  mailFrom: string;
  rcptTo: string[];
  raw: Buffer;
  parsed: PostalMime.Email;
  header(name: string): string | undefined;
}

export interface SmtpSink {
  url: string;
  port: number;
  mails: SunkMail[];
  /** Recipients the sink refuses with 550 (to test failed sends). */
  refuse: Set<string>;
  close(): Promise<void>;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const mails: SunkMail[] = [];
  const refuse = new Set<string>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (refuse.has(address.address.toLowerCase())) callback(Object.assign(new Error('No such user'), { responseCode: 550 }));
      else callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        PostalMime.parse(raw).then(
          (parsed) => {
            mails.push({
              mailFrom: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
              rcptTo: session.envelope.rcptTo.map((r) => r.address),
              raw,
              parsed,
              header: (name) => parsed.headers.find((h) => h.key === name.toLowerCase())?.value,
            });
            callback();
          },
          (err: Error) => callback(err),
        );
      });
    },
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const a = (server as unknown as { server: import('node:net').Server }).server.address();
      resolve(typeof a === 'object' && a ? a.port : 0);
    });
  });
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    mails,
    refuse,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
