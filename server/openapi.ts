// GET /api/docs: the OpenAPI document of the external contract (docs/architecture.md, "External contract"). Request bodies
// come from the same zod schemas the routes validate with, so the document cannot drift
// from what the server accepts; paths are listed here once.
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { createAgentSchema } from '../core/agents/create-agent';
import { rowSchemas } from '../core/import/import-rows';
import type { Feature } from '../app/feature';
import { callNextBody, checkInBody } from '../channels/walk-in/feature';
import { officeSchema } from '../core/walk-in/offices';
import { associationSchema, representativeSchema } from '../core/associations/associations';
import { caseBody, replyBody, resolveBody } from '../channels/association/feature';

type Method = 'get' | 'post';
interface PathDoc {
  method: Method;
  path: string;
  summary: string;
  /** Who may call it: public, twilio (signed), agent, supervisor, admin. */
  access: string;
  body?: z.ZodType;
  contentType?: string;
}

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
      'first ticket and token (repeated: true); 503 with Retry-After = stored but not numbered yet, send the same submission again',
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
      'Live wall-board figures; `accessibility` {as, freeSeconds, onCallSeconds, loggedInSeconds} counts states still running; channel rows carry `clock` (answer_seconds for live channels, deadline_days for deferred ones)',
    access: 'supervisor',
  },
  {
    method: 'get',
    path: '/api/stats/intervals',
    summary: 'Interval statistics (?from&to&queue&channel); rows carry `accessibility` (AS), the current interval up to now',
    access: 'supervisor',
  },
  {
    method: 'get',
    path: '/api/stats/regulatory',
    summary:
      'Regulatory figures against the rule set: TMA with and without IVR over answered and abandoned calls (tmaAnswered, tmaAbandoned), LS, AS (onCallSeconds counted busy), written answers; `definitions` states how each is computed',
    access: 'supervisor',
  },
  { method: 'post', path: '/api/tickets/{id}/reject', summary: 'Reject a pushed offer (it goes to the next agent)', access: 'agent' },
  { method: 'post', path: '/api/agents/me/presence', summary: 'Set my presence (available, away, …)', access: 'agent' },
  { method: 'get', path: '/api/agents/directory', summary: 'Agents and their presence, for transfers', access: 'agent' },
  { method: 'get', path: '/api/queues', summary: 'Queues and their settings', access: 'agent' },
  { method: 'post', path: '/api/queues/{id}', summary: 'Change a queue (mode, targets)', access: 'supervisor' },
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
    summary: 'Close it, upheld (credit-note task) or not',
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
    method: 'post',
    path: '/api/admin/jobs/{name}/run',
    summary: 'Run a scheduled job now, optionally as of a date; answers with its counts',
    access: 'admin',
    body: z.object({ asOf: z.string().datetime().optional() }),
  },
  { method: 'get', path: '/api/admin/jobs/runs', summary: 'Recorded job runs', access: 'supervisor' },
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
    method: 'post',
    path: '/api/walk-in/offices/{office}/check-in',
    summary:
      'Check a visitor in (kiosk or receptionist): a number like A017 and a walk_in ticket → 201 {number, ticketNumber, ahead}; 409 OfficeClosed',
    access: 'agent',
    body: checkInBody,
  },
  { method: 'get', path: '/api/walk-in/offices/{office}/visits', summary: 'Visitors waiting and at a desk', access: 'agent' },
  {
    method: 'post',
    path: '/api/walk-in/offices/{office}/call-next',
    summary: 'Call the oldest waiting visitor of the desk’s services (claims the ticket; the wait ends); 404 NobodyWaiting',
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
    summary: 'Submit a case for a member (account or contract, signed mandate as base64) → 201 {id, ticketNumber}',
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
  { method: 'get', path: '/healthz', summary: 'Liveness', access: 'public' },
  { method: 'get', path: '/readyz', summary: 'Readiness: store and Redis reachable', access: 'public' },
  { method: 'get', path: '/metrics', summary: 'Prometheus metrics', access: 'public (restrict at the proxy)' },
];

export function openApiDocument(): object {
  const registry = new OpenAPIRegistry();
  for (const p of PATHS) {
    const params = [...p.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
    registry.registerPath({
      method: p.method,
      path: p.path,
      summary: p.summary,
      description: `Access: ${p.access}.`,
      request: {
        ...(params.length ? { params: z.object(Object.fromEntries(params.map((n) => [n, z.string()]))) } : {}),
        ...(p.body ? { body: { content: { [p.contentType ?? 'application/json']: { schema: p.body } } } } : {}),
      },
      responses: {
        200: { description: 'OK' },
        400: { description: 'Invalid input: `{error, message, details}` naming each field' },
        ...(p.access === 'public'
          ? {}
          : { 401: { description: 'Not logged in / bad signature' }, 403: { description: 'Role not allowed' } }),
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

export const openApiFeature: Feature = {
  name: 'openapi',
  routes(router) {
    let doc: object | null = null;
    router.get('/api/docs', (_req, res) => {
      doc ??= openApiDocument();
      res.json(doc);
    });
  },
};
