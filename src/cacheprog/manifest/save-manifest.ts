import type { Config } from '../config.js';
import { createS3Backend } from '../remote/create-backend.js';
import { readActionLogs } from './action-log.js';
import { MAX_MANIFEST_IDS } from './manifest-format.js';
import { ManifestStore } from './manifest-store.js';

export type SaveOutcome =
  | { saved: true; key: string; ids: number; bytes: number }
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
  const s3 = await createS3Backend(config, { warn: log });
  try {
    const saved = await new ManifestStore(s3).save(key, ids);
    return { saved: true, key: saved.key, ids: ids.length, bytes: saved.bytes };
  } finally {
    await s3.close().catch(() => {});
  }
}
