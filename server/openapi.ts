// GET /api/docs: the OpenAPI document of the external contract (docs/architecture.md, "External contract"). Request bodies
// come from the same zod schemas the routes validate with, so the document cannot drift
// from what the server accepts; paths are listed here once.
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import express from 'express';
import { dirname } from 'node:path';
import { z } from 'zod';
import { createAgentSchema } from '../core/agents/create-agent';
import { updateAgentSchema } from '../core/agents/update-agent';
import { cannedSchema } from '../core/canned/canned-answers';
import { resetPasswordSchema } from './routes/team';
import { rowSchemas } from '../core/import/import-rows';
import { closeOutageSchema, declareOutageSchema, promoteOutageSchema, updateOutageSchema } from '../core/outages/schemas';
import { linkSchema } from './routes/outages';
import type { Feature } from '../app/feature';
import { followUp } from '../channels/web/routes';
import { declarationSchema, exportRequestSchema } from '../channels/web/privacy-routes';
import { requestSchema } from '../channels/web/request-schema';
import { noteSchema, presenceSchema, queueSettingsSchema, replySchema, resolveSchema, transferSchema } from './routes/tickets';
import { closureSchema } from './routes/opening-hours';
import { noticeReceiptBody } from './routes/notice-receipt';
import {
  approvalBody,
  deferralBody,
  disputeCloseBody,
  disputeOpenBody,
  instalmentBody,
  surveyAnswerBody,
  tariffChangeBody,
} from './routes/self-service';
import { eraseSchema } from './routes/privacy';
import { confirmSchema, consentSchema, flagSchema } from './routes/protection';
import { letterSchema } from '../channels/letter/routes';
import { bookingBody, callNextBody, cancelBookingBody, checkInBody } from '../channels/walk-in/feature';
import { oneClickBody } from '../channels/email/unsubscribe-routes';
import { consentChangeSchema, consentLookupSchema } from '../channels/web/consent-routes';
import { officeSchema } from '../core/walk-in/offices';
import { associationSchema, representativeSchema } from '../core/associations/associations';
import { caseBody, replyBody, resolveBody } from '../channels/association/feature';

type Method = 'get' | 'post' | 'delete' | 'patch';
interface PathDoc {
  method: Method;
  path: string;
  summary: string;
  /** Who may call it: public, twilio (signed), agent, supervisor, admin. */
  access: string;
  body?: z.ZodType;
  contentType?: string;
}

const TWILIO_VOICE_STEPS = [
  'language',
  'outage',
  'menu',
  'billing',
  'billing/bill',
  'billing/confirm',
  'billing/agent',
  'consent',
  'consent/confirm',
  'emergency',
  'emergency/wait',
  'reading/contract',
  'reading/value',
  'reading/confirm',
  'wait',
  'queue-result',
  'dial-result',
  'after-hours',
  'voicemail',
];

/** What Twilio posts (form-encoded), the fields we read; Twilio sends more, which are ignored. */
const twilioVoiceForm = z.object({
  CallSid: z.string(),
  AccountSid: z.string(),
  From: z.string(),
  To: z.string(),
  CallStatus: z.string().optional(),
  Digits: z.string().optional(),
  RecordingUrl: z.string().optional(),
  QueueResult: z.string().optional(),
  DialCallStatus: z.string().optional(),
});
const twilioSmsForm = z.object({
  MessageSid: z.string(),
  AccountSid: z.string(),
  From: z.string(),
  To: z.string(),
  Body: z.string(),
  NumMedia: z.string().optional(),
});
const twilioSmsStatusForm = z.object({ MessageSid: z.string(), MessageStatus: z.string(), ErrorCode: z.string().optional() });
const noBody = z.object({}).describe('no body');

/**
 * Request bodies by `METHOD path`, for the entries of PATHS that do not carry one: the routes'
 * own zod schemas where they have one. A POST with none here and no `body` is refused by
 * test/integration/api-docs.test.ts.
 */
const BODIES: Record<string, z.ZodType> = {
  'POST /webhooks/twilio/sms': twilioSmsForm,
  'POST /webhooks/twilio/sms/status': twilioSmsStatusForm,
  'POST /webhooks/twilio/voice': twilioVoiceForm,
  'POST /webhooks/twilio/voice/status': twilioVoiceForm,
  ...Object.fromEntries(TWILIO_VOICE_STEPS.map((s) => [`POST /webhooks/twilio/voice/${s}`, twilioVoiceForm])),
  'POST /webhooks/email/inbound': z.string().describe('the whole message as received (RFC 5322)'),
  'POST /api/reception/requests': requestSchema('IT'),
  'POST /api/reception/requests/{ticketNumber}/messages': followUp,
  'POST /api/reception/privacy/export-requests': exportRequestSchema,
  'POST /api/reception/vulnerabilities': declarationSchema,
  'POST /api/reception/requests/{ticketNumber}/proposal/accept': z
    .object({ token: z.string().min(20).max(100) })
    .describe('the tracking token'),
  'POST /api/auth/logout': noBody,
  'POST /api/tickets/{id}/claim': noBody,
  'POST /api/tickets/{id}/reject': noBody,
  'POST /api/tickets/{id}/reply': replySchema,
  'POST /api/tickets/{id}/notes': noteSchema,
  'POST /api/tickets/{id}/transfer': transferSchema,
  'POST /api/tickets/{id}/resolve': resolveSchema,
  'POST /api/agents/me/presence': presenceSchema,
  'POST /api/queues/{id}': queueSettingsSchema,
  'POST /api/closures': closureSchema,
  'POST /api/bills/{billNumber}/notice-receipt': noticeReceiptBody,
  'POST /api/bills/{billNumber}/instalment-plan': instalmentBody,
  'POST /api/bills/{billNumber}/instalment-plan/approval': approvalBody,
  'POST /api/bills/{billNumber}/deferral': deferralBody,
  'POST /api/contracts/{contractNumber}/dispute': disputeOpenBody,
  'POST /api/contracts/{contractNumber}/dispute/close': disputeCloseBody,
  'POST /api/admin/tariff-changes': tariffChangeBody,
  'POST /api/surveys/{id}': surveyAnswerBody,
  'POST /api/admin/agents/{id}/deactivate': noBody,
  'POST /api/admin/agents/{id}/activate': noBody,
  'POST /api/admin/canned/{id}/delete': noBody,
  'POST /webhooks/twilio/voice/virtual-hold': twilioVoiceForm,
  'POST /webhooks/twilio/voice/callback/answer': twilioVoiceForm,
  'POST /api/walk-in/visits/{id}/recall': noBody,
  'POST /api/walk-in/visits/{id}/no-show': noBody,
  'POST /api/walk-in/visits/{id}/done': noBody,
  'POST /api/letters/scans': z
    .string()
    .describe('the scan itself as the body (PDF, JPEG, PNG or TIFF, its Content-Type set); answers the key to name in POST /api/letters'),
  'POST /api/admin/agents/import': z
    .string()
    .describe('CSV of agents with a header line (email, name, role, channels, categories, languages); or a JSON array of rows'),
  'POST /api/admin/import/{kind}': z.string().describe('CSV with a header line; or a JSON array of rows (application/json)'),
};

/** The error body every failure answers with (server/errors.ts). */
const errorBody = z.object({ error: z.string(), message: z.string(), details: z.unknown().optional() });

const PATHS: PathDoc[] = [
  {
    method: 'post',
    path: '/webhooks/twilio/sms',
    summary: 'Twilio Messaging inbound (form-encoded); TwiML reply (an empty SMS is answered with help and opens no ticket)',
    access: 'twilio',
    contentType: 'application/x-www-form-urlencoded',
  },
  {
    method: 'post',
    path: '/webhooks/twilio/sms/status',
    summary: 'Delivery status callback for outbound SMS',
    access: 'twilio',
    contentType: 'application/x-www-form-urlencoded',
  },
  {
    method: 'post',
    path: '/webhooks/twilio/voice',
    summary: 'Incoming call entry point; IVR steps live under /webhooks/twilio/voice/…; TwiML',
    access: 'twilio',
    contentType: 'application/x-www-form-urlencoded',
  },
  {
    method: 'post',
    path: '/webhooks/twilio/voice/virtual-hold',
    summary:
      'IVR step in the queue wait: key 1 keeps the caller’s place and ends the call (<Leave>); the system calls back when an agent takes that place; TwiML',
    access: 'twilio',
    contentType: 'application/x-www-form-urlencoded',
  },
  {
    method: 'post',
    path: '/webhooks/twilio/voice/callback/answer',
    summary:
      'Answer URL of a callback call (?m=callback:<ticket>:<attempt>): a person is bridged to the agent who took the callback (<Dial>), a machine is hung up on (no answer); TwiML',
    access: 'twilio',
    contentType: 'application/x-www-form-urlencoded',
  },
  {
    method: 'post',
    path: '/webhooks/twilio/voice/status',
    summary: 'Call status callback',
    access: 'twilio',
    contentType: 'application/x-www-form-urlencoded',
  },
  {
    method: 'post',
    path: '/webhooks/email/inbound',
    summary:
      'A raw RFC 5322 message from a mail gateway → {outcome: ticket | bounce | machine}; machine mail (auto-replies, lists, no-reply) opens no ticket and is kept on its thread when it has one',
    access: 'mail gateway: Authorization Bearer EMAIL_WEBHOOK_TOKEN, or Basic with it as password (required in production)',
    contentType: 'message/rfc822',
  },
  {
    method: 'post',
    path: '/api/reception/requests',
    summary:
      'Virtual reception: open a request → 201 {ticketNumber, trackingToken, trackingUrl, category, deadline, repeated}. ' +
      'Send a client-made submissionId (16–64 of A-Z a-z 0-9 _ -) and the same one on every retry: a repeat answers 200 with the ' +
      'first ticket and token (repeated: true); 503 with Retry-After = stored but not numbered yet, send the same submission again. ' +
      'An instalment or deferral request with billNumber, accountNumber and the e-mail or phone on file also answers with the proposal ' +
      '(proposal: {kind, billNumber, state, text}); a disputed_contract request from the account’s own contact opens the dispute at once',
    access: 'public (rate-limited)',
  },
  {
    method: 'get',
    path: '/api/reception/requests/{ticketNumber}',
    summary: 'Public status of one request (?token=…)',
    access: 'public with token',
  },
  {
    method: 'post',
    path: '/api/auth/login',
    summary:
      'Log in; sets the httpOnly session cookie. 429 TooManyAttempts with Retry-After: failures per address, or per account (back-off, then a short lock)',
    access: 'public (rate-limited)',
    body: z.object({ email: z.string().email(), password: z.string() }),
  },
  { method: 'post', path: '/api/auth/logout', summary: 'Log out', access: 'agent' },
  { method: 'get', path: '/api/auth/me', summary: 'Who is logged in', access: 'agent' },
  {
    method: 'get',
    path: '/api/tickets',
    summary: 'Tickets, newest first (?number&phone&accountNumber&assignee&status&queue&channel&category&limit)',
    access: 'agent',
  },
  {
    method: 'get',
    path: '/api/search/tickets',
    summary:
      'Console search (?q): a ticket number, phone, e-mail, account or contract number (exact, indexed reads), else words in the subjects of the newest 2000 tickets; answers {matchedAs, tickets}',
    access: 'agent',
  },
  { method: 'get', path: '/api/tickets/{id}', summary: 'One ticket with its conversation', access: 'agent' },
  {
    method: 'post',
    path: '/api/tickets/{id}/claim',
    summary: 'Claim a ticket (atomic: one agent wins); a ticket offered to another agent may be claimed, and the offer is withdrawn',
    access: 'agent',
  },
  { method: 'post', path: '/api/tickets/{id}/reply', summary: "Reply through the ticket's channel", access: 'agent' },
  { method: 'post', path: '/api/tickets/{id}/notes', summary: 'Internal note', access: 'agent' },
  { method: 'post', path: '/api/tickets/{id}/transfer', summary: 'Transfer to another queue or agent', access: 'agent' },
  { method: 'post', path: '/api/tickets/{id}/resolve', summary: 'Resolve with an outcome code', access: 'agent' },
  {
    method: 'get',
    path: '/api/customers/{accountNumber}',
    summary: 'The customer panel: contracts, readings, bills, plans, tickets, notifications',
    access: 'agent',
  },
  {
    method: 'get',
    path: '/api/stats/live',
    summary:
      'Live wall-board figures; `accessibility` {as, freeSeconds, onCallSeconds, loggedInSeconds} counts states still running; channel rows carry `clock` (answer_seconds for live channels, deadline_days for deferred ones); `walkIn` {longWaitSeconds, rows: per office and service: waiting, served, noShows, avgWaitSeconds, shareOverLongWait, avgServiceSeconds}; ?format=csv&table=overall|queues|channels|languages|agents|walk_in',
    access: 'supervisor',
  },
  {
    method: 'get',
    path: '/api/stats/intervals',
    summary:
      'Interval statistics (?from&to&queue&channel); rows carry `accessibility` (AS), the current interval up to now, and `walkIn` per office (served, noShows, avgWaitSeconds, shareOverLongWait; in CSV as `walk_in <office> …` columns)',
    access: 'supervisor',
  },
  {
    method: 'get',
    path: '/api/stats/regulatory',
    summary:
      'Regulatory figures against the rule set: TMA with and without IVR over answered and abandoned calls (tmaAnswered, tmaAbandoned), LS, AS (onCallSeconds counted busy), written answers, walk-in offices (served, noShows apart, waits of the served, share over the rule set’s threshold, per office and service); `definitions` states how each is computed',
    access: 'supervisor',
  },
  {
    method: 'post',
    path: '/api/letters/scans',
    summary:
      'Upload the scan of a postal letter or PEC (the file is the body: application/pdf, image/jpeg, image/png, image/tiff); returns its key',
    access: 'agent',
    contentType: 'application/pdf',
  },
  {
    method: 'post',
    path: '/api/letters',
    summary:
      "Register a postal letter or certified e-mail (PEC) with the day it was received and its scan: opens a ticket whose deadline is the rule set's letter deadline from that day",
    access: 'agent',
    body: letterSchema,
  },
  {
    method: 'get',
    path: '/api/rules',
    summary:
      'The rule book in force: the rule set, its country calendar and every value with its unit, its source and whether an operator overrode it (RULES_OVERRIDES)',
    access: 'supervisor',
  },
  { method: 'post', path: '/api/tickets/{id}/reject', summary: 'Reject a pushed offer (it goes to the next agent)', access: 'agent' },
  { method: 'post', path: '/api/agents/me/presence', summary: 'Set my presence (available, away, …)', access: 'agent' },
  { method: 'get', path: '/api/agents/directory', summary: 'Agents and their presence, for transfers', access: 'agent' },
  { method: 'get', path: '/api/queues', summary: 'Queues and their settings', access: 'agent' },
  {
    method: 'post',
    path: '/api/queues/{id}',
    summary: 'Change a queue (mode, targets, its own opening hours — "" = the call centre\'s); effective on every node within seconds',
    access: 'supervisor',
  },
  { method: 'get', path: '/api/closures', summary: 'Exceptional closures not yet over (a queue or every queue "*")', access: 'supervisor' },
  {
    method: 'post',
    path: '/api/closures',
    summary: 'Close a queue or every queue ("*") from–to, with a reason and an optional message per language the IVR says; audited → 201',
    access: 'supervisor',
  },
  { method: 'delete', path: '/api/closures/{id}', summary: 'Remove a closure; audited → 204', access: 'supervisor' },
  {
    method: 'post',
    path: '/api/bills/{billNumber}/notice-receipt',
    summary:
      'Record the day a formal notice sent by registered post was received (return receipt): the ladder step counted from delivery counts from it; not before sending, not in the future; audited',
    access: 'agent',
  },
  {
    method: 'get',
    path: '/api/queues/snapshot',
    summary: 'What waits, per queue (the socket snapshot over REST, after a reconnect)',
    access: 'agent',
  },
  {
    method: 'post',
    path: '/api/reception/requests/{ticketNumber}/messages',
    summary: 'Add a message to a request (?token=…)',
    access: 'public with token',
  },
  {
    method: 'get',
    path: '/api/reception/requests/{ticketNumber}/proposal',
    summary:
      'The instalment / deferral proposal of a request for the bill it named (?token=…): {proposal: {kind, billNumber, state open|accepted|refused, text} | null}',
    access: 'public with token',
  },
  {
    method: 'post',
    path: '/api/reception/requests/{ticketNumber}/proposal/accept',
    summary:
      'The customer accepts the proposal ({token}); once — a second accept answers "already accepted"; 422 with the reason when refused now',
    access: 'public with token',
  },
  { method: 'get', path: '/api/attachments/{messageId}/{index}', summary: 'Download an attachment', access: 'agent' },
  {
    method: 'post',
    path: '/api/bills/{billNumber}/instalment-plan',
    summary: 'Instalment plan for a bill (dryRun to only compute); 422 with details.reason when refused',
    access: 'agent',
  },
  {
    method: 'post',
    path: '/api/bills/{billNumber}/deferral',
    summary: 'Defer a bill (+30 days by default); 422 with details.reason when refused',
    access: 'agent',
  },
  {
    method: 'post',
    path: '/api/bills/{billNumber}/instalment-plan/approval',
    summary: 'Approve or refuse ({approve}) a hardship plan waiting for approval; the customer is told in writing',
    access: 'supervisor',
  },
  { method: 'get', path: '/api/bills/{billNumber}/reminders', summary: 'Reminders and tasks of a bill', access: 'agent' },
  {
    method: 'post',
    path: '/api/contracts/{contractNumber}/dispute',
    summary: 'Open a disputed-contract case (blocks reminders on the supply)',
    access: 'agent',
  },
  {
    method: 'post',
    path: '/api/contracts/{contractNumber}/dispute/close',
    summary:
      'Close it: upheld cancels collection of every bill of the contract for good (cancel and refund tasks, the indemnity credit note); rejected releases them',
    access: 'supervisor',
  },
  {
    method: 'get',
    path: '/api/stats/indemnities',
    summary: 'Automatic late-answer indemnities owed in [from, to) (it-2026: €30 / €60 / €90), one line per ticket, with totals',
    access: 'supervisor',
  },
  {
    method: 'post',
    path: '/api/admin/tariff-changes',
    summary: 'Announce a tariff or rules change to the affected customers',
    access: 'admin',
  },
  { method: 'post', path: '/api/surveys/{id}', summary: "A customer's survey answer (token in the link)", access: 'public with token' },
  {
    method: 'post',
    path: '/api/reception/consents/lookup',
    summary:
      "The reception's consent page: the customer's consents {sms, email, voice, reminders, marketing}, for the account number with a phone or e-mail on file (403 otherwise, the same for a wrong account or contact)",
    access: 'public, rate-limited',
    body: consentLookupSchema('IT'),
  },
  {
    method: 'post',
    path: '/api/reception/consents',
    summary:
      'The customer changes their consents at the reception (same proof as the lookup); audited as customer:web; answers the consents as they now are',
    access: 'public, rate-limited',
    body: consentChangeSchema('IT'),
  },
  {
    method: 'get',
    path: '/unsubscribe',
    summary:
      "The unsubscribe link of an automatic e-mail (`?t=` signed token): a page in the customer's language saying what it withdraws, with a confirm button; never changes anything (400 page for a bad token)",
    access: 'public with token',
  },
  {
    method: 'post',
    path: '/unsubscribe',
    summary:
      "RFC 8058 one-click unsubscribe (`?t=` signed token; the page's button posts the same): withdraws the consent the token names (reminders, marketing, or service e-mail), idempotent, audited as customer:email-link; 400 for a bad token, nothing changed",
    access: 'public with token',
    body: oneClickBody,
    contentType: 'application/x-www-form-urlencoded',
  },
  {
    method: 'post',
    path: '/api/admin/import/customers',
    summary: 'Upsert customers by account number (JSON array or CSV)',
    access: 'admin',
    body: z.array(rowSchemas.customers),
  },
  {
    method: 'post',
    path: '/api/admin/import/contracts',
    summary: 'Upsert contracts by contract number (JSON array or CSV)',
    access: 'admin',
    body: z.array(rowSchemas.contracts),
  },
  {
    method: 'post',
    path: '/api/admin/import/bills',
    summary: 'Upsert bills by bill number (JSON array or CSV)',
    access: 'admin',
    body: z.array(rowSchemas.bills),
  },
  {
    method: 'post',
    path: '/api/admin/import/payments',
    summary: 'Upsert payments by bill number and reference (JSON array or CSV)',
    access: 'admin',
    body: z.array(rowSchemas.payments),
  },
  { method: 'post', path: '/api/admin/agents', summary: 'Create an agent, supervisor or admin', access: 'admin', body: createAgentSchema },
  {
    method: 'get',
    path: '/api/admin/agents',
    summary: 'The team: skills, capacity, role, active, presence (loggedIn = not offline)',
    access: 'supervisor',
  },
  {
    method: 'post',
    path: '/api/admin/agents/import',
    summary:
      'Bulk creation from CSV (text/csv: name,email,role,languages,channels,categories[,password]; lists separated by |) or a JSON array; passwords generated for rows without one are answered once',
    access: 'admin',
    contentType: 'text/csv',
  },
  {
    method: 'post',
    path: '/api/admin/agents/{id}',
    summary: 'Change name, role, languages, channels, categories, capacity per channel (audited)',
    access: 'admin',
    body: updateAgentSchema,
  },
  {
    method: 'post',
    path: '/api/admin/agents/{id}/deactivate',
    summary: 'No more logins nor work; kept for history (audited)',
    access: 'admin',
  },
  { method: 'post', path: '/api/admin/agents/{id}/activate', summary: 'Undo a deactivation (audited)', access: 'admin' },
  {
    method: 'post',
    path: '/api/admin/agents/{id}/reset-password',
    summary: 'Set the given password, or generate one and answer it once (audited)',
    access: 'admin',
    body: resetPasswordSchema,
  },
  {
    method: 'get',
    path: '/api/admin/audit',
    summary: 'Audit log, newest first (?from&to&actor&action&target&limit&format=csv)',
    access: 'admin',
  },
  { method: 'get', path: '/api/canned', summary: 'Canned answers (per language, optionally per category)', access: 'agent' },
  {
    method: 'post',
    path: '/api/admin/canned',
    summary: 'Create or replace a canned answer (audited)',
    access: 'supervisor',
    body: cannedSchema,
  },
  { method: 'post', path: '/api/admin/canned/{id}/delete', summary: 'Delete a canned answer (audited)', access: 'supervisor' },
  {
    method: 'post',
    path: '/api/admin/jobs/{name}/run',
    summary: 'Run a scheduled job now, optionally as of a date; answers with its counts',
    access: 'admin',
    body: z.object({ asOf: z.string().datetime().optional() }),
  },
  { method: 'get', path: '/api/admin/jobs/runs', summary: 'Recorded job runs', access: 'supervisor' },
  // The vulnerability register and privacy rights (README, "Privacy and protected customers").
  {
    method: 'post',
    path: '/api/customers/{accountNumber}/vulnerabilities',
    summary: 'Set a vulnerability flag (life_support, medical, elderly_disabled, hardship, temporary) with the evidence seen; audited',
    access: 'agent',
    body: flagSchema,
  },
  {
    method: 'post',
    path: '/api/customers/{accountNumber}/vulnerabilities/{kind}/confirm',
    summary: "Confirm a customer's own statement (pending flag) with the evidence seen; audited",
    access: 'agent',
    body: confirmSchema,
  },
  { method: 'delete', path: '/api/customers/{accountNumber}/vulnerabilities/{kind}', summary: 'Remove a flag; audited', access: 'agent' },
  {
    method: 'patch',
    path: '/api/customers/{accountNumber}/consents',
    summary: "Change consent per channel (sms, email, voice) and purpose (reminders, marketing) on the customer's word; audited",
    access: 'agent',
    body: consentSchema,
  },
  { method: 'get', path: '/api/protection/reviews', summary: 'Flags past their review date (protection-review job)', access: 'supervisor' },
  {
    method: 'get',
    path: '/api/protection/flagged',
    summary: 'Protected customers of an area (?areaCode) or of supply points (?supplyPointCode), essential supplies first',
    access: 'supervisor',
  },
  {
    method: 'get',
    path: '/api/customers/{accountNumber}/export',
    summary: 'Every record about the customer: ?format=json (default), zip (with attachments, letters and a PDF summary) or pdf; audited',
    access: 'admin or privacy',
  },
  {
    method: 'post',
    path: '/api/customers/{accountNumber}/erase',
    summary:
      'Erase the personal data (placeholders everywhere; statistics and legal records kept); 409 with details.reason dispute_open / legal_dunning_step_open; idempotent; audited',
    access: 'admin or privacy',
    body: eraseSchema,
  },
  {
    method: 'delete',
    path: '/api/customers/{accountNumber}',
    summary: 'Same as POST …/erase (reason in the body or ?reason=)',
    access: 'admin or privacy',
    body: eraseSchema,
  },
  {
    method: 'get',
    path: '/api/admin/retention/report',
    summary: 'Dry run of the retention job (?asOf): what it would erase per kind, and the cut-off dates',
    access: 'admin',
  },
  // Walk-in offices (channels/walk-in). Pages: GET /walk-in (check-in, staff login) and
  // GET /walk-in/display?office=…&lang=it|ru|en (the office display); socket.io namespace
  // /walk-in: `walkin:join` {office} → `walkin:snapshot`, then `walkin:called` {office, number, desk, service, calledAt, recall}.
  {
    method: 'post',
    path: '/api/admin/offices',
    summary: 'Create or replace a walk-in office: hours and services (letter, name, category)',
    access: 'admin',
    body: officeSchema,
  },
  {
    method: 'get',
    path: '/api/walk-in/offices',
    summary: 'Walk-in offices with their services and whether they are open now',
    access: 'public',
  },
  {
    method: 'get',
    path: '/api/walk-in/offices/{office}/now-serving',
    summary: 'The numbers now at a desk of an office (what the display shows; no personal data)',
    access: 'public',
  },
  {
    method: 'get',
    path: '/api/walk-in/offices/{office}/slots',
    summary:
      'Bookable slots of a service on a day (?service=A&day=YYYY-MM-DD; from the opening hours and the service’s slotMinutes, up to 14 days ahead) → {slots: [{start, end, free}]}',
    access: 'public',
  },
  {
    method: 'post',
    path: '/api/walk-in/offices/{office}/bookings',
    summary:
      'Book a slot (the reception page; a phone or an account number; per IP at most RECEPTION_IP_LIMIT bookings per RECEPTION_WINDOW_MINUTES, else 429) → 201 {code, office, officeName, service, serviceName, slotStart, slotEnd}; 409 SlotFull (as many bookings as the office has desks) or NotASlot',
    access: 'public',
    body: bookingBody,
  },
  {
    method: 'post',
    path: '/api/walk-in/bookings/{code}/cancel',
    summary: 'Cancel a booking with its code and the same phone or account number: the seat is free again; 404 NotYourBooking',
    access: 'public',
    body: cancelBookingBody,
  },
  {
    method: 'post',
    path: '/api/walk-in/offices/{office}/check-in',
    summary:
      'Check a visitor in (kiosk or receptionist): a number like A017 and a walk_in ticket → 201 {number, ticketNumber, ahead, bookedFor?}; with a bookingCode the visitor is called at the slot’s start, before walk-ins who arrived later; 409 OfficeClosed, BookingMissed (the slot has ended: released)',
    access: 'agent',
    body: checkInBody,
  },
  { method: 'get', path: '/api/walk-in/offices/{office}/visits', summary: 'Visitors waiting and at a desk', access: 'agent' },
  {
    method: 'post',
    path: '/api/walk-in/offices/{office}/call-next',
    summary:
      'Call the next visitor of the desk’s services: by arrival, a booked one at their slot’s start (claims the ticket; the wait ends); 404 NobodyWaiting',
    access: 'agent',
    body: callNextBody,
  },
  { method: 'post', path: '/api/walk-in/visits/{id}/recall', summary: 'Show the visitor’s number on the display again', access: 'agent' },
  {
    method: 'post',
    path: '/api/walk-in/visits/{id}/no-show',
    summary: 'The visitor did not come: the visit and its ticket end',
    access: 'agent',
  },
  {
    method: 'post',
    path: '/api/walk-in/visits/{id}/done',
    summary: 'Served: the visit ends, its service time is counted, its ticket is resolved',
    access: 'agent',
  },
  {
    method: 'get',
    path: '/api/walk-in/stats',
    summary:
      'Walk-in figures per office and service over local days ?from=YYYY-MM-DD&to=…: served, no-shows, average wait, share over the long wait (40 min), average service time; ?format=csv',
    access: 'supervisor',
  },
  // Consumer associations (channels/association). Page: GET /association (the portal, role association).
  {
    method: 'post',
    path: '/api/admin/associations',
    summary: 'Create or replace a consumer association and its mail domains',
    access: 'admin',
    body: associationSchema,
  },
  {
    method: 'post',
    path: '/api/admin/associations/{id}/representatives',
    summary: 'Create an accredited representative (role association) of an association',
    access: 'admin',
    body: representativeSchema,
  },
  {
    method: 'post',
    path: '/api/association/cases',
    summary:
      'Submit a case for a member (account or contract, signed mandate as base64, a file of at most 5 MB; this route’s body limit is 8 MB, not the API’s 1 MB) → 201 {id, ticketNumber}; 413 PayloadTooLarge naming the limit',
    access: 'association',
    body: caseBody,
  },
  { method: 'get', path: '/api/association/cases', summary: 'The cases of the representative’s own association', access: 'association' },
  {
    method: 'get',
    path: '/api/association/cases/{id}',
    summary: 'One case of the own association with its public messages (404 for another association’s)',
    access: 'association',
  },
  {
    method: 'post',
    path: '/api/association/cases/{id}/reply',
    summary: 'Reply on a case of the own association',
    access: 'association',
    body: replyBody,
  },
  {
    method: 'post',
    path: '/api/association-cases/{id}/resolve',
    summary: 'Resolve an association’s case with its result: positive, partial or negative',
    access: 'agent',
    body: resolveBody,
  },
  {
    method: 'get',
    path: '/api/stats/associations',
    summary:
      'The associations’ figures per association and month ?from=YYYY-MM&to=YYYY-MM: cases, resolved, share resolved positively / partly, average days; a total row per association; ?format=csv',
    access: 'supervisor',
  },
  {
    method: 'get',
    path: '/api/outages',
    summary:
      'Outage incidents (?status=open|suspected|active|resolved|dismissed|all, default open; &format=csv: every figure per incident, supervisors): version, place, public message, estimate, figures (contacts by channel, links, deflected callers, notices planned/sent/delivered/failed/unreachable, seconds from the first report to declaration and resolution)',
    access: 'agent',
  },
  {
    method: 'get',
    path: '/api/outages/{id}',
    summary:
      'One outage incident with its history (who changed what, which version), its linked contacts (protected customers first, marked `protected` without the kind of flag) and its `calls`: one call task per life-support or medical customer of its place (`outage_call`, made on declaration, promotion and on a change of place)',
    access: 'agent',
  },
  {
    method: 'post',
    path: '/api/admin/outages',
    summary:
      'Declare an outage → 201 {outage}: unknown area codes or supply points → 400 UnknownAreas with details {unknownAreaCodes, unknownSupplyPoints}; `notify` tells every customer of the area now; pushed as `outage:changed` on /agents',
    access: 'supervisor',
    body: declareOutageSchema,
  },
  {
    method: 'patch',
    path: '/api/admin/outages/{id}',
    summary:
      'Update an outage (estimate, cause, message, place, urgent) naming the version changed: 409 StaleVersion with details.current when another change came first, 409 OutageClosed once resolved',
    access: 'supervisor',
    body: updateOutageSchema,
  },
  {
    method: 'post',
    path: '/api/admin/outages/{id}/promote',
    summary: 'Promote a suspected outage (raised by N reports from one area in M minutes) to an outage in force; its reports are linked',
    access: 'supervisor',
    body: promoteOutageSchema,
  },
  {
    method: 'post',
    path: '/api/admin/outages/{id}/resolve',
    summary:
      'Resolve: every customer of the area is told once, each linked contact gets its final message and is closed (409 OutageClosed if already)',
    access: 'supervisor',
    body: closeOutageSchema,
  },
  {
    method: 'post',
    path: '/api/admin/outages/{id}/dismiss',
    summary: 'Dismiss a suspected outage that was none',
    access: 'supervisor',
    body: closeOutageSchema,
  },
  {
    method: 'post',
    path: '/api/tickets/{id}/outage',
    summary: 'Link a ticket to an outage in force (a waiting one leaves its queue and waits on the outage)',
    access: 'agent',
    body: linkSchema,
  },
  {
    method: 'delete',
    path: '/api/tickets/{id}/outage',
    summary: 'Unlink a ticket: a contact waiting on the outage goes back to its queue',
    access: 'agent',
  },
  { method: 'get', path: '/healthz', summary: 'Liveness', access: 'public' },
  { method: 'get', path: '/readyz', summary: 'Readiness: store and Redis reachable', access: 'public' },
  { method: 'get', path: '/metrics', summary: 'Prometheus metrics', access: 'public (restrict at the proxy)' },
  ...TWILIO_VOICE_STEPS.map((step): PathDoc => ({
    method: 'post',
    path: `/webhooks/twilio/voice/${step}`,
    summary: `IVR step "${step}": Twilio posts the caller's input (Digits, RecordingUrl, QueueResult…) to the action URL of the previous TwiML; TwiML`,
    access: 'twilio',
    contentType: 'application/x-www-form-urlencoded',
  })),
  {
    method: 'post',
    path: '/api/reception/privacy/export-requests',
    summary:
      "The customer's own data export (GDPR Art. 15/20, 152-FZ art. 14): {accountNumber, phone or email on file} → 202 {ticketNumber, deadline, sentVia email|sms|null, linkExpiresAt}. " +
      'Opens an information_request ticket with the rule set’s legal deadline (privacy.accessRequest) and sends a download link (PRIVACY_EXPORT_LINK_HOURS) to the e-mail on file, else by SMS; ' +
      '403 NotVerified, one answer whichever detail did not match',
    access: 'public (rate-limited)',
  },
  {
    method: 'get',
    path: '/api/reception/privacy/export',
    summary:
      'The export link (?token=…): the zip (export.json, summary.pdf, attachments, letters) until the link expires; 410 expired, 404 not valid — a page for a browser, JSON otherwise. Each use audited',
    access: 'public with token',
  },
  {
    method: 'post',
    path: '/api/reception/vulnerabilities',
    summary:
      "The customer's own statement of a vulnerability: {accountNumber, phone or email on file, kind} → 201 {status: pending} (200 {status: already} when the flag exists); an agent confirms it; a pending life_support / medical statement already blocks disconnection steps; 403 NotVerified",
    access: 'public (rate-limited)',
  },
  {
    method: 'get',
    path: '/api/reception/chat',
    summary: 'Whether the live web chat is open now: {available} (an agent who takes chats is available)',
    access: 'public',
  },
  {
    method: 'post',
    path: '/api/admin/import/{kind}',
    summary:
      'Import rows of one kind (customers | contracts | bills | payments): the four paths above spell out each body. CSV with any separator (`,` `;` tab `|`), header aliases in it/ru/en, decimal commas, dates ISO or dd/mm/yyyy (README, "Importing")',
    access: 'admin',
    contentType: 'text/csv',
  },
  {
    method: 'get',
    path: '/api/outbox',
    summary: 'Development only: what the dev outbox kept instead of sending (404 when the outbox is off)',
    access: 'agent',
  },
];

/** Pages for browsers, not API: served, but not in the document (test/integration/api-docs.test.ts checks every other route is). */
export const UNDOCUMENTED = [
  'GET /',
  'GET /track',
  'GET /console',
  'GET /dashboard',
  'GET /admin',
  'GET /dashboard/rules',
  'GET /association',
  'GET /walk-in',
  'GET /walk-in/display',
  'GET /outbox',
  'GET /api/docs',
  'GET /api/docs/init.js',
  'GET /api/openapi.json',
];

export function openApiDocument(): object {
  const registry = new OpenAPIRegistry();
  for (const p of PATHS) {
    const params = [...p.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
    const body = p.body ?? BODIES[`${p.method.toUpperCase()} ${p.path}`];
    registry.registerPath({
      method: p.method,
      path: p.path,
      summary: p.summary,
      description: `Access: ${p.access}.`,
      request: {
        ...(params.length ? { params: z.object(Object.fromEntries(params.map((n) => [n, z.string()]))) } : {}),
        ...(body ? { body: { content: { [p.contentType ?? 'application/json']: { schema: body } } } } : {}),
      },
      responses: {
        [p.summary.includes('→ 201') || p.summary.startsWith('Create') ? 201 : 200]: {
          description: p.access === 'twilio' && p.method === 'post' ? 'TwiML (text/xml), or 204 for status callbacks' : 'OK',
        },
        ...(p.method === 'post'
          ? { 400: { description: 'Invalid input: names each field', content: { 'application/json': { schema: errorBody } } } }
          : {}),
        ...(p.access.startsWith('public')
          ? {}
          : {
              401: {
                description: p.access === 'twilio' ? 'Bad Twilio signature (403)' : 'Not logged in',
                content: { 'application/json': { schema: errorBody } },
              },
              403: { description: 'Role not allowed', content: { 'application/json': { schema: errorBody } } },
            }),
        ...(params.length ? { 404: { description: 'Not found', content: { 'application/json': { schema: errorBody } } } } : {}),
        ...(p.access.includes('rate-limited') ? { 429: { description: 'Too many requests: Retry-After says when to try again' } } : {}),
      },
    });
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Utility hotline',
      version: '0.1.0',
      description:
        'Contact-centre backend for energy utilities. Channels: voice, sms, email, web (the reception form), chat (the live web chat), walk_in, association. Live channels (voice, chat, walk_in) have an answer time in seconds (`sla.firstResponseDueAt`); deferred ones only the regulatory answer deadline of their category in days (`sla.resolutionDueAt`).',
    },
  });
}

/** Swagger UI's page: the package's own files (no CDN), our initializer as a file (the CSP allows no inline script). */
const DOCS_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Utility hotline — API</title>
<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css"><link rel="icon" href="/api/docs/assets/favicon-32x32.png"></head>
<body><div id="swagger-ui"></div><script src="/api/docs/assets/swagger-ui-bundle.js"></script><script src="/api/docs/init.js"></script></body></html>`;
const DOCS_INIT = `window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#swagger-ui', deepLinking: true, withCredentials: true });`;

export const openApiFeature: Feature = {
  name: 'openapi',
  routes(router) {
    let doc: object | null = null;
    const json = (_req: express.Request, res: express.Response) => {
      doc ??= openApiDocument();
      res.json(doc);
    };
    router.get('/api/openapi.json', json);
    // A person gets the interactive page; a client asking for JSON the document, as before.
    router.get('/api/docs', (req, res) => {
      if (req.accepts(['html', 'json']) === 'json') return json(req, res);
      res.type('html').send(DOCS_PAGE);
    });
    router.get('/api/docs/init.js', (_req, res) => {
      res.type('application/javascript').send(DOCS_INIT);
    });
    router.use(
      '/api/docs/assets',
      express.static(dirname(require.resolve('swagger-ui-dist/package.json')), { index: false, maxAge: '1d' }),
    );
  },
};
