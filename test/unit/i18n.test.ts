import { createTranslator } from '../../core/i18n';

const t = createTranslator({
  it: { hello: 'Ciao {{name}}' },
  ru: { hello: 'Здравствуйте, {{name}}' },
  en: { hello: 'Hello {{name}}', onlyEn: 'English only' },
});

test.each([
  ['it', 'hello', 'Ciao Maria'],
  ['ru', 'hello', 'Здравствуйте, Maria'],
  ['en', 'hello', 'Hello Maria'],
  ['de', 'hello', 'Hello Maria'],
  [undefined, 'hello', 'Hello Maria'],
  ['it', 'onlyEn', 'English only'],
])('%s %s', (lng, key, expected) => {
  expect(t(lng, key, { name: 'Maria' })).toBe(expected);
});
