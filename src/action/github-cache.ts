// backend: github — the job's build cache as ONE Actions cache entry per job run.
//
// The service takes about 200 new entries a minute per repository and keeps 10 GB, so one entry
// per build object is out of the question; one per job run is the shape that works. The main
// step restores the newest entry of this job (its branch, then the PR's base branch, then the
// default branch, then any branch) into a staging dir and moves its files into the local cache
// (outputs before index files, each by rename, so no go process ever sees an index line whose
// output is missing). The post step stages exactly the entries this job's go processes used
// (their action logs), hard-linked in the local store's own a/ o/ layout, and saves them under a
// key with the run id and attempt, so saves never collide and the service never sees a second
// save of one key.
import fs from 'node:fs';
import path from 'node:path';
import * as core from '@actions/core';
import { readActionLogs } from '../cacheprog/manifest/action-log.js';
import { MAX_MANIFEST_IDS } from '../cacheprog/manifest/manifest-format.js';
import { isRestorePrefix } from '../cacheprog/manifest/manifest-key.js';
import { parseEntryLine } from '../cacheprog/store/local-store.js';
import { formatBytes } from '../cacheprog/stats.js';
import { cacheKey, MAX_KEYS, sameKey, warning, withActionsCache } from './actions-cache.js';
import type { ManifestKeys } from './manifest-keys.js';
import { HEX_ID } from '../cacheprog/protocol/types.js';

/** The path given to @actions/cache, relative to a root of ours (see actions-cache.ts). */
const PACK = 'pack';
const KEY_ROOT = 'gobuildcache/v1';
/**
 * How long the download and unpacking of a restored entry may take (the lookup has its own,
 * shorter deadline): the library's own segment timeout (10 min, or SEGMENT_DOWNLOAD_TIMEOUT_MINS,
 * which it reads itself) plus a minute to unpack.
 */
export function restoreTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const mins = Number(env.SEGMENT_DOWNLOAD_TIMEOUT_MINS);
  return (Number.isFinite(mins) && mins > 0 ? mins : 10) * 60_000 + 60_000;
}

/** What the main step did, for the post step and the summary. */
export interface GithubRestoreReport {
  /** The key the post step saves under. Empty when it must not save. */
  saveKey: string;
  restoredKey?: string;
  /** Entries and output bytes moved into the local cache. */
  entries?: number;
  bytes?: number;
  /** How old the restored entry was (from the time in its key). */
  ageMs?: number;
  ms: number;
  /** Why nothing was restored (no entry yet, or a problem). */
  reason?: string;
  /** The service failed: the post step does not try again (one warning per job). */
  failed?: boolean;
}

export type GithubSaveReport = { saved: true; key: string; entries: number; newEntries: number; bytes: number; ms: number } | { saved: false; reason: string };

/** `gobuildcache/v1/<job>/<branch>/` for a key, the key itself for a restore prefix ('…/'). */
function keyPrefix(manifestKey: string): string {
  return cacheKey(`${KEY_ROOT}/${manifestKey}${isRestorePrefix(manifestKey) ? '' : '/'}`);
}

/** The save key of this run and the restore prefixes, newest-first candidates in order. */
export function githubCacheKeys(keys: ManifestKeys, env: NodeJS.ProcessEnv, now = Date.now()): { saveKey: string; restoreKeys: string[] } {
  const run = `${env.GITHUB_RUN_ID || 'local'}-${env.GITHUB_RUN_ATTEMPT || '1'}-${now}`;
  const saveKey = cacheKey(`${keyPrefix(keys.key)}${run}`);
  const restoreKeys = [...new Set([keys.key, ...keys.restoreKeys].map(keyPrefix))].slice(0, MAX_KEYS - 1);
  return { saveKey, restoreKeys };
}

/** The time a save key carries in its last field, if any. */
export function keyTime(key: string): number | undefined {
  const m = /-(\d{13})$/.exec(key);
  return m ? Number(m[1]) : undefined;
}

function restoredIdsFile(runDir: string): string {
  return path.join(runDir, 'github-restored-ids.txt');
}

/**
 * Looks up (short deadline: a dead or hung service costs at most lookupTimeoutMs) and then
 * downloads the newest entry of this job into the local cache. Never throws.
 */
export async function restoreBuildCache(opts: { cacheDir: string; runDir: string; keys: ManifestKeys; lookupTimeoutMs: number; readOnly: boolean; restoreTimeoutMs?: number }): Promise<GithubRestoreReport> {
  const started = Date.now();
  const { saveKey, restoreKeys } = githubCacheKeys(opts.keys, process.env);
  const report = (r: Omit<GithubRestoreReport, 'ms' | 'saveKey'>, save = !opts.readOnly): GithubRestoreReport => ({ saveKey: save ? saveKey : '', ms: Date.now() - started, ...r });
  const root = path.join(opts.runDir, 'github-restore');
  core.info(`Actions cache: restore keys ${restoreKeys.join(', ')}`);

  // The save key itself never exists yet: it only makes the lookup's first key the prefix of this branch.
  const lookup = await withActionsCache(root, opts.lookupTimeoutMs, 'the cache lookup', (c) => c.restoreCache([PACK], saveKey, restoreKeys, { lookupOnly: true }));
  if (!lookup.ok) return failure(`the lookup failed: ${lookup.problem}`, lookup.repeat);
  const matched = lookup.value;
  if (!matched) return report({ reason: 'no entry of this job exists yet' });

  const download = await withActionsCache(root, opts.restoreTimeoutMs ?? restoreTimeoutMs(), 'the download', (c) => c.restoreCache([PACK], matched, [], {}));
  if (!download.ok) return failure(`downloading ${matched} failed: ${download.problem}`, download.repeat);
  if (!sameKey(download.value, matched)) return report({ reason: `the entry ${matched} was gone by the time it was downloaded` });

  try {
    const moved = moveIntoStore(path.join(root, PACK), opts.cacheDir);
    fs.writeFileSync(restoredIdsFile(opts.runDir), moved.ids.length > 0 ? `${moved.ids.join('\n')}\n` : '');
    const time = keyTime(matched);
    const ageMs = time !== undefined ? Math.max(0, Date.now() - time) : undefined;
    core.info(`Actions cache: restored ${moved.ids.length} entries (${formatBytes(moved.bytes)}) from ${matched} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return report({ restoredKey: matched, entries: moved.ids.length, bytes: moved.bytes, ageMs });
  } catch (err) {
    return report({ reason: `could not unpack ${matched}: ${(err as Error).message}` });
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }

  function failure(reason: string, repeat = false): GithubRestoreReport {
    if (!repeat) warning(`gobuildcache: the Actions cache could not be used (${reason}). This job builds with an empty local cache and saves nothing to the Actions cache.`);
    return report({ reason, failed: true }, false);
  }
}

/**
 * Moves a restored a/ o/ tree into the local store: every output first, then the index files,
 * each with one rename (a copy and rename across filesystems), skipping what the store has.
 */
export function moveIntoStore(pack: string, cacheDir: string): { ids: string[]; bytes: number } {
  let bytes = 0;
  for (const { file, name, shard } of listShards(path.join(pack, 'o'))) {
    const target = path.join(cacheDir, 'o', shard, name);
    const size = fs.statSync(file).size;
    if (fs.statSync(target, { throwIfNoEntry: false })?.size === size) continue;
    place(file, target);
    bytes += size;
  }
  const ids: string[] = [];
  for (const { file, name, shard } of listShards(path.join(pack, 'a'))) {
    const target = path.join(cacheDir, 'a', shard, name);
    const meta = parseEntryLine(fs.readFileSync(file, 'latin1'));
    // An index line without its output would be a miss anyway; don't publish it.
    if (!meta || fs.statSync(path.join(cacheDir, 'o', meta.outputId.slice(0, 2), meta.outputId), { throwIfNoEntry: false })?.size !== meta.size) continue;
    ids.push(name);
    // The local store's entry is as good or newer.
    if (fs.existsSync(target)) continue;
    place(file, target);
  }
  return { ids, bytes };
}

function* listShards(dir: string): Generator<{ file: string; name: string; shard: string }> {
  let shards: string[];
  try {
    shards = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const shard of shards) {
    if (!/^[0-9a-f]{2}$/.test(shard)) continue;
    for (const name of fs.readdirSync(path.join(dir, shard))) {
      if (HEX_ID.test(name) && name.startsWith(shard)) yield { file: path.join(dir, shard, name), name, shard };
    }
  }
}

function place(file: string, target: string): void {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  try {
    fs.renameSync(file, target);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
    // Another filesystem (a persistent cache-dir): copy beside the target, then rename into place.
    const tmp = `${target}.restore-${process.pid}`;
    fs.copyFileSync(file, tmp);
    fs.renameSync(tmp, target);
  }
}

/**
 * Saves the entries this job's go processes used as one new Actions cache entry. Skips when
 * they are all in what the main step restored. Never throws; a failure is one warning.
 */
export async function saveBuildCache(opts: { cacheDir: string; statsDir: string; runDir: string; saveKey: string; timeoutMs: number }): Promise<GithubSaveReport> {
  const started = Date.now();
  const ids = readActionLogs(opts.statsDir, MAX_MANIFEST_IDS, (file, why) => core.info(`gobuildcache: skipped the unreadable action log ${file}: ${why}`));
  if (ids.length === 0) return { saved: false, reason: 'no go command used the cache' };
  let restored = new Set<string>();
  try {
    restored = new Set(fs.readFileSync(restoredIdsFile(opts.runDir), 'utf8').split('\n').filter((l) => l !== ''));
  } catch {
    // Nothing was restored.
  }
  const newEntries = ids.filter((id) => !restored.has(id)).length;
  if (newEntries === 0) return { saved: false, reason: `nothing new: all ${ids.length} entries this job used came from the restored cache` };

  const root = path.join(opts.runDir, 'github-save');
  try {
    const staged = stagePack(opts.cacheDir, ids, path.join(root, PACK));
    if (staged.entries === 0) return { saved: false, reason: 'none of the entries this job used is in the local cache' };
    const result = await withActionsCache(root, opts.timeoutMs, 'the save', (c) => c.saveCache([PACK], opts.saveKey));
    if (!result.ok) {
      const reason = `saving ${opts.saveKey} failed: ${result.problem}`;
      if (!result.repeat) warning(`gobuildcache: the Actions cache did not take this job's build cache (${reason}); the next run restores an older entry or builds more. The job is not affected.`);
      return { saved: false, reason };
    }
    if (result.value === -1) {
      // A refused reservation (the library logs it as info): a 429 or a quota, with our unique keys.
      const reason = `the service refused to store ${opts.saveKey}${result.notes.length > 0 ? `: ${result.notes.join('; ')}` : ''}`;
      warning(`gobuildcache: ${reason}. The next run restores an older entry or builds more. The job is not affected.`);
      return { saved: false, reason };
    }
    core.info(`Actions cache: saved ${staged.entries} entries (${formatBytes(staged.bytes)}, ${newEntries} new) as ${opts.saveKey} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return { saved: true, key: opts.saveKey, entries: staged.entries, newEntries, bytes: staged.bytes, ms: Date.now() - started };
  } catch (err) {
    const reason = `could not stage the entries: ${(err as Error).message}`;
    core.info(`gobuildcache: ${reason}`);
    return { saved: false, reason };
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

/** Hard-links (or copies) each used entry's index file and output into dir, in the local store's layout. */
export function stagePack(cacheDir: string, ids: readonly string[], dir: string): { entries: number; bytes: number } {
  fs.rmSync(dir, { recursive: true, force: true });
  let entries = 0;
  let bytes = 0;
  const outputs = new Set<string>();
  for (const id of ids) {
    const index = path.join(cacheDir, 'a', id.slice(0, 2), id);
    let line: string;
    try {
      line = fs.readFileSync(index, 'latin1');
    } catch {
      continue;
    }
    const meta = parseEntryLine(line);
    if (!meta) continue;
    const output = path.join(cacheDir, 'o', meta.outputId.slice(0, 2), meta.outputId);
    if (fs.statSync(output, { throwIfNoEntry: false })?.size !== meta.size) continue;
    if (!outputs.has(meta.outputId)) {
      link(output, path.join(dir, 'o', meta.outputId.slice(0, 2), meta.outputId));
      outputs.add(meta.outputId);
      bytes += meta.size;
    }
    link(index, path.join(dir, 'a', id.slice(0, 2), id));
    entries++;
  }
  return { entries, bytes };
}

function link(file: string, target: string): void {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  try {
    fs.linkSync(file, target);
  } catch {
    // Another filesystem, or links not allowed: a copy does the same job.
    fs.copyFileSync(file, target);
  }
}
