// Bounded parallel work that never leaves anything running behind a failure: used where a
// batch of sends must be finished (or stopped) before the caller reports an error, and the
// cursor → batches → prepare → send pipeline of a long run (the reminders job).

/** Waits for every promise, then throws the first rejection (Promise.all stops waiting at the first). */
export async function allOrFirstError(promises: Array<Promise<unknown>>): Promise<void> {
  const results = await Promise.allSettled(promises);
  const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (rejected) throw rejected.reason;
}

/**
 * Runs `fn` over `items`, `width` at a time. After a failure no new item starts, and it
 * rejects only once every lane has stopped, so nothing is still running when the caller fails.
 */
export async function inPool<T>(items: T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const lane = async () => {
    while (!failed && next < items.length) {
      const item = items[next++] as T;
      try {
        await fn(item);
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  await allOrFirstError(Array.from({ length: Math.min(width, items.length) }, lane));
}

/** Groups `source` into arrays of `size`, in order; the last may be shorter, none is empty. */
export async function* batches<T>(source: AsyncIterable<T>, size: number): AsyncGenerator<T[]> {
  let batch: T[] = [];
  for await (const item of source) {
    batch.push(item);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

export interface Pipeline<T, P> {
  /** Each batch in source order, while the previous batch's `send` still runs. */
  prepare: (batch: T[]) => Promise<P>;
  /** Each prepared batch in order, one at a time, in the background of the next `prepare`. */
  send: (prepared: P) => Promise<void>;
  /** Asked after each full batch is handed to `send`: true stops reading once that send finishes. */
  shouldStop?: () => boolean;
}

/**
 * Reads `source` in batches of `size` through two stages: batch n+1 is read and prepared
 * while batch n is sent, so at most two batches are in memory and one is sending. A failed
 * send is thrown at the next hand-over (never lost), so nothing is sent after it; whatever
 * fails, it rejects only once the send in flight has finished. `stopped`: shouldStop ended it.
 */
export async function pipeline<T, P>(source: AsyncIterable<T>, size: number, stages: Pipeline<T, P>): Promise<{ stopped: boolean }> {
  let inFlight: Promise<void> = Promise.resolve();
  let failure: { err: unknown } | undefined;
  const settle = async () => {
    await inFlight;
    if (failure) throw failure.err;
  };
  try {
    for await (const batch of batches(source, size)) {
      const prepared = await stages.prepare(batch);
      await settle();
      inFlight = stages.send(prepared).catch((err: unknown) => {
        failure ??= { err };
      });
      if (batch.length >= size && stages.shouldStop?.()) {
        await settle();
        return { stopped: true };
      }
    }
    await settle();
    return { stopped: false };
  } catch (err) {
    // Not while a batch it started is still sending.
    await inFlight;
    throw err;
  }
}
