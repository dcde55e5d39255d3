// POST /webhooks/twilio/sms (signature checked and caller normalised by twilioWebhook()):
// consent keywords, the vulnerability keywords, self-readings answered at once with TwiML <Message>, everything else
// into ingest() as a conversation.
import type { Request, Response } from 'express';
import twilio from 'twilio';
import { z } from 'zod';
import { ingest } from '../../core/ingest/ingest';
import { outageAnswer, recordAnswer } from '../../core/outages/answer';
import { formatValues, parseSelfReading, SERVICE_LETTERS, type ParsedReading } from '../../core/readings/parse';
import { recordReading, type RecordReadingResult } from '../../core/readings/record-reading';
import { accountByPhone, languageByPhone } from '../../models/repos/customers';
import { declareFlag } from '../../core/protection/set-flag';
import { type Language } from '../../wire';
import type { AppContext } from '../../app/context';
import { callerOf } from '../twilio/caller';
import { EMPTY_TWIML, sendTwiml } from '../twilio/twiml';
import { tSms } from './catalog';
import { setSmsConsent } from './consent';
import { overInboundLimit } from './inbound-limit';
import { consentKeyword } from './keywords';
import { tSmsProtection } from './protection-catalog';
import { protectionKeyword } from './protection-keywords';
import { answerSurveyBySms } from '../../core/surveys/answer-survey';
import { answerBillingSms } from './billing-sms';

const inboundSchema = z.object({
  MessageSid: z.string().min(2).max(64),
  From: z.string().min(1).max(64),
  To: z.string().max(64).optional(),
  Body: z.string().max(20_000).default(''),
  NumMedia: z.coerce.number().int().min(0).max(10).default(0),
});

function reply(res: Response, text: string | null): void {
  if (text === null) return sendTwiml(res, EMPTY_TWIML);
  const r = new twilio.twiml.MessagingResponse();
  r.message(text);
  sendTwiml(res, r);
}

/** Nothing but white space and invisible characters (zero-width spaces, joiners, BOM). */
export function isBlank(text: string): boolean {
  return text.replace(/[\s\u200b-\u200f\u2060\ufeff]/gu, '') === '';
}

async function senderLanguage(e164: string | null): Promise<Language | null> {
  return e164 ? languageByPhone(e164) : null;
}

/** The answer to a recorded reading, in the customer's language. */
export function readingReply(result: RecordReadingResult, reading: ParsedReading, language: string): string {
  const contract = reading.contractNumber;
  const values = formatValues(reading.values, language);
  if (result.unknownContract) return tSms(language, 'reading.unknown_contract', { contract });
  if (result.status === 'rejected') {
    const reason = result.reasons[0];
    if (reason === 'wrong_service')
      return tSms(language, 'reading.wrong_service', { contract, service: tSms(language, `service.${reading.service}`) });
    if (reason === 'contract_closed') return tSms(language, 'reading.contract_closed', { contract });
    if (reason === 'too_many_digits') return tSms(language, 'reading.too_many_digits', { digits: result.digits });
    if (reason === 'register_count') {
      const letter = SERVICE_LETTERS[reading.service];
      const example = result.registers === 2 ? `${contract}${letter} 4567 2345` : `${contract}${letter}4567`;
      return tSms(language, result.registers === 2 ? 'reading.register_count_2' : 'reading.register_count_1', { example });
    }
    return tSms(language, 'reading.format');
  }
  if (result.status === 'held') return tSms(language, 'reading.held', { values, contract, ticket: result.ticketNumber ?? '' });
  return tSms(language, result.forNextBill ? 'reading.accepted_next_bill' : 'reading.accepted', { values, contract });
}

export function smsInboundHandler(ctx: AppContext) {
  const readingCtx = {
    ...ctx,
    readingRules: { plausibilityFactor: ctx.config.READING_PLAUSIBILITY_FACTOR, timeZone: ctx.config.TIMEZONE },
  };
  return async (req: Request, res: Response): Promise<void> => {
    const parsed = inboundSchema.safeParse(req.body ?? {});
    if (!parsed.success) {
      res
        .status(400)
        .type('text/plain')
        .send(`invalid webhook: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`);
      return;
    }
    const { MessageSid, To, Body, NumMedia } = parsed.data;
    const now = ctx.clock.now();
    const { e164, address: sender } = callerOf(res);

    const limit = await overInboundLimit(ctx.redis, {
      number: sender,
      messageSid: MessageSid,
      max: ctx.config.SMS_INBOUND_MAX_PER_WINDOW,
      windowSeconds: ctx.config.SMS_INBOUND_WINDOW_SECONDS,
      now,
    });
    if (limit.over) {
      // No reply either: answering a looping auto-responder keeps the loop going.
      ctx.logger.warn({ sid: MessageSid, count: limit.count }, 'sms dropped: sender over the inbound limit');
      return reply(res, null);
    }

    const keyword = consentKeyword(Body);
    if (keyword) {
      const language = (await senderLanguage(e164)) ?? (keyword.language !== 'en' ? keyword.language : ctx.config.DEFAULT_LANGUAGE);
      if (keyword.keyword !== 'help') await setSmsConsent(sender, keyword.keyword === 'start', now, MessageSid);
      ctx.logger.info({ sid: MessageSid, keyword: keyword.keyword }, 'sms consent keyword');
      return reply(res, tSms(language, keyword.keyword === 'help' ? 'help' : `consent.${keyword.keyword}`));
    }

    // SALVAVITA / MEDICAL / МЕДИЦИНА: the customer's own statement, from the number on file only.
    const declared = protectionKeyword(Body);
    if (declared) {
      const account = e164 ? await accountByPhone(e164) : null;
      const language = (await senderLanguage(e164)) ?? declared.language;
      if (!account) return reply(res, tSmsProtection(language, 'unknown'));
      const status = await declareFlag({
        accountNumber: account,
        kind: declared.kind,
        channel: 'sms',
        now,
        reviewAt: new Date(now.getTime() + ctx.config.PROTECTION_DECLARED_REVIEW_DAYS * 86_400_000),
      });
      ctx.logger.info({ sid: MessageSid, status }, 'sms vulnerability statement');
      return reply(res, tSmsProtection(language, status === 'pending' ? 'declared' : 'already'));
    }

    // RATE / RINVIO / PLAN / DEFER / РАССРОЧКА / ОТСРОЧКА <bill>, and SI / YES / ДА to a pending proposal.
    const billing = await answerBillingSms(ctx, { messageSid: MessageSid, e164, body: Body });
    if (billing !== null) return reply(res, billing);

    // An empty text (a pocket send, a failed paste) is nobody's work: a ticket would wait for an
    // agent to close it. The sender learns what we can do with an SMS instead. A picture
    // without words is not empty: it goes on as a message with its attachment.
    if (NumMedia === 0 && isBlank(Body)) {
      const language = (await senderLanguage(e164)) ?? ctx.config.DEFAULT_LANGUAGE;
      ctx.logger.info({ sid: MessageSid }, 'empty sms answered; no ticket');
      return reply(res, tSms(language, 'empty'));
    }

    // A reply to a satisfaction survey sent by SMS: "4" or "4 tutto bene". Short messages
    // only; anything else (or no open survey for this number) goes on as an ordinary message,
    // and so does an answer with words in it, after the score is recorded.
    let surveyThanks: string | null = null;
    if (e164 && Body.length <= 160 && /^\s*\d/u.test(Body.normalize('NFKC'))) {
      const answer = await answerSurveyBySms(ctx, { e164, text: Body });
      if (answer?.outcome === 'out_of_range') return reply(res, tSms(answer.language, 'survey.range', { max: answer.max }));
      if (answer) {
        surveyThanks = tSms(answer.language, 'survey.thanks', { score: answer.score, max: answer.max, number: answer.ticketNumber });
        if (!answer.alsoAMessage) return reply(res, surveyThanks);
      }
    }

    const reading = parseSelfReading(Body);
    if (reading.kind === 'reading') {
      const result = await recordReading(readingCtx, {
        key: `sms:${MessageSid}`,
        channel: 'sms',
        externalId: MessageSid,
        from: sender,
        text: Body,
        reading: reading.reading,
        receivedAt: now,
      });
      const language = result.unknownContract
        ? ((await senderLanguage(e164)) ?? ctx.config.DEFAULT_LANGUAGE)
        : (result.language ?? ctx.config.DEFAULT_LANGUAGE);
      return reply(res, readingReply(result, reading.reading, language));
    }
    if (reading.kind === 'malformed') {
      const language = (await senderLanguage(e164)) ?? ctx.config.DEFAULT_LANGUAGE;
      return reply(res, tSms(language, 'reading.format'));
    }

    const attachments = [];
    for (let i = 0; i < NumMedia; i++) {
      const url = (req.body as Record<string, unknown>)[`MediaUrl${i}`];
      const contentType = (req.body as Record<string, unknown>)[`MediaContentType${i}`];
      if (typeof url === 'string' && url.length <= 2000)
        attachments.push({ url, contentType: typeof contentType === 'string' ? contentType.slice(0, 255) : undefined });
    }
    const result = await ingest(ctx, {
      channel: 'sms',
      externalId: MessageSid,
      from: sender,
      to: To,
      body: Body,
      attachments,
      receivedAt: now,
      raw: { MessageSid, NumMedia },
    });
    ctx.logger.info({ sid: MessageSid, ticketId: result.ticketId, duplicate: result.duplicate, created: result.created }, 'sms ingested');
    const language = result.language ?? ctx.config.DEFAULT_LANGUAGE;
    // A gas leak: what to do now, at once, in the same reply (the emergency queue has the ticket).
    if (result.emergency) return reply(res, ctx.rules.emergencies.safetyInstructions[language] ?? null);
    // About the outage in force: its message and estimate, at once; no agent needs to answer.
    if (result.outage && result.ticketId) {
      const answer = outageAnswer(result.outage, language, ctx.config.TIMEZONE, result.ticketNumber).body;
      await recordAnswer({
        messageId: `outage-answer:${result.messageId}`,
        ticketId: result.ticketId,
        channel: 'sms',
        to: sender,
        body: answer,
        at: now,
      });
      return reply(res, answer);
    }
    return reply(res, surveyThanks);
  };
}
