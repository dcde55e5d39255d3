// models/repos/customers.ts against the real store: a sender is found by the E.164 number or
// the e-mail address its contact point holds, and by nothing else; a contact point whose
// customer is gone finds no customer.
import mongoose from 'mongoose';
import { toE164 } from '../../core/phone';
import { ContactPoint, Customer } from '../../models';
import { emailKey, phoneKey } from '../../models/contact-point';
import { accountByEmail, accountByPhone, customerByAccount, customerByPhone, languageByPhone } from '../../models/repos/customers';
import { testStoreUris } from '../support/env';
import { identifyCaller } from '../../channels/voice/caller';

beforeAll(async () => {
  await mongoose.connect(testStoreUris().mongoUri);
  await Customer.create({
    accountNumber: 'ACC-RU',
    name: 'Ivan',
    phones: ['+393331234567'],
    emails: ['ivan@example.test'],
    language: 'ru',
  });
  await Customer.create({ accountNumber: 'ACC-NOLANG', name: 'Senza Lingua', phones: ['+393337654321'] });
  await ContactPoint.create([
    { _id: phoneKey('+393331234567'), accountNumber: 'ACC-RU' },
    { _id: emailKey('ivan@example.test'), accountNumber: 'ACC-RU' },
    { _id: phoneKey('+393337654321'), accountNumber: 'ACC-NOLANG' },
    // Left behind by a customer that was removed.
    { _id: phoneKey('+393330000001'), accountNumber: 'ACC-GONE' },
  ]);
});
afterAll(async () => {
  await mongoose.connection.db?.dropDatabase();
  await mongoose.disconnect();
});

describe('customer by phone', () => {
  it('finds a known number, with only the fields asked for', async () => {
    const c = await customerByPhone('+393331234567', { language: 1 });
    expect(c).toEqual({ _id: 'ACC-RU', language: 'ru' });
    expect((await customerByPhone('+393331234567'))?.name).toBe('Ivan');
    expect(await accountByPhone('+393331234567')).toBe('ACC-RU');
    expect(await languageByPhone('+393331234567')).toBe('ru');
  });

  it('finds nothing for an unknown number', async () => {
    expect(await customerByPhone('+393339999999')).toBeNull();
    expect(await accountByPhone('+393339999999')).toBeNull();
    expect(await languageByPhone('+393339999999')).toBeNull();
  });

  it('expects the number normalised at the edge: as typed it finds nothing, through toE164 it does', async () => {
    for (const typed of ['333 123 4567', '0039 333 1234567', '+39 333 123 4567']) {
      expect(await customerByPhone(typed)).toBeNull();
      expect((await customerByPhone(toE164(typed, 'IT')!))?._id).toBe('ACC-RU');
    }
  });

  it('finds the account but no customer behind a contact point left over', async () => {
    expect(await accountByPhone('+393330000001')).toBe('ACC-GONE');
    expect(await customerByPhone('+393330000001')).toBeNull();
  });

  it('gives no language for a customer stored without one (the caller falls back to DEFAULT_LANGUAGE)', async () => {
    expect(await languageByPhone('+393337654321')).toBeNull();
    expect(await customerByPhone('+393337654321', { language: 1 })).toEqual({ _id: 'ACC-NOLANG' });
  });

  it('lets the IVR greet such a known caller in DEFAULT_LANGUAGE instead of asking them to choose', async () => {
    expect(await identifyCaller('+393337654321', 'ru')).toMatchObject({ accountNumber: 'ACC-NOLANG', language: 'ru' });
  });
});

describe('customer by e-mail and by account', () => {
  it('finds an address whatever its case and surrounding spaces', async () => {
    expect(await accountByEmail(' Ivan@Example.TEST ')).toBe('ACC-RU');
    expect(await accountByEmail('nobody@example.test')).toBeNull();
  });

  it('reads an account whole or projected', async () => {
    expect(await customerByAccount('ACC-RU', { consents: 1 })).toEqual({
      _id: 'ACC-RU',
      consents: { sms: true, email: true, voice: true, marketing: false, reminders: true },
    });
    expect((await customerByAccount('ACC-RU'))?.emails).toEqual(['ivan@example.test']);
    expect(await customerByAccount('ACC-GONE')).toBeNull();
  });
});
