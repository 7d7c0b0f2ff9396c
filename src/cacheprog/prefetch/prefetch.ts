import type { Cache } from '../cache.js';
import type { Stats } from '../stats.js';
import { runInOrder } from '../../util/work-pool.js';

export interface PrefetchDeps {
  /** The cache go's gets use: its one fetch-verify-store path, shared so nothing is fetched twice. */
  cache: Cache;
  stats: Stats;
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
 * Downloads the listed entries that the local cache lacks, `concurrency` at a time, in list order,
 * through the cache's own fetch: a get for an entry being prefetched waits for that download, and
 * an entry another process is fetching right now is skipped rather than waited for.
 */
export async function prefetchEntries(ids: readonly string[], deps: PrefetchDeps): Promise<PrefetchOutcome> {
  const outcome: PrefetchOutcome = { prefetched: 0, bytes: 0, alreadyLocal: 0, notInRemote: 0, failed: 0, notTried: 0 };
  // The breaker counts remoteDisabled when it opens: past that point every get is a refusal.
  const stopped = (): boolean => deps.signal.aborted || deps.stats.counters.remoteDisabled > 0;
  const tried = await runInOrder(ids.length, deps.concurrency, (i) => fetchOne(ids[i], deps, outcome), stopped);
  outcome.notTried = ids.length - tried;
  return outcome;
}

async function fetchOne(actionId: string, deps: PrefetchDeps, outcome: PrefetchOutcome): Promise<void> {
  const { cache, stats, signal } = deps;
  if (cache.local(actionId)) {
    outcome.alreadyLocal++;
    return;
  }
  const result = await cache.fetch(actionId, 0, signal);
  switch (result.kind) {
    case 'local':
    case 'busy':
      outcome.alreadyLocal++;
      return;
    case 'absent':
      outcome.notInRemote++;
      return;
    case 'failed':
      if (signal.aborted) outcome.notTried++;
      else outcome.failed++;
      return;
    case 'fetched':
      outcome.prefetched++;
      outcome.bytes += result.transferredBytes;
      stats.add('prefetched');
      stats.add('prefetchBytes', result.transferredBytes);
  }
}
