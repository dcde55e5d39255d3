// GET /api/docs: the OpenAPI document of the external contract (docs/architecture.md, "External contract"). Request bodies
// come from the same zod schemas the routes validate with, so the document cannot drift
// from what the server accepts; paths are listed here once.
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { createAgentSchema } from '../core/agents/create-agent';
import { rowSchemas } from '../core/import/import-rows';
import { closeOutageSchema, declareOutageSchema, promoteOutageSchema, updateOutageSchema } from '../core/outages/schemas';
import { linkSchema } from './routes/outages';
import type { Feature } from '../app/feature';

type Method = 'get' | 'post' | 'patch' | 'delete';
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
    summary: 'One outage incident with its history (who changed what, which version) and its linked contacts',
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
