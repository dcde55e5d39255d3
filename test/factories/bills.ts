import type { Session } from '../support/server';
import { seedCustomer, uniqueNumber, type SeededCustomer } from './billing';

export interface SeededBill extends SeededCustomer {
  billNumber: string;
}

/** A customer, a contract and one bill, all through the real import API. */
export async function seedBill(
  admin: Session,
  bill: { amount: number; dueAt: string; issuedAt?: string; paidAmount?: number },
  customer: { language?: string; service?: string; phone?: string; email?: string; shared?: boolean } = {},
): Promise<SeededBill> {
  const seeded = await seedCustomer(admin, customer);
  if (customer.shared) {
    const k = await admin.post('/api/admin/import/contracts', [
      { contractNumber: seeded.contractNumber, accountNumber: seeded.accountNumber, service: customer.service ?? 'gas', shared: 'true' },
    ]);
    if (k.status !== 200 || k.body.failed) throw new Error(`seed shared contract failed: ${k.text}`);
  }
  const billNumber = await addBill(admin, seeded.contractNumber, bill);
  return { ...seeded, billNumber };
}

export async function addBill(
  admin: Session,
  contractNumber: string,
  bill: { amount: number; dueAt: string; issuedAt?: string; paidAmount?: number },
): Promise<string> {
  const billNumber = uniqueNumber('F');
  const issuedAt = bill.issuedAt ?? new Date(new Date(bill.dueAt).getTime() - 20 * 86_400_000).toISOString();
  const b = await admin.post('/api/admin/import/bills', [
    { billNumber, contractNumber, amount: bill.amount, issuedAt, dueAt: bill.dueAt, paidAmount: bill.paidAmount ?? 0 },
  ]);
  if (b.status !== 200 || b.body.failed) throw new Error(`seed bill failed: ${b.text}`);
  return billNumber;
}

export async function payBill(admin: Session, billNumber: string, amount: number, paidAt: string): Promise<void> {
  const p = await admin.post('/api/admin/import/payments', [{ billNumber, amount, paidAt, reference: uniqueNumber('P') }]);
  if (p.status !== 200 || p.body.failed) throw new Error(`payment failed: ${p.text}`);
}
