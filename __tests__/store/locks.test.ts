import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { announcePrefetcher, FileLocker, PrefetchAwareLocker } from '../../src/cacheprog/store/locks.js';
import { tempDir } from '../helpers/proc.js';

describe('locks', () => {
  it('a file lock held elsewhere is waited for up to the bound, then skipped', async () => {
    const dir = tempDir('locks');
    const holder = await new FileLocker(dir).acquire('get-a', 0);
    assert.ok(holder.acquired);
    const started = performance.now();
    const other = await new FileLocker(dir).acquire('get-a', 150);
    assert.equal(other.acquired, false);
    assert.ok(performance.now() - started >= 140, 'waited for the bound');
    await holder.release();
    const after = await new FileLocker(dir).acquire('get-a', 150);
    assert.ok(after.acquired, 'free again once released');
    await after.release();
  });

  it('a go process locks its downloads only while a prefetcher announces itself', async () => {
    const dir = tempDir('locks-prefetch');
    const prefetcher = new FileLocker(dir);
    const held = await prefetcher.acquire('get-b', 0);
    assert.ok(held.acquired);
    const go = new PrefetchAwareLocker(new FileLocker(dir), dir);

    const free = await go.acquire('get-b', 100);
    assert.ok(free.acquired, 'no prefetcher: no cross-process lock, so nothing to wait for');
    await free.release();

    const release = await announcePrefetcher(dir);
    await sleep(120); // the presence check is cached for 100 ms
    const blocked = await go.acquire('get-b', 100);
    assert.equal(blocked.acquired, false, 'with a prefetcher, the download it holds is waited for');
    await held.release();
    const got = await go.acquire('get-b', 100);
    assert.ok(got.acquired);
    await got.release();

    await release();
    await sleep(120);
    const again = await prefetcher.acquire('get-b', 0);
    const unlocked = await go.acquire('get-b', 100);
    assert.ok(unlocked.acquired, 'the prefetcher is gone: back to no cross-process lock');
    await unlocked.release();
    await again.release();
  });
});
