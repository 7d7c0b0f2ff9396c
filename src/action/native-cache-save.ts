// A bucket backend with native-cache, post step: what go added to its own cache during the job is
// uploaded as cache entries through openRemote's chain (scopes, read-only, circuit breaker,
// verifying), then the manifest is saved by save-manifest.ts exactly as after a job-server job,
// fed from go's cache: the entries the job used and added are recorded in the staging store the
// restore filled (added ones hard-linked in) and named in an action log, like a go process's.
import fs from 'node:fs';
import * as core from '@actions/core';
import { parseCommandLine, type Config } from '../cacheprog/config.js';
import { writeActionLog } from '../cacheprog/manifest/action-log.js';
import type { SaveOutcome } from '../cacheprog/manifest/save-manifest.js';
import { openRemote, type Remote } from '../cacheprog/remote/open-remote.js';
import { formatBytes, Stats } from '../cacheprog/stats.js';
import { completeStatsFile } from '../cacheprog/live-stats.js';
import { localStoreOf, type LocalStore } from '../cacheprog/store/local-store.js';
import { errorMessage } from '../util/text.js';
import { runInOrder } from '../util/work-pool.js';
import { saveActionsCaches } from './actions-cache-steps.js';
import { harvest } from './gocache-dir.js';
import { readGoEntry, type GoEntry, type NativeRestore } from './native-cache.js';
import type { StepState } from './step-state.js';

/** go's mtime granularity and clock steps between the steps: marks a little before the restore still count. */
const MARK_SLACK_MS = 2_000;

export interface NativeSaveReport {
  /** Entries go added during the job, and restored ones it used. */
  added: number;
  used: number;
  uploaded: number;
  uploadedBytes: number;
  /** Uploads that failed, or were not tried (drain-timeout, the remote gave up). */
  failed: number;
  notTried: number;
  /** Why nothing was uploaded or saved, when that is so. */
  reason?: string;
  manifest?: SaveOutcome;
  ms: number;
}

/**
 * Uploads what go added and saves the manifest. Never throws; failures are one warning. A job
 * that added nothing opens no connection, and save-manifest finds its manifest unchanged.
 */
export async function saveNative(
  config: Config,
  restore: NativeRestore,
  manifestKey: string | undefined,
  drainTimeoutMs: number,
): Promise<NativeSaveReport> {
  const started = Date.now();
  const report: NativeSaveReport = { added: 0, used: 0, uploaded: 0, uploadedBytes: 0, failed: 0, notTried: 0, ms: 0 };
  const done = (): NativeSaveReport => ({ ...report, ms: Date.now() - started });
  let restored: Set<string>;
  try {
    restored = new Set(fs.readFileSync(restore.restoredFile, 'utf8').split('\n'));
  } catch {
    restored = new Set();
  }
  const h = harvest(restore.gocache, restored, restore.since - MARK_SLACK_MS);
  const store = localStoreOf(config);
  const added: GoEntry[] = [];
  const toAdopt: GoEntry[] = [];
  const ids: string[] = [];
  for (const f of [...h.used, ...h.added]) {
    if (f.kind !== 'a') continue;
    const e = readGoEntry(restore.gocache, f.id);
    if (!e) continue;
    ids.push(e.actionId);
    // The pack is built from the staging store: what it lacks (added, or found in a persistent
    // GOCACHE) is linked in. A restored entry go replaced names an output that was not restored.
    if (store.get(e.actionId)?.outputId !== e.outputId) toAdopt.push(e);
    if (restored.has(f.name) && restored.has(`${e.outputId}-d`)) report.used++;
    else added.push(e);
  }
  report.added = added.length;
  if (config.readOnly) return { ...done(), reason: 'read-only: nothing is written to the remote' };

  let warning: string | undefined;
  try {
    for (const e of toAdopt) adopt(store, e);
  } catch (err) {
    core.info(`gobuildcache: could not link go's entries for the pack: ${errorMessage(err)}`);
  }
  if (added.length > 0) {
    let remote: Remote | undefined;
    const stats = new Stats(config.backend);
    try {
      remote = await openRemote(config, { stats, warn: (m) => (warning ??= m), who: 'the post step' });
      if (remote) await upload(remote, added, config, drainTimeoutMs, stats, report);
    } catch (err) {
      warning ??= errorMessage(err);
    } finally {
      await remote?.close().catch(() => {});
    }
    if (report.failed > 0 || report.notTried > 0)
      warning ??= `${report.failed + report.notTried} upload(s) failed or ran past drain-timeout`;
  }

  if (manifestKey && config.statsDir && ids.length > 0) {
    try {
      writeActionLog(config.statsDir, ids);
      const { saveManifest } = await import('../cacheprog/manifest/save-manifest.js');
      report.manifest = await saveManifest(config, manifestKey, (m) => core.info(`gobuildcache: ${m}`));
    } catch (err) {
      report.manifest = { saved: false, reason: errorMessage(err) };
      warning ??= `the manifest ${manifestKey} was not saved: ${errorMessage(err)}`;
    }
  }
  if (warning)
    core.warning(`gobuildcache: ${warning}; the next run builds what is missing. The build was not affected.`, {
      title: 'Go build cache: upload',
    });
  return done();
}

/** Records an entry go added in the staging store, so the manifest's pack can hold it. */
function adopt(store: LocalStore, e: GoEntry): void {
  store.adoptEntry(e.actionId, { outputId: e.outputId, size: e.size, time: e.time }, e.diskPath);
}

async function upload(
  remote: Remote,
  added: readonly GoEntry[],
  config: Config,
  drainTimeoutMs: number,
  stats: Stats,
  report: NativeSaveReport,
): Promise<void> {
  const signal = AbortSignal.timeout(Math.max(1_000, drainTimeoutMs));
  // The breaker counts remoteDisabled when it opens: past that point every put is a refusal.
  const stop = (): boolean => signal.aborted || stats.counters.remoteDisabled > 0;
  const tried = await runInOrder(
    added.length,
    Math.max(1, config.uploadConcurrency),
    async (i) => {
      const e = added[i];
      try {
        const body = await fs.promises.readFile(e.diskPath);
        await remote.backend.put(e.actionId, { outputId: e.outputId, size: e.size, time: e.time }, body, signal);
        report.uploaded++;
        report.uploadedBytes += e.size;
      } catch {
        report.failed++;
      }
    },
    stop,
  );
  report.notTried = added.length - tried;
}

/** The post step of a native-cache job: save, complete the stats file, write the summary. */
export async function finishNativeJob(state: Partial<StepState>): Promise<void> {
  const restore = state.nativeCache as NativeRestore;
  let config: Config | undefined;
  try {
    config = parseCommandLine([], { ...process.env, ...(state.cacheEnv ?? {}) }).config;
  } catch (err) {
    core.warning(`gobuildcache: could not read the cache settings, so nothing is uploaded: ${errorMessage(err)}`);
  }
  const drainTimeoutMs = state.drainTimeoutMs ?? 0;
  const report = config ? await saveNative(config, restore, state.manifestKey, drainTimeoutMs) : undefined;
  if (report) {
    const manifest = report.manifest?.saved
      ? `manifest ${report.manifest.key} saved (${report.manifest.ids} entries)`
      : `manifest not saved: ${report.manifest?.reason ?? report.reason ?? 'nothing to record'}`;
    core.info(
      `gobuildcache: go used ${report.used} restored entries and added ${report.added}; uploaded ${report.uploaded} ` +
        `(${formatBytes(report.uploadedBytes)}) in ${(report.ms / 1000).toFixed(1)} s; ${manifest}.`,
    );
  }
  await saveActionsCaches({ timeoutMs: Math.max(drainTimeoutMs, 10_000) });
  if (config?.statsFile && report) completeStats(config.statsFile, report);
  if (state.summary === false) return;
  try {
    const rows = [
      [{ data: 'Restored into GOCACHE', header: true }, `${restore.entries} entries (${formatBytes(restore.bytes)})`],
      [{ data: 'Manifest restored', header: true }, restore.restoredKey ?? 'none'],
      [{ data: 'Rejected (verification)', header: true }, String(restore.rejected)],
      [{ data: 'Used / added by go', header: true }, report ? `${report.used} / ${report.added}` : '–'],
      [
        { data: 'Uploaded', header: true },
        report ? `${report.uploaded} entries (${formatBytes(report.uploadedBytes)})` : '–',
      ],
    ];
    await core.summary
      .emptyBuffer()
      .addHeading(`Go build cache: ${state.backend ?? 'bucket'}, go's own cache`, 3)
      .addTable(rows)
      .write();
  } catch (err) {
    core.warning(`gobuildcache: could not write the job summary: ${errorMessage(err)}`);
  }
}

function completeStats(file: string, report: NativeSaveReport): void {
  const { manifest: _m, ...figures } = report;
  try {
    completeStatsFile(file, figures);
  } catch (err) {
    core.debug(`could not complete the statistics file ${file}: ${errorMessage(err)}`);
  }
}
