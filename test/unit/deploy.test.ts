// deploy/: the production recipe stays what its guide says and in step with core/config.ts.
// (`docker compose config` runs too where the compose CLI is installed.)
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { configSchema, loadConfig } from '../../core/config';

const deploy = resolve(__dirname, '..', '..', 'deploy');
interface Service {
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: unknown;
}
const compose = parse(readFileSync(join(deploy, 'docker-compose.yml'), 'utf8'), { merge: true }) as { services: Record<string, Service> };
const services = compose.services;
const configKeys = new Set(Object.keys((configSchema as unknown as { in: { shape: object } }).in.shape));

test('the services of the recipe: a three-member MongoDB 7 replica set, Redis with AOF and noeviction, two app nodes, a worker, a proxy', () => {
  for (const m of ['mongo1', 'mongo2', 'mongo3']) {
    expect(services[m]!.image).toBe('mongo:7');
    expect(services[m]!.command).toEqual(['mongod', '--replSet', 'rs0', '--bind_ip_all']);
  }
  expect(services['mongo-init']!.command!.join(' ')).toMatch(/rs\.initiate\(.*mongo1:27017.*mongo2:27017.*mongo3:27017/s);
  const redis = services.redis!.command!.join(' ');
  expect(redis).toMatch(/--appendonly yes/);
  expect(redis).toMatch(/--maxmemory-policy noeviction/);
  expect(services.app1!.environment!.RUN_WORKERS).toBe('false');
  expect(services.app2!.environment!.RUN_CRON).toBe('false');
  expect(services.worker!.command).toEqual(['node', '--import', 'tsx', 'server/worker.ts']);
  expect(services.worker!.environment).toMatchObject({ RUN_WORKERS: 'true', RUN_CRON: 'true' });
  expect(services.app1!.environment!.MONGODB_URI).toBe('mongodb://mongo1:27017,mongo2:27017,mongo3:27017/hotline?replicaSet=rs0');
  const caddy = readFileSync(join(deploy, 'Caddyfile'), 'utf8');
  expect(caddy).toMatch(/reverse_proxy app1:3000 app2:3000/);
  expect(caddy).toMatch(/lb_policy cookie/);
});

test('every variable the compose file gives the app exists in the configuration schema, and production settings pass it', () => {
  for (const name of ['app1', 'app2', 'worker']) {
    const env = services[name]!.environment!;
    expect(Object.keys(env).filter((k) => !configKeys.has(k))).toEqual([]);
    expect(env).toMatchObject({ NODE_ENV: 'production', OUTBOX: 'off', LOG_FORMAT: 'json' });
  }
  // With the secrets filled in, the configuration the app nodes get is accepted as it is.
  const filled = Object.fromEntries(
    Object.entries(services.app1!.environment!).map(([k, v]) => [
      k,
      String(v).replace(
        /\$\{(\w+)(?::-([^}]*))?[^}]*\}/g,
        (_m, name: string, fallback?: string) =>
          fallback ?? (name === 'ADMIN_EMAIL' ? 'admin@example.com' : name === 'HOTLINE_DOMAIN' ? 'hotline.example.com' : 'x'.repeat(40)),
      ),
    ]),
  );
  expect(() => loadConfig(filled)).not.toThrow();
  // The secrets the compose file asks for are all in deploy/.env.example.
  const text = readFileSync(join(deploy, 'docker-compose.yml'), 'utf8');
  const asked = new Set([...text.matchAll(/\$\{(\w+)/g)].map((m) => m[1]!));
  const example = readFileSync(join(deploy, '.env.example'), 'utf8');
  expect([...asked].filter((v) => !new RegExp(`^${v}=`, 'm').test(example))).toEqual([]);
});

test('docker compose config accepts the file (where the compose CLI is installed)', () => {
  const version = spawnSync('docker', ['compose', 'version'], { encoding: 'utf8' });
  if (version.status !== 0) return; // not on this machine: the YAML checks above still ran
  const env = Object.fromEntries(
    readFileSync(join(deploy, '.env.example'), 'utf8')
      .split('\n')
      .filter((l) => /^\w+=/.test(l))
      .map((l) => [l.split('=')[0]!, 'x'.repeat(40)]),
  );
  const r = spawnSync('docker', ['compose', '-f', join(deploy, 'docker-compose.yml'), 'config', '--quiet'], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
});
