// Consent keywords, as a whole message (case and surrounding punctuation ignored), in the
// three catalogue languages plus Twilio's standard English opt-out set. Words a customer
// may well send as an answer in a conversation ("yes", "sì", "да", "info", "annulla") are
// deliberately not keywords: they reach the agent. The language of the keyword answers a
// sender we do not know.
import type { Language } from '../../wire';

export type Keyword = 'stop' | 'start' | 'help';

/** A table of whole-message keywords: `add` words, then `match` a message body against them. */
export function keywordTable<T>() {
  const table = new Map<string, T>();
  return {
    add(value: T, words: string[]): void {
      for (const w of words) table.set(w, value);
    },
    /** The value of the body when it is one keyword (case and surrounding punctuation ignored). */
    match(body: string): T | null {
      const word = body
        .normalize('NFKC')
        .trim()
        .toLowerCase()
        .replace(/^[\s"'«.!?]+|[\s"'».!?]+$/g, '');
      if (!word || /\s/.test(word)) return null;
      return table.get(word) ?? null;
    },
  };
}

const KEYWORDS = keywordTable<{ keyword: Keyword; language: Language }>();
const add = (keyword: Keyword, language: Language, words: string[]) => KEYWORDS.add({ keyword, language }, words);
add('stop', 'en', ['stop', 'stopall', 'unsubscribe', 'cancel', 'end', 'quit', 'optout']);
add('stop', 'it', ['basta', 'disiscrivi', 'disiscrivimi']);
add('stop', 'ru', ['стоп', 'отписаться', 'отписка']);
add('start', 'en', ['start', 'unstop', 'subscribe']);
add('start', 'it', ['attiva', 'riattiva', 'iscrivi']);
add('start', 'ru', ['старт', 'подписаться']);
add('help', 'en', ['help']);
add('help', 'it', ['aiuto']);
add('help', 'ru', ['помощь', 'справка']);

export function consentKeyword(body: string): { keyword: Keyword; language: Language } | null {
  return KEYWORDS.match(body);
}
