import { randomUUID } from 'node:crypto';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { DomainError } from '../core/errors';
import type { Logger } from '../core/logger';

const NOT_FOUND_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Page not found</title><style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#1b1b1b}</style></head>
<body><h1>Page not found</h1><p>There is no page at this address.</p>
<p><a href="/">Contact us</a> · <a href="/track">Follow a request</a></p>
<p lang="it">Pagina non trovata. <a href="/">Contattaci</a>.</p><p lang="ru">Страница не найдена. <a href="/">Написать нам</a>.</p></body></html>`;

/** An unknown address: JSON for the API, webhooks and clients that want JSON; a page for a browser on the public site. */
export const notFound: RequestHandler = (req, res) => {
  const api = req.path.startsWith('/api/') || req.path === '/api' || req.path.startsWith('/webhooks/');
  if (!api && req.method === 'GET' && req.accepts(['json', 'html']) === 'html') {
    res.status(404).type('html').send(NOT_FOUND_PAGE);
    return;
  }
  res.status(404).json({ error: 'NotFound', message: `no route for ${req.method} ${req.path}` });
};

/** The one place errors become HTTP: domain errors by their status, the rest a 500 with an errorId. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    if (err instanceof DomainError) {
      res.status(err.status).json({ error: err.code, message: err.message, details: err.details });
      return;
    }
    const status = (err as { status?: number; statusCode?: number }).status ?? (err as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) {
      // body-parser and friends: too large, malformed JSON, unsupported charset…
      const type = (err as { type?: string }).type;
      res.status(status).json({ error: type ?? 'BadRequest', message: (err as Error).message });
      return;
    }
    const errorId = randomUUID();
    logger.error({ err, errorId, method: req.method, path: req.path }, 'unhandled error');
    if (!res.headersSent) res.status(500).json({ error: 'InternalError', message: 'something went wrong', errorId });
  };
}
