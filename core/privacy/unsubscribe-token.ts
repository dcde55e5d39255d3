// The token of an e-mail unsubscribe link: who (the account number), on which channel and for
// what purpose, signed with UNSUBSCRIBE_SECRET (HMAC-SHA256). It never expires — a link in a
// year-old mail must still work (RFC 8058 one-click) — and any change to it breaks the
// signature. The account number is the only personal datum it holds, and it is needed.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a message is for; its unsubscribe link withdraws consent to that purpose (core/privacy/unsubscribe.ts). */
export const CONSENT_PURPOSES = ['service', 'reminders', 'marketing'] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

export interface UnsubscribeClaim {
  accountNumber: string;
  channel: 'email';
  purpose: ConsentPurpose;
}

/** Domain separation: the same secret could never sign anything else into a valid token. */
const LABEL = 'unsubscribe/v1';
/** `email:<purpose>:<account number>`; account numbers are the billing system's (printable, at most 64). */
const CLAIM = new RegExp(`^email:(${CONSENT_PURPOSES.join('|')}):(\\S{1,64})$`);

function mac(secret: string, payload: string): Buffer {
  return createHmac('sha256', secret).update(`${LABEL}\n${payload}`, 'utf8').digest();
}

export function signUnsubscribe(secret: string, claim: UnsubscribeClaim): string {
  const payload = `${claim.channel}:${claim.purpose}:${claim.accountNumber}`;
  return `${Buffer.from(payload, 'utf8').toString('base64url')}.${mac(secret, payload).toString('base64url')}`;
}

/** The claim of a genuine token; null for anything tampered, truncated or malformed. */
export function readUnsubscribe(secret: string, token: string): UnsubscribeClaim | null {
  const m = /^([A-Za-z0-9_-]{1,200})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m) return null;
  const payload = Buffer.from(m[1]!, 'base64url').toString('utf8');
  const given = Buffer.from(m[2]!, 'base64url');
  if (given.length !== 32 || !timingSafeEqual(given, mac(secret, payload))) return null;
  const claim = CLAIM.exec(payload);
  if (!claim) return null;
  return { channel: 'email', purpose: claim[1] as ConsentPurpose, accountNumber: claim[2]! };
}
