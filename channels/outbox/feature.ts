// The dev outbox as a feature: started before the senders (server/features.ts lists it
// first among them) so they are built on it, and shown on /outbox (HTML, refreshing itself)
// and GET /api/outbox (JSON) to any logged-in user. Off — and both paths 404 — unless
// core/outbox-mode.ts says so (development without Twilio or SMTP settings, or OUTBOX=on).
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { Feature } from '../../app/feature';
import { requireRole } from '../../app/require-role';
import { parse } from '../../app/validate';
import { NotFound } from '../../core/errors';
import { outboxMode } from '../../core/outbox-mode';
import { OutboxItem } from '../../models/outbox-item';
import { useTwilioClient } from '../twilio/client';
import { Outbox, outboxOf, setOutbox } from './outbox';

const listSchema = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) });

const esc = (s: unknown) =>
  String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const LABEL: Record<string, string> = { sms: 'SMS', voice: 'Call', email: 'E-mail' };

function page(body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="5"><title>Dev outbox — Utility hotline</title>
<style>body{font:15px/1.4 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1b1b1b}
table{border-collapse:collapse;width:100%}th,td{text-align:left;vertical-align:top;padding:.4rem .5rem;border-bottom:1px solid #ddd}
td.body{white-space:pre-wrap}.state{font-size:.85em;padding:.1rem .4rem;border-radius:.3rem;background:#eee}.delivered{background:#d7f5dd}
.note{background:#fff6d6;padding:.6rem .8rem;border-radius:.4rem}</style></head><body>
<h1>Dev outbox</h1><p class="note">Nothing here has been sent: without Twilio or SMTP settings, development keeps outbound SMS, automated calls and e-mails here
and simulates their delivery. Set TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN / TWILIO_FROM_NUMBER or SMTP_OUTBOUND_URL to send for real (README, "Configuration").</p>
${body}</body></html>`;
}

export const outboxFeature: Feature = {
  name: 'outbox',
  routes(router, ctx) {
    const enabled = () => {
      const mode = outboxMode(ctx.config);
      return mode.twilio || mode.email;
    };
    const items = async (limit: number) =>
      OutboxItem.find({}, { _id: 0, at: 1, channel: 1, to: 1, from: 1, subject: 1, body: 1, state: 1, externalId: 1, messageId: 1 })
        .sort({ at: -1 })
        .limit(limit)
        .lean();

    router.get(
      '/api/outbox',
      (req, res, next) => (enabled() ? requireRole('agent')(req, res, next) : next(NotFound('the dev outbox'))),
      async (req, res) => {
        const { limit } = parse(listSchema, req.query);
        res.json({ mode: outboxMode(ctx.config), items: await items(limit) });
      },
    );

    router.get('/outbox', async (req: Request, res: Response) => {
      if (!enabled()) {
        res.status(404).type('html').send(page('<p>The dev outbox is off: messages really leave (Twilio and SMTP are configured).</p>'));
        return;
      }
      if (!req.session?.agentId) {
        res.status(401).type('html').send(page('<p><a href="/console">Log in</a> (any agent account), then come back to this page.</p>'));
        return;
      }
      const rows = (await items(200))
        .map(
          (m) =>
            `<tr><td>${esc(m.at.toISOString().replace('T', ' ').slice(0, 19))}</td><td>${LABEL[m.channel] ?? esc(m.channel)}</td><td>${esc(m.to)}</td>` +
            `<td class="body">${m.subject ? `<strong>${esc(m.subject)}</strong>\n` : ''}${esc(m.body)}</td><td><span class="state ${esc(m.state)}">${esc(m.state)}</span></td></tr>`,
        )
        .join('\n');
      res
        .type('html')
        .send(
          page(
            rows
              ? `<table><thead><tr><th>When (UTC)</th><th>Channel</th><th>To</th><th>Message</th><th>Delivery</th></tr></thead><tbody>${rows}</tbody></table>`
              : '<p>Nothing yet. Send a request from the <a href="/">reception form</a> or run <code>npm run simulate</code>.</p>',
          ),
        );
    });
  },
  background(ctx) {
    const mode = outboxMode(ctx.config);
    if (!mode.twilio && !mode.email) return;
    const outbox = new Outbox(ctx.logger, ctx.clock);
    setOutbox(ctx.config, outbox);
    if (mode.twilio) useTwilioClient(ctx.config, outbox.twilioClient());
  },
  stop(ctx) {
    const outbox = outboxOf(ctx.config);
    if (!outbox) return;
    outbox.close();
    setOutbox(ctx.config, null);
    useTwilioClient(ctx.config, null);
  },
};
