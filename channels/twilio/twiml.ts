import type { Response } from 'express';

/** Every Twilio webhook answer is TwiML. */
export function sendTwiml(res: Response, twiml: { toString(): string } | string, status = 200): void {
  res
    .status(status)
    .type('text/xml')
    .send(typeof twiml === 'string' ? twiml : twiml.toString());
}

export const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';
