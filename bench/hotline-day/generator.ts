// bench/hotline-day, the customers: an open-loop load generator in a process of its own.
// At fixed rates, alternating between the two nodes as a load balancer would: signed Twilio
// SMS webhooks (self-readings from known contracts, and conversations from new numbers),
// IVR calls step by step (entry, language, menu; some ask for an agent and wait in the
// queue), mail over SMTP, and web reception forms (each from its own client address).
// Also, through the run, a bare express endpoint (in the sinks process) and each node's
// /healthz at a low rate: the floor the machine gives an HTTP round trip at that moment.
// IPC: "run" + spec → GeneratorReport when every request has its answer (or timed out).
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import twilio from 'twilio';
import nodemailer from 'nodemailer';
import { nowMs } from './measure';

export interface GeneratorSpec {
  nodes: Array<{ url: string; smtpPort: number }>;
  publicBase: string;
  authToken: string;
  bareUrl: string;
  seconds: number;
  /** Per second: SMS webhooks, IVR steps, mails, forms. */
  rates: { sms: number; ivr: number; mail: number; form: number };
  smsReadingShare: number;
  callAgentShare: number;
  contracts: Array<{ contract: string; phone: string }>;
  /** Makes every id of this run unique. */
  tag: string;
}

export interface ChannelFigures {
  offered: number;
  answered: number;
  failures: Record<string, number>;
  ms: number[];
}

export interface GeneratorReport {
  channels: Record<'sms' | 'ivr' | 'mail' | 'form', ChannelFigures>;
  /** Contact key → epoch ms of the acknowledgement (SMS conversations: MessageSid; calls to
   * an agent: CallSid at the menu step that queues them; mail and forms: their "HD-" token). */
  acks: { sms: Record<string, number>; voice: Record<string, number>; mail: Record<string, number>; form: Record<string, number> };
  /** Contact key → epoch ms the request that made the contact was sent. */
  sent: Record<string, number>;
  readingsAcked: number;
  calls: number;
  reference: { bare: number[]; healthz: number[] };
  elapsedSeconds: number;
}

const TIMEOUT_MS = 30_000;
const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });

function request(
  base: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; text: string; ms: number; at: number }> {
  const url = new URL(base);
  const t0 = nowMs();
  return new Promise((resolve) => {
    const done = (status: number, text: string) => {
      const at = nowMs();
      resolve({ status, text, ms: at - t0, at });
    };
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path,
        method,
        agent,
        timeout: TIMEOUT_MS,
        headers: body === undefined ? headers : { ...headers, 'content-length': Buffer.byteLength(body) },
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
    req.end(body);
  });
}

function figures(): ChannelFigures {
  return { offered: 0, answered: 0, failures: {}, ms: [] };
}

async function run(spec: GeneratorSpec): Promise<GeneratorReport> {
  const report: GeneratorReport = {
    channels: { sms: figures(), ivr: figures(), mail: figures(), form: figures() },
    acks: { sms: {}, voice: {}, mail: {}, form: {} },
    sent: {},
    readingsAcked: 0,
    calls: 0,
    reference: { bare: [], healthz: [] },
    elapsedSeconds: 0,
  };
  const inflight = new Set<Promise<unknown>>();
  const track = (p: Promise<unknown>) => {
    inflight.add(p);
    void p.finally(() => inflight.delete(p));
  };
  let rr = 0;
  const nextNode = () => spec.nodes[rr++ % spec.nodes.length]!;
  const record = (c: ChannelFigures, ok: boolean, ms: number, failure: string) => {
    c.ms.push(Math.round(ms * 10) / 10);
    if (ok) c.answered += 1;
    else c.failures[failure] = (c.failures[failure] ?? 0) + 1;
  };

  // Twilio's own signing (the library's), as the real provider signs each webhook.
  const sign = (path: string, params: Record<string, string>) =>
    twilio.getExpectedTwilioSignature(spec.authToken, spec.publicBase + path, params);
  const twilioPost = (path: string, params: Record<string, string>) =>
    request(
      nextNode().url,
      'POST',
      path,
      {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': sign(path, params),
        'user-agent': 'TwilioProxy/1.1',
      },
      new URLSearchParams(params).toString(),
    );

  // ---- SMS: self-readings from known contracts, conversations from new numbers ----
  let smsSeq = 0;
  const readingOf = new Map<string, number>();
  const sms = async () => {
    const i = smsSeq++;
    const sid = `SM${randomBytes(16).toString('hex')}`;
    let params: Record<string, string>;
    const reading = spec.contracts.length > 0 && Math.random() < spec.smsReadingShare;
    if (reading) {
      const c = spec.contracts[i % spec.contracts.length]!;
      // Readings only go up, one unit a time: accepted, plausible.
      const v = (readingOf.get(c.contract) ?? 2000) + 1;
      readingOf.set(c.contract, v);
      params = {
        MessageSid: sid,
        AccountSid: 'AC00000000000000000000000000000000',
        From: c.phone,
        To: '+390000000000',
        Body: `${c.contract}g${v}`,
        NumMedia: '0',
      };
    } else {
      const from = `+39347${String(i % 10_000_000).padStart(7, '0')}`;
      params = {
        MessageSid: sid,
        AccountSid: 'AC00000000000000000000000000000000',
        From: from,
        To: '+390000000000',
        Body: 'Buongiorno, la bolletta di questo mese mi sembra troppo alta rispetto ai consumi. Potete controllare?',
        NumMedia: '0',
      };
    }
    report.channels.sms.offered += 1;
    const r = await twilioPost('/webhooks/twilio/sms', params);
    const ok = r.status === 200;
    record(report.channels.sms, ok, r.ms, String(r.status || r.text));
    if (!ok) return;
    if (reading) report.readingsAcked += 1;
    else {
      report.acks.sms[sid] = r.at;
      report.sent[sid] = r.at - r.ms;
    }
  };

  // ---- IVR: a call is 3 steps (entry, language, a self-service choice) or 4 (… the agent, and the queue's wait step) ----
  let callSeq = 0;
  const stepsPerCall = 3 + spec.callAgentShare;
  const call = async () => {
    const i = callSeq++;
    report.calls += 1;
    const sid = `CA${randomBytes(16).toString('hex')}`;
    const base = {
      CallSid: sid,
      AccountSid: 'AC00000000000000000000000000000000',
      From: `+39348${String(i % 10_000_000).padStart(7, '0')}`,
      To: '+390000000000',
      CallStatus: 'in-progress',
      Direction: 'inbound',
    };
    const toAgent = Math.random() < spec.callAgentShare;
    const steps: Array<[string, Record<string, string>]> = [
      ['/webhooks/twilio/voice', { ...base, CallStatus: 'ringing' }],
      ['/webhooks/twilio/voice/language', { ...base, Digits: '1' }],
      ['/webhooks/twilio/voice/menu', { ...base, Digits: toAgent ? '5' : '2' }],
      ...(toAgent
        ? ([['/webhooks/twilio/voice/wait', { ...base, QueuePosition: '1', AvgQueueTime: '0' }]] as Array<[string, Record<string, string>]>)
        : []),
    ];
    for (const [path, params] of steps) {
      report.channels.ivr.offered += 1;
      const r = await twilioPost(path, params);
      const ok = r.status === 200;
      record(report.channels.ivr, ok, r.ms, String(r.status || r.text));
      if (!ok) return;
      if (toAgent && path.endsWith('/menu')) {
        report.acks.voice[sid] = r.at;
        report.sent[sid] = r.at - r.ms;
      }
      // The caller listens to the prompt (kept short: the rate of steps is the target).
      await new Promise((res) => setTimeout(res, 300));
    }
  };

  // ---- Mail over SMTP, each from a new customer ----
  const transports = spec.nodes.map((n) =>
    nodemailer.createTransport({
      host: '127.0.0.1',
      port: n.smtpPort,
      secure: false,
      ignoreTLS: true,
      pool: true,
      maxConnections: 8,
      // The same 30 s as every other request; nodemailer's own defaults wait up to 10 minutes.
      connectionTimeout: TIMEOUT_MS,
      greetingTimeout: TIMEOUT_MS,
      socketTimeout: TIMEOUT_MS,
    }),
  );
  let mailSeq = 0;
  const mail = async () => {
    const i = mailSeq++;
    const token = `HD-M-${spec.tag}-${i}`;
    const transport = transports[i % transports.length]!;
    report.channels.mail.offered += 1;
    const t0 = nowMs();
    try {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(Object.assign(new Error('timeout'), { code: 'timeout' })), TIMEOUT_MS);
      });
      const sent = transport.sendMail({
        from: `Cliente ${i} <cliente.${spec.tag}.${i}@posta.example.org>`,
        to: 'service@utility.example',
        subject: `Bolletta di novembre ${token}`,
        text: `Buongiorno,\nla bolletta di novembre riporta consumi che non ho avuto. Potete verificare?\n\nCordiali saluti\n${token}\n`,
        messageId: `<hd-${spec.tag}-${i}@posta.example.org>`,
      });
      sent.catch(() => undefined);
      await Promise.race([sent, timeout]).finally(() => clearTimeout(timer));
      const at = nowMs();
      record(report.channels.mail, true, at - t0, '');
      report.acks.mail[token] = at;
      report.sent[token] = t0;
    } catch (err) {
      record(
        report.channels.mail,
        false,
        nowMs() - t0,
        (err as { responseCode?: number }).responseCode
          ? String((err as { responseCode?: number }).responseCode)
          : (err as { code?: string }).code === 'timeout'
            ? 'timeout'
            : 'error',
      );
    }
  };

  // ---- Web reception forms, each from its own address (the per-IP limit is 20 an hour) ----
  let formSeq = 0;
  const form = async () => {
    const i = formSeq++;
    const token = `HD-F-${spec.tag}-${i}`;
    report.channels.form.offered += 1;
    const body = JSON.stringify({
      category: 'complaint',
      name: 'Cliente Bench',
      email: `modulo.${spec.tag}.${i}@posta.example.org`,
      subject: `Reclamo ${token}`,
      message: `La bolletta di questo mese non corrisponde ai miei consumi. ${token}`,
      language: 'it',
    });
    const ip = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
    const r = await request(
      nextNode().url,
      'POST',
      '/api/reception/requests',
      { 'content-type': 'application/json', 'x-forwarded-for': ip },
      body,
    );
    const ok = r.status === 201;
    record(report.channels.form, ok, r.ms, String(r.status || r.text));
    if (ok) {
      report.acks.form[token] = r.at;
      report.sent[token] = r.at - r.ms;
    }
  };

  // ---- References: a bare endpoint, and each node's liveness ----
  let refSeq = 0;
  const bare = async () => {
    const r = await request(spec.bareUrl, 'GET', '/bare', {});
    if (r.status === 200) report.reference.bare.push(Math.round(r.ms * 10) / 10);
  };
  const healthz = async () => {
    const node = spec.nodes[refSeq++ % spec.nodes.length]!;
    const r = await request(node.url, 'GET', '/healthz', {});
    if (r.status === 200) report.reference.healthz.push(Math.round(r.ms * 10) / 10);
  };

  const schedules: Array<{ rate: number; fire: () => Promise<void>; next: number }> = [
    { rate: spec.rates.sms, fire: sms, next: 0 },
    { rate: spec.rates.ivr / stepsPerCall, fire: call, next: 0 },
    { rate: spec.rates.mail, fire: mail, next: 0 },
    { rate: spec.rates.form, fire: form, next: 0 },
    { rate: 5, fire: bare, next: 0 },
    { rate: 2 * spec.nodes.length, fire: healthz, next: 0 },
  ].filter((s) => s.rate > 0);
  const started = nowMs();
  const deadline = started + spec.seconds * 1000;
  // Each schedule starts at a random phase so the channels do not fire together.
  for (const s of schedules) s.next = started + Math.random() * (1000 / s.rate);
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = nowMs();
      for (const s of schedules) {
        while (s.next <= now && s.next < deadline) {
          track(s.fire().catch(() => undefined));
          s.next += 1000 / s.rate;
        }
      }
      if (now >= deadline) return resolve();
      setTimeout(tick, 2);
    };
    tick();
  });
  report.elapsedSeconds = (nowMs() - started) / 1000;
  // Every request gets its answer or its timeout.
  while (inflight.size) await Promise.race([...inflight]);
  for (const t of transports) t.close();
  return report;
}

process.on('disconnect', () => process.exit(0));
process.on('message', (m: { type: string; spec?: GeneratorSpec }) => {
  if (m.type === 'run' && m.spec) {
    run(m.spec).then(
      (r) => process.send?.(r),
      (err: unknown) => process.send?.({ error: String(err) }),
    );
  }
});
process.send?.({ ready: true });
