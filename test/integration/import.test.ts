import { Bill, ContactPoint, Contract, Customer } from '../../models';
import { uniqueNumber } from '../factories/billing';
import { startTestServer, type Session, type TestServer } from '../support/server';

let server: TestServer;
let admin: Session;
beforeAll(async () => {
  server = await startTestServer();
  admin = await server.admin();
});
afterAll(async () => {
  await server.close();
});

test('customers: good rows are stored, bad rows are reported by row and field and do not abort the others', async () => {
  const [a, b, c] = [uniqueNumber('A'), uniqueNumber('A'), uniqueNumber('A')];
  const res = await admin.post('/api/admin/import/customers', [
    {
      accountNumber: a,
      name: 'Maria Rossi',
      phone: '333 123 4567',
      email: 'Maria@Example.it',
      language: 'it',
      segment: 'household',
      colour: 'blue',
    },
    { accountNumber: b, name: '', phone: '333 000 0000' },
    { accountNumber: c, name: 'Ivan Petrov', phone: 'not a phone', language: 'ru' },
    { accountNumber: uniqueNumber('A'), name: 'Anna Bianchi', language: 'fr' },
  ]);
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ kind: 'customers', received: 4, inserted: 1, updated: 0, failed: 3, unknownFields: ['colour'] });
  expect(res.body.errors).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ row: 2, field: 'name' }),
      expect.objectContaining({ row: 3, field: 'phone' }),
      expect.objectContaining({ row: 4, field: 'language' }),
    ]),
  );
  const stored = await Customer.findById(a).lean();
  expect(stored).toMatchObject({ name: 'Maria Rossi', phones: ['+393331234567'], emails: ['maria@example.it'] });
  expect(await ContactPoint.findById('phone:+393331234567').lean()).toMatchObject({ accountNumber: a });
  expect(await Customer.exists({ _id: b })).toBeNull();
});

test('re-importing upserts by natural key and moves contact points with the data', async () => {
  const a = uniqueNumber('A');
  await admin.post('/api/admin/import/customers', [{ accountNumber: a, name: 'Old Name', phone: '+39 333 111 2222' }]);
  const res = await admin.post('/api/admin/import/customers', [{ accountNumber: a, name: 'New Name', phone: '+39 333 111 3333' }]);
  expect(res.body).toMatchObject({ inserted: 0, updated: 1, failed: 0 });
  expect(await Customer.findById(a).lean()).toMatchObject({ name: 'New Name', phones: ['+393331113333'] });
  expect(await ContactPoint.findById('phone:+393331112222').lean()).toBeNull();
  expect(await ContactPoint.findById('phone:+393331113333').lean()).toMatchObject({ accountNumber: a });
});

test('CSV contracts, bills and payments; references to unknown records are row errors', async () => {
  const a = uniqueNumber('A');
  const k = uniqueNumber('');
  await admin.post('/api/admin/import/customers', [{ accountNumber: a, name: 'Luca Verdi', phone: '+393339998877' }]);
  const contracts = [
    'contractNumber,accountNumber,service,areaCode,meterDigits,registers,lastReading,lastReadingAt,avgDailyUse,readingWindowStartDay,readingWindowEndDay',
    `${k},${a},electricity,BO-02,6,2,1200/800,2026-10-01T00:00:00Z,7.5,20,28`,
    `${uniqueNumber('')},NOPE,gas,,,,,,,,`,
    `${uniqueNumber('')},${a},steam,,,,,,,,`,
  ].join('\n');
  const rc = await admin.post('/api/admin/import/contracts', contracts, { 'content-type': 'text/csv' });
  expect(rc.body).toMatchObject({ received: 3, inserted: 1, failed: 2 });
  expect(rc.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['accountNumber', 'service']);
  expect(await Contract.findById(k).lean()).toMatchObject({
    service: 'electricity',
    meter: { digits: 6, registers: 2 },
    lastReading: [1200, 800],
    readingWindow: { startDay: 20, endDay: 28 },
  });

  const billNo = uniqueNumber('B');
  const bills = [
    'billNumber,contractNumber,amount,currency,issuedAt,dueAt,paidAmount',
    `${billNo},${k},120.50,EUR,2026-10-01,2026-10-31,0`,
    `${uniqueNumber('B')},${k},12,EUR,2026-10-01,not-a-date,0`,
  ].join('\n');
  const rb = await admin.post('/api/admin/import/bills', bills, { 'content-type': 'text/csv' });
  expect(rb.body).toMatchObject({ inserted: 1, failed: 1, errors: [expect.objectContaining({ row: 2, field: 'dueAt' })] });
  expect(await Bill.findById(billNo).lean()).toMatchObject({ amount: 120.5, status: 'open', accountNumber: a, service: 'electricity' });

  const pay = [
    { billNumber: billNo, amount: 100, paidAt: '2026-10-20', reference: 'R1' },
    { billNumber: billNo, amount: 20.5, paidAt: '2026-10-21', reference: 'R2' },
  ];
  const rp = await admin.post('/api/admin/import/payments', pay);
  expect(rp.body).toMatchObject({ inserted: 2, failed: 0 });
  // The same file again: payments are counted once.
  const again = await admin.post('/api/admin/import/payments', pay);
  expect(again.body).toMatchObject({ inserted: 0, updated: 2 });
  expect(await Bill.findById(billNo).lean()).toMatchObject({ paidAmount: 120.5, status: 'paid' });
});

test('a body that is not rows, an unknown kind, and a non-admin are refused', async () => {
  expect((await admin.post('/api/admin/import/customers', { not: 'an array' })).status).toBe(400);
  expect((await admin.post('/api/admin/import/meters', [])).status).toBe(400);
  expect((await admin.post('/api/admin/import/customers', 'a,b\n"unterminated', { 'content-type': 'text/csv' })).status).toBe(400);
  expect((await server.session().post('/api/admin/import/customers', [])).status).toBe(401);
  await admin.post('/api/admin/agents', { name: 'Agent A', email: 'agent.import@test.example', password: 'agent-password', role: 'agent' });
  const agent = server.session();
  await agent.login('agent.import@test.example', 'agent-password');
  expect((await agent.post('/api/admin/import/customers', [])).status).toBe(403);
});

test('npm run import: a CSV file straight into the store, with the same report and exit code 2 when rows failed', async () => {
  const { execFile } = await import('node:child_process');
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join, resolve } = await import('node:path');
  const dir = mkdtempSync(join(tmpdir(), 'import-cli-'));
  const a = uniqueNumber('A');
  const file = join(dir, 'customers.csv');
  writeFileSync(file, `accountNumber,name,phone,language\n${a},Giulia Neri,+39 333 555 6666,it\n${uniqueNumber('A')},,,it\n`);
  const root = resolve(__dirname, '..', '..');
  const result = await new Promise<{ code: number | null; stdout: string }>((res) => {
    execFile(
      join(root, 'node_modules', '.bin', 'tsx'),
      ['scripts/import.ts', 'customers', file],
      { cwd: root, env: { PATH: process.env.PATH, MONGODB_URI: server.ctx.mongoUri } },
      (err, stdout) => res({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout }),
    );
  });
  expect(result.code).toBe(2);
  expect(JSON.parse(result.stdout)).toMatchObject({ kind: 'customers', received: 2, inserted: 1, failed: 1 });
  expect(await Customer.findById(a).lean()).toMatchObject({ name: 'Giulia Neri', phones: ['+393335556666'] });
}, 60_000);
