// Customers of one network area, written straight through the models in bulk (thousands in a
// few seconds; the import API would take minutes): a customer, one contract in the area and
// contact points for the phone and the e-mail each, as the import would make them.
import { randomBytes } from 'node:crypto';
import { ContactPoint, Contract, Customer } from '../../models';
import { emailKey, phoneKey } from '../../models/contact-point';

const MOBILE_PREFIX = String(320 + Math.floor(Math.random() * 70));
let next = 0;

export interface AreaCustomer {
  accountNumber: string;
  contractNumber: string;
  phone: string;
  email: string;
}

export async function seedArea(
  n: number,
  opts: {
    areaCode: string;
    service?: 'gas' | 'electricity' | 'water' | 'heating';
    language?: 'it' | 'en' | 'ru';
    /** Contact by e-mail instead of SMS. */
    preferredChannel?: 'sms' | 'email';
  },
): Promise<AreaCustomer[]> {
  const tag = randomBytes(3).toString('hex');
  const rows: AreaCustomer[] = Array.from({ length: n }, (_, i) => ({
    accountNumber: `AR${tag}${String(i).padStart(6, '0')}`,
    contractNumber: `K${tag}${String(i).padStart(6, '0')}`,
    // An Italian mobile number (+39 3xx xxxxxxx), distinct across the calls of one test file.
    phone: `+39${MOBILE_PREFIX}${String(next++).padStart(7, '0')}`,
    email: `c${i}.${tag}@example.it`,
  }));
  for (let i = 0; i < rows.length; i += 1000) {
    const chunk = rows.slice(i, i + 1000);
    await Customer.insertMany(
      chunk.map((c) => ({
        _id: c.accountNumber,
        accountNumber: c.accountNumber,
        name: 'Cliente Zona',
        phones: [c.phone],
        emails: [c.email],
        language: opts.language ?? 'it',
        preferredChannel: opts.preferredChannel ?? 'sms',
      })),
      { ordered: false },
    );
    await Contract.insertMany(
      chunk.map((c, j) => ({
        _id: c.contractNumber,
        contractNumber: c.contractNumber,
        accountNumber: c.accountNumber,
        service: opts.service ?? 'electricity',
        areaCode: opts.areaCode,
        supplyPointCode: `IT001E${tag}${String(i + j).padStart(6, '0')}`,
        address: `Via Zona ${i + j + 1}, Bologna`,
      })),
      { ordered: false },
    );
    await ContactPoint.insertMany(
      chunk.flatMap((c) => [
        { _id: phoneKey(c.phone), accountNumber: c.accountNumber },
        { _id: emailKey(c.email), accountNumber: c.accountNumber },
      ]),
      { ordered: false },
    );
  }
  return rows;
}
