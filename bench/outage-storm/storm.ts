// bench/outage-storm, the storm: an open-loop load generator in a process of its own (its work
// must not count as the server's). At `rate` webhooks a second for `seconds`: signed Twilio SMS
// webhooks with an outage text, and IVR calls of two steps (the entry, which announces the
// outage in force, then menu 3, the caller's own report), each from its own customer of the
// area; through the same window the bare endpoint at `bareRate`, timed the same way.
// IPC: first message "ready"; then a StormSpec → StormReport once every request has its answer.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import twilio from 'twilio';

export interface StormSpec {
  url: string;
  bareUrl: string;
  publicBase: string;
  authToken: string;
  /** Webhooks per second, SMS and IVR steps together. */
  rate: number;
  seconds: number;
  /** Share of the webhooks that are SMS; the rest are IVR steps (two per call). */
  smsShare: number;
  bareRate: number;
  /** One phone per contact, in order: no customer writes or calls twice. */
  phones: string[];
}

export interface StormReport {
  sms: Figures;
  ivr: Figures;
  bare: Figures;
  /** Contacts the server acknowledged (200): SMS by MessageSid, calls by CallSid of their menu-3 step. */
  acked: { sms: string[]; voice: string[] };
  /** Answers that did not carry the outage's message (the customer was not told at once). */
  untold: number;
  elapsedSeconds: number;
}

export interface Figures {
  offered: number;
  answered: number;
  failures: Record<string, number>;
  ms: number[];
}

const TIMEOUT_MS = 30_000;
const SMS_TEXTS = ['GUASTO', 'Siamo senza luce da mezz’ora', 'guasto in via Roma, niente corrente', 'Ancora blackout?'];

function post(
  agent: http.Agent,
  base: string,
  path: string,
  headers: Record<string, string>,
  body: string,
): Promise<{ status: number; text: string; ms: number }> {
  const url = new URL(base);
  const t0 = performance.now();
  return new Promise((resolve) => {
    const done = (status: number, text: string) => resolve({ status, text, ms: performance.now() - t0 });
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path,
        method: body ? 'POST' : 'GET',
        agent,
        timeout: TIMEOUT_MS,
        headers: body ? { ...headers, 'content-length': Buffer.byteLength(body) } : headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8')));
        res.on('error', () => done(0, 'response error'));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (err) => done(0, err.message === 'timeout' ? 'timeout' : 'error'));
    req.end(body || undefined);
  });
}

const figures = (): Figures => ({ offered: 0, answered: 0, failures: {}, ms: [] });

async function storm(spec: StormSpec): Promise<StormReport> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const bareAgent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  const report: StormReport = {
    sms: figures(),
    ivr: figures(),
    bare: figures(),
    acked: { sms: [], voice: [] },
    untold: 0,
    elapsedSeconds: 0,
  };
  const inflight = new Set<Promise<unknown>>();
  const track = (p: Promise<unknown>) => {
    inflight.add(p);
    void p.finally(() => inflight.delete(p));
  };
  const record = (f: Figures, r: { status: number; text: string; ms: number }) => {
    f.ms.push(Math.round(r.ms * 100) / 100);
    if (r.status === 200) f.answered += 1;
    else {
      const why = r.status === 0 ? r.text : String(r.status);
      f.failures[why] = (f.failures[why] ?? 0) + 1;
    }
  };
  // Twilio's own signing (the library's), as the real provider signs each webhook.
  const sign = (path: string, params: Record<string, string>) =>
    twilio.getExpectedTwilioSignature(spec.authToken, spec.publicBase + path, params);
  const webhook = (path: string, params: Record<string, string>) =>
    post(
      agent,
      spec.url,
      path,
      { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': sign(path, params) },
      new URLSearchParams(params).toString(),
    );
  // The outage's public message starts with this (run.ts declares it so): the answer told the customer.
  const told = (text: string) => text.includes('OUTAGE-STORM');

  let nextPhone = 0;
  const phone = () => spec.phones[nextPhone++ % spec.phones.length]!;
  // Calls whose entry was answered, waiting for their menu-3 step.
  const entered: Array<{ callSid: string; from: string }> = [];
  let smsCredit = 0;

  const sms = () => {
    const from = phone();
    const params = {
      MessageSid: `SM${randomBytes(16).toString('hex')}`,
      AccountSid: 'ACbench',
      From: from,
      To: '+390000000000',
      Body: SMS_TEXTS[nextPhone % SMS_TEXTS.length]!,
      NumMedia: '0',
    };
    report.sms.offered += 1;
    track(
      webhook('/webhooks/twilio/sms', params).then((r) => {
        record(report.sms, r);
        if (r.status === 200) {
          report.acked.sms.push(params.MessageSid);
          if (!told(r.text)) report.untold += 1;
        }
      }),
    );
  };
  const ivrStep = () => {
    const base = { AccountSid: 'ACbench', To: '+390000000000', CallStatus: 'in-progress' };
    const waiting = entered.shift();
    report.ivr.offered += 1;
    if (waiting) {
      const params = { ...base, CallSid: waiting.callSid, From: waiting.from, Digits: '3' };
      track(
        webhook('/webhooks/twilio/voice/menu', params).then((r) => {
          record(report.ivr, r);
          if (r.status === 200) report.acked.voice.push(waiting.callSid);
        }),
      );
      return;
    }
    const params = { ...base, CallSid: `CA${randomBytes(16).toString('hex')}`, From: phone() };
    track(
      webhook('/webhooks/twilio/voice', params).then((r) => {
        record(report.ivr, r);
        if (r.status !== 200) return;
        if (!told(r.text)) report.untold += 1;
        entered.push({ callSid: params.CallSid, from: params.From });
      }),
    );
  };
  const bare = () => {
    report.bare.offered += 1;
    track(post(bareAgent, spec.bareUrl, '/bare', {}, '').then((r) => record(report.bare, r)));
  };

  const started = performance.now();
  const total = Math.round(spec.rate * spec.seconds);
  const bareTotal = Math.round(spec.bareRate * spec.seconds);
  let sent = 0;
  let bareSent = 0;
  // Open loop: each request leaves at its own instant, whatever the answers before it do.
  await new Promise<void>((resolve) => {
    const tick = () => {
      const elapsed = (performance.now() - started) / 1000;
      while (sent < Math.min(total, Math.floor(elapsed * spec.rate))) {
        sent += 1;
        smsCredit += spec.smsShare;
        if (smsCredit >= 1) {
          smsCredit -= 1;
          sms();
        } else ivrStep();
      }
      while (bareSent < Math.min(bareTotal, Math.floor(elapsed * spec.bareRate))) {
        bareSent += 1;
        bare();
      }
      if (sent >= total && bareSent >= bareTotal) resolve();
      else setTimeout(tick, 2);
    };
    tick();
  });
  while (inflight.size) await Promise.race(inflight);
  report.elapsedSeconds = (performance.now() - started) / 1000;
  agent.destroy();
  bareAgent.destroy();
  return report;
}

process.on('disconnect', () => process.exit(0));
process.on('message', (spec: StormSpec) => {
  void storm(spec).then((r) => process.send?.(r));
});
process.send?.('ready');
