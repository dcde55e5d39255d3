import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from '../core/logger';

/**
 * Redis connections for BullMQ (which wants `maxRetriesPerRequest: null`) and for
 * everything else. One factory so no module opens a connection of its own making.
 */
export function redisOptions(url: string): RedisOptions {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    username: u.username || undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0,
    tls: u.protocol === 'rediss:' ? {} : undefined,
    maxRetriesPerRequest: null,
  };
}

/**
 * Without an `error` listener, ioredis prints every failed reconnect attempt as a stack
 * trace on stderr, outside the JSON log. With one, an outage is one `warn` line per
 * connection when it begins and one `info` line when it ends; the client keeps
 * reconnecting by itself. The duplicates a client makes (BullMQ's blocking connections,
 * the socket.io adapter's readers) are watched the same way.
 */
function watch(client: Redis, name: string, logger: Logger | undefined): Redis {
  let down = false;
  client.on('error', (err: Error) => {
    if (down) return;
    down = true;
    logger?.warn({ redis: name, err: err.message }, 'redis unreachable; reconnecting');
  });
  client.on('ready', () => {
    if (!down) return;
    down = false;
    logger?.info({ redis: name }, 'redis reachable again');
  });
  const duplicate = client.duplicate.bind(client);
  client.duplicate = ((...args: Parameters<typeof duplicate>) => watch(duplicate(...args), name, logger)) as typeof client.duplicate;
  return client;
}

export function createRedis(url: string, name: string, logger?: Logger): Redis {
  return watch(new Redis({ ...redisOptions(url), connectionName: `hotline-${name}` }), name, logger);
}

/**
 * For the `error` events of BullMQ queues and workers: the first of a kind is logged, the
 * same message again within a minute is only counted (a Redis outage repeats it on every
 * reconnect attempt), and the count goes with the next line logged.
 */
export function errorLog(logger: Logger, what: string): (err: Error) => void {
  const last = new Map<string, { at: number; repeated: number }>();
  return (err) => {
    const now = Date.now();
    const seen = last.get(err.message);
    if (seen && now - seen.at < 60_000) {
      seen.repeated++;
      return;
    }
    last.set(err.message, { at: now, repeated: 0 });
    logger.warn({ err: err.message, repeatedBefore: seen?.repeated ?? 0 }, what);
  };
}

/**
 * Closes a connection after its pending commands are answered (`QUIT`), so nothing still
 * in flight at shutdown is rejected with "Connection is closed"; gives up after `ms` (Redis
 * down) and drops the connection.
 */
export async function closeRedis(client: Redis, ms = 1000): Promise<void> {
  if (client.status === 'end') return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    client.quit().catch(() => undefined),
    new Promise<void>((r) => {
      timer = setTimeout(r, ms);
    }),
  ]);
  clearTimeout(timer);
  client.disconnect();
}
