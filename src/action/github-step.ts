// backend: github in the main step: go's own cache, restored from the Actions cache (see
// github-cache.ts), read natively by every go command of the job. No GOCACHEPROG, no server.
import path from 'node:path';
import * as core from '@actions/core';
import { githubTrust, restoreActionsCaches } from './actions-cache-steps.js';
import { GOCACHEPROG, Outputs, setOutputs } from './constants.js';
import type { ActionInputs } from './inputs.js';
import type { BackendType } from '../settings/table.js';
import { persistsAcrossJobs } from './shared-cache-dir.js';
import { saveStepState } from './step-state.js';
import { writeFileAtomic } from '../cacheprog/store/atomic-file.js';

/** The live statistics file's shape when go reads its own cache: what the restore did. */
export interface NativeStats {
  backend: 'github' | BackendType;
  /** A bucket backend with native-cache (native-cache.ts), with what it fetched. */
  nativeCache?: true;
  restoredKey: string;
  restoredEntries: number;
  restoredBytes: number;
  rejected: number;
  bytesDownloaded?: number;
  alreadyLocal?: number;
}

/** Writes the live statistics file of a job whose go reads its own cache; returns its path. */
export function writeNativeStats(runDir: string, stats: NativeStats): string {
  const file = path.join(runDir, 'stats.json');
  writeFileAtomic(file, `${JSON.stringify({ ...stats, updatedAt: new Date().toISOString() })}\n`);
  return file;
}

/**
 * Last thing of the main step when go reads its own cache: only a restored, verified cache is
 * handed to go. An empty GOCACHEPROG is go's "unset", which also undoes an earlier use of this
 * action in the job.
 */
export function handGoItsOwnCache(gocache: string): void {
  core.exportVariable('GOCACHE', gocache);
  core.exportVariable(GOCACHEPROG, '');
}

/**
 * go's cache directory for this job: <cache-dir>/go-build, except on a cache-dir that outlives the
 * job (self-hosted; the same rule as the s3 and disk backends' local store, shared-cache-dir.ts)
 * for a job that may not write what the default branch reads: that job gets a directory of its
 * own run, restored from the Actions cache, so nothing it builds lands where a trusted job reads.
 */
export function gocacheDir(
  inputs: ActionInputs,
  runDir: string,
  trusted: boolean,
  runnerTemp = process.env.RUNNER_TEMP,
): { dir: string; ownRun: boolean } {
  const ownRun = !trusted && persistsAcrossJobs(inputs.cacheDir, runnerTemp);
  return { dir: path.join(ownRun ? runDir : inputs.cacheDir, 'go-build'), ownRun };
}

export async function beginGithubBackend(opts: {
  inputs: ActionInputs;
  goVersion: string;
  runDir: string;
  workspace: string;
  goEnv: NodeJS.ProcessEnv;
}): Promise<void> {
  const { inputs, runDir } = opts;
  const trust = githubTrust(inputs);
  const { dir: gocache, ownRun } = gocacheDir(inputs, runDir, trust.trusted && trust.noSaveReason === undefined);
  if (ownRun) {
    core.info(
      `gobuildcache: this job may not write what the default branch reads, so go's cache is ${gocache} for this run only, not the shared cache-dir.`,
    );
  }
  core.info(`Go's cache (GOCACHE): ${gocache}`);
  const state = await restoreActionsCaches({ ...opts, github: { gocache, trust } });
  const restore = state.github;

  const statsFile = writeNativeStats(runDir, {
    backend: 'github',
    restoredKey: restore?.restoredKey ?? '',
    restoredEntries: restore?.entries ?? 0,
    restoredBytes: restore?.bytes ?? 0,
    rejected: restore?.rejected ?? 0,
  });

  saveStepState({
    backend: 'github',
    statsDir: path.join(runDir, 'stats'),
    drainTimeoutMs: inputs.drainTimeoutMs,
    summary: inputs.summary,
  });

  setOutputs({
    [Outputs.Backend]: 'github',
    [Outputs.BackendReason]: inputs.backendReason,
    [Outputs.CacheHit]: String(Boolean(restore?.restoredKey)),
    [Outputs.RestoredKey]: restore?.restoredKey ?? '',
    [Outputs.RestoredEntries]: String(restore?.entries ?? 0),
    [Outputs.RestoredBytes]: String(restore?.bytes ?? 0),
    [Outputs.ModulesRestored]: String(Boolean(state.modules?.restoredKey)),
    [Outputs.Scope]: restore?.saveKey ? restore.saveKey.replace(/\/[^/]*$/, '/') : '',
    [Outputs.StatsFile]: statsFile,
  });

  handGoItsOwnCache(gocache);
}
