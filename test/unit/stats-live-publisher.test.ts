import { LivePublisher } from '../../core/stats/live-publisher';

const silent = { error: () => undefined } as never;

function publisher(watched?: () => boolean) {
  let now = 1_000_000;
  let computed = 0;
  const emitted: number[] = [];
  const p = new LivePublisher<number>({
    compute: async () => ++computed,
    emit: (n) => emitted.push(n),
    intervalMs: 1000,
    idleTicks: 3,
    now: () => now,
    logger: silent,
    watched,
  });
  return { p, emitted, advance: (ms: number) => (now += ms), computed: () => computed };
}

test('readers within one tick share one computation; an event or the clock makes it stale', async () => {
  const { p, advance, computed } = publisher();
  expect(await p.snapshot()).toBe(1);
  expect(await Promise.all([p.snapshot(), p.snapshot(), p.snapshot()])).toEqual([1, 1, 1]);
  expect(computed()).toBe(1);
  p.markDirty();
  expect(await p.snapshot()).toBe(2);
  advance(1000);
  expect(await p.snapshot()).toBe(3);
  expect(await p.snapshot(true)).toBe(4);
});

test('ticks emit when something happened, and every few ticks anyway', async () => {
  const { p, emitted } = publisher();
  await p.tick(); // dirty at start
  await p.tick();
  await p.tick();
  expect(emitted).toEqual([1]);
  await p.tick(); // third idle tick
  expect(emitted).toEqual([1, 2]);
  p.markDirty();
  p.markDirty();
  await p.tick();
  expect(emitted).toEqual([1, 2, 3]);
});

test('while nobody watches, ticks compute nothing; the first watcher gets a board at the next tick', async () => {
  let watchers = 0;
  const { p, emitted, computed } = publisher(() => watchers > 0);
  p.markDirty();
  for (let i = 0; i < 10; i++) await p.tick();
  expect(computed()).toBe(0);
  expect(emitted).toEqual([]);
  watchers = 1;
  await p.tick();
  expect(emitted).toEqual([1]);
  watchers = 0;
  for (let i = 0; i < 10; i++) await p.tick();
  expect(computed()).toBe(1);
});
