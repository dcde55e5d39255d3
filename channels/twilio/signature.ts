// Every Twilio webhook is signed: HMAC-SHA1 of the URL Twilio called plus the sorted POST
// parameters, keyed by the auth token. Behind a proxy the URL we see is not the one Twilio
// called, so the check uses PUBLIC_BASE_URL + the original path and query.
import express, { type RequestHandler } from 'express';
import twilio from 'twilio';
import type { Config } from '../../core/config';
import type { Logger } from '../../core/logger';
import { normaliseCaller } from './caller';

/** Twilio's own bodies are small (an SMS is at most 1600 characters); this leaves room and no more. */
export const twilioForm = express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 200 });

export function publicUrl(config: Pick<Config, 'PUBLIC_BASE_URL'>, pathAndQuery: string): string {
  return config.PUBLIC_BASE_URL.replace(/\/+$/, '') + pathAndQuery;
}

/**
 * Refuses (403, nothing stored, nothing parsed further) any request whose X-Twilio-Signature
 * does not match. Mount after `twilioForm`. TWILIO_SKIP_SIGNATURE is honoured only in
 * development (core/config.ts forces it off otherwise).
 */
export function verifyTwilioSignature(
  config: Pick<Config, 'PUBLIC_BASE_URL' | 'TWILIO_AUTH_TOKEN' | 'TWILIO_SKIP_SIGNATURE'>,
  logger?: Logger,
): RequestHandler {
  return (req, res, next) => {
    if (config.TWILIO_SKIP_SIGNATURE) return next();
    const signature = req.header('x-twilio-signature');
    const params = req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : {};
    const url = publicUrl(config, req.originalUrl);
    if (!signature || !twilio.validateRequest(config.TWILIO_AUTH_TOKEN, signature, url, params)) {
      logger?.warn({ path: req.path, hasSignature: !!signature }, 'twilio webhook refused: bad signature');
      res.status(403).type('text/plain').send('invalid signature');
      return;
    }
    next();
  };
}

/**
 * The chain for every Twilio webhook: `router.post(path, ...twilioWebhook(ctx.config), handler)`.
 * Parses the form, checks the signature, then normalises the caller (channels/twilio/caller.ts).
 */
export function twilioWebhook(config: Config, logger?: Logger): RequestHandler[] {
  return [twilioForm, verifyTwilioSignature(config, logger), normaliseCaller(config)];
}
