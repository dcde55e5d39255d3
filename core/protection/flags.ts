// The vulnerability register's rules, pure: what a customer's flags do to the dunning
// ladder, to a ticket's priority, to a reminder's wording, and what an agent may see.
// docs/rules.md, "Protected customers".
import type { DunningStep } from '../billing/dunning';
import type { DunningStage } from '../../models/bill';
import type { ProtectionRule, RuleSet } from '../rules/presets';
import type { Role, VulnerabilityKind, VulnerabilityView } from '../../wire';

export interface Flag {
  kind: VulnerabilityKind | string;
  status?: 'confirmed' | 'pending' | string | null;
  source?: string | null;
  reason?: string | null;
  evidence?: string | null;
  reviewAt?: Date | null;
}

/** Kinds whose supply is never disconnected, whatever the rule set or an override says (ARERA TIMOE art. 23). */
export const NEVER_DISCONNECT: readonly string[] = ['life_support', 'medical'];

/**
 * The flags that count. A confirmed flag always; a pending one (the customer's own
 * statement, not yet checked) only for life support and medical equipment: stopping a
 * disconnection on an unchecked statement costs days, the opposite mistake costs a life.
 */
export function effectiveFlags(flags: readonly Flag[] | null | undefined): Flag[] {
  return (flags ?? []).filter((f) => f.status !== 'pending' || NEVER_DISCONNECT.includes(f.kind));
}

export type ProtectionEffect =
  { effect: 'none' } | { effect: 'block'; kind: string } | { effect: 'delay'; kind: string; delayDays: number };

/** The strongest effect of the customer's flags under the rule set: block > longest delay > none. */
export function protectionEffect(flags: readonly Flag[] | null | undefined, rules: Pick<RuleSet, 'protection'>): ProtectionEffect {
  let best: ProtectionEffect = { effect: 'none' };
  for (const f of effectiveFlags(flags)) {
    const rule: ProtectionRule = NEVER_DISCONNECT.includes(f.kind)
      ? { effect: 'block' }
      : (rules.protection[f.kind as VulnerabilityKind] ?? { effect: 'none' });
    if (rule.effect === 'block') return { effect: 'block', kind: f.kind };
    if (rule.effect === 'delay' && (best.effect !== 'delay' || rule.delayDays > best.delayDays))
      best = { effect: 'delay', kind: f.kind, delayDays: rule.delayDays };
  }
  return best;
}

export type GuardedStep = DunningStep | { kind: 'protected'; stage: DunningStage; flag: string };

/**
 * A ladder step after the customer's protection: a disconnection step (an operations task:
 * power reduction, suspension) is blocked, or waits `delayDays` more. Anything else passes.
 */
export function guardStep(step: DunningStep, effect: ProtectionEffect, now: Date): GuardedStep {
  if (step.kind !== 'fire' || !step.def?.operationsTask || effect.effect === 'none') return step;
  if (effect.effect === 'block') return { kind: 'protected', stage: step.stage, flag: effect.kind };
  const at = new Date(step.at.getTime() + effect.delayDays * 86_400_000);
  return now < at ? { kind: 'wait', stage: step.stage, at } : step;
}

/** Every ticket from a flagged customer goes one level up (1 is the most urgent). */
export function raisedPriority(priority: number, flags: readonly Flag[] | null | undefined): number {
  return (flags ?? []).length > 0 ? Math.max(1, priority - 1) : priority;
}

/** Reminders to a flagged customer use the gentle wording (core/protection/gentle-catalog.ts). */
export function wantsGentleWording(flags: readonly Flag[] | null | undefined): boolean {
  return (flags ?? []).length > 0;
}

/** Roles that may read medical detail (the kind life_support / medical, the reason, the evidence). */
export function seesMedicalDetail(role: Role | undefined): boolean {
  return role === 'supervisor' || role === 'admin' || role === 'privacy';
}

/** The flags as the customer panel shows them to `role`. */
export function flagsView(flags: readonly Flag[] | null | undefined, role: Role | undefined): VulnerabilityView[] {
  const full = seesMedicalDetail(role);
  return (flags ?? []).map((f) => {
    const medical = NEVER_DISCONNECT.includes(f.kind);
    const view: VulnerabilityView = {
      kind: medical && !full ? 'essential_supply' : (f.kind as VulnerabilityKind),
      status: f.status === 'pending' ? 'pending' : 'confirmed',
      source: (f.source as VulnerabilityView['source']) ?? 'agent',
      reviewAt: f.reviewAt ?? null,
    };
    if (!medical || full) {
      view.reason = f.reason ?? null;
      view.evidence = full ? (f.evidence ?? null) : null;
    }
    return view;
  });
}
