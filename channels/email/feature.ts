// The e-mail channel: inbound over SMTP and the raw-mail webhook, outbound through
// nodemailer (ctx.outbound.email), attachments on the file system under DATA_DIR.
import type { SMTPServer } from 'smtp-server';
import type { AppContext } from '../../app/context';
import type { Feature } from '../../app/feature';
import { FileAttachmentStore, type AttachmentStore } from './attachment-store';
import { NodemailerEmailOutbound } from './outbound';
import { outboxMode } from '../../core/outbox-mode';
import { outboxOf } from '../outbox/outbox';
import { emailRoutes } from './routes';
import { unsubscribeRoutes } from './unsubscribe-routes';
import { createSmtpInbound, listen } from './smtp-inbound';

interface Running {
  store: AttachmentStore;
  smtp?: SMTPServer;
  port?: number;
  outbound?: NodemailerEmailOutbound;
}
const running = new WeakMap<AppContext, Running>();

function stateOf(ctx: AppContext): Running {
  let s = running.get(ctx);
  if (!s) {
    s = { store: new FileAttachmentStore(ctx.config.DATA_DIR) };
    running.set(ctx, s);
  }
  return s;
}

/** The port the inbound SMTP server is bound to (SMTP_PORT=0 picks a free one, as tests do). */
export function smtpPortOf(ctx: AppContext): number | undefined {
  return running.get(ctx)?.port;
}

export function attachmentStoreOf(ctx: AppContext): AttachmentStore {
  return stateOf(ctx).store;
}

export const emailFeature: Feature = {
  name: 'email',
  routes(router, ctx) {
    emailRoutes(router, ctx, stateOf(ctx).store);
    unsubscribeRoutes(router, ctx);
  },
  background(ctx) {
    const s = stateOf(ctx);
    const outbox = outboxMode(ctx.config).email ? outboxOf(ctx.config) : null;
    s.outbound = new NodemailerEmailOutbound({
      config: ctx.config,
      logger: ctx.logger,
      clock: ctx.clock,
      transport: outbox?.mailTransport(),
    });
    ctx.outbound.email = s.outbound;
  },
  async start(ctx) {
    const s = stateOf(ctx);
    s.smtp = createSmtpInbound(ctx, s.store);
    s.smtp.on('error', (err) => ctx.logger.warn({ err }, 'smtp server error'));
    s.port = await listen(s.smtp, ctx.config.SMTP_PORT, ctx.config.HOST);
    ctx.logger.info({ port: s.port }, 'smtp inbound listening');
  },
  async stop(ctx) {
    const s = running.get(ctx);
    if (ctx.outbound.email === s?.outbound) delete ctx.outbound.email;
    s?.outbound?.close();
    if (s?.smtp) await new Promise<void>((resolve) => s.smtp!.close(() => resolve()));
    running.delete(ctx);
  },
};
