// Pure threading and deduplication keys for mail. The store lookups that use them live in
// mail-index.ts; these take plain data so the rules are unit-tested without a server.
import { createHash } from 'node:crypto';

/** "[T-000123]" anywhere in the subject (our replies and acknowledgements put it there). */
export function ticketNumberInSubject(subject: string): string | null {
  const m = subject.match(/\[(T-\d{4,12})\]/i);
  return m ? m[1]!.toUpperCase() : null;
}

/** Message-IDs a reply may point at, most specific first: In-Reply-To, then References newest first. */
export function parentCandidates(inReplyTo: string[], references: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const id of [...inReplyTo, ...[...references].reverse()]) {
    if (!seen.has(id)) {
      seen.add(id);
      out.push(id);
    }
  }
  return out.slice(0, 20);
}

/**
 * The InboundMessage externalId of a mail. Message-ID alone is not enough (some clients
 * omit it, some reuse it), so it is combined with a hash of sender, date and body: a
 * redelivery of the same mail gets the same key, a different mail under a reused ID does not.
 */
export function dedupeKey(messageId: string | null, fromAddress: string, date: string | null, body: string): string {
  const digest = createHash('sha256')
    .update(`${fromAddress}\n${date ?? ''}\n${body}`)
    .digest('hex')
    .slice(0, 32);
  const id = messageId ? (messageId.length > 200 ? createHash('sha256').update(messageId).digest('hex') : messageId) : 'no-message-id';
  return `${id}|${digest}`;
}

/** References for our reply: the thread's ids (root kept, then the newest), the parent last. */
export function replyReferences(threadIds: string[], max = 10): string[] {
  const unique = [...new Set(threadIds)];
  if (unique.length <= max) return unique;
  return [unique[0]!, ...unique.slice(unique.length - (max - 1))];
}

/** The domain of our From address, for the Message-IDs we mint. */
export function mailDomain(mailFrom: string): string {
  const m = mailFrom.match(/@([^>\s]+)>?\s*$/);
  return m ? m[1]!.toLowerCase() : 'localhost';
}

/** Bare address of "Name <a@b>" or "a@b". */
export function bareAddress(mailbox: string): string {
  const m = mailbox.match(/<([^>]+)>/);
  return (m ? m[1]! : mailbox).trim();
}

/**
 * VERP: the envelope sender of our non-automatic mail names the mail itself, so a bounce
 * that reaches us at that address finds it even when the DSN quotes no headers.
 * "service@utility.example" + Message-ID "<uuid>@utility.example" → "service+b<hex>@utility.example".
 */
export function verpAddress(mailFrom: string, messageIdHeader: string): string {
  const bare = bareAddress(mailFrom);
  const at = bare.lastIndexOf('@');
  const hex = messageIdHeader.split('@')[0]!.replace(/-/g, '').toLowerCase();
  return `${bare.slice(0, at)}+b${hex}${bare.slice(at)}`;
}

/** The Message-ID a VERP recipient address stands for, or null. */
export function messageIdFromVerp(recipient: string, mailFrom: string): string | null {
  const bare = bareAddress(mailFrom).toLowerCase();
  const at = bare.lastIndexOf('@');
  const m = recipient.toLowerCase().match(/^([^@+]+)\+b([a-f0-9]{32})(@.+)$/);
  if (!m || m[1] !== bare.slice(0, at) || m[3] !== bare.slice(at)) return null;
  const h = m[2]!;
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}${m[3]}`;
}
