// The configuration of a real server started in a child process of a test (a worker killed
// mid-run: test/support/reminders-worker.ts, erasure-worker.ts): the parent's store, Redis
// and data folder from WORKER_* variables, no cron, no queue workers, silent.
import { loadConfig, type Config } from '../../core/config';

export function childServerConfig(extra: Record<string, string | undefined> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    MONGODB_URI: process.env.WORKER_MONGODB_URI,
    REDIS_URL: process.env.WORKER_REDIS_URL,
    ADMIN_EMAIL: 'admin@test.example',
    ADMIN_PASSWORD: 'admin-password-1',
    SESSION_SECRET: 'test-session-secret-that-is-long-enough-0123',
    RUN_CRON: 'false',
    RUN_WORKERS: 'false',
    SMTP_PORT: '0',
    DATA_DIR: process.env.WORKER_DATA_DIR,
    ...extra,
  });
}
