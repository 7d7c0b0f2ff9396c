import fs from 'node:fs';
import path from 'node:path';
import * as core from '@actions/core';
import { parseCommandLine, type Config } from '../cacheprog/config.js';
import { completeStatsFile, liveStats } from '../cacheprog/live-stats.js';
import { aggregateStatsDir, Stats, type Aggregate } from '../cacheprog/stats.js';
import { saveActionsCaches } from './actions-cache-steps.js';
import { isRemoteBackend } from '../settings/table.js';
import { loadStepState } from './step-state.js';
import { addGithubSummary, addSummary, hitRatio, type SummaryContext } from './summary.js';
import { errorMessage } from '../util/text.js';

type DrainOutcome = NonNullable<SummaryContext['drain']>;
type ManifestOutcome = NonNullable<SummaryContext['manifest']>;

/**
 * The server's settings as the main step handed them over: the state, not this step's env, since
 * a later step may have changed GOBUILDCACHE_* variables. Undefined, with one warning, when they
 * do not parse: the drain, the manifest and the trim then have nothing to work with.
 */
function serverConfig(cacheEnv: Record<string, string>): Config | undefined {
  try {
    return parseCommandLine([], { ...process.env, ...cacheEnv }).config;
  } catch (err) {
    core.warning(
      `gobuildcache: could not read the cache settings, so the spool is not uploaded: ${errorMessage(err)}`,
      { title: 'Go build cache' },
    );
    return undefined;
  }
}

/**
 * Uploads what the go processes handed to the spool because their close could not wait. Its
 * statistics go into the stats dir like a go process's (minus the process count), so the
 * summary's upload figures include them.
 */
async function drain(config: Config, statsDir: string, deadlineMs: number): Promise<DrainOutcome> {
  const { drainSpool } = await import('../cacheprog/uploads/drain.js');
  const stats = new Stats(config.backend);
  stats.counters.processes = 0;
  // drainSpool stops at its deadline itself; this second bound is for the client setup before it.
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), deadlineMs + 15_000);
  });
  try {
    const result = await Promise.race([drainSpool(config, { deadlineMs, log: (m) => core.info(m), stats }), late]);
    if (!result) {
      const { Spool } = await import('../cacheprog/uploads/spool.js');
      return {
        uploaded: stats.counters.uploads,
        failed: 0,
        remaining: new Spool(config.spoolDir).count(),
        timedOut: true,
      };
    }
    return result;
  } finally {
    clearTimeout(timer);
    try {
      stats.writeFile(statsDir, 'drain');
    } catch (err) {
      core.debug(`could not record the drain's statistics: ${errorMessage(err)}`);
    }
  }
}

/**
 * The statistics file the main step named (its stats-file output), completed with the job's
 * totals: the last thing a later step, or a re-run's debugging, can read of this job.
 */
function writeFinalStats(file: string, agg: Aggregate, pending: number): void {
  try {
    completeStatsFile(file, {
      ...liveStats(agg, pending),
      hitRatio: Number(hitRatio(agg).toFixed(4)),
      verificationRejects: agg.counters.verifyRejects,
      prefetched: agg.counters.prefetched,
    });
  } catch (err) {
    core.debug(`could not write the statistics file ${file}: ${errorMessage(err)}`);
  }
}

/** Stops the prefetcher if it still runs and shows its log here: nobody else would see it. */
async function finishPrefetch(pid: number, statsDir: string): Promise<void> {
  const { prefetchLogFile, stopPrefetcher } = await import('../cacheprog/prefetch/background.js');
  const outcome = await stopPrefetcher(pid, statsDir);
  if (outcome === 'stopped')
    core.info('gobuildcache: stopped the prefetch, which was still downloading when the job ended.');
  if (outcome === 'still-running')
    core.info(`gobuildcache: the prefetch (pid ${pid}) did not stop within 5 s; the runner ends it with the job.`);
  showLog(prefetchLogFile(statsDir), 'prefetch');
}

/** What a job server gets past drain-timeout to spool what it owes, write its figures and exit. */
const FINISH_MARGIN_MS = 5_000;

/**
 * Asks the job server to finish: it stops prefetching, waits for its uploads up to drain-timeout,
 * spools the rest and writes its statistics into the stats dir. A server that is gone (killed,
 * crashed) left a journal of what it owed, which the drain picks up. Resolves with the time spent.
 */
async function stopJobServer(serverFile: string, drainTimeoutMs: number): Promise<number> {
  const started = Date.now();
  const { finishJobServer: finish, readServerFile } = await import('../cacheprog/job-client.js');
  const target = readServerFile(serverFile);
  const { endJobServer, serverLogFile } = await import('./start-job-server.js');
  if (target) {
    const outcome = await finish(target, drainTimeoutMs + FINISH_MARGIN_MS, drainTimeoutMs);
    // Whatever it answered: nothing of the job may outlive it, a stopped or wedged server least of all.
    const ended = target.pid ? await endJobServer(target.pid, outcome.finished ? FINISH_MARGIN_MS : 0) : 'exited';
    const killed = ended === 'killed' ? ' It was ended (SIGKILL, with its process group).' : '';
    if (outcome.finished) core.info(`gobuildcache: ${outcome.message}.${killed}`);
    else
      core.warning(`gobuildcache: ${outcome.message}; what it still owed is uploaded from its journal.${killed}`, {
        title: 'Go build cache',
      });
  }
  showLog(serverLogFile(path.dirname(serverFile)), 'job server');
  return Date.now() - started;
}

/** A background process's log, shown here because nobody else would see it; its first warning as one annotation. */
function showLog(file: string, what: string): void {
  let lines: string[];
  try {
    lines = fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '');
  } catch {
    return;
  }
  // Its warnings say so themselves; one annotation is enough for a cache that only saves time.
  const warning = lines.find((l) => l.includes('warning:'));
  if (warning)
    core.warning(`${warning.replace(/^gobuildcache: warning: /, 'gobuildcache: ')} (the build was not affected)`, {
      title: `Go build cache: ${what}`,
    });
  core.startGroup(`gobuildcache: ${what} log`);
  // debug: true asked for every line; otherwise the tail says what matters.
  for (const line of core.isDebug() || process.env.GOBUILDCACHE_DEBUG === 'true' ? lines : lines.slice(-50))
    core.info(line);
  core.endGroup();
}

/** Uploads the manifest of what this job's go commands used, for the next run's prefetch. */
async function recordManifest(config: Config, key: string): Promise<ManifestOutcome> {
  try {
    const { saveManifest } = await import('../cacheprog/manifest/save-manifest.js');
    const outcome = await saveManifest(config, key, (m) => core.info(m));
    if (outcome.saved)
      core.info(
        `gobuildcache: recorded ${outcome.ids} action ids as the manifest ${outcome.key} for the next run's prefetch.`,
      );
    else core.info(`gobuildcache: no manifest recorded: ${outcome.reason}.`);
    return outcome;
  } catch (err) {
    core.info(
      `gobuildcache: could not record the manifest ${key}: ${errorMessage(err)}; the next run fetches entries on demand.`,
    );
    return { saved: false, reason: errorMessage(err) };
  }
}

function warnAboutProblems(agg: Aggregate, pending: number, drained: DrainOutcome | undefined): void {
  const c = agg.counters;
  const title = 'Go build cache';
  if (c.verifyRejects > 0) {
    core.warning(
      `gobuildcache: ${c.verifyRejects} object(s) downloaded from the remote failed verification (content does not match its key) and were rebuilt locally. Check what else writes under this prefix.`,
      { title },
    );
  }
  if (c.writesDenied > 0) {
    core.warning(
      `gobuildcache: the remote denied writes to these credentials, so ${c.uploadsDenied} upload(s) were dropped and this job uploaded nothing; reads were not affected. Give the key s3:PutObject on the prefix, or set read-only: true.`,
      { title },
    );
  }
  if (c.remoteDisabled > 0) {
    // A breaker opened by a failed check counts no request errors: no "(0 errors)" beside it.
    const errors = c.remoteErrors > 0 ? ` (${c.remoteErrors} remote error(s) in all)` : '';
    core.warning(
      `gobuildcache: ${c.remoteDisabled} go process(es) stopped using the remote after it failed${errors} and continued on the local cache (their warnings say why).`,
      { title },
    );
  }
  if (c.remoteBypassed > 0) {
    core.warning(
      `gobuildcache: the remote answered lookups more slowly than go compiles, so lookups stopped asking it (uploads went on). Check the bucket's region and the runner's network.`,
      { title },
    );
  }
  // A failed upload in a go process went to the spool and the drain retried it: say so only when
  // the drain really uploaded something; what is still pending is warned about below.
  // Lost: the local output was gone (a cleanup deleted the cache dir or shards mid-job).
  const retried = c.uploadFailures - c.uploadsLost;
  if (retried > 0 && pending === 0 && (drained?.uploaded ?? 0) > 0) {
    core.info(
      `gobuildcache: ${retried} upload attempt(s) failed in the go processes; the post step uploaded ${drained?.uploaded} entr${drained?.uploaded === 1 ? 'y' : 'ies'} from the spool.`,
    );
  }
  if (c.uploadsLost > 0) {
    core.warning(
      `gobuildcache: ${c.uploadsLost} entr${c.uploadsLost === 1 ? 'y was' : 'ies were'} not uploaded because their local files were deleted during the job (something cleaned the cache dir); the next run rebuilds them. The build was not affected.`,
      { title },
    );
  }
  // The server already warned once, with the cause; this is the count.
  if (c.putsNotStored > 0) {
    core.info(
      `gobuildcache: the local cache could not store ${c.putsNotStored} entr${c.putsNotStored === 1 ? 'y' : 'ies'}, so they were neither cached nor uploaded; the build was not affected.`,
    );
  }
  if (pending > 0)
    core.warning(`gobuildcache: ${pending} upload(s) were not uploaded: ${whyPending(c, drained)}.`, { title });
}

/** The real reason uploads are left over, so the advice fits it. */
function whyPending(c: Aggregate['counters'], drained: DrainOutcome | undefined): string {
  if (drained === undefined)
    return 'the post step could not upload the spool (see its log); the next run rebuilds them';
  if (drained.timedOut)
    return 'drain-timeout ran out while they were still uploading; raise drain-timeout or upload-wait if this repeats';
  if (c.remoteDisabled > 0)
    return 'the remote kept failing, and the go processes had given up on it; the next run rebuilds them';
  return `the remote failed ${drained.failed} of them in the post step too; the next run rebuilds them`;
}

async function finishServerJob(): Promise<void> {
  const state = loadStepState();
  const { statsDir } = state;
  if (!statsDir) {
    core.info('gobuildcache: the main step did not set up the cache, so there is nothing to report.');
    return;
  }
  const drainTimeoutMs = state.drainTimeoutMs ?? 0;
  const summary = state.summary !== false;
  if (state.backend === 'github') {
    await finishGithubJob(drainTimeoutMs, summary);
    return;
  }
  if (state.nativeCache) {
    await (await import('./native-cache-save.js')).finishNativeJob(state);
    return;
  }
  const cacheEnv = state.cacheEnv ?? {};
  const backend = state.backend ?? 'disk';
  const config = serverConfig(cacheEnv);
  const readOnly = config?.readOnly ?? false;

  // Before the drain and the figures: a prefetcher still downloading would compete with the
  // drain, and its statistics file is written as it stops.
  const prefetchPid = state.prefetchPid ?? 0;
  if (prefetchPid > 0) await finishPrefetch(prefetchPid, statsDir);
  const finishMs = state.serverFile ? await stopJobServer(state.serverFile, drainTimeoutMs) : 0;

  let drained: DrainOutcome | undefined;
  if (isRemoteBackend(backend) && !readOnly && config) {
    try {
      // One drain-timeout for the job server's wait and this retry of what it left, together.
      drained = await drain(config, statsDir, Math.max(5_000, drainTimeoutMs - finishMs));
      if (drained.uploaded > 0 || drained.remaining > 0) {
        core.info(
          `gobuildcache: uploaded ${drained.uploaded} spooled entr${drained.uploaded === 1 ? 'y' : 'ies'}, ${drained.remaining} left.`,
        );
      }
    } catch (err) {
      core.warning(`gobuildcache: could not upload the spooled entries: ${errorMessage(err)}`, {
        title: 'Go build cache',
      });
    }
  }

  // After the drain, so the entries the manifest names are in the remote before it is.
  const manifest =
    state.manifestKey && isRemoteBackend(backend) && config
      ? await recordManifest(config, state.manifestKey)
      : undefined;

  // After every go process has written its action log: they name the entries to save.
  const actionsCache = await saveActionsCaches({ timeoutMs: Math.max(drainTimeoutMs, 10_000) });
  // After the manifest, whose pack is built from the local store, and the save, which links its entries.
  if (config) await (await import('./local-trim.js')).trimAfterJob(config);

  const agg = aggregateStatsDir(statsDir, (file, why) =>
    core.warning(`gobuildcache: skipped the unreadable statistics file ${file}: ${why}`),
  );
  // Without a drain result (it failed), what the go processes spooled and nobody uploaded is still pending.
  const pending = drained ? drained.remaining : Math.max(0, agg.counters.spooled - agg.counters.drained);
  warnAboutProblems(agg, pending, drained);
  writeFinalStats(path.join(path.dirname(statsDir), 'stats.json'), agg, pending);

  const ctx: SummaryContext = {
    backend,
    // The bucket even after a fallback to disk, whose summary names the remote it could not use.
    location: state.remoteLocation,
    fallbackReason: state.remoteFallback,
    readOnly,
    scopes: config?.scopes,
    pending,
    drain: drained,
    prefetchStarted: prefetchPid > 0 || (state.serverFile !== undefined && state.manifestKey !== undefined),
    manifest,
    actionsCache,
  };
  if (summary) {
    try {
      await addSummary(core.summary.emptyBuffer(), agg, ctx).write();
    } catch (err) {
      core.warning(`gobuildcache: could not write the job summary: ${errorMessage(err)}`);
    }
  }
}

/** backend github: go used its own cache; save what it added, and say what happened. */
async function finishGithubJob(drainTimeoutMs: number, summary: boolean): Promise<void> {
  const actionsCache = await saveActionsCaches({ timeoutMs: Math.max(drainTimeoutMs, 10_000) });
  if (!actionsCache || !summary) return;
  try {
    await addGithubSummary(core.summary.emptyBuffer(), actionsCache).write();
  } catch (err) {
    core.warning(`gobuildcache: could not write the job summary: ${errorMessage(err)}`);
  }
}

/** The post step: drain, report, never fail the job. */
export async function run(): Promise<never> {
  try {
    await finishServerJob();
  } catch (err) {
    core.warning(`gobuildcache: the post step failed; the job is not affected: ${errorMessage(err)}`);
  }
  // Idle keep-alive sockets of the storage client would otherwise hold the step open.
  process.exit(0);
}
