import { Cache } from '../cache.js';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import type { ObjectStore } from '../remote/object-store.js';
import { openRemote, type Remote } from '../remote/open-remote.js';
import { formatBytes, Stats } from '../stats.js';
import { localStoreOf } from '../store/local-store.js';
import { announcePrefetcher, createLocker, type Release } from '../store/locks.js';
import { manifestStoreFor } from '../manifest/manifest-store.js';
import type { PartRef } from '../manifest/manifest-format.js';
import { prefetchPack, type PackOutcome } from './pack-prefetch.js';
import { prefetchEntries } from './prefetch.js';
import { idsDigest, recordRestored } from '../manifest/restored-manifest.js';

/**
 * The prefetch subcommand: a process of its own beside per-process go servers. It finds the job's
 * manifest, downloads what it lists into the local cache and writes a stats file. Nothing here may
 * fail anything: every problem ends as one warning, and a run that is cut short (deadline, SIGTERM
 * from the post step) still records what it did.
 */
export async function runPrefetch(config: Config, log: Logger): Promise<void> {
  const stats = new Stats(config.backend);
  // Not a go process: the summary's process count stays the number of go commands.
  stats.counters.processes = 0;
  const controller = new AbortController();
  const onSignal = (): void => controller.abort(new Error('interrupted'));
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  let remote: Remote | undefined;
  let presence: Release | undefined;
  try {
    if (config.backend === 'disk') {
      log.info('prefetch: the backend is disk, so there is no remote to prefetch from');
      return;
    }
    // First of all: go processes starting now lock their downloads, so none races ours.
    if (config.lockType === 'fslock') presence = await announcePrefetcher(config.lockDir);
    const store = localStoreOf(config);
    store.init();
    remote = await openRemote(config, { stats, warn: (m) => log.warn(m), who: 'prefetch' });
    if (!remote) return;
    const backend = remote.backend;
    const cache = new Cache({
      config,
      store,
      stats,
      log,
      locker: createLocker(config.lockType, config.lockDir),
      backend: async () => backend,
    });
    await prefetchManifest({ config, log, stats, cache, objects: remote.objects, signal: controller.signal });
  } catch (err) {
    const what = controller.signal.aborted ? 'stopped before it could start' : `failed: ${(err as Error).message}`;
    log.warn(`prefetch ${what}; go fetches entries on demand instead`);
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    await remote?.close().catch(() => {});
    await presence?.();
    if (config.statsDir) {
      try {
        stats.writeFile(config.statsDir, 'prefetch');
      } catch (err) {
        log.warn(`prefetch: could not write stats to ${config.statsDir}: ${(err as Error).message}`);
      }
    }
  }
}

export interface ManifestPrefetch {
  config: Config;
  log: Logger;
  stats: Stats;
  /** The cache go's gets use, so an entry is never fetched twice. */
  cache: Cache;
  /** Raw objects of the remote (the manifests, their packs). */
  objects: ObjectStore;
  /** The caller's stop (SIGTERM, the job's end); -prefetch-timeout is added here. */
  signal: AbortSignal;
}

/**
 * Finds the first manifest that exists (-manifest-key, then the restore keys) and downloads the
 * entries it lists that the local cache lacks: its pack first, then entry by entry what the pack
 * did not deliver. Resolves when done or stopped; rejects only when it could not start.
 */
export async function prefetchManifest({
  config,
  log,
  stats,
  cache,
  objects,
  signal: outer,
}: ManifestPrefetch): Promise<void> {
  const started = performance.now();
  const signal = AbortSignal.any([outer, AbortSignal.timeout(config.prefetchTimeoutMs)]);
  try {
    const keys = [config.manifestKey ?? '', ...config.manifestRestoreKeys];
    const manifests = manifestStoreFor(objects, config.scopes);
    const { found, rejected } = await manifests.load(keys, signal);
    if (rejected.length > 0)
      log.warn(`prefetch: ignored ${rejected.length} unusable manifest(s): ${rejected.join('; ')}`);
    if (!found) {
      log.info(
        `prefetch: no manifest under ${keys.filter(Boolean).join(', ')}; nothing to prefetch (save-manifest records one for the next run)`,
      );
      return;
    }
    const ids = found.manifest.actionIds;
    stats.add('prefetchListed', ids.length);
    if (config.statsDir) {
      const { created, packParts: restoredParts } = found.manifest;
      try {
        recordRestored(
          config.statsDir,
          {
            key: found.key,
            scope: found.scope,
            digest: idsDigest(ids),
            ids: ids.length,
            created,
            hasPack: restoredParts !== undefined,
          },
          ids,
        );
      } catch (err) {
        log.debug(`prefetch: could not record the restored manifest in ${config.statsDir}: ${(err as Error).message}`);
      }
    }
    const { pack: numbered, packParts } = found.manifest;
    // Content-addressed parts when the manifest names them, else an older pack's numbered parts.
    const pack = packParts
      ? {
          parts: packParts as readonly (PartRef | number)[],
          entries: packParts.reduce((n, p) => n + p.ids.length, 0),
          bytes: packParts.reduce((n, p) => n + p.bytes, 0),
        }
      : numbered && {
          parts: Array.from({ length: numbered.parts }, (_, i) => i),
          entries: numbered.entries,
          bytes: numbered.bytes,
        };
    const packText = pack
      ? ` and a pack of ${pack.entries} in ${pack.parts.length} part(s) (${formatBytes(pack.bytes)})`
      : '';
    log.info(`prefetch: manifest ${found.key} lists ${ids.length} entries (${formatBytes(found.bytes)})${packText}`);
    let missing = ids.filter((id) => !cache.local(id));
    const initiallyLocal = ids.length - missing.length;
    let packed: PackOutcome | undefined;
    if (pack && config.pack && missing.length > 0) {
      packed = await prefetchPack(found, pack.parts, new Set(missing), { cache, manifests, stats, log, signal });
      missing = missing.filter((id) => !cache.local(id));
    }
    const outcome = await prefetchEntries(missing, { cache, stats, concurrency: config.prefetchConcurrency, signal });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const why = outer.aborted
      ? ', stopped by a signal'
      : signal.aborted
        ? ', stopped at -prefetch-timeout'
        : stats.counters.remoteDisabled > 0
          ? ', stopped because the remote failed'
          : '';
    const fromPack = packed
      ? ` (${packed.prefetched} from ${packed.partsRead} pack part(s)${packed.partsFailed > 0 ? `, ${packed.partsFailed} part(s) unread` : ''})`
      : '';
    log.info(
      `prefetch: downloaded ${outcome.prefetched + (packed?.prefetched ?? 0)} of ${ids.length} entries ` +
        `(${formatBytes(outcome.bytes + (packed?.bytes ?? 0))})${fromPack} in ${seconds} s; ` +
        `${initiallyLocal + outcome.alreadyLocal + (packed?.alreadyLocal ?? 0)} already local, ${outcome.notInRemote} not in the remote, ` +
        `${outcome.failed} failed, ${outcome.notTried} not tried${why}`,
    );
  } finally {
    log.flushLimited();
    stats.add('prefetchMs', Math.round(performance.now() - started));
  }
}
