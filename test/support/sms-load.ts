// A counted load of signed Twilio SMS webhooks: each message has its own MessageSid and
// sender, and is sent again (same sid, as a provider would) until it is acknowledged with a
// 2xx or the load stops. Every attempt is recorded with its start time and outcome.
import { randomBytes } from 'node:crypto';
import twilio from 'twilio';

export interface Attempt {
  sid: string;
  startedAt: number;
  /** HTTP status, or 0 when the connection failed or was closed. */
  status: number;
}

export interface SmsLoad {
  attempts: Attempt[];
  /** MessageSids answered with a 2xx. */
  acked: Set<string>;
  /** Every MessageSid sent at least once. */
  sent: Set<string>;
  stop(): Promise<void>;
}

export const AUTH_TOKEN = 'fault-suite-auth-token-0123456789';

export function startSmsLoad(opts: {
  baseUrl: () => string;
  publicBase: string;
  concurrency: number;
  /** Resend an unacknowledged message (false: each message is tried once, e.g. to count refusals). */
  resend?: boolean;
  /** The sender of message number n (distinct by default: one ticket per message). */
  from?: (n: number) => string;
}): SmsLoad {
  const attempts: Attempt[] = [];
  const acked = new Set<string>();
  const sent = new Set<string>();
  let running = true;
  let n = 0;
  const path = '/webhooks/twilio/sms';
  const loop = async () => {
    let pending: { sid: string; from: string } | null = null;
    while (running) {
      const i = n++;
      const msg: { sid: string; from: string } = pending ?? {
        sid: `SM${randomBytes(16).toString('hex')}`,
        from: opts.from?.(i) ?? `+39333${String(1_000_000 + (i % 8_999_999)).padStart(7, '0')}`,
      };
      pending = null;
      const params = {
        MessageSid: msg.sid,
        AccountSid: 'AC00000000000000000000000000000000',
        From: msg.from,
        To: '+390000000000',
        Body: `Lettura gas? ${msg.sid.slice(2, 10)}`,
        NumMedia: '0',
      };
      const signature = twilio.getExpectedTwilioSignature(AUTH_TOKEN, opts.publicBase + path, params);
      const attempt: Attempt = { sid: msg.sid, startedAt: Date.now(), status: 0 };
      attempts.push(attempt);
      sent.add(msg.sid);
      try {
        const res = await fetch(opts.baseUrl() + path, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
          body: new URLSearchParams(params).toString(),
          signal: AbortSignal.timeout(20_000),
        });
        await res.text();
        attempt.status = res.status;
      } catch {
        attempt.status = 0;
      }
      if (attempt.status >= 200 && attempt.status < 300) acked.add(msg.sid);
      else if (opts.resend !== false) {
        pending = msg;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  };
  const loops = Array.from({ length: opts.concurrency }, loop);
  return {
    attempts,
    acked,
    sent,
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}
