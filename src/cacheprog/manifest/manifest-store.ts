import crypto from 'node:crypto';
import type { ObjectStore } from '../remote/object-store.js';
import { firstHit, scopeViews, type Scopes, type ScopeView } from '../remote/scopes.js';
import { decodeManifest, encodeManifest, ManifestError, type Manifest, type PartRef } from './manifest-format.js';
import { isRestorePrefix, sanitizeManifestKey } from './manifest-key.js';
import { packPartKey, partObjectKey, type PackPart } from './pack.js';
import { runEach } from '../../util/work-pool.js';

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

/** What manifests need of an object store. */
export type RawStore = Pick<ObjectStore, 'get' | 'put' | 'list'>;

/**
 * The manifests of a process with trust scopes: written to its own scope, read from its read
 * scopes in order, so a pull request's manifest is never restored by the default branch.
 */
export function manifestStoreFor(objects: ObjectStore, scopes: Scopes | undefined): ManifestStore {
  if (!scopes) return new ManifestStore(objects);
  const views = scopeViews(objects, scopes);
  return new ManifestStore(views[0].store, views);
}

/** Bounded: a restore prefix holds one manifest per branch, not thousands of pages. */
const MAX_LIST_PAGES = 20;

/**
 * The key of the most recently written object under keyPrefix, or undefined when there is none.
 * keyPrefix must end in '/': S3 Express lists nothing else.
 */
async function newestUnder(store: RawStore, keyPrefix: string, signal?: AbortSignal): Promise<string | undefined> {
  if (!keyPrefix.endsWith('/')) throw new TypeError(`a list prefix must end in '/', got "${keyPrefix}"`);
  let newest: { key: string; time: number } | undefined;
  let pages = 0;
  for await (const page of store.list(keyPrefix, { signal })) {
    for (const o of page) {
      const time = o.lastModified?.getTime() ?? 0;
      if (newest === undefined || time > newest.time) newest = { key: o.key, time };
    }
    if (++pages >= MAX_LIST_PAGES) break;
  }
  return newest?.key;
}

/** Reads and writes job manifests as plain objects beside the cache entries. */
export class ManifestStore {
  /**
   * `objects` is where manifests and packs are written; `read` are the scopes they are read from,
   * in priority order (by default `objects` alone, unscoped).
   */
  constructor(
    private readonly objects: RawStore,
    private readonly read: readonly ScopeView<RawStore>[] = [{ scope: '', store: objects }],
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
      const {
        scope,
        value: { objectKey, bytes },
      } = hit;
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
  private find(
    objectKey: string,
    signal?: AbortSignal,
  ): Promise<{ scope: string; value: { objectKey: string; bytes: Buffer } } | undefined> {
    return firstHit(this.read, async (store) => {
      const found = isRestorePrefix(objectKey) ? await newestUnder(store, objectKey, signal) : objectKey;
      if (found === undefined) return undefined;
      const bytes = await store.get(found, { signal });
      return bytes === undefined ? undefined : { objectKey: found, bytes };
    });
  }

  /**
   * The manifest saved under key in the write scope (exact key, no restore prefix), or undefined
   * when there is none or it is unusable: what the next save may reuse parts of.
   */
  async loadOwn(key: string, signal?: AbortSignal): Promise<Manifest | undefined> {
    const bytes = await this.objects.get(`${MANIFEST_DIR}${manifestKeyOrThrow(key)}`, { signal });
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
  async save(
    key: string,
    actionIds: readonly string[],
    signal?: AbortSignal,
    parts?: readonly PartRef[],
  ): Promise<{ key: string; bytes: number }> {
    const clean = manifestKeyOrThrow(key);
    const data = encodeManifest(actionIds, new Date(), parts && parts.length > 0 ? parts : undefined);
    await this.objects.put(`${MANIFEST_DIR}${clean}`, data, signal);
    return { key: clean, bytes: data.length };
  }

  /**
   * Uploads parts under their content address, `concurrency` at a time; resolves with their
   * references in the order given. Two jobs writing the same part write the same bytes.
   */
  async putParts(
    parts: AsyncIterable<PackPart>,
    signal?: AbortSignal,
    concurrency = 4,
    now = new Date(),
  ): Promise<PartRef[]> {
    const refs: PartRef[] = [];
    await runEach(parts, concurrency, (part) => {
      const hash = crypto.createHash('sha256').update(part.data).digest('hex');
      refs.push({
        key: hash,
        bytes: part.data.length,
        records: part.entries,
        created: now.toISOString(),
        ids: part.ids,
      });
      return this.objects.put(partObjectKey(hash), part.data, signal).then(() => undefined);
    });
    return refs;
  }

  /**
   * One part of the pack of the manifest found at `manifest` (a LoadedManifest), from the same
   * scope: a content-addressed part by its reference, or a numbered part of an older pack by index.
   */
  loadPackPart(manifest: ManifestLocation, part: PartRef | number, signal?: AbortSignal): Promise<Buffer | undefined> {
    const view = this.read.find((v) => v.scope === manifest.scope);
    if (!view) return Promise.reject(new Error(`scope "${manifest.scope}" is not read by this process`));
    return view.store.get(typeof part === 'number' ? packPartKey(manifest.key, part) : partObjectKey(part.key), {
      signal,
    });
  }
}

function manifestKeyOrThrow(key: string): string {
  const clean = sanitizeManifestKey(key);
  if (clean === '' || isRestorePrefix(clean))
    throw new ManifestError(`"${key}" is not a manifest key (it is empty or ends in '/')`);
  return clean;
}
