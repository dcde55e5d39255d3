import type { Session } from '../support/server';

let seq = 0;
export function uniqueNumber(prefix: string): string {
  seq += 1;
  return `${prefix}${Date.now().toString().slice(-6)}${String(seq).padStart(3, '0')}`;
}

export interface SeededCustomer {
  accountNumber: string;
  contractNumber: string;
  phone: string;
  email: string;
}

/** A household customer with one contract, imported through the real admin API. */
export async function seedCustomer(
  admin: Session,
  overrides: { language?: string; service?: string; phone?: string; email?: string; areaCode?: string } = {},
): Promise<SeededCustomer> {
  const accountNumber = uniqueNumber('A');
  const contractNumber = uniqueNumber('');
  const phone = overrides.phone ?? `+39333${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
  const email = overrides.email ?? `${accountNumber.toLowerCase()}@example.it`;
  const c = await admin.post('/api/admin/import/customers', [
    { accountNumber, name: 'Maria Rossi', phone, email, language: overrides.language ?? 'it', segment: 'household' },
  ]);
  if (c.status !== 200 || c.body.failed) throw new Error(`seed customer failed: ${c.text}`);
  const k = await admin.post('/api/admin/import/contracts', [
    {
      contractNumber,
      accountNumber,
      service: overrides.service ?? 'gas',
      areaCode: overrides.areaCode ?? 'BO-01',
      meterDigits: 5,
      registers: 1,
      lastReading: 1000,
      lastReadingAt: new Date(Date.now() - 30 * 86400000).toISOString(),
      avgDailyUse: 5,
    },
  ]);
  if (k.status !== 200 || k.body.failed) throw new Error(`seed contract failed: ${k.text}`);
  return { accountNumber, contractNumber, phone, email };
}
