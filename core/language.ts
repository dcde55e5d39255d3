import type { Language } from '../wire';

/** A best guess from the text itself, for senders we do not know. */
export function guessLanguage(text: string, fallback: Language): Language {
  if (/[\u0400-\u04FF]/.test(text)) return 'ru';
  if (/\b(the|please|my|hello|bill|meter|thanks)\b/i.test(text)) return 'en';
  if (/\b(il|la|mio|mia|buongiorno|salve|bolletta|grazie|lettura)\b/i.test(text)) return 'it';
  return fallback;
}
