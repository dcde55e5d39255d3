import type { Router } from 'express';
import type { AppContext } from './context';

/**
 * A part of the system registers its own routes, socket handlers, jobs and listeners in
 * one place (Fastify-style encapsulation); server/features.ts lists them.
 */
export interface Feature {
  name: string;
  /** Mounted at the root; paths are the feature's own (docs/architecture.md, "External contract"). */
  routes?(router: Router, ctx: AppContext): void;
  /** Called once the context exists: register event listeners, socket namespaces, jobs. */
  start?(ctx: AppContext): void | Promise<void>;
  /** Undo start(): close servers, workers, timers. Called in reverse order on shutdown. */
  stop?(ctx: AppContext): void | Promise<void>;
}
