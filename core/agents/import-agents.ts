// Bulk creation of agents from rows (a CSV from HR): each row is created on its own, a bad
// row is reported with its line and reason and does not stop the others.
import type { Language } from '../../wire';
import { generatePassword } from '../auth/password';
import { createAgent, createAgentSchema } from './create-agent';

export interface ImportAgentsReport {
  received: number;
  created: number;
  failed: Array<{ row: number; email?: string; reason: string }>;
  createdIds: string[];
  /** Passwords generated for rows without one: shown once to the admin who imported. */
  generated: Array<{ email: string; password: string }>;
}

const list = (v: unknown) =>
  typeof v === 'string'
    ? v
        .split(/[|;,\s]+/)
        .map((x) => x.trim())
        .filter(Boolean)
    : v;

export async function importAgents(rows: Array<Record<string, unknown>>, defaultLanguage: Language): Promise<ImportAgentsReport> {
  const report: ImportAgentsReport = { received: rows.length, created: 0, failed: [], createdIds: [], generated: [] };
  for (const [i, raw] of rows.entries()) {
    // CSV cells: lists separated by | ; or spaces; empty cells mean "the default".
    const row: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(raw))
      if (v !== '' && v != null) row[k] = ['languages', 'channels', 'categories'].includes(k) ? list(v) : v;
    const generated = row.password ? null : generatePassword();
    if (generated) row.password = generated;
    const parsed = createAgentSchema.safeParse(row);
    if (!parsed.success) {
      report.failed.push({
        row: i + 1,
        email: typeof row.email === 'string' ? row.email : undefined,
        reason: parsed.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; '),
      });
      continue;
    }
    try {
      const agent = await createAgent(parsed.data, defaultLanguage);
      report.created += 1;
      report.createdIds.push(agent.id);
      if (generated) report.generated.push({ email: agent.email, password: generated });
    } catch (err) {
      report.failed.push({ row: i + 1, email: parsed.data.email, reason: (err as Error).message });
    }
  }
  return report;
}
