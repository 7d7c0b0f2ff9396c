import type { Logger } from '../log.js';
import { IntegrityError, type Backend } from '../remote/backend.js';
import type { Stats } from '../stats.js';
import type { LocalStore } from '../store/local-store.js';
import type { Locker } from '../store/locks.js';
import { runInOrder } from './work-pool.js';

export interface PrefetchDeps {
  store: LocalStore;
  locker: Locker;
  /** The same chain go's server uses (breaker ▶ verifying ▶ S3), so every body is checked. */
  backend: Backend;
  stats: Stats;
  log: Logger;
  concurrency: number;
  /** Aborted at the deadline or on SIGTERM: no download starts after it, running ones are cancelled. */
  signal: AbortSignal;
}

export interface PrefetchOutcome {
  prefetched: number;
  bytes: number;
  /** Already in the local cache, or being fetched by a go process at that moment. */
  alreadyLocal: number;
  /** Listed but not in the remote (expired, or never uploaded). */
  notInRemote: number;
  failed: number;
  /** Left untried when the deadline or an open circuit breaker stopped the prefetch. */
  notTried: number;
}

/**
 * Downloads the listed entries that the local cache lacks, `concurrency` at a time, in list order.
 * Each download holds the lock a go process takes for the same remote fetch (`get-<id>`), so a go
 * process that asks for an entry while it is being prefetched waits for it instead of fetching it
 * twice; and an entry a go process is fetching right now is skipped rather than waited for.
 */
export async function prefetchEntries(ids: readonly string[], deps: PrefetchDeps): Promise<PrefetchOutcome> {
  const outcome: PrefetchOutcome = { prefetched: 0, bytes: 0, alreadyLocal: 0, notInRemote: 0, failed: 0, notTried: 0 };
  // The breaker counts remoteDisabled when it opens: past that point every get is a refusal.
  const stopped = (): boolean => deps.signal.aborted || deps.stats.counters.remoteDisabled > 0;
  const tried = await runInOrder(ids.length, deps.concurrency, (i) => fetchOne(ids[i] as string, deps, outcome), stopped);
  outcome.notTried = ids.length - tried;
  return outcome;
}

async function fetchOne(actionId: string, deps: PrefetchDeps, outcome: PrefetchOutcome): Promise<void> {
  const { store, stats, backend, signal } = deps;
  if (store.get(actionId)) {
    outcome.alreadyLocal++;
    return;
  }
  // No wait: a holder is a go process fetching this very entry, which makes our download moot.
  const lock = await deps.locker.acquire(`get-${actionId}`, 0);
  try {
    if (!lock.acquired || store.get(actionId)) {
      outcome.alreadyLocal++;
      return;
    }
    let remote;
    try {
      remote = await backend.get(actionId, signal);
    } catch (err) {
      if (signal.aborted) {
        outcome.notTried++;
        return;
      }
      outcome.failed++;
      if (err instanceof IntegrityError) {
        stats.add('verifyRejects');
        deps.log.warnLimited('verification rejects', `rejected the remote object of action ${actionId}: ${err.message}; not prefetched`);
      } else {
        stats.add('remoteErrors');
        deps.log.debug(`prefetch ${actionId} failed: ${(err as Error).message}`);
      }
      return;
    }
    if (!remote) {
      outcome.notInRemote++;
      return;
    }
    store.putEntryWithOutput(actionId, { outputId: remote.outputId, size: remote.size, time: remote.time }, remote.body);
    outcome.prefetched++;
    outcome.bytes += remote.transferredBytes;
    stats.add('prefetched');
    stats.add('prefetchBytes', remote.transferredBytes);
    stats.add('bytesDownloaded', remote.transferredBytes);
  } finally {
    await lock.release();
  }
}
