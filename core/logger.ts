import { createHash } from 'node:crypto';
import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';
import type { Config } from './config';

export type { Logger };

/**
 * Logs are for operators: one JSON line per event with ids, never personal data. Paths
 * that can carry it are redacted here so a careless `log.info({ msg })` cannot leak it.
 */
export const REDACT_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-twilio-signature"]',
  'res.headers["set-cookie"]',
  'password',
  '*.password',
  '*.passwordHash',
  'body',
  '*.body',
  'from',
  '*.from',
  'to',
  '*.to',
  'phone',
  '*.phone',
  'email',
  '*.email',
  'name',
  '*.name',
  'raw',
  '*.raw',
];

const OBJECT_ID = /^[0-9a-f]{24}$/;

/**
 * A sender-chosen id in a form fit for a log line. Message keys (`email:<Message-ID>`,
 * `sms:<MessageSid>`) and provider sids are chosen by whoever sent the message, and an
 * e-mail Message-ID often carries the sender's address (`<maria.rossi@example.it>`): the log
 * gets the channel prefix and the first 12 hex digits of the SHA-256 of the whole id, enough
 * to correlate lines and to grep for a known id (`logRef(id)`), never its text. Our own
 * ObjectIds are kept as they are (an operator looks them up in the store).
 */
export function logRef(id: unknown): unknown {
  if (typeof id !== 'string' || OBJECT_ID.test(id)) return id;
  const colon = id.indexOf(':');
  const prefix = colon > 0 && colon <= 12 && /^[a-z_]+$/.test(id.slice(0, colon)) ? id.slice(0, colon + 1) : '';
  return `${prefix}#${createHash('sha256').update(id).digest('hex').slice(0, 12)}`;
}

/** Log fields that may hold a sender-chosen id; pino passes each through logRef. */
export const ID_FIELDS = ['messageId', 'sid', 'callSid', 'externalId', 'inReplyTo'] as const;

const ADDRESS = /[A-Za-z0-9._%+=-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;

/**
 * pino's error serializer, with e-mail addresses taken out of the message and stack: a
 * driver's duplicate-key error quotes the key (`email:<maria.rossi@example.it>`), and our
 * own errors may name a message key.
 */
function errWithoutAddresses(err: unknown): unknown {
  const s = pino.stdSerializers.err(err as Error) as unknown;
  if (!s || typeof s !== 'object') return s;
  const out = s as Record<string, unknown>;
  for (const k of ['message', 'stack']) if (typeof out[k] === 'string') out[k] = (out[k] as string).replace(ADDRESS, '[address]');
  return out;
}

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      serializers: { ...Object.fromEntries(ID_FIELDS.map((f) => [f, logRef])), err: errWithoutAddresses },
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}

/** Readable lines or JSON lines (LOG_FORMAT): readable only where a person reads them, in development on a terminal. */
export function usePrettyLogs(config: Pick<Config, 'LOG_FORMAT' | 'NODE_ENV'>, tty = !!process.stdout.isTTY): boolean {
  return config.LOG_FORMAT === 'pretty' || (config.LOG_FORMAT === 'auto' && config.NODE_ENV === 'development' && tty);
}

/** The logger of a process (`npm start`, `npm run worker`): JSON lines on stdout, or pino-pretty's lines in development. */
export function processLogger(config: Pick<Config, 'LOG_LEVEL' | 'LOG_FORMAT' | 'NODE_ENV'>, tty = !!process.stdout.isTTY): Logger {
  if (!usePrettyLogs(config, tty)) return createLogger(config.LOG_LEVEL);
  // The same redaction and serializers: pino-pretty only formats the line pino has already made safe.
  return createLogger(config.LOG_LEVEL, pretty({ colorize: tty, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname', sync: true }));
}
