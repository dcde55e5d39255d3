// One door for every self-service decision on a bill, whatever the channel: the rules of
// ./self-service.ts, and an audit record of each decision — who asked, through which channel,
// and the rule-set values it was taken with (docs/rules.md, "Self-service decisions").
// A proposal (dry run) changes nothing and is not audited; a grant or a refusal is.
import { Audit } from '../../models/audit';
import { DomainError } from '../errors';
import type { CoreContext } from '../context';
import { requestDeferral, requestInstalmentPlan, type HardshipCategory } from './self-service';
import type { InstalmentPlanProposal } from './instalment-plan';

export const DECISION_CHANNELS = ['voice', 'sms', 'web', 'agent'] as const;
export type DecisionChannel = (typeof DECISION_CHANNELS)[number];
export type DecisionKind = 'instalment' | 'deferral';

export interface DecisionCommand {
  kind: DecisionKind;
  billNumber: string;
  channel: DecisionChannel;
  /** `agent:<id>` or `customer:<account>`: who asked. */
  actor: string;
  /** Only compute the proposal. */
  dryRun?: boolean;
  hardship?: HardshipCategory[];
}

export type Decision =
  | { kind: 'instalment'; billNumber: string; stored: boolean; plan: InstalmentPlanProposal }
  | { kind: 'deferral'; billNumber: string; stored: boolean; originalDueAt: Date; newDueAt: Date };

/** The rule-set values a decision of `kind` reads, as they were when it was taken. */
function ruleValues(ctx: CoreContext, kind: DecisionKind) {
  return { ruleSet: ctx.rules.id, values: kind === 'instalment' ? ctx.rules.instalments : ctx.rules.deferral };
}

async function audit(ctx: CoreContext, cmd: DecisionCommand, outcome: string, reason?: string): Promise<void> {
  await Audit.create({
    at: ctx.clock.now(),
    actor: cmd.actor,
    action: `billing.${cmd.kind}.${outcome}`,
    target: cmd.billNumber,
    details: JSON.stringify({ channel: cmd.channel, reason, ...ruleValues(ctx, cmd.kind) }),
  });
}

export async function decide(ctx: CoreContext, cmd: DecisionCommand): Promise<Decision> {
  try {
    let decision: Decision;
    if (cmd.kind === 'instalment') {
      const r = await requestInstalmentPlan(ctx, { billNumber: cmd.billNumber, dryRun: cmd.dryRun, hardship: cmd.hardship });
      decision = { kind: 'instalment', ...r };
    } else {
      const r = await requestDeferral(ctx, { billNumber: cmd.billNumber, dryRun: cmd.dryRun });
      decision = { kind: 'deferral', ...r };
    }
    if (decision.stored) {
      const pending = decision.kind === 'instalment' && decision.plan.status === 'pending_approval';
      await audit(ctx, cmd, pending ? 'pending_approval' : 'granted');
    }
    return decision;
  } catch (err) {
    if (err instanceof DomainError && err.code === 'NotEligible') {
      await audit(ctx, cmd, 'refused', (err.details as { reason?: string } | undefined)?.reason);
    }
    throw err;
  }
}

/** The precise reason of a NotEligible refusal, or null for any other error. */
export function refusalReason(err: unknown): string | null {
  if (err instanceof DomainError && err.code === 'NotEligible') return (err.details as { reason?: string } | undefined)?.reason ?? null;
  return null;
}
