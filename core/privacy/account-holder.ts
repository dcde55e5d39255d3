// Who may see and change a customer's own settings without logging in (the web reception's
// consent page): the account number together with a phone or e-mail on file for that account
// — the same proof as self-service decisions on a bill (core/billing/identity.ts). A wrong
// account and a wrong contact get the same answer, so a refusal reveals nothing. Reads by `_id`.
import { DomainError } from '../errors';
import { accountByEmail, accountByPhone } from '../../models/repos/customers';

export const NotTheAccountHolder = () =>
  new DomainError('NotTheAccountHolder', 'we found no customer for the details given', 403, { reason: 'not_the_account_holder' });

/** The account number when the phone (E.164) or the e-mail is on file for it; throws NotTheAccountHolder otherwise. */
export async function verifyAccountHolder(claimant: {
  accountNumber: string;
  phone?: string | null;
  email?: string | null;
}): Promise<string> {
  const account = claimant.accountNumber.trim();
  const [byPhone, byEmail] = await Promise.all([
    claimant.phone ? accountByPhone(claimant.phone) : null,
    claimant.email ? accountByEmail(claimant.email) : null,
  ]);
  if (!account || (byPhone !== account && byEmail !== account)) throw NotTheAccountHolder();
  return account;
}
