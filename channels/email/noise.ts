// Loop and noise rules for inbound mail (RFC 3834 and the headers real mailers use):
// which mails may get an automatic answer, and which are delivery reports, not customers.
import type { MailHeader } from './parse';

export type NoiseVerdict =
  /** A person wrote: ticket and acknowledgement. */
  | { kind: 'person' }
  /** Machine mail (auto-replies, bulk, no-reply senders): kept on its thread if it has one, never a new ticket, never answered. */
  | { kind: 'quiet'; reason: string }
  /** A delivery report (bounce): never a ticket; it may mark one of our messages failed. */
  | { kind: 'bounce'; reason: string };

const MAILER_DAEMON = /^(mailer-daemon|postmaster|mail-daemon|mailerdaemon)@/i;
const NO_REPLY = /^(no-?reply|do-?not-?reply|bounces?)([+.-][^@]*)?@/i;
/**
 * Subjects that mailers put on auto-replies which carry none of the headers (many Outlook and
 * webmail vacation notices): "Automatic reply: …", "Out of Office: …", "Risposta automatica: …",
 * "Автоответ: …". Anchored at the start, so a person quoting one in a sentence is still a person.
 */
const AUTO_REPLY_SUBJECT =
  /^\s*\[?(auto(matic|matische)?[ -]?(reply|response|antwort)|autoreply|out of (the )?office|risposta automatica|réponse automatique|abwesenheitsnotiz|автоответ|автоматический ответ)(?!\p{L})/iu;

export interface NoiseInput {
  headers: MailHeader[];
  /** SMTP MAIL FROM: '' for the null sender <>, null when unknown (webhook without envelope). */
  envelopeFrom: string | null;
  fromAddress: string;
  isDsn: boolean;
  subject?: string;
}

export function classifyNoise(input: NoiseInput): NoiseVerdict {
  const h = (name: string) => input.headers.filter((x) => x.name === name).map((x) => x.value.trim().toLowerCase());
  if (input.isDsn) return { kind: 'bounce', reason: 'delivery-status report' };
  if (MAILER_DAEMON.test(input.fromAddress)) return { kind: 'bounce', reason: 'mailer-daemon sender' };

  const autoSubmitted = h('auto-submitted')[0];
  if (autoSubmitted && !autoSubmitted.startsWith('no')) return { kind: 'quiet', reason: `auto-submitted: ${autoSubmitted.split(';')[0]}` };
  if (input.envelopeFrom === '') return { kind: 'quiet', reason: 'empty envelope sender' };
  const precedence = h('precedence')[0];
  if (precedence && /^(bulk|junk|list|auto[_-]?reply)\b/.test(precedence)) return { kind: 'quiet', reason: `precedence: ${precedence}` };
  for (const name of ['list-id', 'list-unsubscribe', 'x-auto-response-suppress', 'x-autoreply', 'x-autorespond', 'feedback-id']) {
    if (h(name).length > 0) return { kind: 'quiet', reason: name };
  }
  if (input.subject && AUTO_REPLY_SUBJECT.test(input.subject)) return { kind: 'quiet', reason: 'auto-reply subject' };
  if (!input.fromAddress) return { kind: 'quiet', reason: 'no sender address' };
  if (NO_REPLY.test(input.fromAddress)) return { kind: 'quiet', reason: 'no-reply sender' };
  return { kind: 'person' };
}
