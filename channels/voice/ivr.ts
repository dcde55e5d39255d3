// The IVR, one webhook per step under /webhooks/twilio/voice (DESIGN.md). Each step parses
// Twilio's form, does one thing, and answers TwiML; what the call remembers lives in Redis
// (call-state.ts). Prompts come from catalog.ts; times go out as `call.event`s for the
// statistics (waitSeconds excludes the IVR, waitWithIvrSeconds includes it).
import { randomUUID } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { DateTime } from 'luxon';
import twilio from 'twilio';
import { z } from 'zod';
import { isOpen, type WeeklyHours } from '../../core/business-hours';
import type { EventMap } from '../../core/events';
import { ingest } from '../../core/ingest/ingest';
import { summarize } from '../../core/tickets/summary';
import { toE164 } from '../../core/phone';
import { recordReading, type RecordReadingResult } from '../../core/readings/record-reading';
import { Bill } from '../../models/bill';
import { Contract } from '../../models/contract';
import type { Language } from '../../wire';
import { Outage } from '../../models/outage';
import { QueueItem } from '../../models/queue-item';
import { Ticket } from '../../models/ticket';
import type { AppContext } from '../../app/context';
import { publicUrl } from '../twilio/signature';
import { sendTwiml } from '../twilio/twiml';
import { CallStore, type CallState } from './call-state';
import { activeOutage, identifyCaller } from './caller';
import { tVoice } from './catalog';
import { countOutageReport } from './outage-reports';
import { sayAttributes } from './speech';

export const VOICE_BASE = '/webhooks/twilio/voice';
type VoiceResponse = InstanceType<typeof twilio.twiml.VoiceResponse>;
type CallKind = EventMap['call.event']['kind'];

const callSchema = z.object({
  CallSid: z.string().min(2).max(64),
  From: z.string().max(64).default(''),
  To: z.string().max(64).optional(),
  Digits: z.string().max(40).optional(),
});

/** Keypad choices the caller made by language: 1 it, 2 en, 3 ru (the order of the greeting). */
const LANGUAGE_KEYS: Record<string, Language> = { '1': 'it', '2': 'en', '3': 'ru' };
const MAX_MENU_RETRIES = 3;

export interface Ivr {
  calls: CallStore;
  hours: WeeklyHours;
}

export function createIvr(ctx: AppContext, hours: WeeklyHours): Ivr {
  return { calls: new CallStore(ctx.redis), hours };
}

function url(ctx: AppContext, step: string): string {
  return publicUrl(ctx.config, `${VOICE_BASE}${step}`);
}

function say(
  r: VoiceResponse | ReturnType<VoiceResponse['gather']>,
  language: string,
  key: string,
  params?: Record<string, unknown>,
): void {
  r.say(sayAttributes(language), tVoice(language, key, params));
}

function emitCall(ctx: AppContext, callSid: string, kind: CallKind, state: CallState, extra: Partial<EventMap['call.event']> = {}): void {
  ctx.events.emit('call.event', {
    callSid,
    kind,
    at: ctx.clock.now(),
    language: state.language,
    queue: state.queue,
    ticketId: state.ticketId,
    ivrChoices: state.choices,
    ...extra,
  });
}

function seconds(fromMs: number | undefined, to: Date): number | undefined {
  return fromMs === undefined ? undefined : Math.max(0, Math.round((to.getTime() - fromMs) / 1000));
}

/** A step: parse, run, answer TwiML; an unexpected error still answers TwiML (an apology), never JSON. */
function step(
  ctx: AppContext,
  ivr: Ivr,
  fn: (call: z.infer<typeof callSchema>, req: Request, state: CallState) => Promise<VoiceResponse>,
): RequestHandler {
  return async (req: Request, res: Response) => {
    const parsed = callSchema.safeParse(req.body ?? {});
    if (!parsed.success) {
      res.status(400).type('text/plain').send('missing CallSid');
      return;
    }
    let state: CallState = { choices: 0 };
    try {
      state = await ivr.calls.get(parsed.data.CallSid);
      sendTwiml(res, await fn(parsed.data, req, state));
    } catch (err) {
      const errorId = randomUUID();
      ctx.logger.error({ err, errorId, callSid: parsed.data.CallSid, path: req.path }, 'ivr step failed');
      const r = new twilio.twiml.VoiceResponse();
      say(r, state.language ?? ctx.config.DEFAULT_LANGUAGE, 'error.generic');
      r.hangup();
      sendTwiml(res, r);
    }
  };
}

// ---------------------------------------------------------------- building blocks

function menu(ctx: AppContext, r: VoiceResponse, language: string, retry = 0): VoiceResponse {
  const g = r.gather({ input: ['dtmf'], numDigits: 1, timeout: 6, action: url(ctx, '/menu'), method: 'POST' });
  say(g, language, 'menu');
  r.redirect({ method: 'POST' }, url(ctx, `/menu?retry=${retry + 1}`));
  return r;
}

/** After the language is known: the outage announcement (24/7) if one concerns the caller, then the menu. */
async function start(ctx: AppContext, ivr: Ivr, callSid: string, language: Language, areaCodes: string[] | null): Promise<VoiceResponse> {
  const r = new twilio.twiml.VoiceResponse();
  say(r, language, 'welcome');
  const outage = areaCodes ? await activeOutage(areaCodes) : null;
  if (outage) {
    const cause = outage.cause?.[language] || tVoice(language, 'outage.cause_unknown');
    const service = tVoice(language, `service.${outage.service}`);
    if (outage.expectedRestorationAt) {
      const restoration = DateTime.fromJSDate(outage.expectedRestorationAt, { zone: ctx.config.TIMEZONE })
        .setLocale(language)
        .toFormat('cccc d MMMM, HH:mm');
      say(r, language, 'outage.announce', { service, cause, restoration });
    } else {
      say(r, language, 'outage.announce_no_eta', { service, cause });
    }
    const g = r.gather({ input: ['dtmf'], numDigits: 1, timeout: 5, action: url(ctx, `/outage?o=${String(outage._id)}`), method: 'POST' });
    say(g, language, 'outage.offer');
    r.redirect({ method: 'POST' }, url(ctx, '/menu'));
    return r;
  }
  return menu(ctx, r, language);
}

function languageOf(state: CallState, ctx: AppContext): Language {
  return state.language ?? ctx.config.DEFAULT_LANGUAGE;
}

/** Opens a ticket for something the caller asked for in the IVR (ingest: idempotent on the externalId). */
async function openTicket(
  ctx: AppContext,
  call: z.infer<typeof callSchema>,
  state: CallState,
  externalId: string,
  category: 'outage' | 'instalment' | 'deferral' | 'callback' | 'voicemail' | 'information_request',
  extra: { body?: string; attachments?: Array<{ url: string; contentType?: string }>; newThread?: boolean } = {},
) {
  return ingest(ctx, {
    channel: 'voice',
    externalId,
    from: toE164(call.From, ctx.config.DEFAULT_COUNTRY) ?? call.From,
    to: call.To,
    body: extra.body ?? `IVR: ${category}`,
    attachments: extra.attachments ?? [],
    receivedAt: ctx.clock.now(),
    category,
    language: languageOf(state, ctx),
    identity: { accountNumber: state.accountNumber, phone: call.From },
    newThread: extra.newThread ?? true,
    public: false,
  });
}

// ---------------------------------------------------------------- steps

export function registerIvrSteps(router: import('express').Router, ctx: AppContext, ivr: Ivr, mw: RequestHandler[]): void {
  const post = (path: string, handler: RequestHandler) => router.post(`${VOICE_BASE}${path}`, ...mw, handler);

  // 1. Entry: greeting, language (remembered per caller), then outage or menu.
  post(
    '',
    step(ctx, ivr, async (call, _req, state) => {
      const now = ctx.clock.now();
      const e164 = toE164(call.From, ctx.config.DEFAULT_COUNTRY);
      const first = await ivr.calls.begin(call.CallSid, e164 ?? call.From, now);
      const [caller, remembered] = await Promise.all([identifyCaller(e164), e164 ? ivr.calls.rememberedLanguage(e164) : null]);
      const language = remembered ?? caller?.language ?? null;
      await ivr.calls.set(call.CallSid, {
        accountNumber: caller?.accountNumber,
        language: language ?? undefined,
        areas: caller?.areaCodes.join(','),
      });
      if (first) emitCall(ctx, call.CallSid, 'ivr_entered', { ...state, language: language ?? undefined, startedAt: now.getTime() });
      if (language) return start(ctx, ivr, call.CallSid, language, caller?.areaCodes ?? null);
      const r = new twilio.twiml.VoiceResponse();
      const g = r.gather({ input: ['dtmf'], numDigits: 1, timeout: 5, action: url(ctx, '/language'), method: 'POST' });
      for (const l of ['it', 'en', 'ru'] as const) say(g, l, 'language.choose');
      // No choice: the default language.
      r.redirect({ method: 'POST' }, url(ctx, `/language?default=1`));
      return r;
    }),
  );

  post(
    '/language',
    step(ctx, ivr, async (call, _req) => {
      const language = LANGUAGE_KEYS[call.Digits ?? ''] ?? ctx.config.DEFAULT_LANGUAGE;
      if (call.Digits) await ivr.calls.choice(call.CallSid);
      const e164 = toE164(call.From, ctx.config.DEFAULT_COUNTRY);
      await ivr.calls.set(call.CallSid, { language });
      if (e164 && call.Digits && LANGUAGE_KEYS[call.Digits]) await ivr.calls.rememberLanguage(e164, language);
      const areas = (await ivr.calls.get(call.CallSid)).areas;
      return start(ctx, ivr, call.CallSid, language, areas ? areas.split(',') : null);
    }),
  );

  // 2. Outage announced: 1 = text me when it is back.
  post(
    '/outage',
    step(ctx, ivr, async (call, req, state) => {
      const language = languageOf(state, ctx);
      const r = new twilio.twiml.VoiceResponse();
      const outageId = typeof req.query.o === 'string' ? req.query.o : '';
      const e164 = toE164(call.From, ctx.config.DEFAULT_COUNTRY);
      if (call.Digits) await ivr.calls.choice(call.CallSid);
      if (call.Digits === '1' && e164 && /^[0-9a-f]{24}$/.test(outageId)) {
        await Outage.updateOne({ _id: outageId }, { $addToSet: { notifyPhones: e164 } });
        say(r, language, 'outage.subscribed');
      }
      return menu(ctx, r, language);
    }),
  );

  // 3. Main menu: without Digits it is (re)played, with Digits it branches.
  post(
    '/menu',
    step(ctx, ivr, async (call, req, state) => {
      const language = languageOf(state, ctx);
      const r = new twilio.twiml.VoiceResponse();
      if (!call.Digits) {
        const retry = Number(req.query.retry ?? 0) || 0;
        if (retry >= MAX_MENU_RETRIES) {
          say(r, language, 'goodbye');
          r.hangup();
          return r;
        }
        return menu(ctx, r, language, retry);
      }
      const choices = await ivr.calls.choice(call.CallSid);
      switch (call.Digits) {
        case '1': {
          const g = r.gather({ input: ['dtmf'], finishOnKey: '#', timeout: 10, action: url(ctx, '/reading/contract'), method: 'POST' });
          say(g, language, 'reading.contract');
          r.redirect({ method: 'POST' }, url(ctx, '/menu'));
          return r;
        }
        case '2':
          return balance(ctx, r, language, state);
        case '3':
          return reportOutage(ctx, ivr, r, call, state);
        case '4': {
          const g = r.gather({ input: ['dtmf'], numDigits: 1, timeout: 6, action: url(ctx, '/billing'), method: 'POST' });
          say(g, language, 'billing.choose');
          r.redirect({ method: 'POST' }, url(ctx, '/menu'));
          return r;
        }
        case '5':
          return toAgent(ctx, ivr, r, call, { ...state, choices });
        default:
          say(r, language, 'menu.invalid');
          return menu(ctx, r, language);
      }
    }),
  );

  // Menu 1: keypad reading — contract, value(s), read back, confirm.
  post(
    '/reading/contract',
    step(ctx, ivr, async (call, _req, state) => {
      const language = languageOf(state, ctx);
      const r = new twilio.twiml.VoiceResponse();
      const contractNumber = (call.Digits ?? '').replace(/\D/g, '');
      const contract = contractNumber ? await Contract.findById(contractNumber, { meter: 1, service: 1 }).lean() : null;
      if (!contract) {
        say(r, language, 'reading.unknown_contract');
        return menu(ctx, r, language);
      }
      await ivr.calls.set(call.CallSid, { contract: contractNumber, values: '' });
      const registers = contract.meter?.registers ?? 1;
      const g = r.gather({
        input: ['dtmf'],
        finishOnKey: '#',
        timeout: 10,
        action: url(ctx, `/reading/value?n=${registers}&r=1`),
        method: 'POST',
      });
      say(g, language, registers === 2 ? 'reading.value_register' : 'reading.value', { register: 1 });
      r.redirect({ method: 'POST' }, url(ctx, '/menu'));
      return r;
    }),
  );

  post(
    '/reading/value',
    step(ctx, ivr, async (call, req, state) => {
      const language = languageOf(state, ctx);
      const r = new twilio.twiml.VoiceResponse();
      const registers = req.query.n === '2' ? 2 : 1;
      const register = req.query.r === '2' ? 2 : 1;
      // "*" is the decimal separator on a keypad.
      const value = (call.Digits ?? '').replace('*', '.');
      if (!/^\d{1,12}(\.\d{1,3})?$/.test(value) || !state.contract) {
        say(r, language, 'menu.invalid');
        return menu(ctx, r, language);
      }
      const values = register === 1 ? value : `${state.values ?? ''} ${value}`.trim();
      await ivr.calls.set(call.CallSid, { values });
      if (register < registers) {
        const g = r.gather({
          input: ['dtmf'],
          finishOnKey: '#',
          timeout: 10,
          action: url(ctx, `/reading/value?n=${registers}&r=2`),
          method: 'POST',
        });
        say(g, language, 'reading.value_register', { register: 2 });
        r.redirect({ method: 'POST' }, url(ctx, '/menu'));
        return r;
      }
      const spoken = values
        .split(' ')
        .map((v) => (language === 'en' ? v : v.replace('.', ',')))
        .join(', ');
      const g = r.gather({ input: ['dtmf'], numDigits: 1, timeout: 6, action: url(ctx, '/reading/confirm'), method: 'POST' });
      say(g, language, 'reading.confirm', { values: spoken, contract: state.contract.split('').join(' ') });
      r.redirect({ method: 'POST' }, url(ctx, '/menu'));
      return r;
    }),
  );

  post(
    '/reading/confirm',
    step(ctx, ivr, async (call, _req, state) => {
      const language = languageOf(state, ctx);
      const r = new twilio.twiml.VoiceResponse();
      if (call.Digits !== '1' || !state.contract || !state.values) {
        const g = r.gather({ input: ['dtmf'], finishOnKey: '#', timeout: 10, action: url(ctx, '/reading/contract'), method: 'POST' });
        say(g, language, 'reading.contract');
        r.redirect({ method: 'POST' }, url(ctx, '/menu'));
        return r;
      }
      const contract = await Contract.findById(state.contract, { service: 1 }).lean();
      if (!contract) {
        say(r, language, 'reading.unknown_contract');
        return menu(ctx, r, language);
      }
      const values = state.values.split(' ').map(Number);
      const result = await recordReading(
        { ...ctx, readingRules: { plausibilityFactor: ctx.config.READING_PLAUSIBILITY_FACTOR, timeZone: ctx.config.TIMEZONE } },
        {
          key: `voice:${call.CallSid}:${state.contract}:${state.values}`,
          channel: 'voice',
          externalId: `${call.CallSid}:reading:${state.contract}:${state.values.replace(' ', '-')}`,
          from: toE164(call.From, ctx.config.DEFAULT_COUNTRY) ?? call.From,
          text: `${state.contract} ${state.values}`,
          reading: { contractNumber: state.contract, service: contract.service, values },
          receivedAt: ctx.clock.now(),
        },
      );
      sayReadingResult(r, language, result);
      await ivr.calls.unset(call.CallSid, 'contract', 'values');
      return menu(ctx, r, language);
    }),
  );

  // Menu 4: instalment (1) or deferral (2) — a ticket for now; the billing rules decide later.
  post(
    '/billing',
    step(ctx, ivr, async (call, _req, state) => {
      const language = languageOf(state, ctx);
      const r = new twilio.twiml.VoiceResponse();
      const category = call.Digits === '1' ? 'instalment' : call.Digits === '2' ? 'deferral' : null;
      if (!category) {
        say(r, language, 'menu.invalid');
        return menu(ctx, r, language);
      }
      await ivr.calls.choice(call.CallSid);
      const opened = await openTicket(ctx, call, state, `${call.CallSid}:${category}`, category);
      say(r, language, 'billing.done', { ticket: spell(opened.ticketNumber) });
      return menu(ctx, r, language);
    }),
  );

  // Outside hours: 1 voicemail, 2 callback.
  post(
    '/after-hours',
    step(ctx, ivr, async (call, _req, state) => {
      const language = languageOf(state, ctx);
      const r = new twilio.twiml.VoiceResponse();
      if (call.Digits) await ivr.calls.choice(call.CallSid);
      if (call.Digits === '1') {
        say(r, language, 'voicemail.prompt');
        r.record({ action: url(ctx, '/voicemail'), method: 'POST', maxLength: 120, playBeep: true, finishOnKey: '#', timeout: 5 });
        return r;
      }
      if (call.Digits === '2') {
        const opened = await openTicket(ctx, call, state, `${call.CallSid}:callback`, 'callback');
        emitCall(ctx, call.CallSid, 'callback_requested', { ...state, ticketId: opened.ticketId });
        say(r, language, 'callback.done', { ticket: spell(opened.ticketNumber) });
        r.hangup();
        return r;
      }
      say(r, language, 'goodbye');
      r.hangup();
      return r;
    }),
  );

  post(
    '/voicemail',
    step(ctx, ivr, async (call, req, state) => {
      const language = languageOf(state, ctx);
      const r = new twilio.twiml.VoiceResponse();
      const body = req.body as Record<string, unknown>;
      const recordingUrl =
        typeof body.RecordingUrl === 'string' && /^https?:\/\//.test(body.RecordingUrl) ? body.RecordingUrl.slice(0, 2000) : null;
      if (recordingUrl) {
        const opened = await openTicket(ctx, call, state, `${call.CallSid}:voicemail`, 'voicemail', {
          body: `IVR: voicemail (${Number(body.RecordingDuration ?? 0) || 0} s)`,
          attachments: [{ url: recordingUrl, contentType: 'audio/x-wav' }],
        });
        emitCall(ctx, call.CallSid, 'voicemail', { ...state, ticketId: opened.ticketId });
        say(r, language, 'voicemail.done');
      } else {
        say(r, language, 'goodbye');
      }
      r.hangup();
      return r;
    }),
  );

  // In the queue: position and expected wait, then hold (Twilio requests this again when it ends).
  post(
    '/wait',
    step(ctx, ivr, async (_call, req, state) => {
      const language = languageOf(state, ctx);
      const r = new twilio.twiml.VoiceResponse();
      const body = req.body as Record<string, unknown>;
      const position = Number(body.QueuePosition ?? 0) || 1;
      const avg = Number(body.AvgQueueTime ?? 0) || 0;
      const minutes = Math.ceil((avg * position) / 60);
      if (minutes > 0) say(r, language, 'agent.position', { position, minutes });
      else say(r, language, 'agent.position_short', { position });
      r.pause({ length: 20 });
      return r;
    }),
  );

  // The <Enqueue> ended: bridged (the end comes with the status callback), or the caller hung up.
  post(
    '/queue-result',
    step(ctx, ivr, async (call, req, state) => {
      const r = new twilio.twiml.VoiceResponse();
      const result = String((req.body as Record<string, unknown>).QueueResult ?? '');
      const queueTime = Number((req.body as Record<string, unknown>).QueueTime ?? NaN);
      if (result === 'hangup' || result === 'leave') {
        await abandon(ctx, ivr, call.CallSid, state, Number.isFinite(queueTime) ? queueTime : undefined);
      } else if (result === 'error' || result === 'system-error' || result === 'queue-full') {
        say(r, languageOf(state, ctx), 'error.generic');
        r.hangup();
      }
      return r;
    }),
  );

  // The agent's leg after a bridge ended (or failed).
  post(
    '/dial-result',
    step(ctx, ivr, async (_call, req, state) => {
      const r = new twilio.twiml.VoiceResponse();
      const status = String((req.body as Record<string, unknown>).DialCallStatus ?? '');
      if (status !== 'completed' && status !== 'answered') say(r, languageOf(state, ctx), 'error.generic');
      r.hangup();
      return r;
    }),
  );
}

function spell(ticketNumber: string | undefined): string {
  // "T-000123" is read digit by digit.
  return (ticketNumber ?? '').replace(/^T-0*/, '').split('').join(' ');
}

function sayReadingResult(r: VoiceResponse, language: string, result: RecordReadingResult): void {
  if (result.unknownContract) return say(r, language, 'reading.unknown_contract');
  if (result.status === 'rejected') {
    const reason = tVoice(language, `reading.reason.${result.reasons[0] ?? 'register_count'}`, { digits: result.digits });
    return say(r, language, 'reading.rejected', { reason });
  }
  if (result.status === 'held') return say(r, language, 'reading.held', { ticket: spell(result.ticketNumber) });
  say(r, language, result.forNextBill ? 'reading.accepted_next_bill' : 'reading.accepted');
}

async function balance(ctx: AppContext, r: VoiceResponse, language: Language, state: CallState): Promise<VoiceResponse> {
  if (!state.accountNumber) {
    say(r, language, 'balance.unknown_caller');
    return menu(ctx, r, language);
  }
  const now = ctx.clock.now();
  const bills = await Bill.find({ accountNumber: state.accountNumber, status: 'open' }, { amount: 1, paidAmount: 1, dueAt: 1 }).lean();
  const open = bills.map((b) => ({ due: Math.max(0, b.amount - (b.paidAmount ?? 0)), dueAt: b.dueAt })).filter((b) => b.due > 0.005);
  const total = open.reduce((s, b) => s + b.due, 0);
  if (open.length === 0) {
    say(r, language, 'balance.none');
    return menu(ctx, r, language);
  }
  const amount = language === 'en' ? total.toFixed(2) : total.toFixed(2).replace('.', ',');
  const upcoming = open.filter((b) => b.dueAt >= now).sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime())[0];
  if (open.some((b) => b.dueAt < now) || !upcoming) {
    say(r, language, 'balance.overdue', { amount });
  } else {
    const date = DateTime.fromJSDate(upcoming.dueAt, { zone: ctx.config.TIMEZONE }).setLocale(language).toFormat('d MMMM');
    say(r, language, 'balance.due', { amount, date });
  }
  return menu(ctx, r, language);
}

async function reportOutage(
  ctx: AppContext,
  ivr: Ivr,
  r: VoiceResponse,
  call: z.infer<typeof callSchema>,
  state: CallState,
): Promise<VoiceResponse> {
  const language = languageOf(state, ctx);
  const opened = await openTicket(ctx, call, state, `${call.CallSid}:outage`, 'outage');
  if (!opened.duplicate) {
    const caller = state.accountNumber ? await identifyCaller(toE164(call.From, ctx.config.DEFAULT_COUNTRY)) : null;
    for (const supply of caller?.supplies ?? []) {
      await countOutageReport(
        { redis: ctx.redis, events: ctx.events },
        { areaCode: supply.areaCode, service: supply.service, at: ctx.clock.now() },
        {
          threshold: ctx.config.OUTAGE_REPORTS_THRESHOLD,
          windowMinutes: ctx.config.OUTAGE_REPORTS_WINDOW_MINUTES,
        },
      );
    }
    if (opened.ticketId && caller?.areaCodes.length)
      await Ticket.updateOne({ _id: opened.ticketId }, { $addToSet: { tags: { $each: caller.areaCodes.map((a) => `area:${a}`) } } });
  }
  say(r, language, 'outage.report.done', { ticket: spell(opened.ticketNumber) });
  return menu(ctx, r, language);
}

async function toAgent(
  ctx: AppContext,
  ivr: Ivr,
  r: VoiceResponse,
  call: z.infer<typeof callSchema>,
  state: CallState,
): Promise<VoiceResponse> {
  const language = languageOf(state, ctx);
  const now = ctx.clock.now();
  if (await ivr.calls.once(call.CallSid, 'agentRequestedAt', now.getTime())) emitCall(ctx, call.CallSid, 'agent_requested', state);
  if (!isOpen(ivr.hours, now, ctx.config.TIMEZONE)) {
    const g = r.gather({ input: ['dtmf'], numDigits: 1, timeout: 6, action: url(ctx, '/after-hours'), method: 'POST' });
    say(g, language, 'agent.closed');
    r.redirect({ method: 'POST' }, url(ctx, '/after-hours'));
    return r;
  }
  // The call becomes a ticket of channel "voice" in the agents' live queue (externalId = CallSid).
  const opened = await openTicket(ctx, call, state, call.CallSid, 'information_request');
  const ticket = opened.ticketId ? await Ticket.findById(opened.ticketId, { queue: 1 }).lean() : null;
  const queue = ticket?.queue ?? 'general';
  if (opened.ticketId) {
    await ivr.calls.linkTicket(opened.ticketId, call.CallSid);
    await ivr.calls.set(call.CallSid, { ticketId: opened.ticketId, queue });
    if (await ivr.calls.once(call.CallSid, 'enqueuedAt', now.getTime()))
      emitCall(ctx, call.CallSid, 'queued', { ...state, ticketId: opened.ticketId, queue });
  }
  say(r, language, 'agent.connecting');
  r.enqueue({ waitUrl: url(ctx, '/wait'), waitUrlMethod: 'POST', action: url(ctx, '/queue-result'), method: 'POST' }, queue);
  return r;
}

/** The caller left the queue before an agent answered: statistics, and the ticket leaves the live queue. */
export async function abandon(ctx: AppContext, ivr: Ivr, callSid: string, state: CallState, queueSeconds?: number): Promise<void> {
  if (state.answeredAt || !state.enqueuedAt) return;
  if (!(await ivr.calls.once(callSid, 'ended', 'abandoned'))) return;
  const now = ctx.clock.now();
  emitCall(ctx, callSid, 'abandoned', state, {
    waitSeconds: queueSeconds ?? seconds(state.enqueuedAt, now),
    waitWithIvrSeconds: seconds(state.startedAt, now),
  });
  if (state.ticketId) {
    await QueueItem.deleteOne({ _id: state.ticketId });
    const t = await Ticket.findOneAndUpdate(
      { _id: state.ticketId, status: 'queued' },
      { $set: { status: 'resolved', outcome: 'abandoned', resolvedAt: now }, $addToSet: { tags: 'abandoned' } },
      { returnDocument: 'after' },
    ).lean();
    if (t) {
      ctx.events.emit('ticket.resolved', { ...summarize(t as Parameters<typeof summarize>[0]), outcome: 'abandoned' });
    }
  }
}

/** The call answered by an agent (bridged): wait excluding and including the IVR. */
export async function answered(ctx: AppContext, ivr: Ivr, callSid: string): Promise<void> {
  const now = ctx.clock.now();
  if (!(await ivr.calls.once(callSid, 'answeredAt', now.getTime()))) return;
  const state = await ivr.calls.get(callSid);
  emitCall(ctx, callSid, 'answered', state, {
    waitSeconds: seconds(state.enqueuedAt, now),
    waitWithIvrSeconds: seconds(state.startedAt, now),
  });
}

/** Status callback of an inbound call: hung up in the queue → abandoned; then completed, once. */
export async function callEnded(ctx: AppContext, ivr: Ivr, callSid: string, status: string): Promise<void> {
  if (!['completed', 'busy', 'failed', 'no-answer', 'canceled'].includes(status)) return;
  const state = await ivr.calls.get(callSid);
  if (!state.startedAt) return; // not a call the IVR saw
  await abandon(ctx, ivr, callSid, state);
  if (await ivr.calls.once(callSid, 'completedAt', ctx.clock.now().getTime())) {
    emitCall(ctx, callSid, 'completed', state, {
      handleSeconds: seconds(state.answeredAt, ctx.clock.now()),
      waitWithIvrSeconds: seconds(state.startedAt, ctx.clock.now()),
    });
  }
}
