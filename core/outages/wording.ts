// What a customer is told about an outage, in their language: the answer to a contact linked
// to it, the notices of its declaration and restoration, the final message of a linked contact.
// Pure: the outage, the language and the time zone in, text out.
import { DateTime } from 'luxon';
import type { Language } from '../../wire';
import { tNotice, tOutage } from './catalog';

export type Wording = 'answer' | 'declared' | 'restored' | 'closed';

type Texts = Partial<Record<Language, string | null>>;

export interface OutageWords {
  service: string;
  cause?: Texts | null;
  publicMessage?: Texts | null;
  expectedRestorationAt?: Date | null;
}

/** "lunedì 23 novembre, 15:30" in the customer's language and the deployment's time zone (as the IVR says it). */
export function formatRestoration(d: Date, language: string, timeZone: string): string {
  return DateTime.fromJSDate(d, { zone: timeZone }).setLocale(language).toFormat('cccc d MMMM, HH:mm');
}

/** The operator's public message in this language, or the standard sentence with the service and cause. */
export function publicMessageOf(outage: OutageWords, language: Language): string {
  const own = outage.publicMessage?.[language]?.trim();
  if (own) return own;
  const service = tOutage(language, `service.${outage.service}`);
  const cause = outage.cause?.[language]?.trim() || tNotice(language, 'cause_unknown');
  return tNotice(language, 'default_message', { service, cause });
}

export function outageWording(
  kind: Wording,
  outage: OutageWords,
  language: Language,
  timeZone: string,
  ticketNumber = '',
): { subject: string; body: string } {
  const service = tOutage(language, `service.${outage.service}`);
  const eta = outage.expectedRestorationAt
    ? tNotice(language, 'eta', { restoration: formatRestoration(outage.expectedRestorationAt, language, timeZone) })
    : tNotice(language, 'eta_unknown');
  const params = {
    service,
    eta,
    ticket: ticketNumber,
    message: kind === 'answer' || kind === 'declared' ? publicMessageOf(outage, language) : '',
  };
  return { subject: tNotice(language, `subject.${kind}`, params), body: tNotice(language, kind, params) };
}
