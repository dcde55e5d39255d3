// Raw RFC 5322 bytes → the fields the e-mail channel decides on. postal-mime does the MIME
// work (it is maintained; mailparser is in maintenance mode); this file only picks and
// normalises, so everything after it works on plain data.
import PostalMime from 'postal-mime';

export interface MailHeader {
  name: string;
  value: string;
}

export interface MailAttachment {
  filename: string;
  contentType: string;
  content: Uint8Array;
}

export interface ParsedMail {
  /** Without angle brackets; null when the message carries none. */
  messageId: string | null;
  inReplyTo: string[];
  references: string[];
  fromAddress: string;
  fromName: string;
  subject: string;
  /** Plain text body (from text/plain, or the HTML reduced to text). */
  text: string;
  html?: string;
  /** ISO date of the Date header, or null when missing or unparseable. */
  date: string | null;
  headers: MailHeader[];
  attachments: MailAttachment[];
  /** A delivery-status notification (RFC 3464): the Message-IDs of the mails it reports on. */
  dsn: { originalMessageIds: string[]; status: string | null } | null;
}

export class MalformedMail extends Error {
  constructor(reason: string) {
    super(`malformed message: ${reason}`);
    this.name = 'MalformedMail';
  }
}

/** "<a@b> <c@d>" → ["a@b", "c@d"]; tolerant of missing brackets and folding. */
export function messageIdList(value: string | undefined | null): string[] {
  if (!value) return [];
  const bracketed = value.match(/<[^<>\s]+>/g);
  const ids = bracketed ? bracketed.map((s) => s.slice(1, -1)) : value.split(/[\s,]+/);
  return ids.map((s) => s.trim()).filter((s) => s.length > 0 && s.length <= 500 && s.includes('@'));
}

function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|tr|h\d)>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function toBytes(content: ArrayBuffer | Uint8Array | string): Uint8Array {
  if (typeof content === 'string') return Buffer.from(content, 'utf8');
  return content instanceof Uint8Array ? content : new Uint8Array(content);
}

function headerValue(headers: MailHeader[], name: string): string | undefined {
  return headers.find((h) => h.name === name)?.value;
}

/** The Message-IDs named by a DSN's returned message or returned headers. */
function dsnOriginals(text: string): string[] {
  const ids: string[] = [];
  for (const m of text.matchAll(/^message-id:\s*(<[^>\r\n]+>)/gim)) ids.push(...messageIdList(m[1]));
  return ids;
}

export async function parseMail(raw: Uint8Array | string): Promise<ParsedMail> {
  const bytes = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
  if (bytes.length === 0) throw new MalformedMail('empty');
  let email: PostalMime.Email;
  try {
    // Returned messages inside a DSN stay attachments, so their headers never mix with ours.
    email = await PostalMime.parse(bytes, { forceRfc822Attachments: true, maxNestingDepth: 50, maxHeadersSize: 256 * 1024 });
  } catch (err) {
    throw new MalformedMail((err as Error).message);
  }
  const headers: MailHeader[] = email.headers.map((h) => ({ name: h.key, value: h.value }));
  // A message without any header block is not mail (postal-mime accepts almost anything).
  if (headers.length === 0) throw new MalformedMail('no headers');
  const from = email.from && !email.from.group ? email.from : email.sender && !email.sender.group ? email.sender : undefined;
  const fromAddress = (from?.address ?? '').trim().toLowerCase();

  const contentType = (headerValue(headers, 'content-type') ?? '').toLowerCase();
  let dsn: ParsedMail['dsn'] = null;
  if (contentType.startsWith('multipart/report') && contentType.includes('delivery-status')) {
    const originals: string[] = [];
    let status: string | null = null;
    for (const a of email.attachments) {
      const text = Buffer.from(toBytes(a.content)).toString('utf8');
      if (a.mimeType === 'message/delivery-status' || a.mimeType === 'message/global-delivery-status') {
        status = text.match(/^status:\s*([245]\.\d{1,3}\.\d{1,3})/im)?.[1] ?? status;
      } else if (
        a.mimeType === 'message/rfc822' ||
        a.mimeType === 'text/rfc822-headers' ||
        a.mimeType === 'message/global' ||
        a.mimeType === 'message/global-headers'
      ) {
        originals.push(...dsnOriginals(text.split(/\r?\n\r?\n/)[0] ?? ''));
      }
    }
    dsn = { originalMessageIds: originals, status };
  }

  const attachments: MailAttachment[] = dsn
    ? []
    : email.attachments.map((a) => ({
        filename: a.filename ?? 'attachment',
        contentType: a.mimeType || 'application/octet-stream',
        content: toBytes(a.content),
      }));

  const text = (email.text ?? '').trim() || (email.html ? htmlToText(email.html) : '');
  const date = email.date && !Number.isNaN(Date.parse(email.date)) ? new Date(email.date).toISOString() : null;
  return {
    messageId: messageIdList(email.messageId)[0] ?? null,
    inReplyTo: messageIdList(email.inReplyTo),
    references: messageIdList(email.references),
    fromAddress,
    fromName: from?.name ?? '',
    subject: (email.subject ?? '').trim(),
    text,
    html: email.html,
    date,
    headers,
    attachments,
    dsn,
  };
}

export { headerValue };
