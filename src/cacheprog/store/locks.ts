import fs from 'node:fs';
import path from 'node:path';
import type { LockType } from '../config.js';
import { ensureDir } from './atomic-file.js';

export type Release = () => Promise<void>;

/**
 * Locks spare concurrent go processes duplicate work (two downloads of one object); they are not
 * what keeps files whole — atomic renames do that. So a lock that cannot be had within the wait
 * is skipped, never waited on forever, and a crashed holder's lock goes stale and is taken over.
 */
export interface Locker {
  /** Resolves with a release function; `acquired` is false when the wait ran out. */
  acquire(key: string, waitMs: number): Promise<{ acquired: boolean; release: Release }>;
}

const NOOP_RELEASE: Release = async () => {};
/** proper-lockfile refreshes a held lock's mtime every STALE_MS / 2; older than this, its holder is gone. */
const STALE_MS = 10_000;
/** The lock a prefetcher holds for its whole run, in the lock dir. */
const PREFETCHER = 'prefetcher';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class NoopLocker implements Locker {
  async acquire(): Promise<{ acquired: boolean; release: Release }> {
    return { acquired: true, release: NOOP_RELEASE };
  }
}

/** How every lock of ours is taken: one try, a lock directory beside the target, stale after STALE_MS. */
function lockOptions(target: string): { realpath: false; lockfilePath: string; stale: number; retries: 0; onCompromised: () => void } {
  return {
    realpath: false,
    lockfilePath: `${target}.lock`,
    stale: STALE_MS,
    retries: 0,
    // A compromised lock only means another process may duplicate our download: harmless.
    onCompromised: () => {},
  };
}

/** Serialises holders of one key inside this process only. */
export class MemoryLocker implements Locker {
  private readonly held = new Map<string, Promise<void>>();

  async acquire(key: string, waitMs: number): Promise<{ acquired: boolean; release: Release }> {
    const deadline = Date.now() + waitMs;
    for (let current = this.held.get(key); current; current = this.held.get(key)) {
      const left = deadline - Date.now();
      if (left <= 0) return { acquired: false, release: NOOP_RELEASE };
      await Promise.race([current, sleep(left)]);
    }
    let done!: () => void;
    this.held.set(key, new Promise<void>((resolve) => (done = resolve)));
    return {
      acquired: true,
      release: async () => {
        this.held.delete(key);
        done();
      },
    };
  }
}

/** Cross-process locks with proper-lockfile: a lock directory per key, kept fresh while held. */
export class FileLocker implements Locker {
  private readonly memory = new MemoryLocker();
  private lockfile: typeof import('proper-lockfile') | undefined;

  constructor(private readonly dir: string) {}

  async acquire(key: string, waitMs: number): Promise<{ acquired: boolean; release: Release }> {
    const deadline = Date.now() + waitMs;
    // proper-lockfile refuses a second lock on a path this process already holds: queue in memory first.
    const inProcess = await this.memory.acquire(key, waitMs);
    if (!inProcess.acquired) return inProcess;
    this.lockfile ??= (await import('proper-lockfile')).default;
    ensureDir(this.dir);
    const target = path.join(this.dir, key);
    for (let delay = 5; ; delay = Math.min(delay * 2, 100)) {
      try {
        const unlock = await this.lockfile.lock(target, lockOptions(target));
        return {
          acquired: true,
          release: async () => {
            await unlock().catch(() => {});
            await inProcess.release();
          },
        };
      } catch (err) {
        const left = deadline - Date.now();
        if ((err as NodeJS.ErrnoException).code !== 'ELOCKED' || left <= 0) {
          await inProcess.release();
          return { acquired: false, release: NOOP_RELEASE };
        }
        await sleep(Math.min(delay, left));
      }
    }
  }
}

/**
 * A go process's locks. Without a prefetcher, two go processes fetching one entry at once only
 * cost a duplicate download, rarer and cheaper than locking every miss (a lock directory made,
 * timed and removed: ~1 ms of a miss's CPU). So downloads are locked only while a prefetcher
 * announces itself, which is when waiting for an entry it is fetching saves a download.
 */
export class PrefetchAwareLocker implements Locker {
  private checkedAt = -Infinity;
  private running = false;

  constructor(
    private readonly inner: Locker,
    private readonly dir: string,
  ) {}

  acquire(key: string, waitMs: number): Promise<{ acquired: boolean; release: Release }> {
    return this.prefetcherRunning() ? this.inner.acquire(key, waitMs) : Promise.resolve({ acquired: true, release: NOOP_RELEASE });
  }

  private prefetcherRunning(): boolean {
    // A stat at most every 100 ms; a prefetcher starts before the build, not mid-way.
    const now = performance.now();
    if (now - this.checkedAt >= 100) {
      this.checkedAt = now;
      const lock = fs.statSync(path.join(this.dir, `${PREFETCHER}.lock`), { throwIfNoEntry: false });
      this.running = lock !== undefined && Date.now() - lock.mtimeMs < STALE_MS;
    }
    return this.running;
  }
}

/**
 * Held by the prefetcher for its whole run, so that go processes lock their downloads (see
 * PrefetchAwareLocker). A second prefetcher on the same lock dir runs without it.
 */
export async function announcePrefetcher(dir: string): Promise<Release> {
  const lockfile = (await import('proper-lockfile')).default;
  ensureDir(dir);
  const target = path.join(dir, PREFETCHER);
  try {
    const unlock = await lockfile.lock(target, lockOptions(target));
    return () => unlock().catch(() => {});
  } catch {
    return NOOP_RELEASE;
  }
}

/** The locker of a go process: with fslock, cross-process only while a prefetcher runs. */
export function createServeLocker(type: LockType, dir: string): Locker {
  const locker = createLocker(type, dir);
  return type === 'fslock' ? new PrefetchAwareLocker(locker, dir) : locker;
}

export function createLocker(type: LockType, dir: string): Locker {
  switch (type) {
    case 'fslock':
      return new FileLocker(dir);
    case 'memory':
      return new MemoryLocker();
    case 'noop':
      return new NoopLocker();
  }
}
