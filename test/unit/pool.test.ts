import { allOrFirstError, batches, inPool, pipeline } from '../../core/pool';

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

async function* numbers(n: number, log?: string[]) {
  for (let i = 1; i <= n; i++) {
    log?.push(`read ${i}`);
    yield i;
  }
}

async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of source) out.push(x);
  return out;
}

test.each([
  ['fewer than one batch', 2, 3, [[1, 2]]],
  [
    'an exact multiple: no empty batch at the end',
    6,
    3,
    [
      [1, 2, 3],
      [4, 5, 6],
    ],
  ],
  ['a shorter last batch', 7, 3, [[1, 2, 3], [4, 5, 6], [7]]],
  ['nothing at all', 0, 3, []],
])('batches: %s', async (_name, n, size, expected) => {
  expect(await collect(batches(numbers(n), size))).toEqual(expected);
});

describe('pipeline', () => {
  test('prepares and sends every batch in source order', async () => {
    const prepared: number[][] = [];
    const sent: number[] = [];
    const result = await pipeline(numbers(7), 3, {
      prepare: async (batch) => {
        prepared.push(batch);
        return batch.reduce((a, b) => a + b, 0);
      },
      send: async (sum) => {
        await tick(5);
        sent.push(sum);
      },
    });
    expect(prepared).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
    expect(sent).toEqual([6, 15, 7]);
    expect(result).toEqual({ stopped: false });
  });

  test('the next batch is read and prepared while one sends; never two sends at once', async () => {
    const log: string[] = [];
    let sending = 0;
    let mostSending = 0;
    await pipeline(numbers(6, log), 2, {
      prepare: async (batch) => {
        log.push(`prepare ${batch.join()}`);
        return batch;
      },
      send: async (batch) => {
        sending += 1;
        mostSending = Math.max(mostSending, sending);
        log.push(`send ${batch.join()}`);
        await tick(20);
        log.push(`sent ${batch.join()}`);
        sending -= 1;
      },
    });
    expect(mostSending).toBe(1);
    // Batch 3,4 was read and prepared before 1,2 finished sending, but sent only after it:
    // at most two batches are held at any time.
    expect(log.indexOf('prepare 3,4')).toBeLessThan(log.indexOf('sent 1,2'));
    expect(log.indexOf('send 3,4')).toBeGreaterThan(log.indexOf('sent 1,2'));
    expect(log.indexOf('read 5')).toBeGreaterThan(log.indexOf('sent 1,2'));
  });

  test('a failed send: nothing is sent after it, and it rejects with that error', async () => {
    const sent: number[][] = [];
    const prepared: number[][] = [];
    const run = pipeline(numbers(8), 2, {
      prepare: async (batch) => {
        prepared.push(batch);
        return batch;
      },
      send: async (batch) => {
        await tick(5);
        if (batch[0] === 3) throw new Error('sms gateway down');
        sent.push(batch);
      },
    });
    await expect(run).rejects.toThrow('sms gateway down');
    expect(sent).toEqual([[1, 2]]);
    // The batch prepared while 3,4 was failing is dropped at the hand-over; nothing later is read.
    expect(prepared).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
  });

  test('a failed prepare rejects only once the batch in flight has finished sending', async () => {
    let sendFinished = false;
    const run = pipeline(numbers(4), 2, {
      prepare: async (batch) => {
        if (batch[0] === 3) throw new Error('store down');
        return batch;
      },
      send: async () => {
        await tick(30);
        sendFinished = true;
      },
    });
    await expect(run).rejects.toThrow('store down');
    expect(sendFinished).toBe(true);
  });

  test('shouldStop ends the run after the batch in flight is sent; nothing more is read', async () => {
    const log: string[] = [];
    const sent: number[][] = [];
    const result = await pipeline(numbers(9, log), 3, {
      prepare: async (batch) => batch,
      send: async (batch) => {
        await tick(5);
        sent.push(batch);
      },
      shouldStop: () => sent.length + 1 >= 2,
    });
    expect(result).toEqual({ stopped: true });
    expect(sent).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(log).not.toContain('read 7');
  });
});
