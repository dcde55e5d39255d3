// The sample files in samples/ (README, "Importing from the billing system") import without a
// single refused row, through the HTTP route and `npm run import` alike: an English export with
// the field names, an Italian one (`;`, `Codice Cliente`, decimal commas, 31/01/2026) and a
// Russian one (`Лицевой счёт`, 25.01.2026, `1 520,30`).
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Bill, Contract, Customer } from '../../models';
import { startTestServer, type TestServer } from '../support/server';

jest.setTimeout(90_000);
const root = resolve(__dirname, '..', '..');
const samples = join(root, 'samples');
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

const SETS: Record<string, Record<'customers' | 'contracts' | 'bills' | 'payments', string>> = {
  en: { customers: 'customers.csv', contracts: 'contracts.csv', bills: 'bills.csv', payments: 'payments.csv' },
  ru: { customers: 'ru/абоненты.csv', contracts: 'ru/договоры.csv', bills: 'ru/счета.csv', payments: 'ru/платежи.csv' },
};

test.each(Object.keys(SETS))('the %s samples import over HTTP with every row accepted', async (set) => {
  const admin = await server.admin();
  for (const [kind, file] of Object.entries(SETS[set]!)) {
    const res = await admin.post(`/api/admin/import/${kind}`, readFileSync(join(samples, file), 'utf8'), { 'content-type': 'text/csv' });
    expect(res.status).toBe(200);
    expect({ file, failed: res.body.failed, errors: res.body.errors, unknownFields: res.body.unknownFields }).toEqual({
      file,
      failed: 0,
      errors: [],
      unknownFields: [],
    });
  }
  if (set === 'ru') {
    expect(await Customer.findById('400001').lean()).toMatchObject({ name: 'Иванов Иван Иванович', language: 'ru' });
    expect(await Contract.findById('500001').lean()).toMatchObject({ service: 'electricity', avgDailyUse: 5.2 });
    expect(await Bill.findById('С-2026-01').lean()).toMatchObject({
      amount: 1520.3,
      currency: 'RUB',
      dueAt: new Date('2026-02-10T00:00:00Z'),
    });
  }
});

test('npm run import reads the Italian `;` export with its own column names, as the HTTP route does', async () => {
  const run = (kind: string, file: string) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
      execFile(
        join(root, 'node_modules', '.bin', 'tsx'),
        ['scripts/import.ts', kind, join(samples, 'it', file)],
        { cwd: root, env: { PATH: process.env.PATH, MONGODB_URI: server.ctx.mongoUri } },
        (err, stdout, stderr) => done({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });
  for (const [kind, file] of [
    ['customers', 'clienti.csv'],
    ['contracts', 'contratti.csv'],
    ['bills', 'bollette.csv'],
    ['payments', 'pagamenti.csv'],
  ] as const) {
    const r = await run(kind, file);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ failed: 0, unknownFields: [] });
    if (kind === 'customers') expect(report.columns).toMatchObject({ 'Codice Cliente': 'accountNumber', Nominativo: 'name' });
  }
  expect(await Contract.findById('30000101').lean()).toMatchObject({
    service: 'electricity',
    avgDailyUse: 6.8,
    lastReadingAt: new Date('2026-01-31T00:00:00Z'),
  });
  expect(await Bill.findById('B-2026-101').lean()).toMatchObject({ amount: 1234.56, paidAmount: 234.56 });
});
