// The mailto: alternative of List-Unsubscribe (RFC 2369): a mail to our address with the
// subject `unsubscribe <token>`. A genuine token withdraws the consent as the one-click link
// does (audited as `customer:email-link`) and opens no ticket; any other mail goes on to
// become a ticket, so a person writing "unsubscribe" in their own words is read by an agent.
import type { CoreContext } from '../../core/context';
import { DomainError } from '../../core/errors';
import { unsubscribe } from '../../core/privacy/unsubscribe';
import { unsubscribeClaimInSubject } from './unsubscribe-link';

export async function unsubscribeByMail(
  ctx: CoreContext,
  subject: string,
): Promise<{ outcome: 'machine'; ticketId: null; reason: 'unsubscribe' } | null> {
  const claim = unsubscribeClaimInSubject(subject, ctx.config.UNSUBSCRIBE_SECRET);
  if (!claim) return null;
  try {
    const r = await unsubscribe({ claim, now: ctx.clock.now() });
    ctx.logger.info({ purpose: claim.purpose, changed: r.changed }, 'unsubscribe by mail');
  } catch (err) {
    // An erased customer: there is nothing left to withdraw.
    if (!(err instanceof DomainError && err.code === 'NotFound')) throw err;
  }
  return { outcome: 'machine', ticketId: null, reason: 'unsubscribe' };
}
