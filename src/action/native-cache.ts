// A bucket backend (s3, gcs) with native-cache: go's own cache (GOCACHE), filled before the first go command from
// the job's manifest through the prefetch's own download path (its pack parts and the entries too
// big for them, verified as they arrive, into a staging local store of this run), then moved
// into go's layout with every output checked against its name as backend github checks its
// archive (gocache-dir.ts placeVerified). No GOCACHEPROG, no job server: every go command runs at
// go's own speed, and what the manifest lacks is built, not fetched. The post step
// (s3-native-save.ts) uploads what go added and saves the manifest as the job server's post does.
import fs from 'node:fs';
import path from 'node:path';
import * as core from '@actions/core';
import { Cache } from '../cacheprog/cache.js';
import type { Config } from '../cacheprog/config.js';
import { Logger } from '../cacheprog/log.js';
import { readRestored } from '../cacheprog/manifest/restored-manifest.js';
import { prefetchManifest } from '../cacheprog/prefetch/prefetch-command.js';
import { openRemote } from '../cacheprog/remote/open-remote.js';
import { TRUSTED_SCOPE } from '../cacheprog/remote/scopes.js';
import { formatBytes, Stats } from '../cacheprog/stats.js';
import { linkOrCopy } from '../cacheprog/store/atomic-file.js';
import { LocalStore, type LocalEntry } from '../cacheprog/store/local-store.js';
import { createLocker } from '../cacheprog/store/locks.js';
import { envName, settingsEnv } from '../settings/table.js';
import { errorMessage } from '../util/text.js';
import { Outputs, setOutputs } from './constants.js';
import type { ScopeDecision } from './event-scopes.js';
import { gocacheDir, handGoItsOwnCache, writeNativeStats } from './github-step.js';
import {
  ageRecentFiles,
  filePath,
  formatActionEntry,
  MARK_AGE_MS,
  outputOf,
  parseActionEntry,
  placeVerified,
  toCacheFile,
} from './gocache-dir.js';
import type { ActionInputs } from './inputs.js';
import type { ManifestKeys } from './manifest-keys.js';
import { saveStepState } from './step-state.js';

/**
 * What `native-cache: auto` picks for a bucket backend. The lead sets it from bench/ci-history.ts's
 * "ours, S3 native at 5 ms" against "ours, S3 at 5 ms" (issue 21): GOCACHEPROG until that says
 * go's own cache wins.
 */
export const NATIVE_BY_DEFAULT = false;

export function useNativeCache(inputs: Pick<ActionInputs, 'nativeCache'>): boolean {
  return inputs.nativeCache === 'true' || (inputs.nativeCache === 'auto' && NATIVE_BY_DEFAULT);
}

/**
 * The job waits for the restore (go has nothing to read until it ends), so it is bounded below
 * prefetch-timeout's background default; what is not placed by then, go builds.
 */
const RESTORE_TIMEOUT_MS = 3 * 60_000;

/** What the main step did, for the post step (state) and the outputs. */
export interface NativeRestore {
  gocache: string;
  /** When the restore began: files dated after it were used or written by the job. */
  since: number;
  /** The file listing what the restore placed (entries and outputs by name). */
  restoredFile: string;
  restoredKey?: string;
  entries: number;
  bytes: number;
  /** Records and outputs that failed verification (dropped; go builds them). */
  rejected: number;
  /** Bytes fetched from the remote, and listed entries go's cache held already (not fetched). */
  downloadedBytes?: number;
  alreadyLocal?: number;
  ms: number;
}

/** An action entry of go's cache with its output's file, as a local store's entry. */
export interface GoEntry extends LocalEntry {
  actionId: string;
}

/**
 * The entry go's cache holds for an action, or undefined when go would not use it either, or
 * when its output is a cached executable (`go run`, `go tool`): go keeps those as a directory
 * holding the named program, which an entry object cannot carry (restored as a plain file, go
 * would try to run it without the execute bit). go links them again; they stay out of the remote.
 */
export function readGoEntry(gocache: string, actionId: string): GoEntry | undefined {
  const f = toCacheFile(`${actionId}-a`);
  if (!f) return undefined;
  try {
    const file = filePath(gocache, f);
    const e = parseActionEntry(fs.readFileSync(file, 'latin1'));
    const out = e && outputOf(gocache, e.outputId);
    if (!e || !out || out.size !== e.size || e.actionId !== actionId) return undefined;
    if (out.file !== filePath(gocache, { name: `${e.outputId}-d` })) return undefined;
    return { ...e, time: fs.statSync(file).mtime, diskPath: out.file };
  } catch {
    return undefined;
  }
}

/**
 * The restore's staging store, which also answers with what go's cache holds already (a
 * persistent cache-dir on a self-hosted runner): the prefetch downloads only what go lacks, and
 * those entries count as restored, so the post step neither uploads them again nor misses them.
 */
class StagingStore extends LocalStore {
  /** Names (go's layout) of the entries found in go's cache and their outputs. */
  readonly inGoCache = new Set<string>();

  constructor(
    dir: string,
    private readonly gocache: string,
  ) {
    super(dir);
  }

  override get(actionId: string): LocalEntry | undefined {
    const own = super.get(actionId);
    if (own) return own;
    const go = readGoEntry(this.gocache, actionId);
    if (go) this.inGoCache.add(`${actionId}-a`).add(`${go.outputId}-d`);
    return go;
  }
}

/** The staging store, and the settings that point the prefetch and the save at it. */
function nativeSettings(config: Config, env: Record<string, string>, runDir: string, keys?: ManifestKeys) {
  const storeDir = path.join(runDir, 'native-store');
  const cacheEnv = { ...env, ...settingsEnv({ cacheDir: storeDir }) };
  delete cacheEnv[envName('sharedCacheDir')];
  const nativeConfig: Config = {
    ...config,
    cacheDir: storeDir,
    sharedCacheDir: undefined,
    ...(keys ? { manifestKey: keys.key, manifestRestoreKeys: keys.restoreKeys } : {}),
  };
  return { cacheEnv, nativeConfig };
}

/**
 * Downloads the manifest's entries into a staging store, writes them in go's layout and places
 * them, verified, into GOCACHE dated MARK_AGE_MS back (so go's use marks show). Never throws;
 * problems are one warning, and go builds what was not placed.
 */
export async function restoreFromManifest(config: Config, gocache: string, runDir: string): Promise<NativeRestore> {
  const started = Date.now();
  const markTime = new Date(started - MARK_AGE_MS);
  const restoredFile = path.join(runDir, 'native-restored.txt');
  const result: NativeRestore = { gocache, since: started, restoredFile, entries: 0, bytes: 0, rejected: 0, ms: 0 };
  fs.mkdirSync(gocache, { recursive: true });
  fs.writeFileSync(restoredFile, '');
  ageRecentFiles(gocache, markTime, started);
  const warnings: string[] = [];
  const log = new Logger(config.debug, (line) => {
    const text = line.trimEnd();
    if (text.includes('warning:')) warnings.push(text.replace(/^gobuildcache: warning: /, ''));
    else core.info(text);
  });
  const stats = new Stats(config.backend);
  const store = new StagingStore(config.cacheDir, gocache);
  const stage = path.join(runDir, 'native-stage');
  try {
    store.init();
    const remote = await openRemote(config, { stats, warn: (m) => log.warn(m), who: 'the restore' });
    if (remote) {
      try {
        const backend = remote.backend;
        const cache = new Cache({
          config: { ...config, readOnly: true },
          store,
          stats,
          log,
          locker: createLocker('memory', config.lockDir),
          backend: async () => backend,
        });
        const signal = AbortSignal.timeout(Math.min(RESTORE_TIMEOUT_MS, config.prefetchTimeoutMs));
        await prefetchManifest({ config, log, stats, cache, objects: remote.objects, signal });
      } finally {
        await remote.close().catch(() => {});
      }
    }
    stageInGoLayout(store, stage);
    const placed = await placeVerified(stage, gocache, markTime);
    fs.writeFileSync(restoredFile, [...placed.placed, ...store.inGoCache].join('\n'));
    Object.assign(result, { entries: placed.entries, bytes: placed.bytes, rejected: placed.rejected });
    if (config.statsDir) result.restoredKey = readRestored(config.statsDir)?.key;
  } catch (err) {
    warnings.push(`the restore stopped early: ${errorMessage(err)}`);
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
  result.rejected += stats.counters.verifyRejects;
  result.downloadedBytes = stats.counters.bytesDownloaded;
  result.alreadyLocal = store.inGoCache.size / 2;
  result.ms = Date.now() - started;
  core.info(
    `Remote cache: placed ${result.entries} entries (${formatBytes(result.bytes)}) into GOCACHE` +
      `${result.restoredKey ? ` from the manifest ${result.restoredKey}` : ''} in ${(result.ms / 1000).toFixed(1)} s`,
  );
  if (result.rejected > 0)
    warnings.unshift(
      `${result.rejected} downloaded record(s) did not match their name (sha256) and were dropped before go could read them; go rebuilds them. Check what else writes under this prefix.`,
    );
  if (warnings.length > 0)
    core.warning(
      `gobuildcache: ${warnings[0]}${warnings.length > 1 ? ` (and ${warnings.length - 1} more in the log)` : ''}. go builds with what was restored.`,
      { title: 'Go build cache: restore' },
    );
  for (const w of warnings.slice(1)) core.info(`gobuildcache: ${w}`);
  return result;
}

/** Writes the store's entries as go's cache layout under `stage`: the outputs linked, each entry's line as go writes it. */
function stageInGoLayout(store: LocalStore, stage: string): void {
  for (const { actionId, entry } of store.entries()) {
    const a = toCacheFile(`${actionId}-a`);
    const d = toCacheFile(`${entry.outputId}-d`);
    if (!a || !d) continue;
    fs.mkdirSync(path.dirname(filePath(stage, a)), { recursive: true });
    fs.mkdirSync(path.dirname(filePath(stage, d)), { recursive: true });
    const out = filePath(stage, d);
    if (!fs.existsSync(out)) linkOrCopy(entry.diskPath, out);
    fs.writeFileSync(
      filePath(stage, a),
      formatActionEntry({ actionId, outputId: entry.outputId, size: entry.size }, entry.time),
    );
  }
}

/**
 * The main step's bucket path with native-cache: restore, set the outputs, hand go its own cache.
 * The remote was checked usable already; module caches were restored.
 */
export async function beginNativeCache(opts: {
  inputs: ActionInputs;
  config: Config;
  env: Record<string, string>;
  scopes: ScopeDecision | undefined;
  runDir: string;
  statsDir: string;
  keys: ManifestKeys | undefined;
  modulesRestored: boolean;
}): Promise<void> {
  const { inputs, runDir, keys, scopes } = opts;
  const trusted = (scopes?.write ?? TRUSTED_SCOPE) === TRUSTED_SCOPE;
  const { dir: gocache, ownRun } = gocacheDir(inputs, runDir, trusted);
  if (ownRun) core.info(`gobuildcache: this job may not write what the default branch reads; GOCACHE is ${gocache}.`);
  core.info(`Go's cache (GOCACHE): ${gocache}, filled from the remote's manifest (native-cache)`);
  const { cacheEnv, nativeConfig } = nativeSettings(opts.config, opts.env, runDir, keys);
  const restore = keys
    ? await restoreFromManifest(nativeConfig, gocache, runDir)
    : { gocache, since: Date.now(), restoredFile: '', entries: 0, bytes: 0, rejected: 0, ms: 0 };

  const statsFile = writeNativeStats(runDir, {
    backend: opts.config.backend,
    nativeCache: true,
    restoredKey: restore.restoredKey ?? '',
    restoredEntries: restore.entries,
    restoredBytes: restore.bytes,
    rejected: restore.rejected,
    bytesDownloaded: restore.downloadedBytes ?? 0,
    alreadyLocal: restore.alreadyLocal ?? 0,
  });
  saveStepState({
    backend: opts.config.backend,
    cacheEnv,
    statsDir: opts.statsDir,
    drainTimeoutMs: inputs.drainTimeoutMs,
    summary: inputs.summary,
    nativeCache: restore,
    ...(keys && !inputs.readOnly ? { manifestKey: keys.key } : {}),
  });

  setOutputs({
    [Outputs.Backend]: opts.config.backend,
    [Outputs.BackendReason]: inputs.backendReason,
    [Outputs.CacheHit]: String(Boolean(restore.restoredKey)),
    [Outputs.RestoredKey]: restore.restoredKey ?? '',
    [Outputs.RestoredEntries]: String(restore.entries),
    [Outputs.RestoredBytes]: String(restore.bytes),
    [Outputs.ModulesRestored]: String(opts.modulesRestored),
    [Outputs.Scope]: scopes && !inputs.readOnly ? scopes.write : '',
    [Outputs.StatsFile]: statsFile,
  });

  handGoItsOwnCache(gocache);
}
