import type { RequestHandler } from 'express';
import type { mongo } from 'mongoose';
import client from 'prom-client';
import type { EventBus } from '../core/events';

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

export const inboundMessages = new client.Counter({
  name: 'hotline_inbound_messages_total',
  help: 'Inbound messages processed into tickets, by channel',
  labelNames: ['channel'],
  registers: [registry],
});

export const ticketsQueued = new client.Counter({
  name: 'hotline_tickets_queued_total',
  help: 'Tickets entering a queue, by queue and reason (new, reopened, transferred, released)',
  labelNames: ['queue', 'reason'],
  registers: [registry],
});

export const storeCommands = new client.Counter({
  name: 'hotline_store_commands_total',
  help: 'Commands this process sent to the store (MongoDB / FerretDB), by command and collection',
  labelNames: ['command', 'collection'],
  registers: [registry],
});

// Issue 20's budget is store commands per inbound contact and per connected agent: counted
// here per process, cheaply (a Map lookup per command; prom-client's own label lookup
// builds a key string each time), and read by bench/hotline-day from /metrics.
const commandCounters = new Map<string, client.Counter.Internal>();
const countedClients = new WeakSet<mongo.MongoClient>();

/** The collection a command names (find, insert, update, delete, findAndModify, aggregate, count, getMore, …), or "-". */
export function commandCollection(e: Pick<mongo.CommandStartedEvent, 'commandName' | 'command'>): string {
  const named = (e.command as Record<string, unknown>)[e.commandName];
  if (typeof named === 'string') return named;
  const collection = (e.command as { collection?: unknown }).collection;
  return typeof collection === 'string' ? collection : '-';
}

/** Counts every command of a client connected with `monitorCommands: true` (models/index.ts connectStore). */
export function countStoreCommands(store: mongo.MongoClient): void {
  if (countedClients.has(store)) return;
  countedClients.add(store);
  store.on('commandStarted', (e) => {
    const collection = commandCollection(e);
    const key = `${e.commandName}\u0000${collection}`;
    let counter = commandCounters.get(key);
    if (!counter) {
      counter = storeCommands.labels({ command: e.commandName, collection });
      commandCounters.set(key, counter);
    }
    counter.inc();
  });
}

/** Business events become counters here, so no use case imports the metrics library. */
export function instrumentEvents(events: EventBus): void {
  events.on('message.received', (e) => void inboundMessages.inc({ channel: e.channel }));
  events.on('ticket.queued', (e) => void ticketsQueued.inc({ queue: e.queue, reason: e.reason }));
}

export const metricsMiddleware: RequestHandler = (req, res, next) => {
  const end = httpDuration.startTimer();
  res.on('finish', () => {
    // The matched route pattern, never the raw URL: ids and tokens stay out of labels.
    const route = (req.route as { path?: string } | undefined)?.path ?? 'unmatched';
    end({ method: req.method, route: String(route), status: String(res.statusCode) });
  });
  next();
};
