import type { Logger } from '../log.js';
import type { Stats } from '../stats.js';
import type { Cache } from '../cache.js';
import type { PartRef } from '../manifest/manifest-format.js';
import type { ManifestLocation, ManifestStore } from '../manifest/manifest-store.js';
import { startPartWriter, type PartWriter } from './part-writer.js';
import { runInOrder } from '../../util/work-pool.js';

export interface PackPrefetchDeps {
  cache: Cache;
  manifests: Pick<ManifestStore, 'loadPackPart'>;
  stats: Stats;
  log: Logger;
  signal: AbortSignal;
  /** Parts downloaded at once; a part is a few MiB, so several keep a link busy. */
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
 * among `wanted`. Parts are started in order, so the first-used entries land first. A part that
 * names its entries (a content-addressed part) announces them to the cache when its download
 * starts: a get of one of them waits for the part instead of downloading the entry again. Whatever
 * a part fails to deliver is left for the caller (and such a get) to fetch entry by entry.
 */
export async function prefetchPack(
  manifest: ManifestLocation,
  parts: readonly (PartRef | number)[],
  wanted: ReadonlySet<string>,
  deps: PackPrefetchDeps,
): Promise<PackOutcome> {
  const outcome: PackOutcome = { prefetched: 0, bytes: 0, alreadyLocal: 0, partsRead: 0, partsFailed: 0 };
  const writer = startPartWriter(deps.cache.store, deps.log);
  try {
    const started = await runInOrder(
      parts.length,
      deps.concurrency ?? 8,
      (i) => readPart(manifest, parts[i], i, wanted, deps, writer, outcome),
      () => deps.signal.aborted,
    );
    outcome.partsFailed += parts.length - started;
  } finally {
    await writer.close();
  }
  return outcome;
}

async function readPart(
  manifest: ManifestLocation,
  part: PartRef | number,
  index: number,
  wanted: ReadonlySet<string>,
  deps: PackPrefetchDeps,
  writer: PartWriter,
  outcome: PackOutcome,
): Promise<void> {
  let done!: () => void;
  const arrived = new Promise<void>((resolve) => (done = resolve));
  if (typeof part !== 'number') {
    for (const id of part.ids) if (wanted.has(id) && !deps.cache.local(id)) deps.cache.expect(id, arrived);
  }
  try {
    await readRecords(manifest, part, index, wanted, deps, writer, outcome);
  } finally {
    done();
  }
}

async function readRecords(
  manifest: ManifestLocation,
  part: PartRef | number,
  index: number,
  wanted: ReadonlySet<string>,
  deps: PackPrefetchDeps,
  writer: PartWriter,
  outcome: PackOutcome,
): Promise<void> {
  const { cache, stats, log } = deps;
  const where = `pack part ${index} of manifest ${manifest.key}${manifest.scope ? ` in scope ${manifest.scope}` : ''}`;
  // A part that names its entries and brings none this cache lacks is not downloaded at all (a
  // warm machine would otherwise fetch, hold and decode megabytes only to store nothing).
  if (
    typeof part !== 'number' &&
    !part.ids.some((id) => wanted.has(id) && !cache.local(id) && !cache.isDownloading(id))
  ) {
    for (const id of part.ids) if (wanted.has(id)) outcome.alreadyLocal++;
    return;
  }
  let data: Buffer | undefined;
  try {
    data = await deps.manifests.loadPackPart(manifest, part, deps.signal);
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
  // What the part may store: wanted, and neither stored by a go get meanwhile nor on its way in
  // that get's own download (not stored twice). A numbered part does not say what it holds.
  const take = new Set<string>();
  for (const id of typeof part === 'number' ? wanted : part.ids) {
    if (!wanted.has(id)) continue;
    if (!cache.local(id) && !cache.isDownloading(id)) take.add(id);
    else if (typeof part !== 'number') outcome.alreadyLocal++;
  }
  if (take.size === 0) return;
  const result = await writer.store(data, where, take, true);
  for (const record of result.stored) {
    cache.stored(record.actionId, { outputId: record.outputId, size: record.size, time: new Date(record.time) });
    outcome.prefetched++;
    outcome.bytes += record.storedBytes;
    stats.add('prefetched');
    stats.add('prefetchBytes', record.storedBytes);
  }
  const first = result.rejects[0];
  if (first !== undefined) {
    stats.add('verifyRejects', result.rejects.length);
    log.warnLimited(
      'verification rejects',
      `prefetch: rejected ${result.rejects.length} record(s) of ${where} (first: ${first}); those entries are fetched one by one`,
    );
  }
  if (result.error !== undefined) {
    outcome.partsFailed++;
    log.warnLimited(
      'pack part store failures',
      `prefetch: could not store ${where}: ${result.error}; its entries are fetched one by one`,
    );
  }
}
