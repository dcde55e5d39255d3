// The private tracking token of a web request: 256 random bits, shown once to the visitor;
// the ticket keeps only a SHA-256 of it. A fast hash is right here (unlike passwords): the
// token is random, so there is nothing to brute-force from the hash. Compared in constant time.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export function newTrackingToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashTrackingToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Constant time in the token's content; a missing hash costs the same as a wrong token. */
export function trackingTokenMatches(storedHash: string | null | undefined, token: string): boolean {
  const given = Buffer.from(hashTrackingToken(token), 'hex');
  const stored = Buffer.from(storedHash && /^[a-f0-9]{64}$/.test(storedHash) ? storedHash : '0'.repeat(64), 'hex');
  return timingSafeEqual(given, stored) && !!storedHash;
}
