import type { S3Backend } from '../remote/s3.js';
import { decodeManifest, encodeManifest, ManifestError, type Manifest } from './manifest-format.js';
import { isRestorePrefix, sanitizeManifestKey } from './manifest-key.js';

/** Where manifests live under the cache prefix; versioned like the entries' v1/ space. */
export const MANIFEST_DIR = 'manifests/v1/';

export interface LoadedManifest {
  /** The key that matched (for a restore prefix, the newest manifest under it). */
  key: string;
  manifest: Manifest;
  bytes: number;
}

export interface LoadResult {
  found?: LoadedManifest;
  /** Manifests that existed but were unusable, with why; the search went on past them. */
  rejected: string[];
}

/** Reads and writes job manifests as plain objects beside the cache entries. */
export class ManifestStore {
  constructor(private readonly s3: Pick<S3Backend, 'getRaw' | 'putRaw' | 'newestUnder'>) {}

  /**
   * The first usable manifest among keys, tried in order like actions/cache: an exact key, or for
   * a key ending in '/', the newest manifest under it. A corrupt manifest is skipped (and
   * reported) so that one bad branch manifest does not hide the default branch's.
   */
  async load(keys: readonly string[], signal?: AbortSignal): Promise<LoadResult> {
    const rejected: string[] = [];
    const tried = new Set<string>();
    for (const raw of keys) {
      const key = sanitizeManifestKey(raw);
      if (key === '' || tried.has(key)) continue;
      tried.add(key);
      let objectKey: string | undefined = `${MANIFEST_DIR}${key}`;
      if (isRestorePrefix(key)) objectKey = await this.s3.newestUnder(objectKey, signal);
      if (objectKey === undefined) continue;
      const bytes = await this.s3.getRaw(objectKey, signal);
      if (bytes === undefined) continue;
      const name = objectKey.slice(MANIFEST_DIR.length);
      try {
        return { found: { key: name, manifest: decodeManifest(bytes), bytes: bytes.length }, rejected };
      } catch (err) {
        if (!(err instanceof ManifestError)) throw err;
        rejected.push(`${name}: ${err.message}`);
      }
    }
    return { rejected };
  }

  /** Writes the manifest under key (never a restore prefix); returns the stored key and size. */
  async save(key: string, actionIds: readonly string[], signal?: AbortSignal): Promise<{ key: string; bytes: number }> {
    const clean = sanitizeManifestKey(key);
    if (clean === '' || isRestorePrefix(clean)) throw new ManifestError(`"${key}" is not a manifest key (it is empty or ends in '/')`);
    const data = encodeManifest(actionIds);
    await this.s3.putRaw(`${MANIFEST_DIR}${clean}`, data, signal);
    return { key: clean, bytes: data.length };
  }
}
