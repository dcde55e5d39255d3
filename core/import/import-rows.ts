// Import from the billing system: rows of customers, contracts, bills or payments,
// upserted by their natural key. A bad row is reported and skipped; it never aborts
// the good ones. Used by POST /api/admin/import/:kind and `npm run import`.
import { z } from 'zod';
import { Bill } from '../../models/bill';
import { ContactPoint, emailKey, phoneKey } from '../../models/contact-point';
import { Contract, SERVICES } from '../../models/contract';
import { Customer } from '../../models/customer';
import { Payment } from '../../models/payment';
import { customerByAccount } from '../../models/repos/customers';
import { LANGUAGES } from '../../wire';
import type { Config } from '../config';
import { forgetIdentities } from '../ingest/identify-customer';
import { toE164 } from '../phone';
import { dateField, decimal, headerResolver, serviceOf } from './columns';
import { applyImportedFlags, importFlagFields } from '../protection/import-flags';

export const IMPORT_KINDS = ['customers', 'contracts', 'bills', 'payments'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

const key = z.string().trim().min(1).max(64);
const optionalText = (max: number) => z.preprocess((v) => (v === '' || v === null ? undefined : v), z.string().trim().max(max).optional());
const optionalNumber = z.preprocess((v) => (v === '' || v === null ? undefined : v), decimal().optional());
/** ISO 8601 or day first (04/03/2026, 04.03.2026): core/import/columns.ts. */
const isoDate = dateField;
const optionalDate = z.preprocess((v) => (v === '' || v === null ? undefined : v), isoDate.optional());
/** 12.50, 12,50 or 1.234,56 (core/import/columns.ts). */
const amount = decimal(z.number().nonnegative());
const list = z.preprocess(
  (v) =>
    typeof v === 'string'
      ? v
          .split(/[;,]/)
          .map((s) => s.trim())
          .filter(Boolean)
      : (v ?? []),
  z.array(z.string()),
);

export const rowSchemas = {
  customers: z.object({
    accountNumber: key,
    name: z.string().trim().min(1).max(200),
    phone: list,
    email: list,
    // No language given: the deployment's DEFAULT_LANGUAGE, set when the row is written.
    language: z.preprocess((v) => (v === '' ? undefined : v), z.enum(LANGUAGES).optional()),
    segment: z.preprocess((v) => (v === '' ? undefined : v), z.enum(['household', 'business']).default('household')),
    // The vulnerability register (core/protection/import-flags.ts).
    ...importFlagFields,
  }),
  contracts: z.object({
    contractNumber: key,
    accountNumber: key,
    service: z.preprocess(serviceOf, z.enum(SERVICES)),
    supplyPointCode: optionalText(64),
    address: optionalText(300),
    areaCode: optionalText(64),
    meterDigits: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(1).max(12).default(5)),
    registers: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(1).max(2).default(1)),
    /** One value, or "day/night" for two registers. */
    lastReading: z.preprocess(
      (v) =>
        v === '' || v === null || v === undefined
          ? []
          : String(v)
              .split('/')
              .map((s) => Number(s.trim().replace(',', '.'))),
      z.array(z.number().finite().nonnegative()).max(2),
    ),
    lastReadingAt: optionalDate,
    avgDailyUse: optionalNumber,
    readingWindowStartDay: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(1).max(31).optional()),
    readingWindowEndDay: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(1).max(31).optional()),
    shared: z.preprocess((v) => v === true || v === 'true' || v === '1', z.boolean()).optional(),
  }),
  bills: z.object({
    billNumber: key,
    contractNumber: key,
    amount,
    currency: z.preprocess((v) => (v === '' ? undefined : v), z.string().length(3).default('EUR')),
    issuedAt: isoDate,
    dueAt: isoDate,
    paidAmount: z.preprocess((v) => (v === '' ? undefined : v), amount.default(0)),
  }),
  payments: z.object({
    billNumber: key,
    amount: decimal(z.number().positive()),
    paidAt: isoDate,
    reference: key,
  }),
} as const;

export interface RowError {
  /** 1-based position of the row in the file (CSV: excluding the header line). */
  row: number;
  field?: string;
  message: string;
}

export interface ImportReport {
  kind: ImportKind;
  received: number;
  inserted: number;
  updated: number;
  failed: number;
  errors: RowError[];
  unknownFields: string[];
  /** Columns read under another name (`codice_cliente` → accountNumber), so the file's author sees how each was understood. */
  columns: Record<string, string>;
  /** Bills stored but held: their supply has an open disputed-contract case (docs/rules.md, "Disputed contracts": no new bills while it is open). */
  held: Array<{ row: number; billNumber: string; contractNumber: string }>;
}

class RowRejected extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** 'held': a new bill stored but held by an open dispute on its supply. */
type Upsert = 'inserted' | 'updated' | 'held';

/** What a row may leave out and the deployment decides. */
export type ImportDefaults = Pick<Config, 'DEFAULT_COUNTRY' | 'DEFAULT_LANGUAGE'>;

const applyRow: { [K in ImportKind]: (row: z.output<(typeof rowSchemas)[K]>, defaults: ImportDefaults) => Promise<Upsert> } = {
  async customers(row, defaults) {
    const phones: string[] = [];
    for (const p of row.phone) {
      const e164 = toE164(p, defaults.DEFAULT_COUNTRY);
      if (!e164) throw new RowRejected('phone', `not a valid phone number: ${p}`);
      phones.push(e164);
    }
    const emails: string[] = [];
    for (const e of row.email) {
      if (!z.string().email().safeParse(e).success) throw new RowRejected('email', `not a valid e-mail address: ${e}`);
      emails.push(e.toLowerCase());
    }
    const before = await customerByAccount(row.accountNumber, { phones: 1, emails: 1, anonymisedAt: 1 });
    // Erased on the customer's request (core/privacy/): the billing system's copy must not bring the data back.
    if (before?.anonymisedAt) throw new RowRejected('accountNumber', 'erased on the customer’s request: not imported again');
    const res = await Customer.updateOne(
      { _id: row.accountNumber },
      {
        $set: {
          accountNumber: row.accountNumber,
          name: row.name,
          phones,
          emails,
          language: row.language ?? defaults.DEFAULT_LANGUAGE,
          segment: row.segment,
        },
      },
      { upsert: true, runValidators: true },
    );
    const newKeys = new Set([...phones.map(phoneKey), ...emails.map(emailKey)]);
    const oldKeys = [...(before?.phones ?? []).map(phoneKey), ...(before?.emails ?? []).map(emailKey)];
    for (const stale of oldKeys.filter((k) => !newKeys.has(k))) {
      await ContactPoint.deleteOne({ _id: stale, accountNumber: row.accountNumber });
    }
    for (const k of newKeys) {
      await ContactPoint.updateOne({ _id: k }, { $set: { accountNumber: row.accountNumber } }, { upsert: true });
    }
    await applyImportedFlags(row.accountNumber, row, new Date());
    return res.upsertedCount ? 'inserted' : 'updated';
  },

  async contracts(row) {
    if (!(await Customer.exists({ _id: row.accountNumber })))
      throw new RowRejected('accountNumber', `unknown account ${row.accountNumber}`);
    if (row.lastReading.length > row.registers)
      throw new RowRejected('lastReading', `has ${row.lastReading.length} values for a ${row.registers}-register meter`);
    const res = await Contract.updateOne(
      { _id: row.contractNumber },
      {
        $set: {
          contractNumber: row.contractNumber,
          accountNumber: row.accountNumber,
          service: row.service,
          supplyPointCode: row.supplyPointCode,
          address: row.address,
          areaCode: row.areaCode,
          meter: { digits: row.meterDigits, registers: row.registers },
          lastReading: row.lastReading,
          lastReadingAt: row.lastReadingAt,
          avgDailyUse: row.avgDailyUse ?? 0,
          readingWindow: { startDay: row.readingWindowStartDay, endDay: row.readingWindowEndDay },
          shared: row.shared ?? false,
        },
      },
      { upsert: true },
    );
    return res.upsertedCount ? 'inserted' : 'updated';
  },

  async bills(row) {
    const contract = await Contract.findById(row.contractNumber, { accountNumber: 1, service: 1, disputeTicketId: 1 }).lean();
    if (!contract) throw new RowRejected('contractNumber', `unknown contract ${row.contractNumber}`);
    if (row.dueAt < row.issuedAt) throw new RowRejected('dueAt', 'is before issuedAt');
    const res = await Bill.updateOne(
      { _id: row.billNumber },
      {
        $set: {
          billNumber: row.billNumber,
          contractNumber: row.contractNumber,
          accountNumber: contract.accountNumber,
          service: contract.service,
          amount: row.amount,
          currency: row.currency,
          issuedAt: row.issuedAt,
          dueAt: row.dueAt,
          paidAmount: row.paidAmount,
          status: row.paidAmount >= row.amount ? 'paid' : 'open',
        },
        // A bill that is new while the supply is disputed is held with the case; one issued
        // before the case was opened was paused by openDispute and keeps its state.
        ...(contract.disputeTicketId
          ? { $setOnInsert: { disputed: true, heldByDispute: contract.disputeTicketId, 'dunning.pausedReason': 'disputed' } }
          : {}),
      },
      { upsert: true },
    );
    if (res.upsertedCount && contract.disputeTicketId) return 'held';
    return res.upsertedCount ? 'inserted' : 'updated';
  },

  async payments(row) {
    const bill = await Bill.findById(row.billNumber, { amount: 1 }).lean();
    if (!bill) throw new RowRejected('billNumber', `unknown bill ${row.billNumber}`);
    const res = await Payment.updateOne(
      { _id: `${row.billNumber}:${row.reference}` },
      { $setOnInsert: { billNumber: row.billNumber, amount: row.amount, paidAt: row.paidAt, reference: row.reference } },
      { upsert: true },
    );
    if (!res.upsertedCount) return 'updated'; // the same payment imported again: counted once
    const after = await Bill.findOneAndUpdate(
      { _id: row.billNumber },
      { $inc: { paidAmount: row.amount } },
      { returnDocument: 'after' },
    ).lean();
    if (after && (after.paidAmount ?? 0) + 0.005 >= after.amount) {
      await Bill.updateOne({ _id: row.billNumber }, { $set: { status: 'paid' } });
    }
    return 'inserted';
  },
};

export async function importRows(kind: ImportKind, rows: unknown[], defaults: ImportDefaults): Promise<ImportReport> {
  const schema = rowSchemas[kind];
  const fieldOf = headerResolver(Object.keys(schema.shape));
  const unknown = new Set<string>();
  const columns: Record<string, string> = {};
  const report: ImportReport = {
    kind,
    received: rows.length,
    inserted: 0,
    updated: 0,
    failed: 0,
    errors: [],
    unknownFields: [],
    columns,
    held: [],
  };

  for (const [i, raw] of rows.entries()) {
    const rowNo = i + 1;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      report.failed++;
      report.errors.push({ row: rowNo, message: 'row is not an object' });
      continue;
    }
    // Each column under its field's name (aliases, any case or spelling: core/import/columns.ts).
    const row: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(raw)) {
      const field = fieldOf(k);
      if (!field) unknown.add(k);
      else if (!(field in row) || row[field] === '' || row[field] === undefined) {
        row[field] = v;
        if (field !== k) columns[k] = field;
      }
    }
    const parsed = schema.safeParse(row);
    if (!parsed.success) {
      report.failed++;
      for (const issue of parsed.error.issues) report.errors.push({ row: rowNo, field: issue.path.join('.'), message: issue.message });
      continue;
    }
    try {
      // The union of row types is narrowed by `kind`; TypeScript cannot see that through the map.
      const outcome = await (applyRow[kind] as (r: unknown, d: ImportDefaults) => Promise<Upsert>)(parsed.data, defaults);
      if (outcome === 'held') {
        // Stored (nothing from the billing system is lost), counted as inserted, listed as held.
        const bill = parsed.data as { billNumber: string; contractNumber: string };
        report.inserted++;
        report.held.push({ row: rowNo, billNumber: bill.billNumber, contractNumber: bill.contractNumber });
      } else report[outcome]++;
    } catch (err) {
      report.failed++;
      if (err instanceof RowRejected) report.errors.push({ row: rowNo, field: err.field, message: err.message });
      else report.errors.push({ row: rowNo, message: 'could not be stored' });
    }
  }
  report.unknownFields = [...unknown].sort();
  // Ingest remembers who is behind a number or address for a few seconds: not past an import.
  if (kind === 'customers' || kind === 'contracts') forgetIdentities();
  return report;
}
