import type { S3Backend } from '../remote/s3.js';
import { decodeManifest, encodeManifest, ManifestError, type Manifest, type PackInfo } from './manifest-format.js';
import { isRestorePrefix, sanitizeManifestKey } from './manifest-key.js';
import { packPartKey, type PackPart } from './pack.js';

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

  /**
   * Writes the manifest under key (never a restore prefix); returns the stored key and size.
   * Write its pack first (savePack), so that a reader who sees the manifest finds the parts.
   */
  async save(key: string, actionIds: readonly string[], signal?: AbortSignal, pack?: PackInfo): Promise<{ key: string; bytes: number }> {
    const clean = manifestKeyOrThrow(key);
    const data = encodeManifest(actionIds, new Date(), pack);
    await this.s3.putRaw(`${MANIFEST_DIR}${clean}`, data, signal);
    return { key: clean, bytes: data.length };
  }

  /**
   * Uploads the parts of key's pack, `concurrency` at a time. Two jobs saving the same key at once
   * may interleave their parts; that is harmless, since every record in a part is self-describing
   * and verified on its own, and the manifest only says how many parts to read.
   */
  async savePack(key: string, parts: AsyncIterable<PackPart>, signal?: AbortSignal, concurrency = 4): Promise<PackInfo | undefined> {
    const clean = manifestKeyOrThrow(key);
    const info: PackInfo = { parts: 0, entries: 0, bytes: 0 };
    const inflight = new Set<Promise<unknown>>();
    let failure: unknown;
    for await (const part of parts) {
      const put = this.s3.putRaw(packPartKey(clean, info.parts), part.data, signal).catch((err: unknown) => {
        failure ??= err;
      });
      const tracked = put.finally(() => inflight.delete(tracked));
      inflight.add(tracked);
      info.parts++;
      info.entries += part.entries;
      info.bytes += part.data.length;
      if (inflight.size >= concurrency) await Promise.race(inflight);
      if (failure !== undefined) break;
    }
    await Promise.all(inflight);
    if (failure !== undefined) throw failure;
    return info.parts > 0 ? info : undefined;
  }

  /** One part of the pack saved with the manifest `manifestKey` (as LoadedManifest.key names it). */
  loadPackPart(manifestKey: string, index: number, signal?: AbortSignal): Promise<Buffer | undefined> {
    return this.s3.getRaw(packPartKey(manifestKey, index), signal);
  }
}

function manifestKeyOrThrow(key: string): string {
  const clean = sanitizeManifestKey(key);
  if (clean === '' || isRestorePrefix(clean)) throw new ManifestError(`"${key}" is not a manifest key (it is empty or ends in '/')`);
  return clean;
}
