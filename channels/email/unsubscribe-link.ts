// The unsubscribe link of an automatic e-mail (reminders, notices, surveys — never a reply in
// a ticket's thread, an acknowledgement or a staff alert): the footer line and the RFC 2369 /
// RFC 8058 headers that let a mail client unsubscribe in one click, without a page.
import type { Config } from '../../core/config';
import type { OutboundMessage } from '../../core/outbound';
import { readUnsubscribe, signUnsubscribe, type ConsentPurpose, type UnsubscribeClaim } from '../../core/privacy/unsubscribe-token';
import { bareAddress } from './threading';

export const UNSUBSCRIBE_PATH = '/unsubscribe';

/** The purpose an automatic mail to a known customer is sent for; null when it carries no link. */
export function purposeOf(msg: Pick<OutboundMessage, 'kind' | 'purpose' | 'accountNumber'>): ConsentPurpose | null {
  if (!msg.accountNumber) return null; // consent is the customer's: a stranger has none to withdraw
  if (msg.kind !== 'reminder' && msg.kind !== 'notice' && msg.kind !== 'survey') return null;
  return msg.purpose ?? (msg.kind === 'reminder' ? 'reminders' : 'service');
}

export interface UnsubscribeLinks {
  /** The page (GET) and the one-click target (POST). */
  url: string;
  /** RFC 2369's alternative for mail clients that write instead: our address, the token in the subject. */
  mailto: string;
}

export function unsubscribeLinks(
  config: Pick<Config, 'PUBLIC_BASE_URL' | 'UNSUBSCRIBE_SECRET' | 'MAIL_FROM'>,
  accountNumber: string,
  purpose: ConsentPurpose,
): UnsubscribeLinks {
  const token = signUnsubscribe(config.UNSUBSCRIBE_SECRET, { accountNumber, channel: 'email', purpose });
  return {
    url: `${config.PUBLIC_BASE_URL.replace(/\/+$/, '')}${UNSUBSCRIBE_PATH}?t=${token}`,
    mailto: `mailto:${bareAddress(config.MAIL_FROM)}?subject=unsubscribe%20${token}`,
  };
}

/** RFC 8058: the HTTPS URI takes a POST with `List-Unsubscribe=One-Click`; the mail must be DKIM-signed by the relay. */
export function unsubscribeHeaders(links: UnsubscribeLinks): Record<string, string> {
  return { 'List-Unsubscribe': `<${links.url}>, <${links.mailto}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}

/** The claim of a mail sent through the mailto: link (subject `unsubscribe <token>`), when its token is genuine. */
export function unsubscribeClaimInSubject(subject: string, secret: string): UnsubscribeClaim | null {
  const m = /^\s*unsubscribe\s+(\S{1,400})\s*$/i.exec(subject);
  return m ? readUnsubscribe(secret, m[1]!) : null;
}
