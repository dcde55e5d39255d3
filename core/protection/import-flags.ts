// The vulnerability register's columns in the billing system's customer rows:
// `vulnerability` (kinds, ";"-separated: life_support, medical, elderly_disabled, hardship,
// temporary), `vulnerabilityReason`, `vulnerabilityReviewAt` (ISO date). A row that has the
// column replaces the flags the import set before; flags an agent set or a customer stated
// are kept. A row without the column leaves the register alone.
import { z } from 'zod';
import { Customer } from '../../models/customer';
import { VULNERABILITY_KINDS } from '../../wire';

const blank = (v: unknown) => (v === '' || v === null ? undefined : v);

export const importFlagFields = {
  vulnerability: z.preprocess(
    (v) =>
      typeof v === 'string'
        ? v
            .split(/[;,]/)
            .map((s) => s.trim().toLowerCase())
            .filter(Boolean)
        : v === null
          ? []
          : v,
    z.array(z.enum(VULNERABILITY_KINDS, { error: `must be one of ${VULNERABILITY_KINDS.join(', ')}` })).optional(),
  ),
  vulnerabilityReason: z.preprocess(blank, z.string().trim().max(300).optional()),
  vulnerabilityReviewAt: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() !== '' ? new Date(v.trim()) : blank(v)),
    z
      .date({ error: 'must be an ISO 8601 date' })
      .refine((d) => !Number.isNaN(d.getTime()), 'must be an ISO 8601 date')
      .optional(),
  ),
};

export interface ImportedFlags {
  vulnerability?: string[];
  vulnerabilityReason?: string;
  vulnerabilityReviewAt?: Date;
}

/** Applies the row's flags to the customer just upserted (one read and one write by `_id`). */
export async function applyImportedFlags(accountNumber: string, row: ImportedFlags, now: Date): Promise<void> {
  if (row.vulnerability === undefined) return;
  const c = await Customer.findById(accountNumber, { vulnerabilities: 1 }).lean();
  const kept = (c?.vulnerabilities ?? []).filter((f) => f.source !== 'import' && !row.vulnerability!.includes(f.kind));
  const imported = row.vulnerability.map((kind) => ({
    kind,
    status: 'confirmed',
    source: 'import',
    reason: row.vulnerabilityReason,
    reviewAt: row.vulnerabilityReviewAt,
    setBy: 'import',
    setAt: now,
  }));
  await Customer.updateOne({ _id: accountNumber }, { $set: { vulnerabilities: [...kept, ...imported] } });
}
