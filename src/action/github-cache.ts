// backend: github: go's own cache (GOCACHE) carried between runs in the Actions cache.
//
// The service takes about 200 new entries a minute per repository and keeps 10 GB, so one entry
// per build object is out of the question; one archive per job run is the shape that works. go
// then reads its cache natively during the job: no GOCACHEPROG, no per-lookup toll.
//
// An archive is either full (what one run used and added) or a delta: what was added since a
// full one, which it names as its base. The main step restores the newest archive of this job's
// key chain and, for a delta, its base, verifies every output against its name before go can
// see it (gocache-dir.ts) and dates what it placed two hours back. The post step reads go's use
// marks: a run that added nothing saves nothing; otherwise it saves a delta (everything added
// since the base) or, when that grew past half the base or most of the base went unused, a new
// full archive, so the 10 GB quota is not churned by a full copy per run.
import fs from 'node:fs';
import path from 'node:path';
import * as core from '@actions/core';
import { formatBytes } from '../cacheprog/stats.js';
import { sameKey, warning, withActionsCache } from './actions-cache.js';
import {
  ARCHIVE_DIR,
  githubCacheKeys,
  keyTime,
  META_FILE,
  readMeta,
  readNames,
  restoredFile,
  restoreTimeoutMs,
  type ArchiveMeta,
  type RestoredNames,
} from './github-archive.js';
import {
  ageRecentFiles,
  entryOutput,
  filePath,
  fileSize,
  harvest,
  MARK_AGE_MS,
  placeVerified,
  stageFiles,
  toCacheFile,
  type CacheFile,
  type PlaceResult,
} from './gocache-dir.js';
import type { ManifestKeys } from './manifest-keys.js';

/** A delta larger than this share of its base's bytes is replaced by a new full archive. */
const MAX_DELTA_SHARE = 0.5;
/** A base of which this job used less than this share of the entries is replaced by a full archive. */
const MIN_BASE_USE = 0.5;
/** go's mtime granularity and clock steps between the steps: marks a little before the restore still count. */
const MARK_SLACK_MS = 2_000;

/** What the main step did, for the post step and the summary. */
export interface GithubRestoreReport {
  /** The key the post step saves under. Empty when it must not save. */
  saveKey: string;
  /** Why this job saves nothing (read-only, an event that runs pull-request code in the base scope). */
  noSaveReason?: string;
  /** go's cache directory (GOCACHE). */
  gocache: string;
  /** When the restore began: files dated after it were used or written by the job. */
  since: number;
  restoredKey?: string;
  /** The full archive a restored delta was built on, when it was restored too. */
  baseKey?: string;
  /** Entries and output bytes placed into GOCACHE. */
  entries?: number;
  bytes?: number;
  /** Outputs whose content did not match their name (dropped), entries left without an output. */
  rejected?: number;
  orphaned?: number;
  /** Time spent checking outputs against their names. */
  verifyMs?: number;
  /** How old the restored archive was (from the time in its key). */
  ageMs?: number;
  ms: number;
  /** Why nothing was restored (no entry yet, or a problem). */
  reason?: string;
  /** The service failed: the post step does not try again (one warning per job). */
  failed?: boolean;
}

export type GithubSaveReport =
  | {
      saved: true;
      key: string;
      kind: 'full' | 'delta';
      files: number;
      bytes: number;
      added: number;
      used: number;
      ms: number;
    }
  | { saved: false; reason: string; added?: number; used?: number };

/**
 * Looks up (short deadline: a dead or hung service costs at most lookupTimeoutMs), downloads the
 * newest archive of this job and its base, and places them, verified, into GOCACHE. Never throws.
 */
export async function restoreBuildCache(opts: {
  gocache: string;
  runDir: string;
  keys: ManifestKeys;
  lookupTimeoutMs: number;
  /** Why the post step must not save, or undefined when it saves. */
  noSaveReason?: string;
  restoreTimeoutMs?: number;
}): Promise<GithubRestoreReport> {
  const started = Date.now();
  const since = started;
  const { saveKey, restoreKeys } = githubCacheKeys(opts.keys, process.env);
  const save = opts.noSaveReason === undefined;
  const report = (r: Partial<GithubRestoreReport>, canSave = save): GithubRestoreReport => ({
    saveKey: canSave ? saveKey : '',
    ...(opts.noSaveReason !== undefined ? { noSaveReason: opts.noSaveReason } : {}),
    gocache: opts.gocache,
    since,
    ms: Date.now() - started,
    ...r,
  });
  fs.mkdirSync(opts.gocache, { recursive: true });
  ageRecentFiles(opts.gocache, new Date(started - MARK_AGE_MS), started);
  const names: RestoredNames = { baseBytes: 0, baseEntries: 0, base: [], delta: [] };
  const writeNames = (): void => fs.writeFileSync(restoredFile(opts.runDir), JSON.stringify(names));
  writeNames();
  core.info(`Actions cache: restore keys ${restoreKeys.join(', ')}`);

  // The save key itself never exists yet: it only makes the lookup's first key the prefix of this branch.
  const roots: string[] = [];
  const download = async (
    key: string,
    exact: boolean,
  ): Promise<{ ok: true; root: string; key?: string } | { ok: false; problem: string; repeat?: boolean }> => {
    const root = path.join(opts.runDir, `github-restore-${roots.length}`);
    roots.push(root);
    const r = await withActionsCache(root, opts.restoreTimeoutMs ?? restoreTimeoutMs(), `the download of ${key}`, (c) =>
      c.restoreCache([ARCHIVE_DIR], key, exact ? [] : restoreKeys),
    );
    return r.ok
      ? { ok: true, root, ...(r.value !== undefined ? { key: r.value } : {}) }
      : { ok: false, problem: r.problem, ...(r.repeat ? { repeat: true } : {}) };
  };
  try {
    const lookup = await withActionsCache(
      path.join(opts.runDir, 'github-lookup'),
      opts.lookupTimeoutMs,
      'the cache lookup',
      (c) => c.restoreCache([ARCHIVE_DIR], saveKey, restoreKeys, { lookupOnly: true }),
    );
    if (!lookup.ok) return failure(`the lookup failed: ${lookup.problem}`, lookup.repeat);
    const matched = lookup.value;
    if (!matched) return report({ reason: 'no entry of this job exists yet' });

    const newest = await download(matched, true);
    if (!newest.ok) return failure(`downloading ${matched} failed: ${newest.problem}`, newest.repeat);
    if (!sameKey(newest.key, matched))
      return report({ reason: `the entry ${matched} was gone by the time it was downloaded` });
    const meta = readMeta(newest.root);
    if (!meta) return report({ reason: `${matched} is not an archive this version of the action reads` });

    const markTime = new Date(started - MARK_AGE_MS);
    let baseKey: string | undefined;
    const placements: PlaceResult[] = [];
    if (meta.kind === 'delta' && meta.base) {
      // The base first: the delta's entries may name outputs only the base holds.
      const base = await download(meta.base, true);
      if (base.ok && sameKey(base.key, meta.base) && readMeta(base.root)?.kind === 'full') {
        const placed = await placeVerified(path.join(base.root, ARCHIVE_DIR), opts.gocache, markTime);
        placements.push(placed);
        baseKey = meta.base;
        Object.assign(names, { baseKey, baseBytes: placed.bytes, baseEntries: placed.entries, base: placed.placed });
      } else {
        core.info(
          `Actions cache: the base ${meta.base} of ${matched} could not be restored (${base.ok ? 'gone' : base.problem}); using the delta alone.`,
        );
      }
    }
    const placed = await placeVerified(path.join(newest.root, ARCHIVE_DIR), opts.gocache, markTime);
    placements.push(placed);
    const sum = (k: 'entries' | 'bytes' | 'rejected' | 'orphaned' | 'verifyMs'): number =>
      placements.reduce((n, p) => n + p[k], 0);
    const totals = {
      entries: sum('entries'),
      bytes: sum('bytes'),
      rejected: sum('rejected'),
      orphaned: sum('orphaned'),
      verifyMs: sum('verifyMs'),
    };
    if (meta.kind === 'full')
      Object.assign(names, {
        baseKey: matched,
        baseBytes: placed.bytes,
        baseEntries: placed.entries,
        base: placed.placed,
      });
    else names.delta = placed.placed;
    writeNames();

    const time = keyTime(matched);
    const ageMs = time !== undefined ? Math.max(0, Date.now() - time) : undefined;
    const from = baseKey ? `${matched} and its base ${baseKey}` : matched;
    core.info(
      `Actions cache: restored ${totals.entries} entries (${formatBytes(totals.bytes)}) from ${from} in ${((Date.now() - started) / 1000).toFixed(1)} s ` +
        `(sha256 of every output: ${(totals.verifyMs / 1000).toFixed(2)} s)`,
    );
    if (totals.rejected > 0) {
      warning(
        `gobuildcache: ${totals.rejected} restored output(s) did not match their name (sha256) and were dropped before go could read them; ` +
          `go rebuilds what they held. Something altered the Actions cache entry ${from}.`,
      );
    }
    return report({
      restoredKey: matched,
      ...(baseKey ? { baseKey } : {}),
      ...totals,
      ...(ageMs !== undefined ? { ageMs } : {}),
    });
  } catch (err) {
    return report({ reason: `could not restore: ${(err as Error).message}` });
  } finally {
    for (const root of [...roots, path.join(opts.runDir, 'github-lookup')])
      fs.rmSync(root, { recursive: true, force: true });
  }

  function failure(reason: string, repeat = false): GithubRestoreReport {
    if (!repeat)
      warning(
        `gobuildcache: the Actions cache could not be used (${reason}). This job builds with go's own empty cache and saves nothing to the Actions cache.`,
      );
    return report({ reason, failed: true }, false);
  }
}

/** The files to save for a set of chosen ones: each entry with its output, and outputs named by none kept too. */
function withOutputs(gocache: string, chosen: Iterable<CacheFile>): CacheFile[] {
  const out = new Map<string, CacheFile>();
  for (const f of chosen) {
    out.set(f.name, f);
    const o = entryOutput(gocache, f);
    if (o && !out.has(o.name) && fs.existsSync(filePath(gocache, o))) out.set(o.name, o);
  }
  return [...out.values()];
}

/**
 * After the job: saves what it added, as a delta or a new full archive (see the top of this
 * file). A job that added nothing saves nothing. Never throws; a failure is one warning.
 */
export async function saveBuildCache(opts: {
  restore: GithubRestoreReport;
  runDir: string;
  timeoutMs: number;
}): Promise<GithubSaveReport> {
  const started = Date.now();
  const { gocache } = opts.restore;
  const names = readNames(opts.runDir);
  const base = new Set(names.base);
  const restored = new Set([...names.base, ...names.delta]);
  const h = harvest(gocache, restored, opts.restore.since - MARK_SLACK_MS);
  const used = h.used.filter((f) => f.kind === 'a').length;
  const added = h.added.filter((f) => f.kind === 'a').length;
  if (added === 0)
    return {
      saved: false,
      reason: `nothing new: this job built nothing the restored cache lacked (it used ${used} restored entries)`,
      added,
      used,
    };

  const stillThere = names.delta
    .map(toCacheFile)
    .filter((f): f is CacheFile => f !== undefined && fs.existsSync(filePath(gocache, f)));
  const deltaFiles = withOutputs(gocache, [...stillThere, ...h.added]).filter((f) => !base.has(f.name));
  const deltaBytes = deltaFiles.reduce((n, f) => n + (f.kind === 'd' ? fileSize(gocache, f) : 0), 0);
  const baseUsed = h.used.filter((f) => f.kind === 'a' && base.has(f.name)).length;
  let kind: 'full' | 'delta' = 'delta';
  let why = `${formatBytes(deltaBytes)} added since ${names.baseKey ?? ''}`;
  if (!names.baseKey) [kind, why] = ['full', 'no full archive was restored'];
  else if (deltaBytes > names.baseBytes * MAX_DELTA_SHARE)
    [kind, why] = [
      'full',
      `what was added since the base (${formatBytes(deltaBytes)}) passed half of it (${formatBytes(names.baseBytes)})`,
    ];
  else if (baseUsed < names.baseEntries * MIN_BASE_USE)
    [kind, why] = ['full', `this job used ${baseUsed} of the base's ${names.baseEntries} entries`];
  const files = kind === 'full' ? withOutputs(gocache, [...h.used, ...h.added]) : deltaFiles;
  const bytes = files.reduce((n, f) => n + (f.kind === 'd' ? fileSize(gocache, f) : 0), 0);

  const root = path.join(opts.runDir, 'github-save');
  const key = opts.restore.saveKey;
  try {
    fs.rmSync(root, { recursive: true, force: true });
    const dir = path.join(root, ARCHIVE_DIR);
    stageFiles(gocache, files, dir);
    const meta: ArchiveMeta = {
      format: 2,
      kind,
      ...(kind === 'delta' && names.baseKey ? { base: names.baseKey } : {}),
      files: files.length,
      bytes,
    };
    fs.writeFileSync(path.join(dir, META_FILE), JSON.stringify(meta));
    const result = await withActionsCache(root, opts.timeoutMs, 'the save', (c) => c.saveCache([ARCHIVE_DIR], key));
    if (!result.ok) {
      const reason = `saving ${key} failed: ${result.problem}`;
      if (!result.repeat)
        warning(
          `gobuildcache: the Actions cache did not take this job's build cache (${reason}); the next run restores an older entry or builds more. The job is not affected.`,
        );
      return { saved: false, reason, added, used };
    }
    if (result.value === -1) {
      // A refused reservation (the library logs it as info): a 429 or a quota, with our unique keys.
      const reason = `the service refused to store ${key}${result.notes.length > 0 ? `: ${result.notes.join('; ')}` : ''}`;
      warning(`gobuildcache: ${reason}. The next run restores an older entry or builds more. The job is not affected.`);
      return { saved: false, reason, added, used };
    }
    core.info(
      `Actions cache: saved a ${kind} archive (${why}): ${files.length} files, ${formatBytes(bytes)}, as ${key} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    return { saved: true, key, kind, files: files.length, bytes, added, used, ms: Date.now() - started };
  } catch (err) {
    const reason = `could not stage the archive: ${(err as Error).message}`;
    core.info(`gobuildcache: ${reason}`);
    return { saved: false, reason, added, used };
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}
