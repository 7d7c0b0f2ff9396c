import path from 'node:path';
import { TRUSTED_SCOPE } from '../cacheprog/remote/scopes.js';
import type { ScopeDecision } from './event-scopes.js';

export interface LocalStoreDirs {
  /** Where this job's go commands store entries. */
  cacheDir: string;
  /** The persistent cache dir this job reads but may not write; undefined: it writes cacheDir itself. */
  sharedCacheDir?: string;
  /** One line for the log, when the job does not write the cache dir it was given. */
  note?: string;
}

/**
 * RUNNER_TEMP is emptied before every job, so a cache dir under it is this job's alone; any
 * other dir (a self-hosted runner's persistent cache-dir) may be read by the jobs that follow.
 */
export function persistsAcrossJobs(cacheDir: string, runnerTemp: string | undefined): boolean {
  if (!runnerTemp) return true;
  const rel = path.relative(path.resolve(runnerTemp), path.resolve(cacheDir));
  return rel === '' || rel.startsWith('..') || path.isAbsolute(rel);
}

/**
 * The local store follows the trust scopes as the remote does: go trusts a local entry like its
 * own GOCACHE, so a job that may not write what the default branch reads (a pull request, an
 * untrusted branch) reads a persistent cache dir but writes a store of its own run, under its
 * run dir, which goes with the job. A job of the trusted scope writes the shared dir.
 */
export function localStoreDirs(
  cacheDir: string,
  runDir: string,
  trust: Pick<ScopeDecision, 'write' | 'why'>,
  runnerTemp: string | undefined,
): LocalStoreDirs {
  if (trust.write === TRUSTED_SCOPE || !persistsAcrossJobs(cacheDir, runnerTemp)) return { cacheDir };
  const own = path.join(runDir, 'cache');
  return {
    cacheDir: own,
    sharedCacheDir: cacheDir,
    note: `reads ${cacheDir}, writes ${own} (gone after the job): ${trust.why} may not write scope ${TRUSTED_SCOPE}, which the shared cache dir holds`,
  };
}
