import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../store/atomic-file.js';

/**
 * What the prefetcher restored, left in the stats dir so that save-manifest can tell a job that
 * used exactly what it restored, under the same key, and skip re-uploading the same manifest and
 * pack. A rewrite is still due once the restored copy is a day old: lifecycle rules expire
 * objects by age, not by use, and a skipped rewrite must not let a busy job's manifest expire.
 */
// Not *.json: every .json file in the stats dir is read as one process's statistics.
const FILE = 'manifest-restored.meta';
/** The restored manifest's ids, one per line: a job that used only some of them added nothing. */
const IDS_FILE = 'manifest-restored.ids';
export const REWRITE_AFTER_MS = 24 * 60 * 60 * 1000;

export interface RestoredManifest {
  key: string;
  /** sha256 of the sorted ids: equal digests, equal sets. */
  digest: string;
  ids: number;
  /** When the restored manifest was written (its `created`). */
  created: string;
  hasPack: boolean;
  /** The trust scope it was read from ('' without scopes): a manifest found in a trusted scope is not in ours. */
  scope?: string;
  /** The ids it named, when they were recorded. */
  idSet?: ReadonlySet<string>;
}

export function idsDigest(ids: readonly string[]): string {
  return crypto
    .createHash('sha256')
    .update([...new Set(ids)].sort().join('\n'))
    .digest('hex');
}

export function recordRestored(statsDir: string, restored: RestoredManifest, ids?: readonly string[]): void {
  if (ids) writeFileAtomic(path.join(statsDir, IDS_FILE), ids.join('\n'));
  writeFileAtomic(path.join(statsDir, FILE), JSON.stringify({ ...restored, idSet: undefined }));
}

function readIds(statsDir: string): Set<string> | undefined {
  try {
    return new Set(
      fs
        .readFileSync(path.join(statsDir, IDS_FILE), 'utf8')
        .split('\n')
        .filter((l) => l !== ''),
    );
  } catch {
    return undefined;
  }
}

export function readRestored(statsDir: string): RestoredManifest | undefined {
  try {
    const value = JSON.parse(fs.readFileSync(path.join(statsDir, FILE), 'utf8')) as Partial<RestoredManifest>;
    if (typeof value.key !== 'string' || typeof value.digest !== 'string' || typeof value.created !== 'string')
      return undefined;
    const scope = typeof value.scope === 'string' ? value.scope : '';
    const idSet = readIds(statsDir);
    return {
      key: value.key,
      digest: value.digest,
      ids: Number(value.ids) || 0,
      created: value.created,
      hasPack: value.hasPack === true,
      scope,
      ...(idSet ? { idSet } : {}),
    };
  } catch {
    return undefined;
  }
}

/** Why saving `ids` under `key` (in the write scope `scope`) would rewrite what is already there, or undefined when it would not. */
export function unchangedReason(
  restored: RestoredManifest | undefined,
  key: string,
  ids: readonly string[],
  wantPack: boolean,
  now = Date.now(),
  scope = '',
): string | undefined {
  if (!restored || restored.key !== key || (restored.scope ?? '') !== scope || (wantPack && !restored.hasPack))
    return undefined;
  const age = now - Date.parse(restored.created);
  if (!(age >= 0 && age < REWRITE_AFTER_MS)) return undefined;
  if (restored.digest === idsDigest(ids)) {
    return `unchanged: the job used exactly the ${restored.ids} entries of the manifest ${key} it restored (written ${restored.created}; rewritten once a day)`;
  }
  // A warm run that used part of what it restored and built nothing: the manifest and its pack
  // still hold everything it used, so rewriting them would upload the same bytes again.
  const known = restored.idSet;
  if (known && ids.every((id) => known.has(id))) {
    return `nothing new: the job used ${new Set(ids).size} of the ${restored.ids} entries of the manifest ${key} it restored and built nothing else (written ${restored.created}; rewritten once a day)`;
  }
  return undefined;
}
