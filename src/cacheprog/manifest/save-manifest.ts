import type { Config } from '../config.js';
import type { Backend } from '../remote/backend.js';
import { openRemote } from '../remote/open-remote.js';
import { readActionLogs } from './action-log.js';
import { localStoreOf } from '../store/local-store.js';
import { formatBytes } from '../stats.js';
import { MAX_MANIFEST_IDS, type Manifest, type PartRef } from './manifest-format.js';
import { manifestStoreFor } from './manifest-store.js';
import { buildPackParts } from './pack.js';
import { sanitizeManifestKey } from './manifest-key.js';
import { readRestored, unchangedReason } from './restored-manifest.js';

/** The pack a save wrote: all of it, and what this save uploaded (the rest was reused from the previous save). */
export interface SavedPack {
  parts: number;
  entries: number;
  /** Stored bytes of every part the manifest names. */
  bytes: number;
  uploadedParts: number;
  uploadedBytes: number;
  reusedParts: number;
}

export type SaveOutcome =
  { saved: true; key: string; ids: number; bytes: number; pack?: SavedPack } | { saved: false; reason: string };

/**
 * A part of the previous save is named again while at least this share of its records are still
 * used: the rest are downloaded and skipped by the next prefetch, a bounded waste that spares
 * re-uploading the part. Below it, its live entries are packed anew. Half, not more: a warm run
 * commonly uses two thirds of what the run before it built (go vet and test binaries come and
 * go with what changed), and a higher bar re-uploaded the whole pack after a one-package change.
 */
const REUSE_MIN_LIVE = 0.5;
/**
 * Parts older than this are rewritten, not reused: lifecycle rules expire objects by age, and a
 * part named by a fresh manifest must outlive it (the README's rule expires after 7 days).
 */
export const PART_REUSE_MS = 3 * 24 * 60 * 60 * 1000;

/**
 * Adds up the action logs the go processes left in the stats dir and uploads them as the
 * manifest `key`. Skips (with the reason) when there is nothing to save or nowhere to save it;
 * rejects only when the upload itself fails.
 */
export async function saveManifest(config: Config, key: string, log: (message: string) => void): Promise<SaveOutcome> {
  if (config.backend === 'disk')
    return { saved: false, reason: 'the backend is disk: there is no remote to save it in' };
  if (config.readOnly) return { saved: false, reason: 'read-only: nothing is written to the remote' };
  if (!config.statsDir) return { saved: false, reason: 'no -stats-dir to read the action logs from' };
  const ids = readActionLogs(config.statsDir, MAX_MANIFEST_IDS, (file, why) =>
    log(`skipped the unreadable action log ${file}: ${why}`),
  );
  if (ids.length === 0) return { saved: false, reason: `no go process recorded a cache entry in ${config.statsDir}` };
  const restored = readRestored(config.statsDir);
  const unchanged = unchangedReason(
    restored,
    sanitizeManifestKey(key),
    ids,
    config.pack,
    Date.now(),
    config.scopes?.write ?? '',
  );
  if (unchanged) return { saved: false, reason: unchanged };
  const remote = await openRemote(config, { warn: log, who: 'save-manifest' });
  if (!remote) return { saved: false, reason: `backend ${config.backend} has no remote` };
  try {
    const manifests = manifestStoreFor(remote.objects, config.scopes);
    let pack: SavedPack | undefined;
    let parts: PartRef[] | undefined;
    if (config.pack) {
      // A pack is an optimization: without one the next prefetch fetches entry by entry.
      let skipped = 0;
      try {
        const previous = await manifests.loadOwn(key).catch((err: unknown) => {
          log(`could not read the previous manifest ${key} (${(err as Error).message}); writing the whole pack`);
          return undefined;
        });
        const { reused, fresh } = reusableParts(previous, ids);
        const store = localStoreOf(config);
        const alone: string[] = [];
        const uploaded = await manifests.putParts(
          buildPackParts(store, fresh, {
            compression: config.compression,
            onSkip: () => skipped++,
            onAlone: (id) => alone.push(id),
          }),
        );
        // One the restored manifest named is in the remote already: its save put it there.
        const toUpload = alone.filter((id) => !restored?.idSet?.has(id));
        if (toUpload.length < alone.length)
          log(
            `${alone.length - toUpload.length} entries too big for the pack are named by the restored manifest: not uploaded again`,
          );
        await uploadAlone(store, toUpload, remote.backend, log);
        parts = orderParts([...reused, ...uploaded], ids);
        pack = summarize(parts, uploaded, reused.length);
        if (skipped > 0)
          log(`left ${skipped} entries out of the pack: not in the local cache ${config.cacheDir}, or damaged there`);
      } catch (err) {
        parts = undefined;
        log(`pack not saved (${(err as Error).message}); the next prefetch fetches the entries one by one`);
      }
    }
    const saved = await manifests.save(key, ids, undefined, parts);
    if (pack) {
      log(
        `saved a pack of ${pack.entries} entries in ${pack.parts} part(s) (${formatBytes(pack.bytes)}): ` +
          `uploaded ${formatBytes(pack.uploadedBytes)} in ${pack.uploadedParts} new part(s), reused ${pack.reusedParts} part(s) of the previous save`,
      );
    }
    return { saved: true, key: saved.key, ids: ids.length, bytes: saved.bytes, ...(pack ? { pack } : {}) };
  } finally {
    await remote.close().catch(() => {});
  }
}

/**
 * Entries too big for a pack part are fetched on their own by the next prefetch, so the remote
 * must hold each as an object: one the job used as a local hit (a persistent cache dir, a
 * restored std) was never uploaded. One at a time: each is at least a part's size. (One that is
 * missing after all, a failed upload of an earlier save, is rebuilt by the next job and uploaded
 * by its put.)
 */
async function uploadAlone(
  store: ReturnType<typeof localStoreOf>,
  ids: readonly string[],
  backend: Backend,
  log: (message: string) => void,
): Promise<void> {
  let failed = 0;
  for (const id of ids) {
    const entry = store.get(id);
    if (!entry) continue;
    try {
      const body = await store.readOutput(entry);
      await backend.put(id, entry, body);
    } catch (err) {
      failed++;
      if (failed === 1)
        log(
          `could not upload ${id}, too big for the pack, on its own: ${(err as Error).message}; the next run builds it`,
        );
    }
  }
}

/**
 * The parts of the previous save worth naming again (young enough, mostly still used), each
 * narrowed to the entries this job used, and the ids no reused part holds, in first-use order.
 */
export function reusableParts(
  previous: Manifest | undefined,
  ids: readonly string[],
  now = Date.now(),
): { reused: PartRef[]; fresh: string[] } {
  const wanted = new Set(ids);
  const covered = new Set<string>();
  const reused: PartRef[] = [];
  for (const part of previous?.packParts ?? []) {
    const age = now - Date.parse(part.created);
    if (!(age >= 0 && age < PART_REUSE_MS)) continue;
    const live = part.ids.filter((id) => wanted.has(id) && !covered.has(id));
    if (live.length === 0 || live.length < part.records * REUSE_MIN_LIVE) continue;
    for (const id of live) covered.add(id);
    reused.push({ ...part, ids: live });
  }
  return { reused, fresh: ids.filter((id) => !covered.has(id)) };
}

/** Parts in the order of their first-used entry: the prefetcher downloads them in that order. */
function orderParts(parts: PartRef[], ids: readonly string[]): PartRef[] {
  const position = new Map(ids.map((id, i) => [id, i]));
  const first = (p: PartRef): number =>
    p.ids.reduce((min, id) => Math.min(min, position.get(id) ?? Infinity), Infinity);
  return parts
    .map((p) => ({ p, at: first(p) }))
    .sort((a, b) => a.at - b.at)
    .map(({ p }) => p);
}

function summarize(
  parts: readonly PartRef[],
  uploaded: readonly PartRef[],
  reusedParts: number,
): SavedPack | undefined {
  if (parts.length === 0) return undefined;
  const sum = (xs: readonly PartRef[], f: (p: PartRef) => number): number => xs.reduce((a, p) => a + f(p), 0);
  return {
    parts: parts.length,
    entries: sum(parts, (p) => p.ids.length),
    bytes: sum(parts, (p) => p.bytes),
    uploadedParts: uploaded.length,
    uploadedBytes: sum(uploaded, (p) => p.bytes),
    reusedParts,
  };
}
