// Bounded parallel work that never leaves anything running behind a failure: used where a
// batch of sends must be finished (or stopped) before the caller reports an error.

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
