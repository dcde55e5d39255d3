// The agent says no to the ticket push routing offered them; it goes to the next agent.
import type { CoreContext } from '../context';
import { DomainError } from '../errors';
import { endOffer } from '../routing/push';

export const NoSuchOffer = () => new DomainError('NoSuchOffer', 'this ticket is not offered to you (the offer may have timed out)', 409);

export async function rejectOffer(
  ctx: Pick<CoreContext, 'events' | 'clock' | 'logger'>,
  cmd: { ticketId: string; agentId: string },
): Promise<void> {
  if (!(await endOffer(ctx, cmd.ticketId, cmd.agentId, 'rejected'))) throw NoSuchOffer();
}
