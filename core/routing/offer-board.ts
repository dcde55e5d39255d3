// Live state of push offers that every node must see without asking the store: who may make
// an offer (one node per offer round) and when open offers expire. The store stays the record
// (the queue item's state, the agent's offer slot); this only saves store reads while nothing
// happens. Redis in a server (server/routing-board.ts), a Map inside one process (tests).

/** One offer: a ticket to an agent (an agent is offered a ticket once per queueing). */
export interface OfferKey {
  ticketId: string;
  agentId: string;
}

export const offerMember = (o: OfferKey) => `${o.ticketId}|${o.agentId}`;
export function parseOfferMember(member: string): OfferKey {
  const [ticketId = '', agentId = ''] = member.split('|');
  return { ticketId, agentId };
}

export interface OfferBoard {
  /** True for the one caller, on any node, that takes `key`; the key lapses after `ttlMs`. */
  takeOnce(key: string, ttlMs: number): Promise<boolean>;
  /**
   * The one push pass running across all nodes: a token, or null while another node's pass
   * runs (it lapses after `ttlMs` should that node die). One pass at a time means one view of
   * who is free, so no agent gets two offers and no item two agents, whatever the store's
   * conditional updates do.
   */
  lockPass(ttlMs: number): Promise<string | null>;
  unlockPass(token: string): Promise<void>;
  /** Asks for a pass; the pass running now (if any) runs once more before it lets go. */
  requestPass(): Promise<void>;
  /** Takes the request (true if there was one). */
  takePassRequest(): Promise<boolean>;
  passRequested(): Promise<boolean>;
  /** An offer is open until `expiresAt`: written before the store's offer, so no open offer is missing here. */
  offerMade(offer: OfferKey, expiresAt: Date): Promise<void>;
  /** This offer is over (claimed, rejected, expired, withdrawn): nothing to expire. */
  offerDone(offer: OfferKey): Promise<void>;
  /** Offers whose expiry passed by `now` (some may have ended already: ending is conditional). */
  offersDue(now: Date): Promise<OfferKey[]>;
  /** Whether this offer may still be open (false: it ended, no store read needed). */
  offerOpen(offer: OfferKey): Promise<boolean>;
}

/** One process's board: what a node alone (or a test of the strategy) needs. */
export function memoryOfferBoard(): OfferBoard {
  const locks = new Map<string, number>();
  const open = new Map<string, number>();
  let pass: { token: string; until: number } | null = null;
  let requested = false;
  let n = 0;
  return {
    async lockPass(ttlMs) {
      if (pass && pass.until > Date.now()) return null;
      pass = { token: String(++n), until: Date.now() + ttlMs };
      return pass.token;
    },
    async unlockPass(token) {
      if (pass?.token === token) pass = null;
    },
    async requestPass() {
      requested = true;
    },
    async takePassRequest() {
      const was = requested;
      requested = false;
      return was;
    },
    async passRequested() {
      return requested;
    },
    async takeOnce(key, ttlMs) {
      const now = Date.now();
      const until = locks.get(key);
      if (until !== undefined && until > now) return false;
      locks.set(key, now + ttlMs);
      for (const [k, t] of locks) if (t <= now) locks.delete(k);
      return true;
    },
    async offerMade(offer, expiresAt) {
      open.set(offerMember(offer), expiresAt.getTime());
    },
    async offerDone(offer) {
      open.delete(offerMember(offer));
    },
    async offersDue(now) {
      return [...open].filter(([, at]) => at <= now.getTime()).map(([m]) => parseOfferMember(m));
    },
    async offerOpen(offer) {
      return open.has(offerMember(offer));
    },
  };
}
