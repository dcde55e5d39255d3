// Outbound mail (ctx.outbound.email) through nodemailer to SMTP_OUTBOUND_URL: agents'
// replies in the ticket's thread (Message-ID, In-Reply-To, References found from the
// ticket id), acknowledgements and automatic notices marked so that they never loop.
import { randomUUID } from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Config } from '../../core/config';
import { Invalid } from '../../core/errors';
import type { Logger } from '../../core/logger';
import type { OutboundChannel, OutboundKind, OutboundMessage, SendResult } from '../../core/outbound';
import { Message } from '../../models/message';
import { ticketById } from '../../models/repos/tickets';
import { tEmail } from './catalog';
import { rememberMessageId, threadHeaders } from './mail-index';
import { mailDomain, ticketNumberInSubject, verpAddress } from './threading';
import { purposeOf, unsubscribeHeaders, unsubscribeLinks } from './unsubscribe-link';

export interface EmailOutboundDeps {
  config: Pick<Config, 'SMTP_OUTBOUND_URL' | 'MAIL_FROM' | 'PUBLIC_BASE_URL' | 'UNSUBSCRIBE_SECRET'>;
  logger: Logger;
  clock: { now(): Date };
  /** Instead of SMTP_OUTBOUND_URL (the dev outbox's). */
  transport?: Transporter;
}

/** RFC 3834: human replies carry no Auto-Submitted; acknowledgements are auto-replied, the rest auto-generated. */
export function autoSubmittedFor(kind: OutboundKind): string | null {
  if (kind === 'reply') return null;
  if (kind === 'ack') return 'auto-replied';
  return 'auto-generated';
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

export function textToHtml(text: string, language: string, footerHtml = ''): string {
  const paragraphs = text
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
  return `<!doctype html><html lang="${escapeHtml(language)}"><head><meta charset="utf-8"></head><body>${paragraphs}${footerHtml}</body></html>`;
}

/** The footer of an automatic mail: the unsubscribe link, as text and as a link in the HTML part. */
function unsubscribeFooter(language: string, url: string): { text: string; html: string } {
  const text = tEmail(language, 'unsubscribe.footer', { url });
  const label = escapeHtml(tEmail(language, 'unsubscribe.label'));
  const html = `\n<hr><p style="font-size:small">${escapeHtml(tEmail(language, 'unsubscribe.footer_html'))} <a href="${escapeHtml(url)}">${label}</a></p>`;
  return { text, html };
}

export class NodemailerEmailOutbound implements OutboundChannel {
  private readonly transport: Transporter;
  private readonly domain: string;

  constructor(private readonly deps: EmailOutboundDeps) {
    this.transport = deps.transport ?? nodemailer.createTransport(deps.config.SMTP_OUTBOUND_URL);
    this.domain = mailDomain(deps.config.MAIL_FROM);
  }

  close(): void {
    this.transport.close();
  }

  async send(msg: OutboundMessage): Promise<SendResult> {
    const { config, logger, clock } = this.deps;
    const to = msg.to.trim();
    if (!/^[^\s@<>]+@[^\s@<>]+$/.test(to)) throw Invalid('the recipient is not a valid e-mail address');
    if (!msg.body.trim()) throw Invalid('an e-mail needs a body');

    const ticket = msg.ticketId ? await ticketById(msg.ticketId, { number: 1, subject: 1 }) : null;
    const thread = msg.ticketId ? await threadHeaders(msg.ticketId) : { references: [] as string[] };
    const number = ticket?.number;
    let subject = msg.subject ?? (number ? tEmail(msg.language, 'reply.subject', { subject: ticket?.subject ?? '', number }) : '');
    if (number && !ticketNumberInSubject(subject)) subject = `${subject} [${number}]`.trim();
    const body = number && msg.kind === 'reply' ? `${msg.body}\n\n-- \n${tEmail(msg.language, 'reply.footer', { number })}` : msg.body;
    const purpose = purposeOf(msg);
    const unsubscribe = purpose && msg.accountNumber ? unsubscribeLinks(config, msg.accountNumber, purpose) : null;
    const footer = unsubscribe ? unsubscribeFooter(msg.language, unsubscribe.url) : null;
    const text = footer ? `${body}\n\n-- \n${footer.text}` : body;
    let html = msg.html ?? textToHtml(body, msg.language, footer?.html);
    if (msg.html && footer) html = html.includes('</body>') ? html.replace('</body>', `${footer.html}</body>`) : `${html}${footer.html}`;
    const messageIdHeader = `${randomUUID()}@${this.domain}`;
    const auto = autoSubmittedFor(msg.kind);
    const headers: Record<string, string> = { 'Content-Language': msg.language, ...(unsubscribe ? unsubscribeHeaders(unsubscribe) : {}) };
    if (auto) {
      headers['Auto-Submitted'] = auto;
      // Asks Exchange and friends not to answer our automatic mail with their own.
      headers['X-Auto-Response-Suppress'] = 'All';
    }

    await Message.updateOne(
      { _id: msg.messageId },
      {
        $set: { state: 'sending', externalId: messageIdHeader },
        $setOnInsert: {
          direction: 'out',
          channel: 'email',
          to,
          from: config.MAIL_FROM,
          subject,
          body: msg.body,
          ticketId: msg.ticketId,
          public: msg.kind !== 'ack',
        },
      },
      { upsert: true },
    );
    // Known before it leaves, so a fast answer or bounce always finds its thread.
    if (msg.ticketId) await rememberMessageId(messageIdHeader, msg.ticketId, msg.messageId);

    try {
      await this.transport.sendMail({
        from: config.MAIL_FROM,
        to,
        subject,
        text,
        html,
        messageId: `<${messageIdHeader}>`,
        inReplyTo: thread.inReplyTo ? `<${thread.inReplyTo}>` : undefined,
        references: thread.references.length ? thread.references.map((r) => `<${r}>`) : undefined,
        headers,
        // Acknowledgements go out with the null sender, so nothing ever bounces back to us;
        // the rest with a VERP sender naming this mail, so its bounce finds it.
        envelope: { from: msg.kind === 'ack' ? '' : verpAddress(config.MAIL_FROM, messageIdHeader), to: [to] },
      });
    } catch (err) {
      const code = (err as { responseCode?: number }).responseCode;
      await Message.updateOne(
        { _id: msg.messageId },
        { $set: { state: 'failed', error: `smtp ${code ?? (err as { code?: string }).code ?? 'error'}` } },
      );
      logger.warn({ messageId: msg.messageId, ticketId: msg.ticketId, code }, 'mail send failed');
      throw err;
    }
    const at = clock.now();
    await Message.updateOne({ _id: msg.messageId, state: 'sending' }, { $set: { state: 'sent', sentAt: at } });
    logger.info({ messageId: msg.messageId, ticketId: msg.ticketId, kind: msg.kind }, 'mail sent');
    return { externalId: messageIdHeader, state: 'sent' };
  }
}
