import { LivePublisher } from '../../core/stats/live-publisher';

const silent = { error: () => undefined } as never;

function publisher() {
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
