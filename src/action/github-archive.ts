// backend github's archives in the Actions cache: their keys (one per job run, restored newest
// first by prefix), the metadata inside each (full or delta, and a delta's base) and the record of
// what the main step placed from which, which the post step reads to choose what to save.
import fs from 'node:fs';
import path from 'node:path';
import { isRestorePrefix } from '../cacheprog/manifest/manifest-key.js';
import { cacheKey, MAX_KEYS } from './actions-cache.js';
import type { ManifestKeys } from './manifest-keys.js';

/** The path given to @actions/cache, relative to a root of ours (see actions-cache.ts). */
export const ARCHIVE_DIR = 'go-build';
/** Inside ARCHIVE_DIR: what kind of archive this is and its base. Not a cache file, so never placed. */
export const META_FILE = 'gobuildcache-archive.json';
const KEY_ROOT = 'gobuildcache/v2';

/**
 * How long the download and unpacking of a restored entry may take (the lookup has its own,
 * shorter deadline): the library's own segment timeout (10 min, or SEGMENT_DOWNLOAD_TIMEOUT_MINS,
 * which it reads itself) plus a minute to unpack.
 */
export function restoreTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const mins = Number(env.SEGMENT_DOWNLOAD_TIMEOUT_MINS);
  return (Number.isFinite(mins) && mins > 0 ? mins : 10) * 60_000 + 60_000;
}

export interface ArchiveMeta {
  format: 2;
  kind: 'full' | 'delta';
  /** A delta's full archive. */
  base?: string;
  files: number;
  bytes: number;
}

/** Room left after a prefix for a save key's `<run id>-<attempt>-<ms>`. */
const RUN_SUFFIX = 48;

/** `gobuildcache/v2/<job>/<branch>/` for a key, the key itself for a restore prefix ('…/'). */
function keyPrefix(manifestKey: string): string {
  return cacheKey(`${KEY_ROOT}/${manifestKey}${isRestorePrefix(manifestKey) ? '' : '/'}`, RUN_SUFFIX);
}

/** The save key of this run and the restore prefixes, newest-first candidates in order. */
export function githubCacheKeys(
  keys: ManifestKeys,
  env: NodeJS.ProcessEnv,
  now = Date.now(),
): { saveKey: string; restoreKeys: string[] } {
  const run = `${env.GITHUB_RUN_ID || 'local'}-${env.GITHUB_RUN_ATTEMPT || '1'}-${now}`.slice(-RUN_SUFFIX);
  const saveKey = cacheKey(`${keyPrefix(keys.key)}${run}`);
  const restoreKeys = [...new Set([keys.key, ...keys.restoreKeys].map(keyPrefix))].slice(0, MAX_KEYS - 1);
  return { saveKey, restoreKeys };
}

/** The time a save key carries in its last field, if any. */
export function keyTime(key: string): number | undefined {
  const m = /-(\d{13})$/.exec(key);
  return m ? Number(m[1]) : undefined;
}

export interface RestoredNames {
  baseKey?: string;
  baseBytes: number;
  baseEntries: number;
  /** Names placed from the full archive (the base). */
  base: string[];
  /** Names placed from a delta. */
  delta: string[];
}

export function restoredFile(runDir: string): string {
  return path.join(runDir, 'github-restored.json');
}

export function readMeta(root: string): ArchiveMeta | undefined {
  try {
    const meta = JSON.parse(fs.readFileSync(path.join(root, ARCHIVE_DIR, META_FILE), 'utf8')) as ArchiveMeta;
    return meta.format === 2 ? meta : undefined;
  } catch {
    return undefined;
  }
}

export function readNames(runDir: string): RestoredNames {
  try {
    return JSON.parse(fs.readFileSync(restoredFile(runDir), 'utf8')) as RestoredNames;
  } catch {
    return { baseBytes: 0, baseEntries: 0, base: [], delta: [] };
  }
}
