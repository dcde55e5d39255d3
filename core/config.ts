// The only module that reads process.env. Every variable is validated at start-up;
// a bad one is named in the error and the process exits 1 (see server/main.ts).
// .env.example lists every variable with its default — keep the two in step.
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const url = (protocols: string[]) =>
  z
    .string()
    .url()
    .refine((v) => protocols.some((p) => v.startsWith(`${p}:`)), { message: `must start with ${protocols.join(': or ')}:` });

export const configSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    HOST: z.string().default('0.0.0.0'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    PUBLIC_BASE_URL: url(['http', 'https']).optional(),
    TRUST_PROXY: z.string().default('loopback'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

    MONGODB_URI: url(['mongodb', 'mongodb+srv']).optional(),
    REDIS_URL: url(['redis', 'rediss']).optional(),
    DATA_DIR: z.string().default('./data'),

    SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    ADMIN_EMAIL: z.string().email().default('admin@localhost.localdomain'),
    ADMIN_PASSWORD: z.string().min(8, 'must be at least 8 characters').optional(),

    RUN_WORKERS: bool.default(true),
    RUN_CRON: bool.default(true),

    DEFAULT_LANGUAGE: z.enum(['it', 'ru', 'en']).default('it'),
    DEFAULT_COUNTRY: z.string().length(2).default('IT'),
    TIMEZONE: z.string().default('Europe/Rome'),
    RULE_SET: z.enum(['seed-2014', 'it-2026', 'ru']).default('seed-2014'),

    TWILIO_ACCOUNT_SID: z.string().default('AC00000000000000000000000000000000'),
    TWILIO_AUTH_TOKEN: z.string().default('dev-auth-token-change-me'),
    TWILIO_FROM_NUMBER: z.string().default('+390000000000'),
    /** Where the twilio client sends REST calls; tests point it at a local stand-in. */
    TWILIO_API_BASE_URL: url(['http', 'https']).optional(),
    /** Only honoured with NODE_ENV=development. */
    TWILIO_SKIP_SIGNATURE: bool.default(false),

    SMTP_PORT: z.coerce.number().int().min(0).max(65535).default(2525),
    SMTP_MAX_BYTES: z.coerce.number().int().positive().default(15 * 1024 * 1024),
    SMTP_OUTBOUND_URL: z.string().default('smtp://127.0.0.1:2526'),
    MAIL_FROM: z.string().default('Customer Service <service@utility.example>'),

    INGEST_RETRY_AFTER_SECONDS: z.coerce.number().int().positive().default(60),
  })
  .transform((c) => ({
    ...c,
    PUBLIC_BASE_URL: c.PUBLIC_BASE_URL ?? `http://localhost:${c.PORT}`,
    TWILIO_SKIP_SIGNATURE: c.TWILIO_SKIP_SIGNATURE && c.NODE_ENV === 'development',
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
