import type { Config } from '../config.js';
import { createS3Backend } from '../remote/create-backend.js';
import { readActionLogs } from './action-log.js';
import { LocalStore } from '../store/local-store.js';
import { formatBytes } from '../stats.js';
import { MAX_MANIFEST_IDS, type PackInfo } from './manifest-format.js';
import { manifestStoreFor } from './manifest-store.js';
import { buildPackParts } from './pack.js';
import { sanitizeManifestKey } from './manifest-key.js';
import { readRestored, unchangedReason } from './restored-manifest.js';

export type SaveOutcome =
  | { saved: true; key: string; ids: number; bytes: number; pack?: PackInfo }
  | { saved: false; reason: string };

/**
 * Adds up the action logs the go processes left in the stats dir and uploads them as the
 * manifest `key`. Skips (with the reason) when there is nothing to save or nowhere to save it;
 * rejects only when the upload itself fails.
 */
export async function saveManifest(config: Config, key: string, log: (message: string) => void): Promise<SaveOutcome> {
  if (config.backend !== 's3' || !config.s3) return { saved: false, reason: 'the backend is not s3' };
  if (config.readOnly) return { saved: false, reason: 'read-only: nothing is written to the remote' };
  if (!config.statsDir) return { saved: false, reason: 'no -stats-dir to read the action logs from' };
  const ids = readActionLogs(config.statsDir, MAX_MANIFEST_IDS, (file, why) => log(`skipped the unreadable action log ${file}: ${why}`));
  if (ids.length === 0) return { saved: false, reason: `no go process recorded a cache entry in ${config.statsDir}` };
  const unchanged = unchangedReason(readRestored(config.statsDir), sanitizeManifestKey(key), ids, config.pack, Date.now(), config.scopes?.write ?? '');
  if (unchanged) return { saved: false, reason: unchanged };
  const s3 = await createS3Backend(config, { warn: log });
  try {
    const manifests = manifestStoreFor(s3, config.scopes);
    let pack: PackInfo | undefined;
    if (config.pack) {
      // A pack is an optimization: without one the next prefetch fetches entry by entry.
      let skipped = 0;
      const parts = buildPackParts(new LocalStore(config.cacheDir), ids, { compression: config.compression, onSkip: () => skipped++ });
      try {
        pack = await manifests.savePack(key, parts);
        if (skipped > 0) log(`left ${skipped} entries out of the pack: not in the local cache ${config.cacheDir}, or damaged there`);
      } catch (err) {
        log(`pack not saved (${(err as Error).message}); the next prefetch fetches the entries one by one`);
      }
    }
    const saved = await manifests.save(key, ids, undefined, pack);
    if (pack) log(`saved a pack of ${pack.entries} entries in ${pack.parts} part(s) (${formatBytes(pack.bytes)})`);
    return { saved: true, key: saved.key, ids: ids.length, bytes: saved.bytes, ...(pack ? { pack } : {}) };
  } finally {
    await s3.close().catch(() => {});
  }
}
