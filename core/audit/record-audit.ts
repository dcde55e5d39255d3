// The audit trail of administrative actions: who did what to which record, when. Details hold
// ids, codes and counts, never message text or passwords. Read by the admin audit viewer.
import { Audit } from '../../models/audit';

export interface AuditEntry {
  at: Date;
  /** The acting person's agent id ("system" for the server itself). */
  actor: string;
  /** Dotted verb, e.g. `agent.update`, `queue.update`, `import.customers`. */
  action: string;
  target?: string;
  details?: Record<string, unknown>;
}

export async function recordAudit(entry: AuditEntry): Promise<void> {
  await Audit.create({
    at: entry.at,
    actor: entry.actor,
    action: entry.action,
    ...(entry.target ? { target: entry.target } : {}),
    ...(entry.details ? { details: JSON.stringify(entry.details) } : {}),
  });
}
