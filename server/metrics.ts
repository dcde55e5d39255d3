import type { RequestHandler } from 'express';
import client from 'prom-client';

/** One registry per process; every feature adds its own metrics to it. */
export const registry = new client.Registry();
client.collectDefaultMetrics({ register: registry });

export const httpDuration = new client.Histogram({
  name: 'http_request_duration_seconds',
  help: 'HTTP request duration by route and status',
  labelNames: ['method', 'route', 'status'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  registers: [registry],
});

export const ingestedMessages = new client.Counter({
  name: 'hotline_inbound_messages_total',
  help: 'Inbound messages by channel and outcome',
  labelNames: ['channel', 'outcome'],
  registers: [registry],
});

export const metricsMiddleware: RequestHandler = (req, res, next) => {
  const end = httpDuration.startTimer();
  res.on('finish', () => {
    // The matched route pattern, never the raw URL: ids and tokens stay out of labels.
    const route = (req.route as { path?: string } | undefined)?.path ?? 'unmatched';
    end({ method: req.method, route: String(route), status: String(res.statusCode) });
  });
  next();
};
