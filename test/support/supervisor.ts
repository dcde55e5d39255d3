import { randomBytes } from 'node:crypto';
import type { Session, TestServer } from './server';

/** A supervisor created through the admin API, logged in; the statistics need this role. */
export async function supervisorSession(server: TestServer): Promise<{ session: Session; email: string; password: string }> {
  const admin = await server.admin();
  const email = `supervisor-${randomBytes(4).toString('hex')}@test.example`;
  const password = 'supervisor-password-1';
  const res = await admin.post('/api/admin/agents', { name: 'Supervisor', email, password, role: 'supervisor', languages: ['it'] });
  if (res.status !== 201) throw new Error(`could not create supervisor: ${res.status} ${res.text}`);
  const session = server.session();
  await session.login(email, password);
  return { session, email, password };
}
