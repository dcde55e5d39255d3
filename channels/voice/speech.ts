// How each catalogue language is spoken by Twilio's <Say> (Amazon Polly voices, which
// Twilio supports for it-IT, ru-RU and en-GB). Voices are configuration, not prompts.
import type twilio from 'twilio';
import type { Language } from '../../wire';
import { tVoice } from './catalog';

type Say = { language: 'it-IT' | 'ru-RU' | 'en-GB'; voice: NonNullable<Parameters<twilio.twiml.VoiceResponse['say']>[0]['voice']> };

export const SAY: Record<Language, Say> = {
  it: { language: 'it-IT', voice: 'Polly.Bianca' },
  ru: { language: 'ru-RU', voice: 'Polly.Tatyana' },
  en: { language: 'en-GB', voice: 'Polly.Amy' },
};

export function sayAttributes(language: string | undefined): Say {
  return SAY[(language && language in SAY ? language : 'it') as Language];
}

type Prompting = { say(attributes: Say, text: string): unknown };

/** Text that is not a prompt (an operator's outage message, the rule set's safety instructions), in the caller's language's voice. */
export function sayText(r: Prompting, language: string, text: string): void {
  r.say(sayAttributes(language), text);
}

/** One catalogue prompt, spoken in the caller's language (into a response or a <Gather>). */
export function say(r: Prompting, language: string, key: string, params?: Record<string, unknown>): void {
  r.say(sayAttributes(language), tVoice(language, key, params));
}
