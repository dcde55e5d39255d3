// The unsubscribe link of an automatic e-mail (reminders, notices, surveys — never a reply in
// a ticket's thread, an acknowledgement or a staff alert): the footer line and the RFC 2369 /
// RFC 8058 headers that let a mail client unsubscribe in one click, without a page.
import type { Config } from '../../core/config';
import type { OutboundMessage } from '../../core/outbound';
import { signUnsubscribe, type ConsentPurpose } from '../../core/privacy/unsubscribe-token';

export const UNSUBSCRIBE_PATH = '/unsubscribe';

/** The purpose an automatic mail to a known customer is sent for; null when it carries no link. */
export function purposeOf(msg: Pick<OutboundMessage, 'kind' | 'purpose' | 'accountNumber'>): ConsentPurpose | null {
  if (!msg.accountNumber) return null; // consent is the customer's: a stranger has none to withdraw
  if (msg.kind !== 'reminder' && msg.kind !== 'notice' && msg.kind !== 'survey') return null;
  return msg.purpose ?? (msg.kind === 'reminder' ? 'reminders' : 'service');
}

export function unsubscribeUrl(
  config: Pick<Config, 'PUBLIC_BASE_URL' | 'UNSUBSCRIBE_SECRET'>,
  accountNumber: string,
  purpose: ConsentPurpose,
): string {
  const token = signUnsubscribe(config.UNSUBSCRIBE_SECRET, { accountNumber, channel: 'email', purpose });
  return `${config.PUBLIC_BASE_URL.replace(/\/+$/, '')}${UNSUBSCRIBE_PATH}?t=${token}`;
}

/** RFC 8058: the HTTPS URI takes a POST with `List-Unsubscribe=One-Click`; the mail must be DKIM-signed by the relay. */
export function unsubscribeHeaders(url: string): Record<string, string> {
  return { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}
