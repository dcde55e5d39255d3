import express, { type Express } from 'express';
import helmet from 'helmet';
import type { AppContext } from '../app/context';
import { errorHandler, notFound } from './errors';
import type { Feature } from '../app/feature';
import { metricsMiddleware } from './metrics';
import { sessionMiddleware } from './auth/session';
import { originCheck } from './auth/origin-check';
import type { RequestHandler } from 'express';

export interface BuiltApp {
  app: Express;
  session: RequestHandler;
}

/** The express app: shared middleware, then each feature's routes, then 404 and errors. */
export function createApp(ctx: AppContext, features: Feature[]): BuiltApp {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', ctx.config.TRUST_PROXY);
  app.set('query parser', 'simple');
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          connectSrc: ["'self'", 'ws:', 'wss:'],
          imgSrc: ["'self'", 'data:'],
          styleSrc: ["'self'", "'unsafe-inline'"],
        },
      },
    }),
  );
  app.use(metricsMiddleware);
  const session = sessionMiddleware(ctx);
  // Provider webhooks carry no session: skipping the store lookup keeps them cheap.
  app.use((req, res, next) => (req.path.startsWith('/webhooks/') ? next() : session(req, res, next)));
  // CSRF: state-changing requests with the session cookie must come from our own pages.
  app.use(originCheck(ctx.config.PUBLIC_BASE_URL));
  // JSON for the API; webhooks and imports bring their own parsers (form, raw mail, CSV).
  const json = express.json({ limit: '1mb' });
  // The association case carries a scanned mandate: its route has its own 8 MB limit (wire/association.ts).
  const ownParser = (req: express.Request) =>
    req.path.startsWith('/admin/import/') || (req.method === 'POST' && req.path === '/association/cases');
  app.use('/api', (req, res, next) => (ownParser(req) ? next() : json(req, res, next)));

  const router = express.Router();
  for (const f of features) f.routes?.(router, ctx);
  app.use(router);
  app.use(notFound);
  app.use(errorHandler(ctx.logger));
  return { app, session };
}
