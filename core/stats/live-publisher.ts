// Pushes the wall board about once a second, coalesced: events only mark it dirty, a
// timer recomputes and emits at most once per tick (and every few ticks anyway, since
// waits grow without events). The emit function is injected: domain code never touches sockets.
import type { Logger } from '../logger';

export interface LivePublisherOptions<P> {
  compute(): Promise<P>;
  emit(payload: P): void;
  intervalMs: number;
  /** The clock the figures are computed at; a snapshot older than one tick by it is stale. */
  now(): number;
  /** Emit at least every this many ticks even when nothing happened. */
  idleTicks?: number;
  /** Whether anyone receives the emits here; while nobody does, ticks read nothing from the store. */
  watched?: () => boolean;
  logger: Logger;
}

export class LivePublisher<P> {
  private dirty = true;
  private busy = false;
  private idle = 0;
  private timer: NodeJS.Timeout | null = null;
  private last: { at: number; payload: P } | null = null;
  private computing: Promise<P> | null = null;

  constructor(private readonly opts: LivePublisherOptions<P>) {}

  markDirty(): void {
    this.dirty = true;
  }

  start(): void {
    this.timer ??= setInterval(() => void this.tick(), this.opts.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /**
   * The latest figures for a REST reader: the last computed snapshot while it is younger
   * than one tick and nothing happened since, so any number of wall boards cost one
   * computation a second; otherwise a fresh one (shared by concurrent readers).
   */
  async snapshot(fresh = false): Promise<P> {
    const now = this.opts.now();
    const current = (at: number) => !fresh && !this.dirty && Math.abs(now - at) < this.opts.intervalMs;
    if (this.last && current(this.last.at)) return this.last.payload;
    if (this.computing && current(this.computingAt)) return this.computing;
    // A computation under way started before something happened (or at another time): wait for it, then compute anew.
    if (this.computing) await this.computing.catch(() => undefined);
    return this.compute();
  }

  private computingAt = 0;

  private compute(): Promise<P> {
    if (!this.computing) this.computingAt = this.opts.now();
    this.computing ??= (async () => {
      this.dirty = false;
      try {
        const payload = await this.opts.compute();
        this.last = { at: this.opts.now(), payload };
        return payload;
      } finally {
        this.computing = null;
      }
    })();
    return this.computing;
  }

  async tick(): Promise<void> {
    if (this.busy) return;
    // Nobody watching: no figures computed (the next watcher gets a fresh board at once).
    if (this.opts.watched && !this.opts.watched()) {
      this.idle = this.opts.idleTicks ?? 5;
      return;
    }
    this.idle++;
    if (!this.dirty && this.idle < (this.opts.idleTicks ?? 5)) return;
    this.busy = true;
    this.idle = 0;
    try {
      this.opts.emit(await this.compute());
    } catch (err) {
      this.opts.logger.error({ err }, 'live statistics could not be computed');
    } finally {
      this.busy = false;
    }
  }
}
