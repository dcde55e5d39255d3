// The only module that reads process.env. Every variable is validated at start-up;
// a bad one is named in the error and the process exits 1 (see server/process.ts).
// .env.example lists every variable with its default — keep the two in step.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import dotenv from 'dotenv';
import { z } from 'zod';
import { LANGUAGES } from '../wire';
import { parseBusinessHours } from './business-hours';
import { parseRulesOverrides } from './rules/overrides';

const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');

const url = (protocols: string[]) =>
  z
    .string()
    .url()
    .refine((v) => protocols.some((p) => v.startsWith(`${p}:`)), { message: `must start with ${protocols.join(': or ')}:` });

/** The placeholders that stand for "not configured": with them in development, the dev outbox takes the messages (core/outbox-mode.ts). */
export const TWILIO_PLACEHOLDER_SID = 'AC00000000000000000000000000000000';
/** Development and tests only: production refuses to start without UNSUBSCRIBE_SECRET. */
const DEV_UNSUBSCRIBE_SECRET = 'dev-unsubscribe-secret-change-me-in-production';
export const SMTP_OUTBOUND_PLACEHOLDER = 'smtp://127.0.0.1:2526';

const businessHours = z.string().superRefine((v, ctx) => {
  try {
    parseBusinessHours(v);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: (err as Error).message });
  }
});

export const configSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    HOST: z.string().default('0.0.0.0'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    PUBLIC_BASE_URL: url(['http', 'https']).optional(),
    TRUST_PROXY: z.string().default('loopback'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** auto: readable lines in development on a terminal, JSON lines otherwise (production, pipes, log collectors). */
    LOG_FORMAT: z.enum(['auto', 'pretty', 'json']).default('auto'),
    /**
     * The dev outbox (core/outbox-mode.ts): outbound SMS, calls and e-mails are kept and shown on /outbox, with delivery
     * simulated. auto: in development, for Twilio when TWILIO_ACCOUNT_SID is not set and for mail when SMTP_OUTBOUND_URL is not.
     */
    OUTBOX: z.enum(['auto', 'on', 'off']).default('auto'),
    /** OUTBOX=on is refused with NODE_ENV=production unless this is true (a staging system that must not send). */
    OUTBOX_IN_PRODUCTION: bool.default(false),

    // Not z.url(): a replica set's URI names several hosts (mongodb://a:27017,b:27017/db?replicaSet=rs0), which WHATWG URLs refuse.
    MONGODB_URI: z
      .string()
      .regex(/^mongodb(\+srv)?:\/\/[^/\s]+/, 'must be a mongodb:// or mongodb+srv:// URI')
      .optional(),
    REDIS_URL: url(['redis', 'rediss']).optional(),
    DATA_DIR: z.string().default('./data'),

    /** Login limits (server/auth/login-throttle.ts): failed logins per client address per window (successes are not counted). */
    LOGIN_IP_MAX_FAILURES: z.coerce.number().int().positive().default(50),
    LOGIN_IP_WINDOW_MINUTES: z.coerce.number().int().positive().default(15),
    /** Per account: failures before each attempt must wait a doubling delay, starting at LOGIN_BACKOFF_MS (at most a minute). */
    LOGIN_ACCOUNT_SLOW_AFTER: z.coerce.number().int().min(1).default(5),
    LOGIN_BACKOFF_MS: z.coerce.number().int().min(1).default(1000),
    /** Per account: failures that lock it for LOGIN_ACCOUNT_LOCK_SECONDS (an audit-log event); the lock ends by itself. */
    LOGIN_ACCOUNT_LOCK_AFTER: z.coerce.number().int().min(1).default(10),
    LOGIN_ACCOUNT_LOCK_SECONDS: z.coerce.number().int().min(1).max(86_400).default(900),
    SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    /**
     * Signs the unsubscribe links of automatic e-mails (core/privacy/unsubscribe-token.ts). The links never
     * expire, so changing it breaks every link already sent. Required with NODE_ENV=production.
     */
    UNSUBSCRIBE_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    ADMIN_EMAIL: z.string().email().default('admin@localhost.localdomain'),
    ADMIN_PASSWORD: z.string().min(8, 'must be at least 8 characters').optional(),

    RUN_WORKERS: bool.default(true),
    RUN_CRON: bool.default(true),

    DEFAULT_LANGUAGE: z.enum(LANGUAGES).default('it'),
    DEFAULT_COUNTRY: z.string().length(2).default('IT'),
    TIMEZONE: z.string().default('Europe/Rome'),
    RULE_SET: z.enum(['seed-2014', 'it-2026', 'ru']).default('seed-2014'),

    TWILIO_ACCOUNT_SID: z.string().default(TWILIO_PLACEHOLDER_SID),
    TWILIO_AUTH_TOKEN: z.string().default('dev-auth-token-change-me'),
    TWILIO_FROM_NUMBER: z.string().default('+390000000000'),
    /** Where the twilio client sends REST calls; tests point it at a local stand-in. */
    TWILIO_API_BASE_URL: url(['http', 'https']).optional(),
    /** Only honoured with NODE_ENV=development. */
    TWILIO_SKIP_SIGNATURE: bool.default(false),
    /** Outbound SMS per second per sender number (Twilio long codes: about 1); 0 = unpaced. */
    TWILIO_SMS_PER_SECOND: z.coerce.number().min(0).default(10),
    /** Agents answer calls in these hours (core/business-hours.ts syntax), in TIMEZONE. */
    CALL_CENTRE_HOURS: businessHours.default('mon-fri 08:00-22:00; sat 08:00-18:00'),
    /**
     * Removed: the courtesy window of automated calls is one value, the rule set's
     * `reminders.voiceHours` (holidays included), set through RULES_OVERRIDES. Refused when
     * still set, so a deployment that relied on it learns where the value went.
     */
    VOICE_COURTESY_HOURS: z
      .string()
      .optional()
      .superRefine((v, ctx) => {
        if (v !== undefined)
          ctx.addIssue({
            code: 'custom',
            message:
              'removed: set the courtesy window in the rule set instead, RULES_OVERRIDES={"reminders":{"voiceHours":"…"}} (public holidays are honoured there)',
          });
      }),
    /** Inbound SMS per sender number per window before they stop opening work. */
    SMS_INBOUND_MAX_PER_WINDOW: z.coerce.number().int().positive().default(20),
    SMS_INBOUND_WINDOW_SECONDS: z.coerce.number().int().positive().default(600),
    /** A plan or deferral proposed by SMS (RATE / RINVIO / …) waits this long for the customer's SI / YES / ДА. */
    SMS_PROPOSAL_MINUTES: z.coerce.number().int().positive().max(10_080).default(30),
    /** A self-reading whose consumption exceeds this × average daily use × days is held. */
    READING_PLAUSIBILITY_FACTOR: z.coerce.number().positive().default(3),
    /**
     * Emergencies (gas leaks, core/emergencies): the on-call person's number and address, alerted
     * by SMS and e-mail at every emergency report, day and night (unset = no such alert; the
     * supervisors' consoles are alerted whatever this says).
     */
    EMERGENCY_ONCALL_PHONE: z.string().max(40).optional(),
    EMERGENCY_ONCALL_EMAIL: z.string().email().optional(),

    SMTP_PORT: z.coerce.number().int().min(0).max(65535).default(2525),
    SMTP_MAX_BYTES: z.coerce
      .number()
      .int()
      .positive()
      .default(15 * 1024 * 1024),
    SMTP_OUTBOUND_URL: z.string().default(SMTP_OUTBOUND_PLACEHOLDER),
    MAIL_FROM: z.string().default('Customer Service <service@utility.example>'),
    /** Inbound SMTP: AUTH is offered only when both are set (a relay in front of us); STARTTLS only with both files. */
    SMTP_AUTH_USER: z.string().optional(),
    SMTP_AUTH_PASSWORD: z.string().optional(),
    SMTP_TLS_KEY_FILE: z.string().optional(),
    SMTP_TLS_CERT_FILE: z.string().optional(),
    /**
     * POST /webhooks/email/inbound needs `Authorization: Bearer <token>` (or HTTP Basic with the token as password) when set;
     * required with NODE_ENV=production (the server refuses to start without it), optional elsewhere.
     */
    EMAIL_WEBHOOK_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
    /** Per attachment; larger ones are listed on the message but not stored. */
    ATTACHMENT_MAX_BYTES: z.coerce
      .number()
      .int()
      .positive()
      .default(10 * 1024 * 1024),
    /** Acknowledgement mails per recipient address per hour (a last guard against auto-reply loops). */
    MAIL_ACK_MAX_PER_HOUR: z.coerce.number().int().min(0).default(3),
    /** Web reception abuse limits: requests per client IP, and per contact (e-mail or phone), per window. */
    /** Unset: 20 (1000 in development, where one person tries the form again and again). */
    RECEPTION_IP_LIMIT: z.coerce.number().int().positive().optional(),
    RECEPTION_CONTACT_LIMIT: z.coerce.number().int().positive().default(5),
    RECEPTION_WINDOW_MINUTES: z.coerce.number().int().positive().default(60),

    INGEST_RETRY_AFTER_SECONDS: z.coerce.number().int().positive().default(60),
    /** socket.io limits (server/sockets/limits.ts), per node: connections per client address (200 agents may share one office NAT), */
    SOCKET_MAX_PER_ADDRESS: z.coerce.number().int().positive().default(1000),
    /** … of them without a session (reception chat visitors), */
    SOCKET_MAX_ANONYMOUS_PER_ADDRESS: z.coerce.number().int().positive().default(50),
    /** … per agent session (console tabs), */
    SOCKET_MAX_PER_SESSION: z.coerce.number().int().positive().default(20),
    /** … and the seconds a connection without a session may stay silent before it is closed. */
    SOCKET_ANONYMOUS_IDLE_SECONDS: z.coerce.number().int().positive().default(120),
    /** Agent console: wrap-up time after a call before the next is offered (0 = none). */
    WRAP_UP_SECONDS: z.coerce.number().int().min(0).default(30),
    /** Agent console: an agent with no socket open on any node for this long goes offline. */
    AGENT_OFFLINE_GRACE_SECONDS: z.coerce.number().int().min(1).default(15),
    /** SLA clock, first-response deadlines: a `ticket.sla` warning once this fraction of the time has passed (written answers warn escalateDaysBefore the deadline). */
    SLA_WARNING_FRACTION: z.coerce.number().min(0.1).max(0.99).default(0.8),

    /** Statistics: abandoned calls shorter than this are counted apart as short abandons. */
    STATS_SHORT_ABANDON_SECONDS: z.coerce.number().min(0).default(5),
    /** Statistics: a wait at least this long counts as long in the generic counters (the walk-in figures use the rule set: docs/rules.md, "Walk-in offices"). */
    STATS_LONG_WAIT_SECONDS: z.coerce.number().positive().default(2400),
    /** Statistics: a caller should reach a human within this many IVR choices (docs/rules.md, "Rule sets": 2; 3 with several services). */
    STATS_IVR_MAX_CHOICES: z.coerce.number().int().min(0).default(2),
    /** Statistics: how often the wall board is pushed to supervisors (coalesced), milliseconds. */
    STATS_LIVE_INTERVAL_MS: z.coerce.number().int().min(100).default(1000),

    /** JSON object overriding single values of RULE_SET (core/rules/overrides.ts), e.g. {"dunning":{"dueSoonDays":5}}. */
    RULES_OVERRIDES: z
      .string()
      .default('{}')
      .superRefine((v, ctx) => {
        try {
          parseRulesOverrides(v);
        } catch (err) {
          ctx.addIssue({ code: 'custom', message: (err as Error).message });
        }
      }),
    /** Global moratorium: no dunning step that leads to disconnection (overrides the rule set). */
    DUNNING_MORATORIUM: bool.optional(),
    /** When the reminders job runs (node-cron, TIMEZONE): hourly in the day, so quiet-hour queues drain. */
    REMINDERS_CRON: z.string().default('10 8-20 * * *'),
    /** When the sla-escalation job runs (node-cron, TIMEZONE). */
    SLA_ESCALATION_CRON: z.string().default('0 7 * * *'),
    /** When the callbacks job releases callback requests to be dialled and retries unanswered ones (inside the rule set's callback hours only). */
    /** The consumer associations' mailbox: mail to it from an association's domain is that association's case (empty: any of our addresses). */
    ASSOCIATION_MAILBOX: z.string().trim().toLowerCase().max(320).default(''),
    CALLBACKS_CRON: z.string().default('*/5 * * * *'),
    /** When the surveys job asks resolved tickets' customers for a score. */
    SURVEYS_CRON: z.string().default('30 9-19 * * 1-6'),
    /** When the tariff-notices job announces tariff / rules changes. */
    TARIFF_NOTICES_CRON: z.string().default('0 10 * * 1-6'),
    /** When the housekeeping job removes short-lived records (claim guards, closed survey pointers). */
    HOUSEKEEPING_CRON: z.string().default('40 3 * * *'),
    /** When the retention job erases what is past its retention period (core/privacy/retention.ts). */
    RETENTION_CRON: z.string().default('50 2 * * *'),
    /** Message texts and attachments are kept this many days, then replaced by a placeholder. */
    RETENTION_MESSAGES_DAYS: z.coerce.number().int().min(1).max(36_500).default(730),
    /** Voicemail recordings (links to the provider's recording) are kept this many days. */
    RETENTION_RECORDINGS_DAYS: z.coerce.number().int().min(1).max(36_500).default(90),
    /** Resolved tickets keep their contact name, address and subject this many days after resolution. */
    RETENTION_CLOSED_TICKETS_DAYS: z.coerce.number().int().min(1).max(36_500).default(1825),
    /** Meter readings keep the sender's number this many days (the values stay: they are billing data). */
    RETENTION_READINGS_DAYS: z.coerce.number().int().min(1).max(36_500).default(1825),
    /** A vulnerability the customer states (reception, SMS) gets this review date if no agent confirms it before. */
    PROTECTION_DECLARED_REVIEW_DAYS: z.coerce.number().int().min(1).max(365).default(14),
    /** A customer's data-export link (asked for on the reception) works this many hours, then says it expired. */
    PRIVACY_EXPORT_LINK_HOURS: z.coerce.number().int().min(1).max(720).default(72),
    /** A finished callback (connected or failed) keeps the number it dialled this many days. */
    RETENTION_CALLBACKS_DAYS: z.coerce.number().int().min(1).max(36_500).default(90),
    /** When the protection-review job lists vulnerability flags past their review date to supervisors. */
    PROTECTION_REVIEW_CRON: z.string().default('15 7 * * *'),
    /** Claim guards (which agent won a claim) are kept this long, for the audit of disputes between agents. */
    CLAIM_GUARD_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
    /** Bills read per batch by the reminders scan. */
    REMINDER_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(500),
    /** Reminders sent in parallel within a batch. */
    REMINDER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(8),
    /** A reminder claimed by a worker that died is taken over after this many seconds. */
    REMINDER_CLAIM_LEASE_SECONDS: z.coerce.number().int().min(0).default(300),
  })
  .superRefine((c, ctx) => {
    // An open mail webhook lets anyone on the network open tickets as any sender (issue 19.7).
    if (c.NODE_ENV === 'production' && !c.EMAIL_WEBHOOK_TOKEN)
      ctx.addIssue({
        code: 'custom',
        path: ['EMAIL_WEBHOOK_TOKEN'],
        message: 'must be set in production: the mail gateway webhook (POST /webhooks/email/inbound) is open without it',
      });
    // A known secret would let anyone unsubscribe any customer by account number.
    if (c.NODE_ENV === 'production' && !c.UNSUBSCRIBE_SECRET)
      ctx.addIssue({
        code: 'custom',
        path: ['UNSUBSCRIBE_SECRET'],
        message: 'must be set in production: it signs the unsubscribe links of automatic e-mails',
      });
    // A production system that only pretends to send would fail its customers silently.
    if (c.NODE_ENV === 'production' && c.OUTBOX === 'on' && !c.OUTBOX_IN_PRODUCTION)
      ctx.addIssue({
        code: 'custom',
        path: ['OUTBOX'],
        message: 'the dev outbox sends nothing: refused in production unless OUTBOX_IN_PRODUCTION=true',
      });
  })
  .transform((c) => ({
    ...c,
    PUBLIC_BASE_URL: c.PUBLIC_BASE_URL ?? `http://localhost:${c.PORT}`,
    UNSUBSCRIBE_SECRET: c.UNSUBSCRIBE_SECRET ?? DEV_UNSUBSCRIBE_SECRET,
    TWILIO_SKIP_SIGNATURE: c.TWILIO_SKIP_SIGNATURE && c.NODE_ENV === 'development',
    RECEPTION_IP_LIMIT: c.RECEPTION_IP_LIMIT ?? (c.NODE_ENV === 'development' ? 1000 : 20),
  }));

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings count as unset, as they do in most .env files.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = configSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  return parsed.data;
}

/**
 * Fills unset variables from `.env` in the working directory (copy .env.example to start):
 * what the environment sets wins. Not under NODE_ENV=test, so a developer's .env never leaks
 * into the tests. Returns the file read, or null.
 */
export function loadDotEnv(file = '.env', env: Record<string, string | undefined> = process.env): string | null {
  const path = resolve(file);
  if (env.NODE_ENV === 'test' || env.JEST_WORKER_ID || !existsSync(path)) return null;
  dotenv.config({ path, quiet: true, processEnv: env as Record<string, string> });
  return path;
}
