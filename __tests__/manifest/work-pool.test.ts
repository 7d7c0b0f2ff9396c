import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { mapInOrder, runInOrder } from '../../src/cacheprog/manifest/work-pool.js';

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
    assert.deepEqual(out, Array.from({ length: 20 }, (_, i) => `r${i}`));
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
      })) out.push(r);
    }, /task 2 failed/);
    assert.deepEqual(out, [0, 1]);
  });

  it('runInOrder starts tasks in index order, stops starting when asked, and says how many started', async () => {
    const started: number[] = [];
    const n = await runInOrder(10, 2, async (i) => {
      started.push(i);
      await sleep(2);
    }, () => started.length >= 5);
    assert.equal(n, 5);
    assert.deepEqual(started, [0, 1, 2, 3, 4]);
  });
});
