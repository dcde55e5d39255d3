// Inbound SMTP (smtp-server) on SMTP_PORT. smtp-server announces the SIZE limit but does not
// enforce it: the data stream only flags `sizeExceeded`, so the message is refused here with
// 552 (RFC 5321 "exceeded storage allocation"). AUTH and STARTTLS are offered only when
// configured (for a relay in front of us); otherwise this is a plain MX-style endpoint.
import { readFileSync } from 'node:fs';
import { timingSafeEqual } from 'node:crypto';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import type { AttachmentStore } from './attachment-store';
import { MalformedMail } from './parse';
import { receiveMail, type MailContext } from './receive-mail';

function smtpError(message: string, responseCode: number): Error {
  return Object.assign(new Error(message), { responseCode });
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function createSmtpInbound(ctx: MailContext, store: AttachmentStore): SMTPServer {
  const { config, logger } = ctx;
  const auth = !!(config.SMTP_AUTH_USER && config.SMTP_AUTH_PASSWORD);
  const tls = !!(config.SMTP_TLS_KEY_FILE && config.SMTP_TLS_CERT_FILE);
  const disabledCommands: string[] = [];
  if (!auth) disabledCommands.push('AUTH');
  if (!tls) disabledCommands.push('STARTTLS');

  const options: SMTPServerOptions = {
    name: 'hotline',
    banner: 'ready',
    size: config.SMTP_MAX_BYTES,
    disabledCommands,
    authOptional: !auth,
    logger: false,
    maxClients: 200,
    socketTimeout: 60_000,
    // On shutdown an idle client connection is told 421 (the sending server tries again later)
    // after 5 s, not the library's 30 s, which outlasted the process's 20 s forced exit.
    closeTimeout: 5_000,
    ...(tls ? { key: readFileSync(config.SMTP_TLS_KEY_FILE!), cert: readFileSync(config.SMTP_TLS_CERT_FILE!) } : {}),
    onAuth(a, _session, callback) {
      if (auth && a.username === config.SMTP_AUTH_USER && sameSecret(a.password ?? '', config.SMTP_AUTH_PASSWORD!)) {
        callback(null, { user: a.username });
      } else {
        callback(smtpError('Invalid username or password', 535));
      }
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      let bytes = 0;
      stream.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        // Past the limit the rest is read and thrown away; the answer is decided at the end.
        if (bytes <= config.SMTP_MAX_BYTES) chunks.push(chunk);
      });
      stream.on('error', (err) => callback(err));
      stream.on('end', () => {
        if (stream.sizeExceeded || bytes > config.SMTP_MAX_BYTES) {
          logger.info({ session: session.id, bytes }, 'smtp message refused: too large');
          callback(smtpError(`Message exceeds the fixed maximum message size of ${config.SMTP_MAX_BYTES} bytes`, 552));
          return;
        }
        const mailFrom = session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address;
        const rcptTo = session.envelope.rcptTo.map((r) => r.address);
        receiveMail(ctx, store, Buffer.concat(chunks), { mailFrom, rcptTo }).then(
          (r) => {
            logger.info(
              { session: session.id, outcome: r.outcome, ticketId: r.outcome === 'ticket' ? r.ticketId : undefined },
              'smtp message accepted',
            );
            callback(null, 'Message accepted');
          },
          (err: unknown) => {
            if (err instanceof MalformedMail) {
              logger.info({ session: session.id, reason: err.message }, 'smtp message refused: malformed');
              callback(smtpError('Message could not be parsed', 554));
              return;
            }
            // Nothing was stored: a temporary failure makes the sender try again later.
            logger.error({ err, session: session.id }, 'smtp message not stored');
            callback(smtpError('Temporary failure, try again later', 451));
          },
        );
      });
    },
  };
  return new SMTPServer(options);
}

export function listen(server: SMTPServer, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = (server as unknown as { server: import('node:net').Server }).server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}
