// The daily review of the vulnerability register: every flag past its review date becomes
// a task for the supervisors (one per customer, kind and review date, so a re-run or a
// second node adds nothing). Flags stay in force until someone removes them: a missed
// review must never lift a protection.
import type { CoreContext } from '../context';
import { Customer } from '../../models/customer';
import { ensureTask } from '../../models/task';
import { batches } from '../pool';

export interface ReviewCounts {
  [k: string]: number;
  customers: number;
  overdue: number;
  created: number;
}

const BATCH = 200;

export async function reviewFlags(ctx: CoreContext, asOf: Date): Promise<ReviewCounts> {
  const counts: ReviewCounts = { customers: 0, overdue: 0, created: 0 };
  // A daily job, not a request path: a read of the flagged customers by the review-date index.
  const cursor = Customer.find({ 'vulnerabilities.reviewAt': { $lte: asOf } }, { vulnerabilities: 1 })
    .lean()
    .cursor({ batchSize: BATCH });
  for await (const rows of batches(cursor, BATCH)) {
    for (const c of rows) {
      counts.customers += 1;
      for (const f of c.vulnerabilities ?? []) {
        if (!f.reviewAt || f.reviewAt > asOf) continue;
        counts.overdue += 1;
        const created = await ensureTask({
          _id: `protection_review:${String(c._id)}:${f.kind}:${f.reviewAt.toISOString().slice(0, 10)}`,
          kind: 'protection_review',
          accountNumber: String(c._id),
          dueAt: asOf,
          note: `review date passed: confirm, extend or remove the ${f.kind === 'life_support' || f.kind === 'medical' ? 'essential_supply' : f.kind} flag`,
        });
        if (created) counts.created += 1;
      }
    }
  }
  ctx.logger.info(counts, 'protection review');
  return counts;
}
