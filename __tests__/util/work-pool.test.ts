import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { mapInOrder, runEach, runInOrder } from '../../src/util/work-pool.js';

describe('work pool', () => {
  it('mapInOrder yields results in index order whatever order the tasks end in, at most `concurrency` at once', async () => {
    let running = 0;
    let most = 0;
    const task = async (i: number): Promise<string> => {
      running++;
      most = Math.max(most, running);
      await sleep((7 - (i % 7)) * 2); // later indexes often end first
      running--;
      return `r${i}`;
    };
    const out: string[] = [];
    for await (const r of mapInOrder(20, 4, task)) out.push(r);
    assert.deepEqual(
      out,
      Array.from({ length: 20 }, (_, i) => `r${i}`),
    );
    assert.equal(most, 4);
  });

  it('mapInOrder runs ahead of a slow consumer by `concurrency` tasks, no more', async () => {
    const started: number[] = [];
    const gen = mapInOrder(10, 3, async (i) => (started.push(i), i));
    const first = await gen.next();
    assert.equal(first.value, 0);
    await sleep(20);
    // 0 was taken, so one more started: 0..3.
    assert.deepEqual(started, [0, 1, 2, 3]);
    await gen.return(undefined);
    await sleep(20);
    assert.deepEqual(started, [0, 1, 2, 3], 'a consumer that stops starts nothing more');
  });

  it('mapInOrder rethrows a task failure when the consumer reaches it, after the results before it', async () => {
    const out: number[] = [];
    await assert.rejects(async () => {
      for await (const r of mapInOrder(6, 3, async (i) => {
        if (i === 2) throw new Error('task 2 failed');
        await sleep(5);
        return i;
      }))
        out.push(r);
    }, /task 2 failed/);
    assert.deepEqual(out, [0, 1]);
  });

  it('runInOrder starts tasks in index order, stops starting when asked, and says how many started', async () => {
    const started: number[] = [];
    const n = await runInOrder(
      10,
      2,
      async (i) => {
        started.push(i);
        await sleep(2);
      },
      () => started.length >= 5,
    );
    assert.equal(n, 5);
    assert.deepEqual(started, [0, 1, 2, 3, 4]);
  });
});

it('runEach reads a generator only as fast as tasks finish, at most `concurrency` at once, and stops at the first failure', async () => {
  let produced = 0;
  let running = 0;
  let peak = 0;
  async function* items(): AsyncGenerator<number> {
    for (let i = 0; i < 10; i++) {
      produced++;
      // The producer never runs more than `concurrency` items ahead of the finished tasks.
      assert.ok(produced - done <= 3, `item ${i} produced with ${produced - done} unfinished`);
      yield i;
    }
  }
  let done = 0;
  await runEach(items(), 2, async () => {
    running++;
    peak = Math.max(peak, running);
    await new Promise((r) => setTimeout(r, 5));
    running--;
    done++;
  });
  assert.equal(done, 10);
  assert.equal(peak, 2);

  const started: number[] = [];
  await assert.rejects(
    runEach([0, 1, 2, 3, 4, 5], 2, async (i) => {
      started.push(i);
      await new Promise((r) => setTimeout(r, 5));
      if (i === 1) throw new Error('part 1 failed');
    }),
    /part 1 failed/,
  );
  assert.ok(started.length < 6, `started ${started.join(',')} after the failure`);
});
