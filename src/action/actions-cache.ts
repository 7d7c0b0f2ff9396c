// The one place that talks to the GitHub Actions cache service, through @actions/cache.
//
// What the library does that shapes this wrapper (checked against @actions/cache 6.3 source):
// - restoreCache/saveCache never throw for service problems: they log `::warning::` (or
//   `::error::` for a 5xx) themselves and return undefined / -1. A job should see one warning
//   from us, so their annotations are captured here and turned into plain log lines plus a reason.
// - A save that the service refuses to reserve (key exists, or a 429) is a ReserveCacheError,
//   logged as info only; on a 429 the v2 client also warns (when Retry-After is given) and does
//   not retry.
// - Keys: at most 512 characters, no commas, at most 10 per restore (key + restore keys); a
//   restore key matches by prefix, newest first. Entries are immutable.
// - The v1 client retries a refused connection once after 5 s and sets no request timeout, so a
//   hung service would hang the step: every call here has its own deadline.
// - The entry's "version" hashes the path strings given, and tar runs with -C $GITHUB_WORKSPACE
//   on paths made relative to it. Paths here are given relative to a directory of ours (with
//   GITHUB_WORKSPACE and the cwd pointed at it during the call), so an entry saved on one machine
//   restores on another whatever its RUNNER_TEMP or GOMODCACHE is.
import crypto from 'node:crypto';
import fs from 'node:fs';
import * as core from '@actions/core';

export const MAX_KEY_LENGTH = 512;
export const MAX_KEYS = 10;

/** Whether this step can reach the Actions cache service, and why not. */
export function actionsCacheAvailability(
  env: NodeJS.ProcessEnv = process.env,
): { available: true } | { available: false; reason: string } {
  if (env.GITHUB_ACTIONS !== 'true')
    return { available: false, reason: 'not running on GitHub Actions (GITHUB_ACTIONS is not true)' };
  if (!env.ACTIONS_RUNTIME_TOKEN)
    return { available: false, reason: 'the runner gave this step no ACTIONS_RUNTIME_TOKEN' };
  // The library's own rule (internal/config.ts): v2 needs the results URL, v1 the cache URL or it.
  const v2 = Boolean(env.ACTIONS_CACHE_SERVICE_V2) && !isGhes(env);
  const url = v2 ? env.ACTIONS_RESULTS_URL : env.ACTIONS_CACHE_URL || env.ACTIONS_RESULTS_URL;
  if (!url)
    return {
      available: false,
      reason: `the runner gave this step no cache service URL (${v2 ? 'ACTIONS_RESULTS_URL' : 'ACTIONS_CACHE_URL'})`,
    };
  const mode = (env.ACTIONS_CACHE_MODE ?? '').trim().toLowerCase();
  if (mode === 'none')
    return {
      available: false,
      reason: 'the repository turned the Actions cache off for this run (ACTIONS_CACHE_MODE=none)',
    };
  return { available: true };
}

function isGhes(env: NodeJS.ProcessEnv): boolean {
  const host = new URL(env.GITHUB_SERVER_URL || 'https://github.com').hostname.toUpperCase();
  return !(host === 'GITHUB.COM' || host.endsWith('.GHE.COM') || host.endsWith('.LOCALHOST'));
}

/**
 * A cache key the service accepts: no commas, at most 512 characters. A longer one keeps its
 * start and ends in a hash of the whole, so it stays unique, and `reserve` characters are left
 * for a suffix (a save key's run and time) that must survive after it.
 */
export function cacheKey(text: string, reserve = 0): string {
  const clean = text.replace(/,/g, '_');
  const max = MAX_KEY_LENGTH - reserve;
  if (clean.length <= max) return clean;
  const hash = crypto.createHash('sha256').update(clean).digest('hex').slice(0, 16);
  // A prefix ending in '/' keeps it, so restore prefixes and save keys still nest.
  const tail = clean.endsWith('/') ? '/' : '';
  return `${clean.slice(0, max - hash.length - 1 - tail.length)}-${hash}${tail}`;
}

/**
 * repeat: the service already failed earlier in this step, so this call was not made and its
 * caller must not warn again (one warning per job).
 */
export type CallResult<T> =
  { ok: true; value: T; notes: string[] } | { ok: false; problem: string; notes: string[]; repeat?: boolean };

/** What the library printed as an annotation or as a save failure, while one of our calls ran. */
interface Capture {
  problems: string[];
  notes: string[];
}

let active: Capture | undefined;
let chain: Promise<unknown> = Promise.resolve();
/** Set after a deadline abandoned a call: the library may still be working in GITHUB_WORKSPACE. */
let abandoned = false;
let ownWrite = false;
/** The first failure of this step; later calls are skipped (no retry storm against a failing service). */
let failedBefore: string | undefined;

const ANNOTATION = /^::(warning|error)(?: [^:]*)?::(.*)$/;
/** What @actions/cache's v2 client warns before it gives up a save on a 429 (cacheTwirpClient). */
const RATE_LIMITED = /^You've hit a rate limit\b/;

function unescapeData(s: string): string {
  return s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}

let installed = false;
function installInterceptor(): void {
  if (installed) return;
  installed = true;
  const original = process.stdout.write.bind(process.stdout) as (
    chunk: string | Uint8Array,
    ...rest: unknown[]
  ) => boolean;
  process.stdout.write = (chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
    const capture = active;
    if (!capture || ownWrite) return original(chunk, ...rest);
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    const lines = text.split('\n');
    const out = lines.map((line) => {
      const m = ANNOTATION.exec(line.replace(/\r$/, ''));
      if (m) {
        const msg = unescapeData(m[2]);
        // The v2 client's 429 (with Retry-After) is a warning followed by a refused save (-1), the
        // same refusal the v1 client reports as a note only: a note here too, not a failure.
        if (m[1] === 'warning' && RATE_LIMITED.test(msg)) capture.notes.push(msg);
        else capture.problems.push(msg);
        return `actions cache: ${msg}`;
      }
      if (line.startsWith('Failed to save: ')) capture.notes.push(line.slice('Failed to save: '.length));
      return line;
    });
    return original(out.join('\n'), ...rest);
  };
}

/** Emits one of our own warnings even while a library call is being captured. */
export function warning(message: string, title = 'Go build cache: Actions cache'): void {
  ownWrite = true;
  try {
    core.warning(message, { title });
  } finally {
    ownWrite = false;
  }
}

type CacheLib = typeof import('@actions/cache');
let lib: Promise<CacheLib> | undefined;
/** Loaded on first use: the library (and the Azure SDK behind it) costs start-up time a disk or s3 job needn't pay. */
function loadLib(): Promise<CacheLib> {
  lib ??= import('@actions/cache');
  return lib;
}

/**
 * Runs one library call with `root` as GITHUB_WORKSPACE and cwd (so relative paths resolve under
 * it), its annotations captured, and a deadline. Calls are serialized: the environment and cwd
 * are process-wide. After a deadline nothing more is called in this process, since the abandoned
 * call may still extract into `root`.
 */
export function withActionsCache<T>(
  root: string,
  deadlineMs: number,
  what: string,
  fn: (cache: CacheLib) => Promise<T>,
): Promise<CallResult<T>> {
  const run = async (): Promise<CallResult<T>> => {
    const capture: Capture = { problems: [], notes: [] };
    if (abandoned || failedBefore !== undefined)
      return {
        ok: false,
        problem: `skipped: ${failedBefore ?? 'an earlier call did not finish in time'}`,
        notes: [],
        repeat: true,
      };
    let cache: CacheLib;
    try {
      cache = await loadLib();
    } catch (err) {
      return { ok: false, problem: `could not load @actions/cache: ${(err as Error).message}`, notes: [] };
    }
    installInterceptor();
    const saved = { workspace: process.env.GITHUB_WORKSPACE, cwd: process.cwd() };
    fs.mkdirSync(root, { recursive: true });
    process.env.GITHUB_WORKSPACE = root;
    process.chdir(root);
    active = capture;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), deadlineMs);
    });
    let result: CallResult<T>;
    try {
      const value = await Promise.race([fn(cache), late]);
      if (value === 'late') {
        abandoned = true;
        result = {
          ok: false,
          problem: `${what} did not finish within ${Math.round(deadlineMs / 1000)} s`,
          notes: capture.notes,
        };
      } else if (capture.problems.length > 0) {
        result = { ok: false, problem: capture.problems.join('; '), notes: capture.notes };
      } else {
        result = { ok: true, value: value as T, notes: capture.notes };
      }
    } catch (err) {
      result = { ok: false, problem: (err as Error).message, notes: capture.notes };
    } finally {
      clearTimeout(timer);
      if (!abandoned) {
        active = undefined;
        if (saved.workspace === undefined) delete process.env.GITHUB_WORKSPACE;
        else process.env.GITHUB_WORKSPACE = saved.workspace;
        try {
          process.chdir(saved.cwd);
        } catch {
          // The old cwd is gone; staying in root harms nothing.
        }
      }
    }
    if (!result.ok) failedBefore ??= result.problem;
    return result;
  };
  const next = chain.then(run, run);
  chain = next;
  return next;
}

/** Lower-case: act's server (and the service's matching) treats keys case-insensitively. */
export function sameKey(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
}
