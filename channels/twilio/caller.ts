// The number a Twilio webhook came from (`From`), normalised to E.164 once, at the edge:
// twilioWebhook() puts it on the response and handlers read callerOf(res), never toE164(From).
import type { RequestHandler, Response } from 'express';
import type { Config } from '../../core/config';
import { toE164 } from '../../core/phone';

export interface TwilioCaller {
  /** `From` as Twilio sent it; '' when there was none. */
  raw: string;
  /** E.164, or null when `From` is not a phone number (withheld, a short code, a client id). */
  e164: string | null;
  /** The sender's address to store and rate-limit by: the E.164 form when there is one, else `From` as sent. */
  address: string;
}

export function callerFrom(from: unknown, defaultCountry: string): TwilioCaller {
  const raw = typeof from === 'string' ? from : '';
  const e164 = toE164(raw, defaultCountry);
  return { raw, e164, address: e164 ?? raw };
}

/** Mounted after the signature check, so nothing is derived from an unsigned request. */
export function normaliseCaller(config: Pick<Config, 'DEFAULT_COUNTRY'>): RequestHandler {
  return (req, res, next) => {
    const body = req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : {};
    res.locals.caller = callerFrom(body.From, config.DEFAULT_COUNTRY);
    next();
  };
}

/** The caller normalised by twilioWebhook(); a handler mounted without it is a wiring mistake. */
export function callerOf(res: Response): TwilioCaller {
  const caller = res.locals.caller as TwilioCaller | undefined;
  if (!caller) throw new Error('callerOf: the route is not mounted behind twilioWebhook()');
  return caller;
}
