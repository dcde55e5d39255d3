// `npm run simulate -- [--texts 10] [--calls 5] [--loop] [--url http://127.0.0.1:3000] [--standin-port 3999]`
// Places fake calls and texts through the same signed Twilio webhooks as production, so the
// agent console and the dashboard show live traffic without a Twilio account. With no flags it
// drives the server running on DATA_DIR (its runtime file names the port, PUBLIC_BASE_URL and
// the Twilio token it checks signatures with; variables set here win). It exits 1 with one line
// when the server cannot be reached or refuses the webhooks, and 2 when some requests failed. With
// --standin-port it also plays Twilio's REST API (start the server with
// TWILIO_API_BASE_URL=http://127.0.0.1:<port>): calls an agent accepts are then seen bridged,
// and replies agents send are accepted. Customers and contracts come from the store when it
// can be found (MONGODB_URI or the embedded store of `npm start`), else numbers are made up.
import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import twilio from 'twilio';
import { loadConfig, type Config } from '../core/config';
import { connectStore, Contract, Customer, LANGUAGES } from '../models';
import { startTwilioStandIn, type TwilioStandIn } from '../test/support/twilio-standin';
import { ensureReachable, liveRuntime, runTool, ToolStop, twilioTarget, type TwilioTarget } from './running-server';

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const opt = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? (args[i + 1] as string) : fallback;
};

// Set first thing in main(), so a bad variable is one line, not a stack trace.
let config: Config;
let server: TwilioTarget;
let target: string;
let publicBase: string;
let sent = 0;
let failed = 0;

interface Person {
  phone: string;
  contract?: string;
  service?: string;
  lastReading?: number[];
  language: string;
}

const SERVICE_LETTER: Record<string, string> = { gas: 'g', electricity: 'ee', water: 'a', heating: 't' };
const TEXTS: Record<string, string[]> = {
  it: [
    'Buongiorno, la bolletta di ottobre è molto più alta del solito. Potete verificare?',
    'Vorrei rateizzare la bolletta, è possibile?',
    'Siamo senza luce da stamattina in via Roma',
    'Come posso cambiare l’indirizzo di fatturazione?',
  ],
  ru: [
    'Здравствуйте! Нет света с утра, когда включат?',
    'Прошу предоставить рассрочку по счёту за октябрь',
    'Почему счёт за газ такой большой?',
  ],
  en: [
    'Hello, I never signed this contract, please cancel it',
    'Could you send me a copy of my last bill?',
    'My meter reading seems wrong on the bill',
  ],
};

const pick = <T>(xs: T[]): T => xs[Math.floor(Math.random() * xs.length)] as T;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const randomPhone = () => `+39333${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
const log = (what: string, detail: Record<string, unknown> = {}) =>
  process.stdout.write(`${new Date().toISOString()} ${what} ${JSON.stringify(detail)}\n`);

async function post(path: string, params: Record<string, string>): Promise<{ status: number; text: string }> {
  const signature = twilio.getExpectedTwilioSignature(server.authToken, publicBase + path, params);
  sent++;
  const res = await fetch(target + path, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-twilio-signature': signature,
      'user-agent': 'TwilioProxy/1.1 (simulator)',
    },
    body: new URLSearchParams(params).toString(),
  }).catch((err: unknown) => {
    failed++;
    throw err;
  });
  if (res.status === 403)
    throw new ToolStop(
      `The server at ${target} refused the signed webhook ${path} (403): its TWILIO_AUTH_TOKEN or PUBLIC_BASE_URL (${publicBase}) differ from the ones used here (${server.source}).`,
    );
  if (res.status >= 400) failed++;
  return { status: res.status, text: await res.text() };
}

/** The absolute action URL of the first <Gather>/<Record>/<Enqueue> attribute, as a path. */
function attr(twiml: string, name: string): string | null {
  const m = new RegExp(`${name}="([^"]+)"`).exec(twiml);
  if (!m) return null;
  const url = (m[1] ?? '').replace(/&amp;/g, '&');
  return url.startsWith(publicBase) ? url.slice(publicBase.length) : null;
}

async function people(): Promise<Person[]> {
  const uri = config.MONGODB_URI ?? liveRuntime(config)?.mongoUri;
  if (!uri) return [];
  try {
    await connectStore(uri);
    const contracts = await Contract.find({ status: { $ne: 'closed' } })
      .limit(50)
      .lean();
    const out: Person[] = [];
    for (const c of contracts) {
      const customer = await Customer.findById(c.accountNumber).lean();
      const phone = customer?.phones?.[0];
      if (phone)
        out.push({
          phone,
          contract: c._id,
          service: c.service,
          lastReading: c.lastReading ?? [],
          language: customer.language ?? config.DEFAULT_LANGUAGE,
        });
    }
    return out;
  } catch {
    return [];
  } finally {
    await mongoose.disconnect().catch(() => undefined);
  }
}

async function text(known: Person[]): Promise<void> {
  const person = known.length && Math.random() < 0.7 ? pick(known) : { phone: randomPhone(), language: pick([...LANGUAGES]) };
  let body: string;
  const roll = Math.random();
  if (person.contract && roll < 0.45) {
    const last = person.lastReading?.length ? person.lastReading : [0];
    const values = last.map((v) => Math.floor(v + 5 + Math.random() * 40));
    person.lastReading = values;
    body = `${person.contract}${SERVICE_LETTER[person.service ?? 'gas']}${values.length === 2 ? ' ' : ''}${values.join(' ')}`;
  } else if (roll >= 0.45 && roll < 0.5) {
    body = '12345678 4567';
  } else {
    body = pick(TEXTS[person.language] ?? TEXTS.it!);
  }
  const sid = `SM${randomBytes(16).toString('hex')}`;
  const res = await post('/webhooks/twilio/sms', {
    MessageSid: sid,
    AccountSid: server.accountSid,
    From: person.phone,
    To: server.fromNumber,
    Body: body,
    NumMedia: '0',
  });
  log('sms', { sid, status: res.status, reply: /<Message>([^<]*)</.exec(res.text)?.[1] ?? null });
}

const WEB_REQUESTS: Record<string, { subject: string; message: string }> = {
  it: {
    subject: 'Bolletta più alta del solito',
    message: 'La bolletta di questo mese è quasi il doppio della precedente. Potete controllare i consumi?',
  },
  ru: { subject: 'Ошибка в счёте', message: 'В последнем счёте указаны показания, которых я не передавал. Прошу проверить.' },
  en: { subject: 'Moving house', message: 'I am moving next month and would like to transfer my contract to the new address.' },
};

/** A request through the reception form, as a visitor sends it: its acknowledgement goes out by e-mail. */
async function webRequest(known: Person[]): Promise<void> {
  const person = known.length ? pick(known) : { phone: randomPhone(), language: 'it' };
  const language = WEB_REQUESTS[person.language] ? person.language : 'it';
  const res = await fetch(`${target}/api/reception/requests`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      category: 'complaint',
      name: 'Visitatore Demo',
      email: `visitor.${randomBytes(4).toString('hex')}@demo.example`,
      ...WEB_REQUESTS[language],
      language,
    }),
  });
  sent++;
  if (res.status >= 400) failed++;
  const body = (await res.json().catch(() => ({}))) as { ticketNumber?: string };
  log('web request', { status: res.status, ticket: body.ticketNumber ?? null });
}

async function callOnce(known: Person[], standIn: TwilioStandIn | null, holdSeconds: number): Promise<void> {
  const person = known.length && Math.random() < 0.7 ? pick(known) : { phone: randomPhone(), language: 'it' };
  const CallSid = `CA${randomBytes(16).toString('hex')}`;
  const base = {
    CallSid,
    AccountSid: server.accountSid,
    From: person.phone,
    To: server.fromNumber,
    CallStatus: 'in-progress',
    Direction: 'inbound',
  };
  const step = async (path: string | null, extra: Record<string, string> = {}) =>
    path ? (await post(path, { ...base, ...extra })).text : '';
  let twiml = await step('/webhooks/twilio/voice');
  if (attr(twiml, 'action')?.startsWith('/webhooks/twilio/voice/language'))
    twiml = await step(attr(twiml, 'action'), { Digits: pick(['1', '2', '3']) });
  if (attr(twiml, 'action')?.startsWith('/webhooks/twilio/voice/outage')) await step(attr(twiml, 'action'), { Digits: pick(['1', '2']) });
  const choice = pick(['1', '2', '3', '4', '5', '5', '5']);
  log('call', { CallSid, choice });
  twiml = await step('/webhooks/twilio/voice/menu', { Digits: choice });
  if (choice === '1' && person.contract) {
    twiml = await step(attr(twiml, 'action'), { Digits: person.contract });
    const last = person.lastReading?.length ? person.lastReading : [0];
    for (const v of last) twiml = await step(attr(twiml, 'action'), { Digits: String(Math.floor(v + 10)) });
    await step(attr(twiml, 'action'), { Digits: '1' });
  } else if (choice === '4') {
    await step(attr(twiml, 'action'), { Digits: pick(['1', '2']) });
  } else if (choice === '5') {
    const waitUrl = attr(twiml, 'waitUrl');
    if (!waitUrl) {
      // Out of hours: voicemail or callback.
      const after = attr(twiml, 'action');
      const digit = pick(['1', '2']);
      twiml = await step(after, { Digits: digit });
      if (digit === '1')
        await step(attr(twiml, 'action'), {
          RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/${server.accountSid}/Recordings/RE${randomBytes(16).toString('hex')}`,
          RecordingDuration: '12',
        });
    } else {
      const started = Date.now();
      let bridged = false;
      for (let position = 3; Date.now() - started < holdSeconds * 1000; position = Math.max(1, position - 1)) {
        await step(waitUrl, {
          QueuePosition: String(position),
          QueueTime: String(Math.round((Date.now() - started) / 1000)),
          AvgQueueTime: '60',
          CurrentQueueSize: String(position),
        });
        for (let i = 0; i < 10 && !bridged; i++) {
          bridged = !!standIn?.callUpdates().some((u) => u.path.includes(CallSid));
          if (!bridged) await sleep(500);
        }
        if (bridged) break;
      }
      const queueTime = String(Math.round((Date.now() - started) / 1000));
      if (bridged) {
        log('call bridged', { CallSid });
        await sleep(3000 + Math.random() * 5000);
        await step('/webhooks/twilio/voice/queue-result', { QueueResult: 'bridged', QueueTime: queueTime });
        await step('/webhooks/twilio/voice/dial-result', { DialCallStatus: 'completed', DialCallDuration: '20' });
      } else {
        log('call abandoned', { CallSid });
        await step('/webhooks/twilio/voice/queue-result', { QueueResult: 'hangup', QueueTime: queueTime });
      }
    }
  }
  await post('/webhooks/twilio/voice/status', { ...base, CallStatus: 'completed', CallDuration: '60' });
}

/** A refusal stops the whole run; anything else is counted and the run goes on. */
const keepGoing = (what: string) => (err: unknown) => {
  if (err instanceof ToolStop) throw err;
  log(what, { err: String(err) });
};

async function main(): Promise<number> {
  config = loadConfig();
  server = twilioTarget(config, process.env, opt('url', '') || undefined);
  target = server.url;
  publicBase = server.publicBaseUrl;
  await ensureReachable(target);
  const texts = Number(opt('texts', '10'));
  const calls = Number(opt('calls', '5'));
  const hold = Number(opt('hold', '30'));
  const standInPort = opt('standin-port', '');
  const known = await people();
  const standIn = standInPort
    ? await startTwilioStandIn({
        accountSid: server.accountSid,
        authToken: server.authToken,
        port: Number(standInPort),
        autoMessageStatuses: ['sent', 'delivered'],
      })
    : null;
  if (standIn) {
    // Delivery callbacks for agents' replies go where the server really listens.
    standIn.forwardCallbacks(publicBase, target);
    log('twilio stand-in listening', { url: standIn.url });
  }
  log('simulating', { target, publicBase, knownCustomers: known.length, texts, calls });
  do {
    await Promise.all([
      (async () => {
        for (let i = 0; i < texts; i++) {
          // Every third message is a request through the reception form instead of a text.
          if (i % 3 === 2) await webRequest(known).catch(keepGoing('web request failed'));
          else await text(known).catch(keepGoing('sms failed'));
          await sleep(300 + Math.random() * 1500);
        }
      })(),
      ...Array.from({ length: calls }, async (_, i) => {
        await sleep(i * 1500);
        await callOnce(known, standIn, hold).catch(keepGoing('call failed'));
      }),
    ]);
  } while (flag('loop'));
  await standIn?.close();
  if (failed) {
    process.stderr.write(`${failed} of ${sent} requests to ${target} failed (see the lines above).\n`);
    return 2;
  }
  log('done', { requests: sent });
  return 0;
}

runTool(main);
