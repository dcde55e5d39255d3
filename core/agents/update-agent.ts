// Changing what an agent does: name, role, skills (channels, categories, languages) and the
// capacity per channel. One `$set` of the fields given; returns what changed, for the audit.
import { z } from 'zod';
import { Agent } from '../../models/agent';
import { CATEGORIES, CHANNELS, LANGUAGES, ROLES } from '../../wire';
import { NotFound } from '../errors';

export const updateAgentSchema = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    role: z.enum(ROLES).optional(),
    languages: z.array(z.enum(LANGUAGES)).min(1).optional(),
    channels: z.array(z.enum(CHANNELS)).optional(),
    categories: z.array(z.enum(CATEGORIES)).optional(),
    capacity: z.partialRecord(z.enum(CHANNELS), z.number().int().min(0).max(100)).optional(),
  })
  .strict();
export type UpdateAgentChanges = z.infer<typeof updateAgentSchema>;

export interface UpdateAgentCommand {
  agentId: string;
  changes: UpdateAgentChanges;
}

export async function updateAgent(cmd: UpdateAgentCommand): Promise<{ id: string; changed: string[] }> {
  const set: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(cmd.changes)) {
    if (v === undefined) continue;
    // Capacity per channel, field by field, so an unnamed channel keeps its value.
    if (k === 'capacity') for (const [ch, n] of Object.entries(v as Record<string, number>)) set[`capacity.${ch}`] = n;
    else set[k] = v;
  }
  const updated = await Agent.findOneAndUpdate({ _id: cmd.agentId }, { $set: set }, { returnDocument: 'after' }).lean();
  if (!updated) throw NotFound('agent');
  return { id: cmd.agentId, changed: Object.keys(cmd.changes) };
}
