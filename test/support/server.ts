import { Redis } from 'ioredis';
import mongoose from 'mongoose';
import { loadConfig } from '../../core/config';
import { createLogger, type Logger } from '../../core/logger';
import { startServer, type RunningServer, type StartOptions } from '../../server/start';
import { testStoreUris } from './env';

export const ADMIN = { email: 'admin@test.example', password: 'admin-password-1' };

export interface TestServer extends RunningServer {
  /** fetch against this server; JSON bodies are encoded, the cookie jar is per `Session`. */
  session(): Session;
  admin(): Promise<Session>;
}

/** A real server on a free port, with real FerretDB and Redis behind it. */
/** `opts.logger`: a logger of the test's own (to read the log lines the server writes). */
export async function startTestServer(
  env: Record<string, string> = {},
  opts: StartOptions & { logger?: Logger } = {},
): Promise<TestServer> {
  const { mongoUri, redisUrl } = testStoreUris();
  const flush = new Redis(redisUrl);
  await flush.flushdb();
  flush.disconnect();
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    MONGODB_URI: mongoUri,
    REDIS_URL: redisUrl,
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    SESSION_SECRET: 'test-session-secret-that-is-long-enough-0123',
    RUN_CRON: 'false',
    SMTP_PORT: '0',
    ...env,
  });
  const server = await startServer(config, opts.logger ?? createLogger(config.LOG_LEVEL), opts);
  const close = server.close;
  return {
    ...server,
    async close() {
      await mongoose.connection.db?.dropDatabase().catch(() => undefined);
      await close();
    },
    session: () => new Session(server.url),
    async admin() {
      const s = new Session(server.url);
      await s.login(ADMIN.email, ADMIN.password);
      return s;
    },
  };
}

export class Session {
  cookie = '';
  constructor(readonly baseUrl: string) {}

  async request(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: any; text: string; headers: Headers }> {
    const h: Record<string, string> = { ...headers };
    if (this.cookie) h.cookie = this.cookie;
    let payload: string | undefined;
    if (body !== undefined) {
      if (typeof body === 'string') payload = body;
      else {
        payload = JSON.stringify(body);
        h['content-type'] ??= 'application/json';
      }
    }
    const res = await fetch(this.baseUrl + path, { method, headers: h, body: payload });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0] ?? '';
    const text = await res.text();
    let parsed: unknown = undefined;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed, text, headers: res.headers };
  }

  get(path: string) {
    return this.request('GET', path);
  }
  post(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request('POST', path, body, headers);
  }

  async login(email: string, password: string): Promise<void> {
    const res = await this.post('/api/auth/login', { email, password });
    if (res.status !== 200) throw new Error(`login failed: ${res.status} ${res.text}`);
  }
}
