import type { Config } from '../config.js';
import { Logger } from '../log.js';
import { openRemote } from '../remote/open-remote.js';
import { Stats } from '../stats.js';
import { Spool } from './spool.js';
import { UploadQueue } from './upload-queue.js';
import { setTimeout as sleep } from 'node:timers/promises';

export interface DrainResult {
  uploaded: number;
  failed: number;
  /** Entries dropped because the store denies writes to these credentials: they can never be uploaded. */
  dropped: number;
  /** Entries still in the spool afterwards (0 is the goal). */
  remaining: number;
  /** The deadline ended it with uploads still running (not: the remote failed them). */
  timedOut?: boolean;
}

export interface DrainOptions {
  deadlineMs: number;
  log(message: string): void;
  /** For what needs acting on (writes denied); log when not given. */
  warn?(message: string): void;
  stats?: Stats;
}

/** Uploads everything the go processes left in the spool, within a deadline. */
export async function drainSpool(config: Config, options: DrainOptions): Promise<DrainResult> {
  const spool = new Spool(config.spoolDir);
  // What killed servers still owed, from their journals, joins the spool first.
  const adopted = spool.adopt();
  if (adopted > 0) options.log(`recovered ${adopted} upload(s) from the journal of a server that did not finish`);
  const entries = spool.list((file, why) => options.log(`dropped unreadable spool entry ${file}: ${why}`));
  if (entries.length === 0) return { uploaded: 0, failed: 0, dropped: 0, remaining: 0 };
  const stats = options.stats ?? new Stats(config.backend);
  const logger = new Logger(config.debug, (line) => options.log(line.trimEnd()));
  if (config.readOnly) {
    options.log(`read-only: leaving ${entries.length} spooled upload(s) in ${config.spoolDir}`);
    return { uploaded: 0, failed: 0, dropped: 0, remaining: entries.length };
  }
  const warn = options.warn ?? options.log;
  const remote = await openRemote(config, { stats, warn, who: 'drain' });
  if (!remote) {
    options.log(
      `backend ${config.backend} has no remote: leaving ${entries.length} spooled upload(s) in ${config.spoolDir}`,
    );
    return { uploaded: 0, failed: 0, dropped: 0, remaining: entries.length };
  }
  try {
    const before = stats.counters.uploads;
    const queue = new UploadQueue(remote.backend, stats, logger, { concurrency: config.uploadConcurrency });
    const done = entries.map(async (entry) => {
      const outcome = await queue.add(entry);
      // Dropped: its local output is gone, or these credentials may not write (the store denied
      // it), so no later drain could upload it either; keeping it would fail every one of them.
      if (outcome !== 'failed') spool.remove(entry);
      return outcome === 'uploaded';
    });
    const all = Promise.all(done);
    const finished = await Promise.race([all, sleep(options.deadlineMs, undefined, { ref: false })]);
    const uploaded = finished ? finished.filter(Boolean).length : stats.counters.uploads - before;
    stats.add('drained', uploaded);
    const remaining = spool.count();
    const dropped = queue.denied.size;
    if (dropped > 0)
      options.log(
        `drain: dropped ${dropped} spooled upload(s) that these credentials may not write (the store denied it); they are rebuilt and uploaded by a job that may write`,
      );
    if (!finished)
      options.log(`drain stopped at its ${options.deadlineMs} ms deadline with ${remaining} upload(s) left`);
    return {
      uploaded,
      failed: finished ? entries.length - uploaded - dropped : 0,
      dropped,
      remaining,
      timedOut: !finished,
    };
  } finally {
    await remote.close().catch(() => {});
  }
}
