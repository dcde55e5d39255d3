// What `npm start` prints once it listens: where each page is, who the admin is, where the
// data lives, the rules in force and whether messages really leave. On stderr, apart from
// the log lines (stdout), and without a secret: a store URI is shown without its credentials.
import { resolve } from 'node:path';
import type { Config } from '../core/config';
import { outboxMode } from '../core/outbox-mode';

export interface BannerFacts {
  port: number;
  /** The stores were started here (FerretDB + redis-server under DATA_DIR). */
  embedded: boolean;
}

/** Where a browser on this machine reaches the server: PUBLIC_BASE_URL, or localhost on the port really bound. */
export function baseUrl(config: Pick<Config, 'PUBLIC_BASE_URL' | 'PORT'>, port: number): string {
  const derived = `http://localhost:${config.PORT}`;
  return (config.PUBLIC_BASE_URL === derived ? `http://localhost:${port}` : config.PUBLIC_BASE_URL).replace(/\/+$/, '');
}

/** A URI without user and password. */
export function withoutCredentials(uri: string): string {
  return uri.replace(/^([a-z+]+:\/\/)[^@/]*@/i, '$1');
}

export function startBanner(config: Config, facts: BannerFacts): string {
  const base = baseUrl(config, facts.port);
  const outbox = outboxMode(config);
  const rows: Array<[string, string]> = [
    ['Reception', `${base}/`],
    ['Agent console', `${base}/console`],
    ['Dashboard', `${base}/dashboard`],
    ['Admin pages', `${base}/admin`],
    ['Rule book', `${base}/dashboard/rules`],
    ['API docs', `${base}/api/docs`],
    ['Metrics', `${base}/metrics`],
  ];
  if (outbox.twilio || outbox.email) rows.push(['Dev outbox', `${base}/outbox`]);
  rows.push(
    ['Admin', `${config.ADMIN_EMAIL} (lost the password? npm run agent -- reset-password ${config.ADMIN_EMAIL})`],
    [
      'Data',
      facts.embedded
        ? `${resolve(config.DATA_DIR)} (embedded FerretDB and Redis)`
        : `${withoutCredentials(config.MONGODB_URI ?? '')}, ${withoutCredentials(config.REDIS_URL ?? '')}`,
    ],
    ['Rule set', `${config.RULE_SET}${config.RULES_OVERRIDES !== '{}' ? ' with RULES_OVERRIDES' : ''} (${config.TIMEZONE})`],
    [
      'SMS and calls',
      outbox.twilio ? 'dev outbox: nothing is sent (set TWILIO_ACCOUNT_SID to send)' : `Twilio ${config.TWILIO_FROM_NUMBER}`,
    ],
    [
      'E-mail',
      outbox.email
        ? 'dev outbox: nothing is sent (set SMTP_OUTBOUND_URL to send)'
        : `SMTP ${withoutCredentials(config.SMTP_OUTBOUND_URL)} as ${config.MAIL_FROM}`,
    ],
  );
  const width = Math.max(...rows.map(([k]) => k.length));
  return [
    '',
    `Utility hotline ready on ${base} (port ${facts.port}) — ${config.NODE_ENV}`,
    '',
    ...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`),
    '',
    '',
  ].join('\n');
}
