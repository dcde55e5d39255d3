// An agent who leaves: can no longer log in (the login checks `active`), is offered nothing
// (offline), and stays in the store for the history of their tickets. Reactivation is the same
// call with `active: true`.
import { Agent } from '../../models/agent';
import { NotFound } from '../errors';

export async function setAgentActive(cmd: { agentId: string; active: boolean; now: Date }): Promise<void> {
  const set = cmd.active ? { active: true } : { active: false, presence: 'offline', presenceSince: cmd.now };
  const res = await Agent.updateOne({ _id: cmd.agentId }, { $set: set });
  if (!res.matchedCount) throw NotFound('agent');
}
