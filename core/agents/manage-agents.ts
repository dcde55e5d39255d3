// The team's use cases by e-mail for `npm run agent` (scripts/agent.ts): list, disable / enable,
// reset a password — on the same by-id use cases as the admin screens (deactivate-agent.ts,
// reset-password.ts), with the last-admin guard;
// each change is audited with who made it (`actor`: an agent id, or `cli` for the command line).
import { z } from 'zod';
import { Agent } from '../../models/agent';
import { Audit } from '../../models/audit';
import { generatePassword } from '../auth/password';
import { Invalid, NotFound } from '../errors';
import { setAgentActive as setActiveById } from './deactivate-agent';
import { resetPassword as resetPasswordById } from './reset-password';

export interface AgentListing {
  id: string;
  name: string;
  email: string;
  role: string;
  active: boolean;
  languages: string[];
  presence: string;
}

const email = z.string().trim().toLowerCase().email();
const password = z.string().min(8, 'must be at least 8 characters').max(200);

function emailOf(input: string): string {
  const r = email.safeParse(input);
  if (!r.success) throw Invalid(`not an e-mail address: ${input}`);
  return r.data;
}

/** Everyone who can log in or could, admins first, then by name. */
export async function listAgents(): Promise<AgentListing[]> {
  const rows = await Agent.find({}, { name: 1, email: 1, role: 1, active: 1, languages: 1, presence: 1 }).lean();
  const rank: Record<string, number> = { admin: 0, supervisor: 1, agent: 2 };
  return rows
    .map((a) => ({
      id: String(a._id),
      name: a.name,
      email: a.email,
      role: a.role ?? 'agent',
      active: a.active !== false,
      languages: a.languages ?? [],
      presence: a.presence ?? 'offline',
    }))
    .sort((a, b) => (rank[a.role] ?? 9) - (rank[b.role] ?? 9) || a.name.localeCompare(b.name));
}

/** Disabled: cannot log in (server/auth/routes.ts); their tickets and history stay. The last active admin cannot be disabled. */
export async function setAgentActive(emailInput: string, active: boolean, actor: string, at: Date = new Date()): Promise<AgentListing> {
  const address = emailOf(emailInput);
  const agent = await Agent.findOne({ email: address }, { role: 1 }).lean();
  if (!agent) throw NotFound(`agent ${address}`);
  if (!active && agent.role === 'admin') {
    const otherAdmins = await Agent.countDocuments({ role: 'admin', active: { $ne: false }, _id: { $ne: agent._id } });
    if (otherAdmins === 0) throw Invalid(`${address} is the last active admin: make another admin first`);
  }
  await setActiveById({ agentId: String(agent._id), active, now: at });
  await Audit.create({ at, actor, action: active ? 'agent.enable' : 'agent.disable', target: String(agent._id) });
  return (await listAgents()).find((a) => a.email === address)!;
}

/**
 * A new password for an agent or an admin (a lost admin password included: ADMIN_PASSWORD is
 * read only on the first start). Without one, a password is generated and returned once.
 */
export async function resetPassword(
  emailInput: string,
  chosen: string | undefined,
  actor: string,
  at: Date = new Date(),
): Promise<{ email: string; password: string; generated: boolean }> {
  const address = emailOf(emailInput);
  if (chosen !== undefined) {
    const r = password.safeParse(chosen);
    if (!r.success) throw Invalid(`password ${r.error.issues[0]?.message ?? 'is not valid'}`);
  }
  const secret = chosen ?? generatePassword();
  const res = await Agent.findOne({ email: address }, { _id: 1 }).lean();
  if (!res) throw NotFound(`agent ${address}`);
  await resetPasswordById({ agentId: String(res._id), password: secret });
  await Audit.create({ at, actor, action: 'agent.password-reset', target: String(res._id) });
  return { email: address, password: secret, generated: chosen === undefined };
}
