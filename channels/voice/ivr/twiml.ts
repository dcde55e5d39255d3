// The TwiML the IVR steps are built from: prompts in the caller's language (speech.ts),
// keypad <Gather>s that post to a step, <Redirect>s. Attribute order is part of the output.
import twilio from 'twilio';
import type { AppContext } from '../../../app/context';
import { publicUrl } from '../../twilio/signature';
import { say } from '../speech';

export { say };
export type VoiceResponse = InstanceType<typeof twilio.twiml.VoiceResponse>;

export const VOICE_BASE = '/webhooks/twilio/voice';

/** A menu choice: one key. */
export const CHOICE = { numDigits: 1, timeout: 6 } as const;
/** A choice offered in passing (language, outage notice): less time before moving on. */
export const QUICK_CHOICE = { numDigits: 1, timeout: 5 } as const;
/** A number typed on the keypad, ended with #. */
export const NUMBER = { finishOnKey: '#', timeout: 10 } as const;
type Keys = typeof CHOICE | typeof QUICK_CHOICE | typeof NUMBER;

export function voiceResponse(): VoiceResponse {
  return new twilio.twiml.VoiceResponse();
}

/** The public URL of a step (Twilio signs requests against it). */
export function stepUrl(ctx: AppContext, step: string): string {
  return publicUrl(ctx.config, `${VOICE_BASE}${step}`);
}

/** Keys the caller presses go to `action`. */
export function gather(ctx: AppContext, r: VoiceResponse, keys: Keys, action: string) {
  return r.gather({ input: ['dtmf'], ...keys, action: stepUrl(ctx, action), method: 'POST' });
}

export function redirect(ctx: AppContext, r: VoiceResponse, step: string): VoiceResponse {
  r.redirect({ method: 'POST' }, stepUrl(ctx, step));
  return r;
}

export interface Question {
  language: string;
  keys: Keys;
  /** The step the keys are posted to. */
  action: string;
  prompt: string;
  params?: Record<string, unknown>;
  /** Where a caller who presses nothing goes. */
  otherwise: string;
}

/** One prompt inside a <Gather>, then a <Redirect> for silence: the shape of most steps. */
export function ask(ctx: AppContext, r: VoiceResponse, q: Question): VoiceResponse {
  say(gather(ctx, r, q.keys, q.action), q.language, q.prompt, q.params);
  return redirect(ctx, r, q.otherwise);
}

/** A last prompt, then the call ends. */
export function hangUp(r: VoiceResponse, language: string, key: string, params?: Record<string, unknown>): VoiceResponse {
  say(r, language, key, params);
  r.hangup();
  return r;
}

/** "T-000123" is read digit by digit. */
export function spell(ticketNumber: string | undefined): string {
  return (ticketNumber ?? '').replace(/^T-0*/, '').split('').join(' ');
}
