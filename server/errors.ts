import { randomUUID } from 'node:crypto';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { DomainError } from '../core/errors';
import type { Logger } from '../core/logger';

export const notFound: RequestHandler = (req, res) => {
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
