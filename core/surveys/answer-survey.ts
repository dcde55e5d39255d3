// A customer's answer to a survey, from the web link (checked against the link's token) or
// as an SMS reply to the survey ("4", "4 tutto bene", "5/5 спасибо" — found through the
// number's pointer). Recorded once on the survey and on the ticket, and published for the
// statistics ('survey.answered').
import { timingSafeEqual } from 'node:crypto';
import type { CoreContext } from '../context';
import { DomainError, NotFound } from '../errors';
import { phoneKey } from '../../models/contact-point';
import { Survey, SurveyByPhone, type SurveyDoc } from '../../models/survey';
import { Ticket } from '../../models/ticket';
import { tokenHash } from './send-surveys';

type AnswerCtx = Pick<CoreContext, 'clock' | 'events' | 'rules' | 'logger' | 'config'>;

export async function answerSurvey(
  ctx: AnswerCtx,
  cmd: { surveyId: string; token: string; score: number; comment?: string },
): Promise<{ ticketNumber: string | null | undefined; score: number }> {
  const survey = await Survey.findById(cmd.surveyId).lean();
  const a = Buffer.from(survey?.tokenHash ?? '', 'hex');
  const b = Buffer.from(tokenHash(cmd.token), 'hex');
  // The same answer for an unknown survey and a wrong token: ids cannot be probed.
  if (!survey || a.length !== b.length || !timingSafeEqual(a, b)) throw NotFound('survey');
  return recordAnswer(ctx, survey, cmd.score, cmd.comment, 'web');
}

async function recordAnswer(
  ctx: AnswerCtx,
  survey: SurveyDoc & { _id: string },
  score: number,
  comment: string | undefined,
  via: 'web' | 'sms',
): Promise<{ ticketNumber: string | null | undefined; score: number }> {
  if (!Number.isInteger(score) || score < 1 || score > ctx.rules.surveys.scaleMax)
    throw new DomainError('ValidationFailed', `the score goes from 1 to ${ctx.rules.surveys.scaleMax}`, 400);
  const now = ctx.clock.now();
  if (survey.expiresAt < now) throw new DomainError('SurveyExpired', 'this survey is closed', 410);
  const res = await Survey.updateOne(
    { _id: survey._id, status: 'sent' },
    { $set: { status: 'answered', score, comment, answeredAt: now } },
  );
  if (res.modifiedCount === 0) throw new DomainError('AlreadyAnswered', 'this survey has already been answered', 409);
  await Ticket.updateOne({ _id: survey._id }, { $set: { survey: { score, comment, answeredAt: now } } });
  ctx.events.emit('survey.answered', { ticketId: survey._id, score, channel: survey.channel ?? 'web', at: now });
  ctx.logger.info({ ticketId: survey._id, score, via }, 'survey answered');
  return { ticketNumber: survey.ticketNumber, score };
}

/**
 * An SMS that starts with a number: "4", "4 tutto bene", "4/5", "5 - спасибо". Null for
 * anything else (then it is an ordinary message). Two digits at most, so a meter reading
 * or a contract number is never taken for a score.
 */
export function parseSmsScore(text: string): { score: number; comment?: string } | null {
  const normalised = text.normalize('NFKC');
  // "4,5" or "10.50" is an amount or a decimal, not a score.
  if (/^\s*\d{1,2}[.,]\d/.test(normalised)) return null;
  const m = /^\s*(\d{1,2})(?:\s*\/\s*\d{1,2})?(?=$|[\s.,;:!?)\-–—])[\s.,;:!?)\-–—]*([\s\S]*)$/u.exec(normalised);
  if (!m) return null;
  const comment = (m[2] ?? '').trim().slice(0, 2000);
  return { score: Number(m[1]), comment: comment || undefined };
}

export type SmsSurveyAnswer =
  /** `alsoAMessage`: the answer carried words; the caller passes the SMS on as an ordinary message too. */
  | { outcome: 'answered'; score: number; max: number; ticketNumber: string; language: string; alsoAMessage: boolean }
  | { outcome: 'out_of_range'; max: number; ticketNumber: string; language: string };

/**
 * The SMS from `e164` as the answer to the open survey last sent to that number, or null
 * when it is not one — the caller then treats it as an ordinary message. Nothing the
 * customer writes is swallowed: an answer with words ("4 tutto bene", or "3 giorni senza
 * gas!") is recorded and passed on as a message as well; only a bare score ("4", "4/5") is
 * the answer alone, and only a bare number out of range ("9") gets the range. Once answered
 * the number's pointer is removed, so later texts are ordinary messages again.
 */
export async function answerSurveyBySms(ctx: AnswerCtx, cmd: { e164: string; text: string }): Promise<SmsSurveyAnswer | null> {
  const parsed = parseSmsScore(cmd.text);
  if (!parsed) return null;
  const key = phoneKey(cmd.e164);
  const pointer = await SurveyByPhone.findById(key).lean();
  if (!pointer || pointer.expiresAt < ctx.clock.now()) return null;
  const survey = await Survey.findById(pointer.surveyId).lean();
  if (!survey || survey.channel !== 'sms' || survey.status !== 'sent') return null;
  const base = {
    max: ctx.rules.surveys.scaleMax,
    ticketNumber: survey.ticketNumber ?? '',
    language: survey.language ?? ctx.config.DEFAULT_LANGUAGE,
  };
  if (parsed.score < 1 || parsed.score > base.max) return parsed.comment ? null : { outcome: 'out_of_range', ...base };
  try {
    await recordAnswer(ctx, survey, parsed.score, parsed.comment, 'sms');
  } catch (err) {
    // Answered a moment ago (a retry, or the web link), or closed: an ordinary message then.
    if (err instanceof DomainError && (err.code === 'AlreadyAnswered' || err.code === 'SurveyExpired')) return null;
    throw err;
  }
  await SurveyByPhone.deleteOne({ _id: key, surveyId: survey._id });
  return { outcome: 'answered', score: parsed.score, alsoAMessage: !!parsed.comment, ...base };
}
