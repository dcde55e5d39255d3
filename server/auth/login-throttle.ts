// Login limits (OWASP ASVS V2.2.1), counted in Redis so every node shares them:
// - per account: the first LOGIN_ACCOUNT_SLOW_AFTER failures are free; from then on each
//   attempt must wait a doubling delay (LOGIN_BACKOFF_MS, 2×, 4×… up to a minute), and
//   LOGIN_ACCOUNT_LOCK_AFTER failures lock the account for LOGIN_ACCOUNT_LOCK_SECONDS (an
//   audit-log event). The lock ends by itself, and attempts refused during a wait or a lock
//   are not counted, so an attacker cannot lock a person out for longer than the lock each
//   time, and every lock is in the audit log for an administrator to see.
//   An attempt is reserved atomically before the password is checked (a Lua script), so 60
//   wrong passwords sent at once from 60 addresses are throttled as if sent one by one.
// - per client address: failures only (200 agents of one office NAT starting their shift
//   log in at once and must not wait), LOGIN_IP_MAX_FAILURES per LOGIN_IP_WINDOW_MINUTES.
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Config } from '../../core/config';
import { DomainError } from '../../core/errors';

export type LoginLimitConfig = Pick<
  Config,
  | 'LOGIN_IP_MAX_FAILURES'
  | 'LOGIN_IP_WINDOW_MINUTES'
  | 'LOGIN_ACCOUNT_SLOW_AFTER'
  | 'LOGIN_ACCOUNT_LOCK_AFTER'
  | 'LOGIN_ACCOUNT_LOCK_SECONDS'
  | 'LOGIN_BACKOFF_MS'
>;

const MAX_DELAY_MS = 60_000;
const PREFIX = 'login:';

export const TooManyAttempts = (retryAfterSeconds: number, why: 'account' | 'address') =>
  new DomainError(
    'TooManyAttempts',
    why === 'account'
      ? `too many failed logins for this account; try again in ${retryAfterSeconds} s`
      : `too many failed logins from this address; try again in ${retryAfterSeconds} s`,
    429,
    { retryAfterSeconds },
  );

// KEYS: failures, wait, lock. ARGV: slowAfter, windowMs, baseMs, maxDelayMs.
// Returns {'ok', n} (the attempt is the n-th counted), or {'wait'|'locked', pttl}.
const RESERVE = `
local lockTtl = redis.call('PTTL', KEYS[3])
if lockTtl > 0 then return {'locked', lockTtl} end
local waitTtl = redis.call('PTTL', KEYS[2])
if waitTtl > 0 then return {'wait', waitTtl} end
local n = redis.call('INCR', KEYS[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
local slowAfter = tonumber(ARGV[1])
if n > slowAfter then
  local delay = math.min(tonumber(ARGV[3]) * 2 ^ (n - slowAfter - 1), tonumber(ARGV[4]))
  redis.call('SET', KEYS[2], '1', 'PX', math.floor(delay))
end
return {'ok', n}
`;

export interface Attempt {
  /** The password was wrong: counts it, and locks the account when it is the last allowed. Returns true when this failure locked it. */
  failed(): Promise<boolean>;
  /** The password was right: the account's failures are forgotten. */
  succeeded(): Promise<void>;
}

export class LoginThrottle {
  constructor(
    private readonly redis: Redis,
    private readonly config: LoginLimitConfig,
  ) {}

  private accountKeys(email: string): [string, string, string] {
    const h = createHash('sha256').update(email).digest('hex').slice(0, 32);
    return [`${PREFIX}fail:${h}`, `${PREFIX}wait:${h}`, `${PREFIX}lock:${h}`];
  }

  private ipKey(ip: string): string {
    return `${PREFIX}ip:${ip}`;
  }

  /** Throws TooManyAttempts (429) when the address or the account may not try now; else reserves the attempt. */
  async begin(email: string, ip: string): Promise<Attempt> {
    const c = this.config;
    const ipFailures = Number((await this.redis.get(this.ipKey(ip))) ?? 0);
    if (ipFailures >= c.LOGIN_IP_MAX_FAILURES) {
      const ttl = await this.redis.pttl(this.ipKey(ip));
      throw TooManyAttempts(Math.max(1, Math.ceil(ttl / 1000)), 'address');
    }
    const keys = this.accountKeys(email);
    // Failures are forgotten this long after the last one.
    const windowMs = Math.max(c.LOGIN_ACCOUNT_LOCK_SECONDS * 2000, 15 * 60_000);
    const [verdict, value] = (await this.redis.eval(
      RESERVE,
      3,
      ...keys,
      c.LOGIN_ACCOUNT_SLOW_AFTER,
      windowMs,
      c.LOGIN_BACKOFF_MS,
      MAX_DELAY_MS,
    )) as [string, number];
    if (verdict !== 'ok') throw TooManyAttempts(Math.max(1, Math.ceil(value / 1000)), 'account');
    const n = value;
    return {
      failed: async () => {
        const ipKey = this.ipKey(ip);
        if ((await this.redis.incr(ipKey)) === 1) await this.redis.pexpire(ipKey, c.LOGIN_IP_WINDOW_MINUTES * 60_000);
        if (n < c.LOGIN_ACCOUNT_LOCK_AFTER) return false;
        const locked = await this.redis.set(keys[2], '1', 'PX', c.LOGIN_ACCOUNT_LOCK_SECONDS * 1000, 'NX');
        await this.redis.del(keys[0], keys[1]);
        return locked === 'OK';
      },
      succeeded: async () => {
        await this.redis.del(keys[0], keys[1]);
      },
    };
  }
}
