// A new password for an agent who forgot theirs: the one given, or a generated one returned
// once to the admin (never logged, never stored in clear).
import { Agent } from '../../models/agent';
import { generatePassword, hashPassword } from '../auth/password';
import { NotFound } from '../errors';

export async function resetPassword(cmd: { agentId: string; password?: string }): Promise<{ password: string }> {
  const password = cmd.password ?? generatePassword();
  const res = await Agent.updateOne({ _id: cmd.agentId }, { $set: { passwordHash: await hashPassword(password) } });
  if (!res.matchedCount) throw NotFound('agent');
  return { password };
}
