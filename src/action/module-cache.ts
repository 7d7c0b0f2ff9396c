// cache-modules: GOMODCACHE's downloads (cache/download: the module zips, .mod and .info files
// and the checksum database tiles) in the Actions cache, for every backend. Keyed like
// setup-go's cache on the hash of every go.sum (plus OS, arch and Go version), with restore keys
// so a changed go.sum still starts from the last download; saved only when the exact key missed
// and the job downloaded something. go extracts a module from its zip in cache/download on first
// use, so the restored downloads let a build run with GOPROXY=off.
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import * as core from '@actions/core';
import { formatBytes } from '../cacheprog/stats.js';
import { cacheKey, sameKey, warning, withActionsCache } from './actions-cache.js';
import { restoreTimeoutMs } from './github-archive.js';

/** Relative to GOMODCACHE, which is the root given to @actions/cache (see actions-cache.ts). */
const DOWNLOADS = path.join('cache', 'download');
const KEY_ROOT = 'gomod/v1';

export interface ModuleRestoreReport {
  /** The exact key; empty when the module cache is not used in this job. */
  key: string;
  gomodcache?: string;
  restoredKey?: string;
  /** The exact key was restored: nothing to save. */
  exact?: boolean;
  /** Files and bytes under cache/download after the restore, to tell whether the job downloaded more. */
  files?: number;
  bytes?: number;
  ms?: number;
  reason?: string;
  /** The post step must not save (exact hit, read-only, another cache restored it, a failure). */
  noSave?: boolean;
  failed?: boolean;
}

export type ModuleSaveReport =
  { saved: true; key: string; files: number; bytes: number } | { saved: false; reason: string };

async function goEnvValue(name: string, cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
  const { stdout } = await promisify(execFile)('go', ['env', name], { cwd, env, timeout: 30_000 });
  return stdout.trim();
}

/**
 * The files under root, depth first: a bounded walk (maxDirs directories read) that enters only
 * the directories `enter` accepts and skips those it cannot read.
 */
function* filesUnder(
  root: string,
  enter: (name: string) => boolean = () => true,
  maxDirs = Infinity,
): Generator<string> {
  const stack = [root];
  for (let dirs = 0; stack.length > 0 && dirs < maxDirs; dirs++) {
    const d = stack.pop() as string;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      if (e.isDirectory()) {
        if (enter(e.name)) stack.push(path.join(d, e.name));
      } else if (e.isFile()) yield path.join(d, e.name);
    }
  }
}

/** Files and bytes under dir (bounded walk: the module cache of a large project has tens of thousands of files). */
export function treeSize(dir: string, limit = 1_000_000): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  for (const f of filesUnder(dir)) {
    files++;
    bytes += fs.statSync(f, { throwIfNoEntry: false })?.size ?? 0;
    if (files >= limit) break;
  }
  return { files, bytes };
}

/**
 * The go.sum and go.work.sum files of the workspace, sorted. A walk of our own, not
 * @actions/glob's hashFiles: that one walks everything, .git included, and took 1.2 s of a 3.3 s
 * main step on a 536-package repository; this one skips what go itself ignores (vendor, testdata,
 * names starting with . or _) and node_modules, and takes milliseconds.
 */
export function goSumFiles(workspace: string, maxDirs = 100_000): string[] {
  const enter = (name: string): boolean =>
    !/^[._]/.test(name) && name !== 'vendor' && name !== 'testdata' && name !== 'node_modules';
  const found: string[] = [];
  for (const f of filesUnder(workspace, enter, maxDirs)) {
    const name = path.basename(f);
    if (name === 'go.sum' || name === 'go.work.sum') found.push(f);
  }
  return found.sort();
}

export function moduleCacheKeys(
  workspace: string,
  goVersion: string,
  env: NodeJS.ProcessEnv,
): { key: string; restoreKeys: string[] } | undefined {
  const files = goSumFiles(workspace);
  if (files.length === 0) return undefined;
  const all = crypto.createHash('sha256');
  for (const f of files)
    all
      .update(path.relative(workspace, f))
      .update('\0')
      .update(crypto.createHash('sha256').update(fs.readFileSync(f)).digest());
  const hash = all.digest('hex');
  const platform = `${env.RUNNER_OS || process.platform}-${env.RUNNER_ARCH || process.arch}`;
  return {
    key: cacheKey(`${KEY_ROOT}/${platform}-${goVersion}-${hash}`),
    restoreKeys: [cacheKey(`${KEY_ROOT}/${platform}-${goVersion}-`), cacheKey(`${KEY_ROOT}/${platform}-`)],
  };
}

/** Restores GOMODCACHE/cache/download. Never throws; one warning at most. */
export async function restoreModuleCache(opts: {
  workspace: string;
  goVersion: string;
  goEnv: NodeJS.ProcessEnv;
  lookupTimeoutMs: number;
  readOnly: boolean;
}): Promise<ModuleRestoreReport> {
  const started = Date.now();
  let gomodcache: string;
  let keys: ReturnType<typeof moduleCacheKeys>;
  try {
    gomodcache = await goEnvValue('GOMODCACHE', opts.workspace, opts.goEnv);
    if (!gomodcache || !path.isAbsolute(gomodcache))
      return { key: '', reason: `go env GOMODCACHE is "${gomodcache}", not an absolute path`, noSave: true };
    keys = moduleCacheKeys(opts.workspace, opts.goVersion, process.env);
  } catch (err) {
    return { key: '', reason: `could not find the module cache: ${(err as Error).message}`, noSave: true };
  }
  if (!keys)
    return {
      key: '',
      reason: `no go.sum under ${opts.workspace}: the module has no dependencies to cache`,
      noSave: true,
    };

  const downloads = path.join(gomodcache, DOWNLOADS);
  const before = treeSize(downloads);
  // A fresh hosted runner has no module cache: something (setup-go's cache: true, an
  // actions/cache step) restored one already. Two caches of the same files only cost time.
  if (before.files > 0 && process.env.RUNNER_ENVIRONMENT === 'github-hosted') {
    warning(
      `gobuildcache: ${downloads} already holds ${before.files} files when this step starts: another cache (setup-go's cache: true?) restored the module cache. ` +
        'This step leaves it alone and saves none of its own; set cache: false on actions/setup-go, or cache-modules: false here.',
      'Go build cache: two module caches',
    );
    return {
      key: keys.key,
      gomodcache,
      reason: 'another cache restored the module cache before this step',
      noSave: true,
      ...before,
    };
  }

  const base = { key: keys.key, gomodcache };
  const lookup = await withActionsCache(gomodcache, opts.lookupTimeoutMs, 'the module cache lookup', (c) =>
    c.restoreCache([DOWNLOADS], keys.key, keys.restoreKeys, { lookupOnly: true }),
  );
  if (!lookup.ok) return failure(`the lookup failed: ${lookup.problem}`, lookup.repeat);
  const matched = lookup.value;
  if (!matched)
    return { ...base, reason: 'no module cache saved yet', noSave: opts.readOnly, ms: Date.now() - started, ...before };
  const download = await withActionsCache(gomodcache, restoreTimeoutMs(), 'the module cache download', (c) =>
    c.restoreCache([DOWNLOADS], matched, [], {}),
  );
  if (!download.ok) return failure(`downloading ${matched} failed: ${download.problem}`, download.repeat);
  const after = treeSize(downloads);
  const exact = sameKey(download.value, keys.key);
  if (!download.value)
    return {
      ...base,
      reason: `the entry ${matched} was gone by the time it was downloaded`,
      noSave: opts.readOnly,
      ms: Date.now() - started,
      ...after,
    };
  core.info(
    `Module cache: restored ${after.files} files (${formatBytes(after.bytes)}) from ${download.value}${exact ? '' : ' (a restore key)'}`,
  );
  return {
    ...base,
    restoredKey: download.value,
    exact,
    noSave: exact || opts.readOnly,
    ms: Date.now() - started,
    ...after,
  };

  function failure(reason: string, repeat = false): ModuleRestoreReport {
    if (!repeat)
      warning(
        `gobuildcache: the Actions cache could not restore the Go module cache (${reason}); go downloads modules as usual.`,
      );
    return { ...base, reason, noSave: true, failed: true, ms: Date.now() - started };
  }
}

/** Saves GOMODCACHE/cache/download under the exact key when the restore missed it and the job downloaded more. */
export async function saveModuleCache(report: ModuleRestoreReport, timeoutMs: number): Promise<ModuleSaveReport> {
  if (!report.key || !report.gomodcache)
    return { saved: false, reason: report.reason ?? 'the module cache is not used' };
  if (report.noSave)
    return {
      saved: false,
      reason: report.exact ? `the exact key ${report.key} was restored` : (report.reason ?? 'not saved'),
    };
  const now = treeSize(path.join(report.gomodcache, DOWNLOADS));
  if (now.files === 0) return { saved: false, reason: 'no module was downloaded' };
  if (now.files === report.files && now.bytes === report.bytes)
    return { saved: false, reason: 'the job downloaded no module beyond what was restored' };
  const result = await withActionsCache(report.gomodcache, timeoutMs, 'the module cache save', (c) =>
    c.saveCache([DOWNLOADS], report.key),
  );
  if (!result.ok) {
    const reason = `saving ${report.key} failed: ${result.problem}`;
    if (!result.repeat)
      warning(`gobuildcache: the Actions cache did not take the Go module cache (${reason}). The job is not affected.`);
    return { saved: false, reason };
  }
  if (result.value === -1) {
    const detail = result.notes.join('; ');
    // Matrix legs with one go.sum race for one key: the loser's refusal is expected, a 429 is not.
    if (/\b429\b|rate limit|too many/i.test(detail))
      warning(`gobuildcache: the Actions cache refused the Go module cache: ${detail}. The job is not affected.`);
    return { saved: false, reason: `the service did not store ${report.key}${detail ? `: ${detail}` : ''}` };
  }
  core.info(`Module cache: saved ${now.files} files (${formatBytes(now.bytes)}) as ${report.key}`);
  return { saved: true, key: report.key, ...now };
}
