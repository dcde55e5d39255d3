// Regulatory written-answer deadlines: when an open ticket is escalated to supervisors
// (escalateDaysBefore its deadline) and when it is in breach. Pure.
import type { RuleSet } from './presets';

export interface SlaTicket {
  status?: string | null;
  sla?: { resolutionDueAt?: Date | null; warnedAt?: Date | null; breachedAt?: Date | null } | null;
}

export type SlaAction = 'none' | 'escalate' | 'breach';

export function slaAction(ticket: SlaTicket, rules: RuleSet, now: Date): SlaAction {
  const due = ticket.sla?.resolutionDueAt;
  if (!due || ticket.status === 'resolved' || ticket.status === 'closed') return 'none';
  if (now.getTime() > due.getTime()) return ticket.sla?.breachedAt ? 'none' : 'breach';
  const escalateFrom = due.getTime() - rules.escalateDaysBefore * 86_400_000;
  if (now.getTime() >= escalateFrom && !ticket.sla?.warnedAt) return 'escalate';
  return 'none';
}
