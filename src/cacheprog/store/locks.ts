import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LockType } from '../config.js';
import { ensureDir } from './atomic-file.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { isRunning } from '../../util/process.js';

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

export class NoopLocker implements Locker {
  async acquire(): Promise<{ acquired: boolean; release: Release }> {
    return { acquired: true, release: NOOP_RELEASE };
  }
}

/**
 * The holder of a lock, written inside its lock directory as "<pid> <hostname>": a lock whose
 * holder is gone from this host is taken over at once instead of after STALE_MS. A killed
 * prefetcher leaves dozens of lock dirs, and each one a go process meets would otherwise cost
 * it up to the stale time.
 */
const OWNER_FILE = 'owner';
const HOSTNAME = os.hostname();

/**
 * proper-lockfile creates and removes a lock with mkdir/rmdir on the fs it is given: this one
 * also writes the owner file on creation and removes it first on removal (sync too, for its
 * exit handler), so the owner lives and dies with the lock directory.
 */
const ownerFs = {
  ...fs,
  mkdir(dir: string, callback: (err: NodeJS.ErrnoException | null) => void): void {
    fs.mkdir(dir, (err) => {
      if (err) return callback(err);
      // A failed owner write only loses the fast takeover; the lock is still ours.
      fs.writeFile(path.join(dir, OWNER_FILE), `${process.pid} ${HOSTNAME}\n`, () => callback(null));
    });
  },
  rmdir(dir: string, callback: (err: NodeJS.ErrnoException | null) => void): void {
    fs.rm(path.join(dir, OWNER_FILE), { force: true }, () => fs.rmdir(dir, callback));
  },
  rmdirSync(dir: string): void {
    fs.rmSync(path.join(dir, OWNER_FILE), { force: true });
    fs.rmdirSync(dir);
  },
};

/**
 * The pid recorded in a lock directory when its holder is certainly dead: same host, no such
 * process. undefined when the lock has no owner yet (just created), another host's (a shared
 * filesystem) or a live holder.
 */
export function deadHolder(lockDir: string): number | undefined {
  let text: string;
  try {
    text = fs.readFileSync(path.join(lockDir, OWNER_FILE), 'latin1');
  } catch {
    return undefined;
  }
  const [pidText, host] = text.trim().split(' ');
  const pid = Number(pidText);
  if (!Number.isSafeInteger(pid) || pid <= 0 || host !== HOSTNAME || pid === process.pid) return undefined;
  return isRunning(pid) ? undefined : pid;
}

/**
 * Removes a lock whose holder is dead; true when it did. Two processes can race to take over
 * the same dead lock and one may then remove the other's fresh lock: as with proper-lockfile's
 * own stale takeover, that costs at most a duplicate download, never a torn file.
 */
function takeOverIfDead(lockDir: string): boolean {
  if (deadHolder(lockDir) === undefined) return false;
  try {
    ownerFs.rmdirSync(lockDir);
  } catch {
    // Gone already (someone else took it over) or not empty: just try the lock again.
  }
  return true;
}

/** How every lock of ours is taken: one try, a lock directory beside the target, stale after STALE_MS. */
function lockOptions(target: string) {
  return {
    realpath: false,
    lockfilePath: `${target}.lock`,
    stale: STALE_MS,
    retries: 0,
    fs: ownerFs,
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
    let takeovers = 0;
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
        const locked = (err as NodeJS.ErrnoException).code === 'ELOCKED';
        // Bounded: a dead holder's lock is taken over, but a loop of takeovers is not a wait.
        if (locked && takeovers < 3 && takeOverIfDead(`${target}.lock`)) {
          takeovers++;
          continue;
        }
        const left = deadline - Date.now();
        if (!locked || left <= 0) {
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
    return this.prefetcherRunning()
      ? this.inner.acquire(key, waitMs)
      : Promise.resolve({ acquired: true, release: NOOP_RELEASE });
  }

  private prefetcherRunning(): boolean {
    // A stat at most every 100 ms; a prefetcher starts before the build, not mid-way.
    const now = performance.now();
    if (now - this.checkedAt >= 100) {
      this.checkedAt = now;
      const lockDir = path.join(this.dir, `${PREFETCHER}.lock`);
      const lock = fs.statSync(lockDir, { throwIfNoEntry: false });
      // A killed prefetcher's lock stays fresh for STALE_MS: its dead pid says it is gone now.
      this.running = lock !== undefined && Date.now() - lock.mtimeMs < STALE_MS && deadHolder(lockDir) === undefined;
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
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const unlock = await lockfile.lock(target, lockOptions(target));
      return () => unlock().catch(() => {});
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ELOCKED' || !takeOverIfDead(`${target}.lock`)) break;
    }
  }
  return NOOP_RELEASE;
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
