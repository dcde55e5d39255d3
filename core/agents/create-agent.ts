import { z } from 'zod';
import { Agent } from '../../models/agent';
import { isDuplicateKey } from '../../models/store';
import { CATEGORIES, CHANNELS, LANGUAGES, ROLES, type Language } from '../../wire';
import { hashPassword, generatePassword } from '../auth/password';
import { Conflict } from '../errors';
import type { Logger } from '../logger';

export const createAgentSchema = z.object({
  name: z.string().trim().min(1).max(200),
  email: z.string().trim().toLowerCase().email(),
  password: z.string().min(8).max(200),
  // Staff roles only: an association's representatives are created with their association (core/associations).
  role: z
    .enum(ROLES.filter((r): r is Exclude<(typeof ROLES)[number], 'association'> => r !== 'association') as ['agent', 'supervisor', 'admin'])
    .default('agent'),
  /** None given: the deployment's DEFAULT_LANGUAGE, so the agent is offered the tickets most customers write. */
  languages: z.array(z.enum(LANGUAGES)).min(1).optional(),
  channels: z.array(z.enum(CHANNELS)).default([...CHANNELS]),
  categories: z.array(z.enum(CATEGORIES)).default([...CATEGORIES]),
  phone: z.string().max(100).optional(),
  capacity: z.partialRecord(z.enum(CHANNELS), z.number().int().min(0).max(100)).optional(),
});
export type CreateAgentCommand = z.input<typeof createAgentSchema>;

export interface AgentView {
  id: string;
  name: string;
  email: string;
  role: string;
  languages: string[];
  channels: string[];
  categories: string[];
}

export async function createAgent(input: CreateAgentCommand, defaultLanguage: Language): Promise<AgentView> {
  const cmd = createAgentSchema.parse(input);
  try {
    const { password, ...profile } = cmd;
    const languages = profile.languages ?? [defaultLanguage];
    const doc = await Agent.create({ ...profile, languages, passwordHash: await hashPassword(password) });
    return {
      id: String(doc._id),
      name: doc.name,
      email: doc.email,
      role: doc.role,
      languages: doc.languages,
      channels: doc.channels,
      categories: doc.categories,
    };
  } catch (err) {
    if (isDuplicateKey(err)) throw Conflict('AgentExists', `an agent with e-mail ${cmd.email} already exists`);
    throw err;
  }
}

/**
 * On a new installation, creates the first admin from ADMIN_EMAIL / ADMIN_PASSWORD, or
 * with a generated password printed once to the console (not to the log).
 */
export async function bootstrapAdmin(email: string, password: string | undefined, logger: Logger): Promise<void> {
  if (await Agent.exists({ role: 'admin' })) return;
  const chosen = password ?? generatePassword();
  try {
    await createAgent({ name: 'Administrator', email, password: chosen, role: 'admin', languages: [...LANGUAGES] }, LANGUAGES[0]);
  } catch (err) {
    if ((err as { code?: string }).code === 'AgentExists') return; // another node won the race
    throw err;
  }
  logger.info({ agent: 'admin' }, 'first admin created');
  if (!password) process.stderr.write(`\nFirst admin created: ${email} / ${chosen}\n(shown once; set ADMIN_PASSWORD to choose it)\n\n`);
}
