import pino, { type Logger } from 'pino';

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

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
