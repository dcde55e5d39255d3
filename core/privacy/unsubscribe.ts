// The customer withdraws consent from an e-mail's unsubscribe link (RFC 8058 one-click, or the
// confirm button of the page): what the purpose of that mail means for their consents, applied
// through setConsents (actor `customer:email-link`, audited there). Once is enough: a second
// click (or a mail client's retry) finds the consent already off and changes nothing.
import { customerByAccount } from '../../models/repos/customers';
import { NotFound } from '../errors';
import { setConsents, type ConsentChange } from './set-consents';
import type { UnsubscribeClaim } from './unsubscribe-token';

/**
 * `reminders` and `marketing` are purposes, on every channel; `service` is the channel itself
 * (no more service e-mail; legal notices then go by the other channels and by post). None of
 * them stops what the law requires on the customer's remaining channels (docs/rules.md, "Consent").
 */
export function consentChangeFor(claim: UnsubscribeClaim): ConsentChange {
  if (claim.purpose === 'service') return { [claim.channel]: false };
  return { [claim.purpose]: false };
}

export async function unsubscribe(cmd: { claim: UnsubscribeClaim; now: Date }): Promise<{ changed: boolean }> {
  const change = consentChangeFor(cmd.claim);
  const customer = await customerByAccount(cmd.claim.accountNumber, { consents: 1, anonymisedAt: 1 });
  if (!customer || customer.anonymisedAt) throw NotFound('customer');
  const current = customer.consents as Record<string, boolean | undefined> | undefined;
  if (Object.keys(change).every((k) => current?.[k] === false)) return { changed: false };
  await setConsents({ accountNumber: cmd.claim.accountNumber, change, actor: 'customer:email-link', now: cmd.now });
  return { changed: true };
}
