// The audit viewer's read: newest first through the `at` index, bounded, filtered by time span
// (in the index) and by actor / action / target (exact values, never a pattern from the user).
import { Audit } from '../../models/audit';

export interface ListAuditQuery {
  from?: Date;
  to?: Date;
  actor?: string;
  action?: string;
  target?: string;
  limit: number;
}

export interface AuditRow {
  id: string;
  at: Date;
  actor: string;
  action: string;
  target?: string;
  details?: string;
}

export async function listAudit(q: ListAuditQuery): Promise<AuditRow[]> {
  const filter: Record<string, unknown> = {};
  if (q.from || q.to) filter.at = { ...(q.from ? { $gte: q.from } : {}), ...(q.to ? { $lt: q.to } : {}) };
  // Strings only (the route validates them), so no operator can ride in on a filter value.
  if (q.actor) filter.actor = String(q.actor);
  if (q.action) filter.action = String(q.action);
  if (q.target) filter.target = String(q.target);
  const rows = await Audit.find(filter).sort({ at: -1 }).limit(q.limit).lean();
  return rows.map((r) => ({
    id: String(r._id),
    at: r.at,
    actor: r.actor,
    action: r.action,
    target: r.target ?? undefined,
    details: r.details ?? undefined,
  }));
}
