// What the IVR remembers during a call, in Redis (shared by every node, gone a day after):
// when it started, the language, how many menu choices, the ticket, queue times. IVR steps
// read and write only this, never the database, so they stay fast under load.
import type { Redis } from 'ioredis';
import type { Language } from '../../wire';

const TTL_SECONDS = 24 * 3600;
/** A caller's language choice is remembered for the next calls. */
const LANGUAGE_TTL_SECONDS = 365 * 24 * 3600;

export interface CallState {
  startedAt?: number;
  from?: string;
  language?: Language;
  accountNumber?: string;
  choices: number;
  ticketId?: string;
  queue?: string;
  agentRequestedAt?: number;
  enqueuedAt?: number;
  answeredAt?: number;
  completedAt?: number;
  /** Network areas of the caller's contracts, comma-separated (outage announcements). */
  areas?: string;
  /** The outage announced to the caller (set once: its `announced` figure, and `deflected` when they hang up without an agent). */
  outage?: string;
  /** Set once an end (abandoned / completed) was recorded, so a second callback records nothing. */
  ended?: string;
  /** Digits kept between keypad steps of a reading. */
  contract?: string;
  values?: string;
  /** Menu 4: instalment or deferral, the open bills read back (comma-separated), the bill chosen. */
  billingKind?: string;
  bills?: string;
  bill?: string;
  /** The caller pressed the key to be called back keeping their place (virtual hold). */
  virtualHold?: string;
}

const key = (callSid: string) => `call:${callSid}`;
const ticketKey = (ticketId: string) => `call:ticket:${ticketId}`;
const languageKey = (from: string) => `caller:lang:${from}`;

export class CallStore {
  constructor(private readonly redis: Redis) {}

  /** Starts the record of a call; true the first time (a retried entry webhook gets false). */
  async begin(callSid: string, from: string, at: Date): Promise<boolean> {
    const [[, created]] = (await this.redis
      .multi()
      .hsetnx(key(callSid), 'startedAt', String(at.getTime()))
      .hsetnx(key(callSid), 'from', from)
      .expire(key(callSid), TTL_SECONDS)
      .exec()) as [[Error | null, number]];
    return created === 1;
  }

  async get(callSid: string): Promise<CallState> {
    const h = await this.redis.hgetall(key(callSid));
    const num = (v: string | undefined) => (v ? Number(v) : undefined);
    return {
      startedAt: num(h.startedAt),
      from: h.from,
      language: h.language as Language | undefined,
      accountNumber: h.accountNumber,
      choices: Number(h.choices ?? 0),
      ticketId: h.ticketId,
      queue: h.queue,
      agentRequestedAt: num(h.agentRequestedAt),
      enqueuedAt: num(h.enqueuedAt),
      answeredAt: num(h.answeredAt),
      completedAt: num(h.completedAt),
      areas: h.areas,
      outage: h.outage,
      ended: h.ended,
      contract: h.contract,
      values: h.values,
      billingKind: h.billingKind,
      bills: h.bills,
      bill: h.bill,
      virtualHold: h.virtualHold,
    };
  }

  async set(callSid: string, fields: Partial<Record<keyof CallState, string | number>>): Promise<void> {
    const flat = Object.entries(fields)
      .filter(([, v]) => v !== undefined)
      .flatMap(([k, v]) => [k, String(v)]);
    if (flat.length)
      await this.redis
        .multi()
        .hset(key(callSid), ...flat)
        .expire(key(callSid), TTL_SECONDS)
        .exec();
  }

  async unset(callSid: string, ...fields: Array<keyof CallState>): Promise<void> {
    if (fields.length) await this.redis.hdel(key(callSid), ...fields);
  }

  /** Counts a menu choice; returns the count so far. */
  async choice(callSid: string): Promise<number> {
    return this.redis.hincrby(key(callSid), 'choices', 1);
  }

  /** Sets a field only if unset; true when this call set it (exactly-once events). */
  async once(callSid: string, field: keyof CallState, value: string | number): Promise<boolean> {
    return (await this.redis.hsetnx(key(callSid), field, String(value))) === 1;
  }

  async linkTicket(ticketId: string, callSid: string): Promise<void> {
    await this.redis.set(ticketKey(ticketId), callSid, 'EX', TTL_SECONDS);
  }

  async callOfTicket(ticketId: string): Promise<string | null> {
    return this.redis.get(ticketKey(ticketId));
  }

  async rememberLanguage(from: string, language: Language): Promise<void> {
    await this.redis.set(languageKey(from), language, 'EX', LANGUAGE_TTL_SECONDS);
  }

  async rememberedLanguage(from: string): Promise<Language | null> {
    return (await this.redis.get(languageKey(from))) as Language | null;
  }
}
