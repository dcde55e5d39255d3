import { parseSelfReading } from '../../core/readings/parse';

describe('parseSelfReading: readings', () => {
  test.each([
    ['12345678g4567', '12345678', 'gas', [4567]],
    ['12345678ee012345', '12345678', 'electricity', [12345]],
    ['12345678a88', '12345678', 'water', [88]],
    ['12345678t305', '12345678', 'heating', [305]],
    ['12345678 G 4567', '12345678', 'gas', [4567]],
    ['  12345678G4567  ', '12345678', 'gas', [4567]],
    ['12345678g4567,5', '12345678', 'gas', [4567.5]],
    ['12345678g 4567.25', '12345678', 'gas', [4567.25]],
    ['12345678EE 4567 2345', '12345678', 'electricity', [4567, 2345]],
    ['12345678ee4567/2345', '12345678', 'electricity', [4567, 2345]],
    ['12345678ee 4567;2345', '12345678', 'electricity', [4567, 2345]],
    ['12345678 ee T1 4567 T2 2345', '12345678', 'electricity', [4567, 2345]],
    ['12345678ee t1: 4567 t2: 2345', '12345678', 'electricity', [4567, 2345]],
    ['12345678 ee F1 4567 F2 2345', '12345678', 'electricity', [4567, 2345]],
    ['lettura 12345678g4567', '12345678', 'gas', [4567]],
    ['Autolettura: 12345678g4567', '12345678', 'gas', [4567]],
    ['показания 12345678г4567', '12345678', 'gas', [4567]],
    // Cyrillic look-alikes typed on a Russian keyboard: е е, а, т, Т1/Т2.
    ['12345678ее 4567 2345', '12345678', 'electricity', [4567, 2345]],
    ['12345678а120', '12345678', 'water', [120]],
    ['12345678ее Т1 4567 Т2 2345', '12345678', 'electricity', [4567, 2345]],
    ['１２３４５６７８g４５６７', '12345678', 'gas', [4567]],
  ])('%s', (text, contractNumber, service, values) => {
    expect(parseSelfReading(text)).toEqual({ kind: 'reading', reading: { contractNumber, service, values } });
  });
});

describe('parseSelfReading: attempts that need the format explained', () => {
  test.each([
    ['12345678 4567', 'no_service'],
    ['12345678x4567', 'unknown_service'],
    ['12345678g', 'no_value'],
    ['12345678g 45a7', 'bad_value'],
    ['12345678g 4567,12345', 'bad_value'],
    ['12345678ee 1 2 3', 'too_many_values'],
  ])('%s → %s', (text, problem) => {
    expect(parseSelfReading(text)).toMatchObject({ kind: 'malformed', problem });
  });
});

describe('parseSelfReading: conversations', () => {
  test.each([
    [''],
    ['Buongiorno, vorrei informazioni sulla bolletta'],
    ['Здравствуйте, нет света с утра'],
    ['3331234567 mi richiamate?'],
    ['123'],
    ['12345678'],
    ['  3331234567  '],
    ['STOP'],
    ['12345678g4567 ' + 'x'.repeat(100)],
    ['12345 euro da pagare?'],
  ])('%s', (text) => {
    expect(parseSelfReading(text)).toEqual({ kind: 'other' });
  });
});
