// The unsubscribe link of automatic e-mails (channels/email/unsubscribe-link.ts). GET only
// shows what the link withdraws and a confirm button — mail scanners fetch links, so a GET
// never changes anything; POST (the button, or a mail client's RFC 8058 one-click with the
// body `List-Unsubscribe=One-Click`, no session, no page) withdraws the consent. Public: the
// signed token is the authority. Answers are small HTML pages in the customer's language.
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../app/context';
import { DomainError } from '../../core/errors';
import { unsubscribe } from '../../core/privacy/unsubscribe';
import { readUnsubscribe, type UnsubscribeClaim } from '../../core/privacy/unsubscribe-token';
import { customerByAccount } from '../../models/repos/customers';
import { LANGUAGES, type Language } from '../../wire';
import { tUnsubscribe } from './unsubscribe-catalog';
import { UNSUBSCRIBE_PATH } from './unsubscribe-link';

const tokenQuery = z.object({ t: z.string().min(1).max(400) });
/** RFC 8058 §3.1: the one-click POST carries exactly this; the page's button sends the same. */
export const oneClickBody = z.object({ 'List-Unsubscribe': z.literal('One-Click') });

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function page(res: Response, status: number, language: Language, paragraphs: string[], form?: { action: string; label: string }): void {
  const t = (k: string) => escapeHtml(tUnsubscribe(language, k));
  const body = paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n');
  const button = form
    ? `<form method="post" action="${escapeHtml(form.action)}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">${escapeHtml(form.label)}</button></form>`
    : '';
  res
    .status(status)
    .setHeader('Cache-Control', 'no-store')
    .setHeader('X-Robots-Tag', 'noindex')
    .type('html')
    .send(
      `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${t('title')}</title>` +
        `<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;line-height:1.5}button{font-size:1rem;padding:.5rem 1.5rem}</style></head>` +
        `<body><main><h1>${t('title')}</h1>\n${body}\n${button}</main></body></html>`,
    );
}

export function unsubscribeRoutes(router: Router, ctx: AppContext): void {
  const secret = ctx.config.UNSUBSCRIBE_SECRET;
  const form = express.urlencoded({ extended: false, limit: '1kb' });

  /** The customer's language, else the visitor's browser's, else the deployment's. */
  async function languageFor(req: Request, claim: UnsubscribeClaim | null): Promise<Language> {
    const customer = claim ? await customerByAccount(claim.accountNumber, { language: 1 }) : null;
    if (customer?.language) return customer.language;
    const accepted = req.acceptsLanguages(ctx.config.DEFAULT_LANGUAGE, ...LANGUAGES);
    return (LANGUAGES as readonly unknown[]).includes(accepted) ? (accepted as Language) : ctx.config.DEFAULT_LANGUAGE;
  }

  function claimOf(req: Request): { claim: UnsubscribeClaim | null; token: string } {
    const q = tokenQuery.safeParse(req.query);
    return q.success ? { claim: readUnsubscribe(secret, q.data.t), token: q.data.t } : { claim: null, token: '' };
  }

  router.get(UNSUBSCRIBE_PATH, async (req, res) => {
    const { claim, token } = claimOf(req);
    const language = await languageFor(req, claim);
    if (!claim) return page(res, 400, language, [tUnsubscribe(language, 'invalid')]);
    page(res, 200, language, [tUnsubscribe(language, `ask.${claim.purpose}`), tUnsubscribe(language, `effect.${claim.purpose}`)], {
      action: `${UNSUBSCRIBE_PATH}?t=${encodeURIComponent(token)}`,
      label: tUnsubscribe(language, 'confirm'),
    });
  });

  router.post(UNSUBSCRIBE_PATH, form, async (req, res) => {
    const { claim } = claimOf(req);
    const language = await languageFor(req, claim);
    if (!claim || !oneClickBody.safeParse(req.body ?? {}).success) return page(res, 400, language, [tUnsubscribe(language, 'invalid')]);
    try {
      const r = await unsubscribe({ claim, now: ctx.clock.now() });
      ctx.logger.info({ purpose: claim.purpose, changed: r.changed }, 'unsubscribe link');
    } catch (err) {
      if (err instanceof DomainError && err.code === 'NotFound') return page(res, 404, language, [tUnsubscribe(language, 'unknown')]);
      throw err;
    }
    page(res, 200, language, [
      tUnsubscribe(language, 'done'),
      tUnsubscribe(language, `effect.${claim.purpose}`),
      tUnsubscribe(language, 'later'),
    ]);
  });
}
