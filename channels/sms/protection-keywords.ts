// The customer's own statement of a vulnerability by SMS, as a whole-message keyword from the
// number on file: `SALVAVITA` (it), `MEDICAL` / `LIFESUPPORT` (en), `МЕДИЦИНА` / `ЛЕЧЕНИЕ` (ru)
// — someone at home depends on medical equipment. Free text that merely sounds like it is
// never taken as a statement (a wrong guess would flag, or miss, a supply): it reaches an
// agent like any message. Hardship and the other kinds are stated on the reception form or to
// an agent, where the customer chooses from the list. Pure.
import type { Language, VulnerabilityKind } from '../../wire';
import { keywordTable } from './keywords';

const WORDS = keywordTable<{ kind: VulnerabilityKind; language: Language }>();
const add = (kind: VulnerabilityKind, language: Language, words: string[]) => WORDS.add({ kind, language }, words);
add('life_support', 'it', ['salvavita']);
add('medical', 'en', ['medical']);
add('life_support', 'en', ['lifesupport']);
add('medical', 'ru', ['медицина', 'лечение']);

export function protectionKeyword(body: string): { kind: VulnerabilityKind; language: Language } | null {
  return WORDS.match(body);
}
