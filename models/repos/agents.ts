// Agents as routing and the wall board read them. Ids come back as strings, the form the
// routing rules (core/routing/match.ts) and the sockets use.
import type { Types } from 'mongoose';
import { Agent, type AgentDoc } from '../agent';

export type AgentRow = AgentDoc & { _id: Types.ObjectId };
/** An agent with its id as a string. */
export type AgentProfile = Omit<AgentDoc, '_id'> & { _id: string };

const withStringId = <T extends { _id: unknown }>(a: T): Omit<T, '_id'> & { _id: string } => ({ ...a, _id: String(a._id) });

/** Agents who may be offered work now: present, available, not deactivated. */
export async function availableAgents(): Promise<AgentProfile[]> {
  return (await Agent.find({ presence: 'available', active: true }).lean<AgentRow[]>()).map(withStringId);
}

export async function agentById(id: string): Promise<AgentProfile | null> {
  const a = await Agent.findById(id).lean<AgentRow>();
  return a ? withStringId(a) : null;
}

/** Who is working and how busy, for supervisors' boards (no skills, no contact data). */
export async function agentsOnBoard(): Promise<Array<{ _id: string; name: string; presence?: string | null; load?: AgentDoc['load'] }>> {
  const rows = await Agent.find({ active: true }, { name: 1, presence: 1, load: 1 }).lean<
    Array<Pick<AgentRow, '_id' | 'name' | 'presence' | 'load'>>
  >();
  return rows.map(withStringId);
}
