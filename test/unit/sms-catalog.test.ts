import { smsCatalog, tSms } from '../../channels/sms/catalog';
import { consentKeyword } from '../../channels/sms/keywords';
import { smsSegments } from '../../channels/sms/segments';

describe('segments', () => {
  test.each([
    ['a'.repeat(160), 'GSM-7', 1],
    ['a'.repeat(161), 'GSM-7', 2],
    ['è à ù ì ò é £ €'.padEnd(159, 'x'), 'GSM-7', 1], // € costs two septets: 160 in all
    ['€'.repeat(80), 'GSM-7', 1],
    ['€'.repeat(81), 'GSM-7', 2],
    ['я'.repeat(70), 'UCS-2', 1],
    ['я'.repeat(71), 'UCS-2', 2],
    ['a'.repeat(69) + 'я', 'UCS-2', 1],
    ['ê', 'UCS-2', 1], // not in GSM-7
  ])('%#', (text, encoding, segments) => {
    expect(smsSegments(text)).toMatchObject({ encoding, segments });
  });
});

// Typical values: an 8-digit contract, a two-register reading, a ticket number.
const params = {
  values: '45678/12345',
  contract: '12345678',
  ticket: 'T-000123',
  service: 'electricity',
  digits: 5,
  example: '12345678ee 4567 2345',
  number: 'T-000123',
  score: 4,
  max: 5,
};

describe('every reply fits one segment where possible', () => {
  for (const language of ['it', 'en'] as const) {
    test.each(Object.keys(smsCatalog[language]).filter((k) => !k.startsWith('service.')))(`${language} %s: one GSM-7 segment`, (key) => {
      const text = tSms(language, key, params);
      expect(text).not.toContain('{{');
      expect(smsSegments(text)).toMatchObject({ encoding: 'GSM-7', segments: 1 });
    });
  }
  // Cyrillic halves the room: the format explanation carries two examples and needs two.
  test.each(Object.keys(smsCatalog.ru).filter((k) => !k.startsWith('service.')))(
    'ru %s: one UCS-2 segment (the format help: two)',
    (key) => {
      const text = tSms('ru', key, params);
      expect(text).not.toContain('{{');
      expect(smsSegments(text).segments).toBe(key === 'reading.format' ? 2 : 1);
    },
  );
  test('every language has every key', () => {
    const keys = Object.keys(smsCatalog.it).sort();
    expect(Object.keys(smsCatalog.en).sort()).toEqual(keys);
    expect(Object.keys(smsCatalog.ru).sort()).toEqual(keys);
  });
});

test.each([
  ['STOP', 'stop', 'en'],
  [' stop. ', 'stop', 'en'],
  ['Basta', 'stop', 'it'],
  ['СТОП', 'stop', 'ru'],
  ['Отписаться', 'stop', 'ru'],
  ['START', 'start', 'en'],
  ['attiva', 'start', 'it'],
  ['старт', 'start', 'ru'],
  ['HELP', 'help', 'en'],
  ['Aiuto!', 'help', 'it'],
  ['помощь', 'help', 'ru'],
])('keyword %s', (text, keyword, language) => {
  expect(consentKeyword(text)).toEqual({ keyword, language });
});

test.each(['stop sending me bills', 'please stop', '12345678g4567', '', 'sì', 'Yes', 'да', 'info', 'annulla'])(
  'not a keyword (a conversation reaches the agent): %s',
  (text) => {
    expect(consentKeyword(text)).toBeNull();
  },
);
