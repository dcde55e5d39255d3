// The push offers' live state in Redis (core/routing/offer-board.ts): shared by every node
// and the worker, so an offer round is decided once across nodes and an offer whose node
// died is found without reading the store. Redis sat at ~1 % CPU under the load where the
// store saturated (issue 20): these few commands per offer cost it nothing.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { offerMember, parseOfferMember, type OfferBoard } from '../core/routing/offer-board';

const OPEN = 'routing:offers';
const PASS = 'routing:pass';
const AGAIN = 'routing:pass-again';
// Deletes the pass lock only if it is still ours (it may have lapsed and been taken).
const UNLOCK = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0`;

export function redisOfferBoard(redis: Redis): OfferBoard {
  return {
    async lockPass(ttlMs) {
      const token = randomUUID();
      return (await redis.set(PASS, token, 'PX', ttlMs, 'NX')) === 'OK' ? token : null;
    },
    async unlockPass(token) {
      await redis.eval(UNLOCK, 1, PASS, token);
    },
    async requestPass() {
      await redis.set(AGAIN, '1');
    },
    async takePassRequest() {
      return (await redis.del(AGAIN)) === 1;
    },
    async passRequested() {
      return (await redis.exists(AGAIN)) === 1;
    },
    async takeOnce(key, ttlMs) {
      return (await redis.set(`routing:once:${key}`, '1', 'PX', Math.max(1, Math.round(ttlMs)), 'NX')) === 'OK';
    },
    async offerMade(offer, expiresAt) {
      await redis.zadd(OPEN, expiresAt.getTime(), offerMember(offer));
    },
    async offerDone(offer) {
      await redis.zrem(OPEN, offerMember(offer));
    },
    async offersDue(now) {
      return (await redis.zrangebyscore(OPEN, '-inf', now.getTime())).map(parseOfferMember);
    },
    async offerOpen(offer) {
      return (await redis.zscore(OPEN, offerMember(offer))) !== null;
    },
  };
}
