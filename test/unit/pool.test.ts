import { allOrFirstError, inPool } from '../../core/pool';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('runs every item, at most `width` at a time', async () => {
  let running = 0;
  let most = 0;
  const done: number[] = [];
  await inPool([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
    running += 1;
    most = Math.max(most, running);
    await tick(5);
    done.push(n);
    running -= 1;
  });
  expect(done.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  expect(most).toBe(3);
});

test('after a failure no new item starts, and it rejects only when the running ones have finished', async () => {
  const started: number[] = [];
  const finished: number[] = [];
  const run = inPool([1, 2, 3, 4, 5, 6], 3, async (n) => {
    started.push(n);
    if (n === 1) throw new Error('store down');
    await tick(30);
    finished.push(n);
  });
  await expect(run).rejects.toThrow('store down');
  // 2 and 3 were already sending when 1 failed: they were waited for, and nothing else began.
  expect(started).toEqual([1, 2, 3]);
  expect(finished.sort()).toEqual([2, 3]);
});

test('allOrFirstError waits for the slow ones before throwing the first error', async () => {
  let slowDone = false;
  const slow = tick(30).then(() => {
    slowDone = true;
  });
  await expect(allOrFirstError([Promise.reject(new Error('first')), slow, Promise.reject(new Error('second'))])).rejects.toThrow('first');
  expect(slowDone).toBe(true);
});
