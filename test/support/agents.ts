// Agents for console tests, written straight to the store with one shared password hash
// (scrypt per agent would dominate the tests' time). Log in with AGENT_PASSWORD.
import { randomBytes } from 'node:crypto';
import { hashPassword } from '../../core/auth/password';
import { Agent } from '../../models/agent';
import type { Channel, Category, Presence, Role } from '../../wire';
import type { Session } from './server';

export const AGENT_PASSWORD = 'agent-password-1';
let hash: Promise<string> | null = null;

export interface TestAgent {
  id: string;
  email: string;
  name: string;
}

export interface AgentOverrides {
  name?: string;
  role?: Role;
  languages?: string[];
  channels?: Channel[];
  categories?: Category[];
  capacity?: Partial<Record<Channel, number>>;
  presence?: Presence;
  lastBusyAt?: Date;
}

export async function makeAgent(o: AgentOverrides = {}): Promise<TestAgent> {
  hash ??= hashPassword(AGENT_PASSWORD);
  const tag = randomBytes(4).toString('hex');
  const email = `agent-${tag}@test.example`;
  const name = o.name ?? `Agent ${tag}`;
  const doc = await Agent.create({
    name,
    email,
    passwordHash: await hash,
    role: o.role ?? 'agent',
    languages: o.languages ?? ['it', 'en', 'ru'],
    ...(o.channels ? { channels: o.channels } : {}),
    ...(o.categories ? { categories: o.categories } : {}),
    ...(o.capacity ? { capacity: o.capacity } : {}),
    presence: o.presence ?? 'offline',
    ...(o.lastBusyAt ? { lastBusyAt: o.lastBusyAt } : {}),
  });
  return { id: String(doc._id), email, name };
}

export async function loginAs(session: Session, agent: TestAgent): Promise<Session> {
  await session.login(agent.email, AGENT_PASSWORD);
  return session;
}
