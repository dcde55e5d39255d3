// A local HTTP server that speaks enough of Twilio's REST API (2010-04-01: Messages create,
// Calls create and update) for the real `twilio` package to talk to it. Point the server at
// it with TWILIO_API_BASE_URL=standin.url; every request is recorded so a test asserts
// exactly what Twilio would have received. It can also play Twilio's part in the other
// direction: signed status callbacks to the StatusCallback URL of a message or call.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import twilio from 'twilio';

export type Params = Record<string, string | string[]>;

export interface RecordedRequest {
  method: string;
  path: string;
  /** 'Messages' | 'Calls' (create) | 'Call' (update of one call) | 'other'. */
  resource: 'Messages' | 'Calls' | 'Call' | 'other';
  accountSid: string | null;
  /** Basic-auth credentials the client sent. */
  username: string | null;
  password: string | null;
  /** The form parameters, as Twilio would parse them (repeated keys become arrays). */
  params: Params;
  headers: Record<string, string | string[] | undefined>;
  status: number;
  /** SID of the created / updated resource. */
  sid?: string;
  at: Date;
}

export interface StandInResource {
  sid: string;
  kind: 'message' | 'call';
  params: Params;
  status: string;
}

export interface TwilioStandInOptions {
  accountSid?: string;
  authToken?: string;
  /**
   * Status callbacks sent automatically after a create (e.g. ['sent', 'delivered'] for
   * messages). Off by default: tests usually drive them with `statusCallback()`.
   */
  autoMessageStatuses?: string[];
  /** Fixed port (the simulator); default a free one. */
  port?: number;
}

export interface TwilioStandIn {
  url: string;
  accountSid: string;
  authToken: string;
  requests: RecordedRequest[];
  /** Recorded Messages.create calls (successful or not). */
  messages(): RecordedRequest[];
  /** Recorded Calls.create calls. */
  calls(): RecordedRequest[];
  /** Recorded updates of a call (REST redirect / TwiML / hang up). */
  callUpdates(): RecordedRequest[];
  resource(sid: string): StandInResource | undefined;
  /** The next create to this number fails the way Twilio does (21211 invalid, 21610 unsubscribed). */
  rejectNumber(to: string, code?: 21211 | 21610 | 21614): void;
  /** The next `n` requests answer 500 (Twilio outage). */
  failNext(n?: number): void;
  /**
   * Once `n` messages in all were accepted, further message creates are held: never answered,
   * never accepted (a provider that stopped answering). `release()` drops their connections.
   */
  holdMessagesAfter(n: number): void;
  /** How many message creates are held unanswered now. */
  held(): number;
  release(): void;
  /** Webhooks Twilio would send to PUBLIC_BASE_URL go to `actualBase` instead (a test server on port 0). */
  forwardCallbacks(publicBase: string, actualBase: string): void;
  /** Sends the signed status callback Twilio would send for a resource; resolves to the HTTP status. */
  statusCallback(sid: string, status: string, extra?: Record<string, string>): Promise<number>;
  clear(): void;
  close(): Promise<void>;
}

const API = '/2010-04-01/Accounts/';

function sidOf(prefix: string): string {
  return prefix + randomBytes(16).toString('hex');
}

function parseForm(text: string): Params {
  const out: Params = {};
  for (const [k, v] of new URLSearchParams(text)) {
    const prev = out[k];
    if (prev === undefined) out[k] = v;
    else out[k] = Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

function first(p: Params, key: string): string | undefined {
  const v = p[key];
  return Array.isArray(v) ? v[0] : v;
}

function rfc2822(d: Date): string {
  return d.toUTCString().replace('GMT', '+0000');
}

export async function startTwilioStandIn(opts: TwilioStandInOptions = {}): Promise<TwilioStandIn> {
  const accountSid = opts.accountSid ?? 'AC00000000000000000000000000000000';
  const authToken = opts.authToken ?? 'dev-auth-token-change-me';
  const requests: RecordedRequest[] = [];
  const resources = new Map<string, StandInResource>();
  const rejected = new Map<string, number>();
  let failures = 0;
  let forward: { from: string; to: string } | null = null;
  let holdAfter: number | null = null;
  let accepted = 0;
  const holding: ServerResponse[] = [];

  const error = (res: ServerResponse, status: number, code: number, message: string) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status }));
  };
  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  const messageBody = (sid: string, p: Params, status: string, now: Date) => ({
    sid,
    account_sid: accountSid,
    api_version: '2010-04-01',
    body: first(p, 'Body') ?? '',
    date_created: rfc2822(now),
    date_updated: rfc2822(now),
    date_sent: null,
    direction: 'outbound-api',
    error_code: null,
    error_message: null,
    from: first(p, 'From') ?? null,
    messaging_service_sid: first(p, 'MessagingServiceSid') ?? null,
    num_media: '0',
    num_segments: '1',
    price: null,
    price_unit: 'USD',
    status,
    to: first(p, 'To'),
    uri: `${API}${accountSid}/Messages/${sid}.json`,
    subresource_uris: { media: `${API}${accountSid}/Messages/${sid}/Media.json` },
  });

  const callBody = (sid: string, p: Params, status: string, now: Date) => ({
    sid,
    account_sid: accountSid,
    api_version: '2010-04-01',
    date_created: rfc2822(now),
    date_updated: rfc2822(now),
    direction: 'outbound-api',
    from: first(p, 'From') ?? null,
    to: first(p, 'To') ?? null,
    status,
    start_time: null,
    end_time: null,
    duration: null,
    price: null,
    price_unit: 'USD',
    parent_call_sid: null,
    uri: `${API}${accountSid}/Calls/${sid}.json`,
    subresource_uris: {},
  });

  const handle = (req: IncomingMessage, res: ServerResponse, text: string) => {
    const url = new URL(req.url ?? '/', 'http://standin');
    const params = parseForm(text);
    const auth = /^Basic (.+)$/.exec(req.headers.authorization ?? '');
    const [username, password] = auth
      ? Buffer.from(auth[1] ?? '', 'base64')
          .toString('utf8')
          .split(':')
      : [null, null];
    const m = /^\/2010-04-01\/Accounts\/([^/]+)\/(Messages|Calls)(?:\/([^/.]+))?\.json$/.exec(url.pathname);
    const resource: RecordedRequest['resource'] = !m ? 'other' : m[2] === 'Messages' ? 'Messages' : m[3] ? 'Call' : 'Calls';
    if (resource === 'Messages' && req.method === 'POST' && holdAfter !== null && accepted >= holdAfter) {
      holding.push(res);
      return;
    }
    const rec: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      resource,
      accountSid: m?.[1] ?? null,
      username: username ?? null,
      password: password ?? null,
      params,
      headers: req.headers,
      status: 0,
      at: new Date(),
    };
    requests.push(rec);
    const reply = (status: number, fn: () => void) => {
      rec.status = status;
      fn();
    };

    if (failures > 0) {
      failures -= 1;
      return reply(500, () => error(res, 500, 20500, 'Internal Server Error'));
    }
    if (username !== accountSid || password !== authToken || m?.[1] !== accountSid) {
      return reply(401, () => error(res, 401, 20003, 'Authenticate'));
    }
    if (!m || req.method !== 'POST') return reply(404, () => error(res, 404, 20404, 'The requested resource was not found'));

    const now = new Date();
    const to = first(params, 'To');
    if (resource === 'Messages' || resource === 'Calls') {
      if (!to) return reply(400, () => error(res, 400, 21604, "A 'To' phone number is required."));
      if (!first(params, 'From') && !first(params, 'MessagingServiceSid'))
        return reply(400, () => error(res, 400, 21603, "A 'From' phone number is required."));
      const code = rejected.get(to);
      if (code) {
        rejected.delete(to);
        const text =
          code === 21610
            ? 'Attempt to send to unsubscribed recipient'
            : code === 21614
              ? "'To' number is not a valid mobile number"
              : `The 'To' number ${to} is not a valid phone number.`;
        return reply(400, () => error(res, 400, code, text));
      }
    }
    if (resource === 'Messages') {
      if (!first(params, 'Body') && !first(params, 'MediaUrl') && !first(params, 'ContentSid'))
        return reply(400, () => error(res, 400, 21602, 'Message body is required.'));
      const sid = sidOf('SM');
      rec.sid = sid;
      accepted += 1;
      resources.set(sid, { sid, kind: 'message', params, status: 'queued' });
      reply(201, () => json(res, 201, messageBody(sid, params, 'queued', now)));
      if (opts.autoMessageStatuses?.length) {
        void (async () => {
          for (const s of opts.autoMessageStatuses ?? []) await standIn.statusCallback(sid, s).catch(() => undefined);
        })();
      }
      return;
    }
    if (resource === 'Calls') {
      if (!first(params, 'Url') && !first(params, 'Twiml') && !first(params, 'ApplicationSid'))
        return reply(400, () => error(res, 400, 21205, 'Url parameter is required.'));
      const sid = sidOf('CA');
      rec.sid = sid;
      resources.set(sid, { sid, kind: 'call', params, status: 'queued' });
      return reply(201, () => json(res, 201, callBody(sid, params, 'queued', now)));
    }
    // Update of one call: inbound calls (placed by a test or the simulator) are unknown to
    // the stand-in and accepted as long as the SID looks like a call's.
    const sid = m[3] ?? '';
    if (!sid.startsWith('CA')) return reply(404, () => error(res, 404, 20404, `The requested resource ${url.pathname} was not found`));
    rec.sid = sid;
    const existing = resources.get(sid);
    const status = first(params, 'Status') ?? existing?.status ?? 'in-progress';
    resources.set(sid, { sid, kind: 'call', params: { ...(existing?.params ?? {}), ...params }, status });
    return reply(200, () => json(res, 200, callBody(sid, existing?.params ?? params, status, now)));
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        handle(req, res, Buffer.concat(chunks).toString('utf8'));
      } catch (err) {
        error(res, 500, 20500, String(err));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  const standIn: TwilioStandIn = {
    url: `http://127.0.0.1:${port}`,
    accountSid,
    authToken,
    requests,
    messages: () => requests.filter((r) => r.resource === 'Messages'),
    calls: () => requests.filter((r) => r.resource === 'Calls'),
    callUpdates: () => requests.filter((r) => r.resource === 'Call'),
    resource: (sid) => resources.get(sid),
    rejectNumber(to, code = 21211) {
      rejected.set(to, code);
    },
    failNext(n = 1) {
      failures += n;
    },
    holdMessagesAfter(n) {
      holdAfter = n;
    },
    held: () => holding.length,
    release() {
      holdAfter = null;
      for (const res of holding.splice(0)) res.socket?.destroy();
    },
    forwardCallbacks(publicBase, actualBase) {
      forward = { from: publicBase.replace(/\/+$/, ''), to: actualBase.replace(/\/+$/, '') };
    },
    async statusCallback(sid, status, extra = {}) {
      const r = resources.get(sid);
      if (!r) throw new Error(`stand-in knows no resource ${sid}`);
      const callbackUrl = first(r.params, 'StatusCallback');
      if (!callbackUrl) throw new Error(`${sid} was created without a StatusCallback`);
      r.status = status;
      const params: Record<string, string> =
        r.kind === 'message'
          ? {
              AccountSid: accountSid,
              ApiVersion: '2010-04-01',
              MessageSid: sid,
              SmsSid: sid,
              MessageStatus: status,
              SmsStatus: status,
              To: first(r.params, 'To') ?? '',
              From: first(r.params, 'From') ?? '',
              ...extra,
            }
          : {
              AccountSid: accountSid,
              ApiVersion: '2010-04-01',
              CallSid: sid,
              CallStatus: status,
              To: first(r.params, 'To') ?? '',
              From: first(r.params, 'From') ?? '',
              Direction: 'outbound-api',
              ...extra,
            };
      // Signed against the URL Twilio was given; delivered where the test server really listens.
      const signature = twilio.getExpectedTwilioSignature(authToken, callbackUrl, params);
      const target = forward && callbackUrl.startsWith(forward.from) ? forward.to + callbackUrl.slice(forward.from.length) : callbackUrl;
      const res = await fetch(target, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature, 'user-agent': 'TwilioProxy/1.1' },
        body: new URLSearchParams(params).toString(),
      });
      await res.arrayBuffer();
      return res.status;
    },
    clear() {
      requests.length = 0;
      accepted = 0;
      resources.clear();
      rejected.clear();
      failures = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of holding.splice(0)) res.socket?.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return standIn;
}

/**
 * Posts a form to a Twilio webhook of a test server the way Twilio would: signed with the
 * auth token against `publicBase + path` (the server's PUBLIC_BASE_URL), delivered to
 * `actualBase + path`. Returns status, body text and content type.
 */
export async function postTwilioWebhook(
  target: { actualBase: string; publicBase: string; authToken?: string },
  path: string,
  params: Record<string, string>,
  opts: { signature?: string | null } = {},
): Promise<{ status: number; text: string; contentType: string | null }> {
  const authToken = target.authToken ?? 'dev-auth-token-change-me';
  const signature =
    opts.signature === undefined
      ? twilio.getExpectedTwilioSignature(authToken, target.publicBase.replace(/\/+$/, '') + path, params)
      : opts.signature;
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'TwilioProxy/1.1' };
  if (signature !== null) headers['x-twilio-signature'] = signature;
  const res = await fetch(target.actualBase.replace(/\/+$/, '') + path, {
    method: 'POST',
    headers,
    body: new URLSearchParams(params).toString(),
  });
  return { status: res.status, text: await res.text(), contentType: res.headers.get('content-type') };
}
