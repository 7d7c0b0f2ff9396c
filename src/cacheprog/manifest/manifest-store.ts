import { scopeViews } from '../remote/create-backend.js';
import type { S3Backend } from '../remote/s3.js';
import { firstHit, type Scopes, type ScopeView } from '../remote/scopes.js';
import crypto from 'node:crypto';
import { decodeManifest, encodeManifest, ManifestError, type Manifest, type PartRef } from './manifest-format.js';
import { isRestorePrefix, sanitizeManifestKey } from './manifest-key.js';
import { packPartKey, partObjectKey, type PackPart } from './pack.js';

/** Where manifests live under the cache prefix; versioned like the entries' v1/ space. */
export const MANIFEST_DIR = 'manifests/v1/';

/** Where a manifest (and its pack) was found. */
export interface ManifestLocation {
  /** The key that matched (for a restore prefix, the newest manifest under it). */
  key: string;
  /** The trust scope it was read from; '' without scopes. */
  scope: string;
}

export interface LoadedManifest extends ManifestLocation {
  manifest: Manifest;
  bytes: number;
}

export interface LoadResult {
  found?: LoadedManifest;
  /** Manifests that existed but were unusable, with why; the search went on past them. */
  rejected: string[];
}

type RawStore = Pick<S3Backend, 'getRaw' | 'putRaw' | 'newestUnder'>;

/**
 * The manifests of a process with trust scopes: written to its own scope, read from its read
 * scopes in order, so a pull request's manifest is never restored by the default branch.
 */
export function manifestStoreFor(s3: S3Backend, scopes: Scopes | undefined): ManifestStore {
  if (!scopes) return new ManifestStore(s3);
  const views = scopeViews(s3, scopes);
  return new ManifestStore((views[0] as ScopeView<S3Backend>).store, views);
}

/** Reads and writes job manifests as plain objects beside the cache entries. */
export class ManifestStore {
  /**
   * s3 is where manifests and packs are written; `read` are the scopes they are read from, in
   * priority order (by default s3 alone, unscoped).
   */
  constructor(
    private readonly s3: RawStore,
    private readonly read: readonly ScopeView<RawStore>[] = [{ scope: '', store: s3 }],
  ) {}

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
      const hit = await this.find(`${MANIFEST_DIR}${key}`, signal);
      if (hit === undefined) continue;
      const { scope, value: { objectKey, bytes } } = hit;
      const name = objectKey.slice(MANIFEST_DIR.length);
      try {
        return { found: { key: name, scope, manifest: decodeManifest(bytes), bytes: bytes.length }, rejected };
      } catch (err) {
        if (!(err instanceof ManifestError)) throw err;
        rejected.push(`${name}: ${err.message}`);
      }
    }
    return { rejected };
  }

  /** The object at objectKey (or for a restore prefix, the newest under it) in the first read scope that has one. */
  private find(objectKey: string, signal?: AbortSignal): Promise<{ scope: string; value: { objectKey: string; bytes: Buffer } } | undefined> {
    return firstHit(this.read, async (store) => {
      const found = isRestorePrefix(objectKey) ? await store.newestUnder(objectKey, signal) : objectKey;
      if (found === undefined) return undefined;
      const bytes = await store.getRaw(found, signal);
      return bytes === undefined ? undefined : { objectKey: found, bytes };
    });
  }

  /**
   * The manifest saved under key in the write scope (exact key, no restore prefix), or undefined
   * when there is none or it is unusable: what the next save may reuse parts of.
   */
  async loadOwn(key: string, signal?: AbortSignal): Promise<Manifest | undefined> {
    const bytes = await this.s3.getRaw(`${MANIFEST_DIR}${manifestKeyOrThrow(key)}`, signal);
    if (bytes === undefined) return undefined;
    try {
      return decodeManifest(bytes);
    } catch (err) {
      if (err instanceof ManifestError) return undefined;
      throw err;
    }
  }

  /**
   * Writes the manifest under key (never a restore prefix); returns the stored key and size.
   * Write its pack parts first (putParts), so that a reader who sees the manifest finds them.
   */
  async save(key: string, actionIds: readonly string[], signal?: AbortSignal, parts?: readonly PartRef[]): Promise<{ key: string; bytes: number }> {
    const clean = manifestKeyOrThrow(key);
    const data = encodeManifest(actionIds, new Date(), parts && parts.length > 0 ? parts : undefined);
    await this.s3.putRaw(`${MANIFEST_DIR}${clean}`, data, signal);
    return { key: clean, bytes: data.length };
  }

  /**
   * Uploads parts under their content address, `concurrency` at a time; resolves with their
   * references in the order given. Two jobs writing the same part write the same bytes.
   */
  async putParts(parts: AsyncIterable<PackPart>, signal?: AbortSignal, concurrency = 4, now = new Date()): Promise<PartRef[]> {
    const refs: PartRef[] = [];
    const inflight = new Set<Promise<unknown>>();
    let failure: Error | undefined;
    for await (const part of parts) {
      const hash = crypto.createHash('sha256').update(part.data).digest('hex');
      refs.push({ key: hash, bytes: part.data.length, records: part.entries, created: now.toISOString(), ids: part.ids });
      const put = this.s3.putRaw(partObjectKey(hash), part.data, signal).catch((err: unknown) => {
        failure ??= err instanceof Error ? err : new Error(String(err));
      });
      const tracked = put.finally(() => inflight.delete(tracked));
      inflight.add(tracked);
      if (inflight.size >= concurrency) await Promise.race(inflight);
      if (failure !== undefined) break;
    }
    await Promise.all(inflight);
    if (failure !== undefined) throw failure;
    return refs;
  }

  /**
   * One part of the pack of the manifest found at `manifest` (a LoadedManifest), from the same
   * scope: a content-addressed part by its reference, or a numbered part of an older pack by index.
   */
  loadPackPart(manifest: ManifestLocation, part: PartRef | number, signal?: AbortSignal): Promise<Buffer | undefined> {
    const view = this.read.find((v) => v.scope === manifest.scope);
    if (!view) return Promise.reject(new Error(`scope "${manifest.scope}" is not read by this process`));
    return view.store.getRaw(typeof part === 'number' ? packPartKey(manifest.key, part) : partObjectKey(part.key), signal);
  }
}

function manifestKeyOrThrow(key: string): string {
  const clean = sanitizeManifestKey(key);
  if (clean === '' || isRestorePrefix(clean)) throw new ManifestError(`"${key}" is not a manifest key (it is empty or ends in '/')`);
  return clean;
}
