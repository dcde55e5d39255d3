import { parseSmsScore } from '../../core/surveys/answer-survey';

test.each([
  ['4', { score: 4 }],
  [' 5 ', { score: 5 }],
  ['4 tutto bene', { score: 4, comment: 'tutto bene' }],
  ['4/5', { score: 4 }],
  ['5 / 5 спасибо!', { score: 5, comment: 'спасибо!' }],
  ['3 - lenti a rispondere', { score: 3, comment: 'lenti a rispondere' }],
  ['2, la prossima volta richiamatemi', { score: 2, comment: 'la prossima volta richiamatemi' }],
  ['１', { score: 1 }], // a full-width digit from some phone keyboards
  ['9', { score: 9 }], // parsed; the range is checked against the rule set when answering
])('%s is a score', (text, expected) => {
  expect(parseSmsScore(text)).toEqual(expected);
});

test.each(['', 'ok', 'grazie', '12345678g4567', '4567', '3331234567 richiamatemi', 'A4', '4a', '4,5', '10.50 euro'])(
  '%s is not a score',
  (text) => {
    expect(parseSmsScore(text)).toBeNull();
  },
);
