// The Actions cache part of the main and post steps (backend: github, cache-modules): one call
// from each step, the state between them, and what the summary shows.
import * as core from '@actions/core';
import { sanitizeManifestKey } from '../cacheprog/manifest/manifest-key.js';
import { TRUSTED_SCOPE } from '../cacheprog/remote/scopes.js';
import { actionsCacheAvailability } from './actions-cache.js';
import { restoreBuildCache, saveBuildCache, type GithubRestoreReport, type GithubSaveReport } from './github-cache.js';
import type { ActionInputs } from './inputs.js';
import { jobManifestKeys } from './manifest-keys.js';
import {
  restoreModuleCache,
  saveModuleCache,
  type ModuleRestoreReport,
  type ModuleSaveReport,
} from './module-cache.js';
import { deriveScopes } from './event-scopes.js';
import { loadStepState, saveStepState } from './step-state.js';

/** Events whose runs are in the base branch's cache scope yet often build a pull request's code. */
const BASE_SCOPE_EVENTS = new Set(['pull_request_target', 'workflow_run', 'issue_comment']);

/**
 * backend github: whether this job may save, and whether its restore chain is the trusted one
 * (the default branch and trusted-branches only). A pull request, fork or not, saves under its
 * own branch key, which only it reads first (the service scopes its entries to the PR's ref).
 */
export function githubTrust(
  inputs: ActionInputs,
  env: NodeJS.ProcessEnv = process.env,
): { trusted: boolean; noSaveReason?: string } {
  const scopes = deriveScopes({ env, trustedBranches: inputs.trustedBranches, readOnly: inputs.readOnly });
  const trusted = scopes.write === TRUSTED_SCOPE;
  const event = env.GITHUB_EVENT_NAME ?? '';
  if (inputs.readOnly) return { trusted, noSaveReason: 'read-only is set' };
  if (BASE_SCOPE_EVENTS.has(event) && !inputs.saveUntrustedEvents) {
    return {
      trusted: false,
      noSaveReason: `a ${event} run is in the base branch's cache scope and may build pull-request code (set save-untrusted-events to save anyway)`,
    };
  }
  return { trusted };
}

export interface SavedState {
  backend: ActionInputs['backend'];
  backendReason: string;
  runDir: string;
  cacheDir: string;
  github?: GithubRestoreReport;
  modules?: ModuleRestoreReport;
}

/** What the job summary shows about the backend choice and the Actions cache. */
export interface ActionsCacheSummary {
  backend: ActionInputs['backend'];
  backendReason: string;
  github?: { restore: GithubRestoreReport; save?: GithubSaveReport };
  modules?: { restore: ModuleRestoreReport; save?: ModuleSaveReport };
}

/**
 * Main step, after the local cache dir exists and before GOCACHEPROG is handed to go: restores
 * the build cache (backend: github) and the module cache (cache-modules). Synchronous on
 * purpose: on a miss go compiles, and a build racing the restore compiles what the restore was
 * about to bring (measured in BENCHMARKS.md). Never throws.
 */
export async function restoreActionsCaches(opts: {
  inputs: ActionInputs;
  goVersion: string;
  runDir: string;
  workspace: string;
  goEnv: NodeJS.ProcessEnv;
  /** backend github: go's cache directory and this job's trust (githubTrust). */
  github?: { gocache: string; trust: ReturnType<typeof githubTrust> };
}): Promise<SavedState> {
  const { inputs } = opts;
  core.info(`Backend: ${inputs.backend} (${inputs.backendReason})`);
  if (inputs.backendFallback !== undefined) {
    core.warning(
      `gobuildcache: backend: github cannot be used here (${inputs.backendFallback}); this job uses the local disk cache only.`,
      { title: 'Go build cache: Actions cache unavailable' },
    );
  }
  const state: SavedState = {
    backend: inputs.backend,
    backendReason: inputs.backendReason,
    runDir: opts.runDir,
    cacheDir: inputs.cacheDir,
  };
  try {
    const lookupTimeoutMs = inputs.remoteCheckTimeoutMs;
    // Both restores at once: the library's calls still take turns (actions-cache.ts), but the
    // build cache's verification and placing run while the module cache downloads and unpacks.
    let build: Promise<GithubRestoreReport> | undefined;
    if (inputs.backend === 'github' && opts.github) {
      const { gocache, trust } = opts.github;
      const keys = inputs.manifestKey
        ? {
            key: sanitizeManifestKey(inputs.manifestKey),
            restoreKeys: inputs.manifestRestoreKeys.map(sanitizeManifestKey),
          }
        : jobManifestKeys({
            env: process.env,
            goVersion: opts.goVersion,
            matrix: inputs.matrix,
            ...(trust.trusted ? { trustedChain: inputs.trustedBranches } : {}),
          });
      build = restoreBuildCache({
        gocache,
        runDir: opts.runDir,
        keys,
        lookupTimeoutMs,
        ...(trust.noSaveReason !== undefined ? { noSaveReason: trust.noSaveReason } : {}),
      });
    }
    let modules: Promise<ModuleRestoreReport> | undefined;
    if (inputs.cacheModules) {
      const available = actionsCacheAvailability();
      modules = available.available
        ? restoreModuleCache({
            workspace: opts.workspace,
            goVersion: opts.goVersion,
            goEnv: opts.goEnv,
            lookupTimeoutMs,
            readOnly: inputs.readOnly,
          })
        : Promise.resolve({ key: '', reason: `the Actions cache is not available: ${available.reason}`, noSave: true });
    }
    if (build) state.github = await build;
    if (modules) {
      state.modules = await modules;
      if (!state.modules.restoredKey && state.modules.reason) core.info(`Module cache: ${state.modules.reason}`);
    }
  } catch (err) {
    core.info(`gobuildcache: the Actions cache step failed: ${(err as Error).message}`);
  }
  saveStepState({ actionsCache: state });
  return state;
}

/**
 * Post step, after the go processes have written their action logs: saves what the main step
 * planned. Returns what the summary shows, or undefined when the main step recorded nothing.
 */
export async function saveActionsCaches(opts: { timeoutMs: number }): Promise<ActionsCacheSummary | undefined> {
  const state = loadStepState().actionsCache;
  if (!state) return undefined;
  const out: ActionsCacheSummary = { backend: state.backend, backendReason: state.backendReason };
  try {
    if (state.github) {
      const restore = state.github;
      const save: GithubSaveReport = restore.saveKey
        ? await saveBuildCache({ restore, runDir: state.runDir, timeoutMs: opts.timeoutMs })
        : {
            saved: false,
            reason: restore.failed
              ? `the service failed in the main step (${restore.reason ?? ''})`
              : (restore.noSaveReason ?? 'read-only'),
          };
      if (!save.saved) core.info(`Actions cache: build cache not saved: ${save.reason}`);
      out.github = { restore, save };
    }
    if (state.modules) {
      const save = await saveModuleCache(state.modules, opts.timeoutMs);
      if (!save.saved) core.info(`Module cache: not saved: ${save.reason}`);
      out.modules = { restore: state.modules, save };
    }
  } catch (err) {
    core.info(`gobuildcache: the Actions cache save failed: ${(err as Error).message}`);
  }
  return out;
}
