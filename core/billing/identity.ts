// Who a person without a login is, for every channel (docs/rules.md, "Self-service decisions"):
// the account's own phone or e-mail, or the account number together with a phone or e-mail
// on file. Used for decisions on a bill and for the customer's own settings and data on the
// reception (consents, export, statements). A stranger and a wrong detail get the same
// answer, so a refusal reveals nothing. Reads are by `_id` only.
import { DomainError } from '../errors';
import { Bill } from '../../models/bill';
import { accountByEmail, accountByPhone, customerByAccount } from '../../models/repos/customers';

export interface Claimant {
  /** E.164, normalised at the edge (the caller ID of a call or an SMS, a number typed in a form). */
  phone?: string | null;
  email?: string | null;
  /** The account number the person typed (web form); when given it must be the bill's. */
  accountNumber?: string | null;
}

/** One refusal for "no such bill" and "not your bill": nothing about the bill leaks. */
export const NotYourBill = (billNumber: string) =>
  new DomainError('NotYourBill', `we found no bill ${billNumber} for the details given`, 403, { reason: 'not_your_bill' });

/** The account that owns `billNumber` when the claimant proves to be that account's customer; throws NotYourBill otherwise. */
export async function verifyBillOwner(billNumber: string, claimant: Claimant): Promise<{ billNumber: string; accountNumber: string }> {
  const bill = await Bill.findById(billNumber, { accountNumber: 1 }).lean();
  const account = bill?.accountNumber;
  if (!account) throw NotYourBill(billNumber);
  if (claimant.accountNumber != null && claimant.accountNumber.trim() !== account) throw NotYourBill(billNumber);
  if (!(await contactOnFile(account, claimant))) throw NotYourBill(billNumber);
  return { billNumber, accountNumber: account };
}

/** One refusal whatever did not match (the account, the phone, the e-mail): nothing about the account leaks. */
export const NotVerified = () =>
  new DomainError('NotVerified', 'we could not confirm your identity with the details given', 403, { reason: 'not_verified' });

/** The account number when a phone or e-mail on file belongs to it (and the customer is not erased); throws NotVerified otherwise. */
export async function verifyAccountHolder(claimant: Claimant & { accountNumber: string }): Promise<string> {
  const account = claimant.accountNumber.trim();
  if (!account) throw NotVerified();
  const [customer, onFile] = await Promise.all([customerByAccount(account, { anonymisedAt: 1 }), contactOnFile(account, claimant)]);
  if (!customer || customer.anonymisedAt || !onFile) throw NotVerified();
  return account;
}

/** Whether the claimant's phone or e-mail is on file for `account`. */
async function contactOnFile(account: string, claimant: Claimant): Promise<boolean> {
  const [byPhone, byEmail] = await Promise.all([
    claimant.phone ? accountByPhone(claimant.phone) : null,
    claimant.email ? accountByEmail(claimant.email) : null,
  ]);
  return byPhone === account || byEmail === account;
}

/** The open bills of the account behind a phone number (the IVR reads them back), oldest due first. */
export async function openBillsOf(accountNumber: string) {
  const bills = await Bill.find(
    { accountNumber, status: 'open' },
    { billNumber: 1, amount: 1, paidAmount: 1, dueAt: 1, instalmentPlan: 1, deferral: 1 },
  ).lean();
  return bills
    .map((b) => ({ billNumber: b.billNumber, outstanding: Math.round((b.amount - (b.paidAmount ?? 0)) * 100) / 100, dueAt: b.dueAt }))
    .filter((b) => b.outstanding > 0.005)
    .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
}
