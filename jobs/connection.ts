import { Redis, type RedisOptions } from 'ioredis';

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

export function createRedis(url: string, name: string): Redis {
  return new Redis({ ...redisOptions(url), connectionName: `hotline-${name}` });
}
