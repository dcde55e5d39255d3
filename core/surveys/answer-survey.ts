// A customer's answer to a survey: checked against the link's token, recorded once on the
// survey and on the ticket, and published for the statistics ('survey.answered').
import { timingSafeEqual } from 'node:crypto';
import type { CoreContext } from '../context';
import { DomainError, NotFound } from '../errors';
import { Survey } from '../../models/survey';
import { Ticket } from '../../models/ticket';
import { tokenHash } from './send-surveys';

export async function answerSurvey(ctx: Pick<CoreContext, 'clock' | 'events' | 'rules' | 'logger'>, cmd: { surveyId: string; token: string; score: number; comment?: string }): Promise<{ ticketNumber: string | null | undefined; score: number }> {
  const survey = await Survey.findById(cmd.surveyId).lean();
  const a = Buffer.from(survey?.tokenHash ?? '', 'hex');
  const b = Buffer.from(tokenHash(cmd.token), 'hex');
  // The same answer for an unknown survey and a wrong token: ids cannot be probed.
  if (!survey || a.length !== b.length || !timingSafeEqual(a, b)) throw NotFound('survey');
  if (cmd.score < 1 || cmd.score > ctx.rules.surveys.scaleMax) throw new DomainError('ValidationFailed', `the score goes from 1 to ${ctx.rules.surveys.scaleMax}`, 400);
  const now = ctx.clock.now();
  if (survey.expiresAt < now) throw new DomainError('SurveyExpired', 'this survey is closed', 410);
  const res = await Survey.updateOne({ _id: survey._id, status: 'sent' }, { $set: { status: 'answered', score: cmd.score, comment: cmd.comment, answeredAt: now } });
  if (res.modifiedCount === 0) throw new DomainError('AlreadyAnswered', 'this survey has already been answered', 409);
  await Ticket.updateOne({ _id: survey._id }, { $set: { survey: { score: cmd.score, comment: cmd.comment, answeredAt: now } } });
  ctx.events.emit('survey.answered', { ticketId: survey._id, score: cmd.score, channel: survey.channel ?? 'web', at: now });
  ctx.logger.info({ ticketId: survey._id, score: cmd.score }, 'survey answered');
  return { ticketNumber: survey.ticketNumber, score: cmd.score };
}
