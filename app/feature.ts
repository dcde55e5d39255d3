import type { Router } from 'express';
import type { AppContext } from './context';

/**
 * A part of the system registers its own routes, socket handlers and listeners in one place
 * (Fastify-style encapsulation); server/features.ts lists them. Jobs are not a feature's:
 * every one is listed in jobs/registry.ts.
 */
export interface Feature {
  name: string;
  /** Mounted at the root; paths are the feature's own (docs/architecture.md, "External contract"). */
  routes?(router: Router, ctx: AppContext): void;
  /**
   * The part of starting that every process running background work needs, a worker-only
   * one (server/worker.ts) included: outbound senders, and the listeners that carry a job's
   * events on to sockets, statistics and routing. HTTP nodes call it just before start().
   */
  background?(ctx: AppContext): void | Promise<void>;
  /** On HTTP nodes, after background(): what takes connections (socket namespaces, SMTP, the call bridge). */
  start?(ctx: AppContext): void | Promise<void>;
  /** Undo background() and start(): close servers, workers, timers. Called in reverse order on shutdown. */
  stop?(ctx: AppContext): void | Promise<void>;
}
