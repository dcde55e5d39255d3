// Work on one key at a time in this process: the messages of one thread are threaded one
// after another, so on one node the first opens the ticket and the others join it without a
// race in the store. Between nodes the thread pointer's unique `_id` decides (ingest.ts).
const tails = new Map<string, Promise<void>>();

/** Runs `fn` after every earlier call with the same key has settled; keys do not wait for each other. */
export async function oneAtATime<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const before = tails.get(key);
  let release!: () => void;
  const mine = new Promise<void>((r) => (release = r));
  tails.set(key, mine);
  try {
    if (before) await before;
    return await fn();
  } finally {
    release();
    if (tails.get(key) === mine) tails.delete(key);
  }
}
