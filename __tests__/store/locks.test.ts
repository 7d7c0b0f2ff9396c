import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { announcePrefetcher, deadHolder, FileLocker, PrefetchAwareLocker } from '../../src/cacheprog/store/locks.js';
import { isRunning } from '../../src/util/process.js';
import { REPO_ROOT, tempDir } from '../helpers/proc.js';

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

  it('a lock whose holder was killed with SIGKILL is taken over at once, not after the stale time', async () => {
    const dir = tempDir('locks-kill');
    // A real second process takes two locks (a download and the prefetcher's) and is killed -9
    // while holding them: nothing of it runs to remove them.
    const source = `
      import { FileLocker, announcePrefetcher } from ${JSON.stringify(path.join(REPO_ROOT, 'src/cacheprog/store/locks.ts'))};
      const got = await new FileLocker(${JSON.stringify(dir)}).acquire('get-k', 0);
      await announcePrefetcher(${JSON.stringify(dir)});
      process.stdout.write(got.acquired ? 'held\\n' : 'not held\\n');
      setInterval(() => {}, 1000);`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', source], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('the holder did not take the lock within 20 s')), 20_000);
        child.stdout.once('data', (b: Buffer) => {
          clearTimeout(timer);
          resolve(b.toString().trim());
        });
      });
      assert.equal(line, 'held');
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    } finally {
      child.kill('SIGKILL');
    }
    const lockDir = path.join(dir, 'get-k.lock');
    assert.ok(fs.existsSync(lockDir), 'the killed holder left its lock dir behind');
    assert.equal(deadHolder(lockDir), child.pid, 'the lock names its (dead) holder');

    const started = performance.now();
    const next = await new FileLocker(dir).acquire('get-k', 5_000);
    const waited = performance.now() - started;
    assert.ok(next.acquired);
    assert.ok(waited < 500, `taken over at once (waited ${waited.toFixed(0)} ms; the stale time is 10 s)`);
    assert.equal(deadHolder(lockDir), undefined, 'now held by a live process: this one');
    await next.release();
    assert.equal(fs.existsSync(lockDir), false, 'release removes the lock dir with its owner file');

    // The dead prefetcher's fresh lock does not make go processes lock their downloads.
    assert.ok(fs.existsSync(path.join(dir, 'prefetcher.lock')), 'the killed prefetcher left its fresh lock');
    const elsewhere = await new FileLocker(dir).acquire('get-k2', 0);
    const go = new PrefetchAwareLocker(new FileLocker(dir), dir);
    const free = await go.acquire('get-k2', 100);
    assert.ok(free.acquired, 'no live prefetcher: the go process does not wait on download locks');
    await free.release();
    await elsewhere.release();
    const release = await announcePrefetcher(dir);
    assert.equal(
      deadHolder(path.join(dir, 'prefetcher.lock')),
      undefined,
      "a new prefetcher took the dead one's lock over",
    );
    await release();
  });

  it('a live holder is never taken over', async () => {
    const dir = tempDir('locks-live');
    const held = await new FileLocker(dir).acquire('get-l', 0);
    // Same process: the owner check refuses our own pid, and the in-process queue bounds the wait.
    const other = await new FileLocker(dir).acquire('get-l', 100);
    assert.equal(other.acquired, false);
    await held.release();
  });

  it(
    'a killed process nobody reaps (a zombie, as under a container PID 1 that never waits) is not running',
    { skip: process.platform !== 'linux' && 'zombies are read from /proc' },
    async () => {
      // The shell starts a sleeper, prints its pid and becomes a parent that never waits for it.
      const parent = spawn('sh', ['-c', 'sleep 30 & echo $!; exec sleep 30'], { stdio: ['ignore', 'pipe', 'ignore'] });
      try {
        const pid = Number(
          await new Promise<string>((resolve) =>
            parent.stdout.once('data', (b: Buffer) => resolve(b.toString().trim())),
          ),
        );
        assert.ok(pid > 0);
        assert.equal(isRunning(pid), true);
        process.kill(pid, 'SIGKILL');
        const deadline = Date.now() + 5_000;
        while (!/\) [ZX] /.test(fs.readFileSync(`/proc/${pid}/stat`, 'latin1')) && Date.now() < deadline)
          await sleep(20);
        assert.doesNotThrow(() => process.kill(pid, 0), 'signal 0 still reaches the zombie');
        assert.equal(isRunning(pid), false);
      } finally {
        parent.kill('SIGKILL');
      }
    },
  );
});
