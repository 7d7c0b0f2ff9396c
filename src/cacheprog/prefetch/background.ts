import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { inheritedEnvironment } from '../../action/start-job-server.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { isRunning } from '../../util/process.js';

export interface PrefetcherOptions {
  /** dist/cacheprog/index.js */
  server: string;
  key: string;
  restoreKeys: string[];
  /** The cache settings (GOBUILDCACHE_*) on top of the step's environment. */
  env: NodeJS.ProcessEnv;
  logFile: string;
}

/**
 * Starts `prefetch` in the background and returns its pid. Detached, with stdio on a log file:
 * it must hold neither this step open nor the stdout of any go command a later step runs.
 * The runner leaves it running after the step ends and cleans up orphans at the end of the job.
 */
export function startPrefetcher(opts: PrefetcherOptions): number | undefined {
  const log = fs.openSync(opts.logFile, 'a');
  try {
    const args = [opts.server, 'prefetch', '-manifest-key', opts.key];
    // Sanitized keys contain no commas, so the list survives the round trip.
    if (opts.restoreKeys.length > 0) args.push('-manifest-restore-keys', opts.restoreKeys.join(','));
    const child = spawn(process.execPath, args, {
      detached: true,
      stdio: ['ignore', log, log],
      env: inheritedEnvironment(opts.env),
    });
    child.on('error', () => {});
    child.unref();
    return child.pid;
  } finally {
    fs.closeSync(log);
  }
}

/** On Linux, refuses to signal a pid that was reused by something other than our prefetcher. */
function looksLikePrefetcher(pid: number): boolean {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes('prefetch');
  } catch {
    return true;
  }
}

export type StopOutcome = 'finished' | 'stopped' | 'still-running';

/**
 * Asks a prefetcher that is still downloading to stop (it records its figures on SIGTERM) and
 * waits a little for it. A finished prefetcher has left a prefetch-*.json in the stats dir.
 */
export async function stopPrefetcher(pid: number, statsDir: string, waitMs = 5_000): Promise<StopOutcome> {
  const finished = (): boolean => {
    try {
      return fs.readdirSync(statsDir).some((n) => n.startsWith('prefetch-') && n.endsWith('.json'));
    } catch {
      return false;
    }
  };
  if (finished() || !isRunning(pid) || !looksLikePrefetcher(pid)) return 'finished';
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return 'finished';
  }
  for (const deadline = Date.now() + waitMs; Date.now() < deadline; await sleep(50)) {
    if (!isRunning(pid)) return 'stopped';
  }
  return 'still-running';
}

/** Beside the stats dir, in the run's own directory. */
export function prefetchLogFile(statsDir: string): string {
  return path.join(path.dirname(statsDir), 'prefetch.log');
}
