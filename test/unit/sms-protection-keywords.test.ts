// The vulnerability keywords by SMS: whole messages only, any case and punctuation; a
// sentence that mentions medical equipment is not a statement (it reaches an agent).
import { protectionKeyword } from '../../channels/sms/protection-keywords';

test.each([
  ['SALVAVITA', { kind: 'life_support', language: 'it' }],
  ['salvavita!', { kind: 'life_support', language: 'it' }],
  [' Medical. ', { kind: 'medical', language: 'en' }],
  ['LIFESUPPORT', { kind: 'life_support', language: 'en' }],
  ['МЕДИЦИНА', { kind: 'medical', language: 'ru' }],
  ['лечение', { kind: 'medical', language: 'ru' }],
])('%j is a statement', (body, expected) => {
  expect(protectionKeyword(body)).toEqual(expected);
});

test.each(['mio padre usa un apparecchio salvavita', 'medical bill question', 'СТОП', 'salva vita', '', 'rate F123'])(
  '%j is not',
  (body) => {
    expect(protectionKeyword(body)).toBeNull();
  },
);
