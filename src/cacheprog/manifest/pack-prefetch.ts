import type { Logger } from '../log.js';
import type { IntegrityError } from '../remote/backend.js';
import type { Stats } from '../stats.js';
import type { Cache } from '../cache.js';
import type { PackInfo } from './manifest-format.js';
import type { ManifestStore } from './manifest-store.js';
import { readPackPart } from './pack.js';
import { runInOrder } from './work-pool.js';

export interface PackPrefetchDeps {
  cache: Cache;
  manifests: Pick<ManifestStore, 'loadPackPart'>;
  stats: Stats;
  log: Logger;
  signal: AbortSignal;
  /** Parts downloaded at once; a part is 8 MiB, so a few saturate a link. */
  concurrency?: number;
}

export interface PackOutcome {
  prefetched: number;
  bytes: number;
  /** In the pack, but a go process had stored it by the time its part arrived. */
  alreadyLocal: number;
  partsRead: number;
  /** Parts that were missing, failed to download or were cut short by the deadline. */
  partsFailed: number;
}

/**
 * Downloads the parts of a manifest's pack and stores the records the local cache still lacks,
 * among `wanted`. Parts are started in order, so the first-used entries land first. Whatever a
 * part fails to deliver is left for the caller to fetch entry by entry.
 */
export async function prefetchPack(manifestKey: string, pack: PackInfo, wanted: ReadonlySet<string>, deps: PackPrefetchDeps): Promise<PackOutcome> {
  const outcome: PackOutcome = { prefetched: 0, bytes: 0, alreadyLocal: 0, partsRead: 0, partsFailed: 0 };
  const started = await runInOrder(pack.parts, deps.concurrency ?? 4, (i) => readPart(manifestKey, i, wanted, deps, outcome), () => deps.signal.aborted);
  outcome.partsFailed += pack.parts - started;
  return outcome;
}

async function readPart(manifestKey: string, index: number, wanted: ReadonlySet<string>, deps: PackPrefetchDeps, outcome: PackOutcome): Promise<void> {
  const { cache, stats, log } = deps;
  const where = `pack part ${index} of manifest ${manifestKey}`;
  let data: Buffer | undefined;
  try {
    data = await deps.manifests.loadPackPart(manifestKey, index, deps.signal);
  } catch (err) {
    outcome.partsFailed++;
    if (!deps.signal.aborted) {
      stats.add('remoteErrors');
      log.debug(`prefetch: ${where} failed: ${(err as Error).message}`);
    }
    return;
  }
  if (data === undefined) {
    outcome.partsFailed++;
    log.debug(`prefetch: ${where} is not in the remote`);
    return;
  }
  outcome.partsRead++;
  stats.add('prefetchPackParts');
  stats.add('bytesDownloaded', data.length);
  const rejects: IntegrityError[] = [];
  for await (const record of readPackPart(data, where, (err) => rejects.push(err))) {
    if (!wanted.has(record.actionId)) continue;
    if (cache.local(record.actionId)) {
      outcome.alreadyLocal++;
      continue;
    }
    cache.adopt(record.actionId, record.meta, record.body);
    outcome.prefetched++;
    outcome.bytes += record.storedBytes;
    stats.add('prefetched');
    stats.add('prefetchBytes', record.storedBytes);
  }
  const first = rejects[0];
  if (first !== undefined) {
    stats.add('verifyRejects', rejects.length);
    log.warn(`prefetch: rejected ${rejects.length} record(s) of ${where} (first: ${first.message}); those entries are fetched one by one`);
  }
}
