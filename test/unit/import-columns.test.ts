import { headerResolver, parseDate, parseDecimal, serviceOf } from '../../core/import/columns';
import { rowSchemas } from '../../core/import/import-rows';
import { detectDelimiter, readCsv, readTable } from '../../core/import/read-table';

test('the separator is found from the header line: comma, semicolon, tab, pipe; quoted ones do not count', () => {
  expect(detectDelimiter('a,b,c\n1,2,3')).toBe(',');
  expect(detectDelimiter('\uFEFFCodice Cliente;Nominativo;Telefono\n1;"Rossi, Mario";3')).toBe(';');
  expect(detectDelimiter('a\tb\n1\t2')).toBe('\t');
  expect(detectDelimiter('a|b\n1|2')).toBe('|');
  expect(detectDelimiter('"Rossi, Mario";b\n')).toBe(';');
  expect(detectDelimiter('accountNumber\n1')).toBe(',');
  expect(readCsv('Codice Cliente;Nominativo\n1;"Rossi; Mario"\n')).toEqual([{ 'Codice Cliente': '1', Nominativo: 'Rossi; Mario' }]);
  expect(() => readCsv('a,b\n"unterminated')).toThrow(/CSV could not be read/);
  expect(() => readTable('{"a":1}', 'rows.json')).toThrow(/a JSON import is an array of rows/);
});

test('headers: the field name in any case and spelling, and the documented Italian, Russian and English aliases', () => {
  const customers = headerResolver(Object.keys(rowSchemas.customers.shape));
  expect(customers('accountNumber')).toBe('accountNumber');
  expect(customers('ACCOUNT_NUMBER')).toBe('accountNumber');
  expect(customers('Codice Cliente')).toBe('accountNumber');
  expect(customers('codice_cliente')).toBe('accountNumber');
  expect(customers('Лицевой счёт')).toBe('accountNumber');
  expect(customers('лицевой_счет')).toBe('accountNumber');
  expect(customers('ФИО')).toBe('name');
  expect(customers('E-mail')).toBe('email');
  expect(customers('Telefono')).toBe('phone');
  expect(customers('colore preferito')).toBeNull();
  // An alias of another kind's field is not this kind's.
  expect(customers('Importo')).toBeNull();
  expect(headerResolver(Object.keys(rowSchemas.bills.shape))('Importo')).toBe('amount');
});

test('numbers with decimal commas, thousands only where unambiguous', () => {
  expect(parseDecimal('12.5')).toBe(12.5);
  expect(parseDecimal('12,5')).toBe(12.5);
  expect(parseDecimal('1.234,56')).toBe(1234.56);
  expect(parseDecimal('1,234.56')).toBe(1234.56);
  expect(parseDecimal('1 520,30')).toBe(1520.3);
  expect(parseDecimal('-3,10')).toBe(-3.1);
  expect(parseDecimal('1,234')).toBeNull(); // 1.234 or 1234?
  expect(parseDecimal('12,5,1')).toBeNull();
  expect(parseDecimal('abc')).toBeNull();
  const bill = rowSchemas.bills.safeParse({
    billNumber: 'B1',
    contractNumber: 'C1',
    amount: '1,234',
    issuedAt: '2026-02-01',
    dueAt: '2026-02-21',
  });
  expect(bill.success).toBe(false);
  expect(bill.error?.issues[0]?.message).toMatch(/not a number: 1,234/);
});

test('dates: ISO 8601 or day first; a day-first date that is no date is refused, never guessed month first', () => {
  expect(parseDate('2026-03-04')?.toISOString()).toBe('2026-03-04T00:00:00.000Z');
  expect(parseDate('04/03/2026')?.toISOString()).toBe('2026-03-04T00:00:00.000Z');
  expect(parseDate('04.03.2026')?.toISOString()).toBe('2026-03-04T00:00:00.000Z');
  expect(parseDate('4-3-2026 10:30')?.toISOString()).toBe('2026-03-04T10:30:00.000Z');
  expect(parseDate('03/25/2026')).toBeNull();
  expect(parseDate('31/02/2026')).toBeNull();
  expect(parseDate('March 4, 2026')).toBeNull();
  const r = rowSchemas.payments.safeParse({ billNumber: 'B1', amount: '10', paidAt: '03/25/2026', reference: 'R1' });
  expect(r.error?.issues[0]?.message).toMatch(/not a date: 03\/25\/2026 \(ISO 8601 2026-03-04, or day first/);
});

test('services as billing systems name them', () => {
  expect(serviceOf('luce')).toBe('electricity');
  expect(serviceOf('Energia elettrica')).toBe('electricity');
  expect(serviceOf('Электроэнергия')).toBe('electricity');
  expect(serviceOf('METANO')).toBe('gas');
  expect(serviceOf('acqua')).toBe('water');
  expect(serviceOf('Отопление')).toBe('heating');
  expect(serviceOf('telefonia')).toBe('telefonia');
});
