import fs from 'node:fs';
import type { Logger } from './log.js';
import type { Counters } from './stats.js';
import { writeFileAtomic } from './store/atomic-file.js';

/** The live statistics file (-stats-file): what a later step reads with `jq .hits "$STATS"`. */
export interface LiveStatsJson {
  version: 1;
  /** Local and remote hits together. */
  hits: number;
  misses: number;
  localHits: number;
  remoteHits: number;
  bytesDownloaded: number;
  bytesUploaded: number;
  /** Uploads not yet in the remote (queued or running) when the file was written. */
  uploadsPending: number;
  /** Go commands the job server has served so far. */
  goCommands: number;
  updatedAt: string;
}

/** From a server's Stats or a job's Aggregate: both carry the same counters. */
export function liveStats(stats: { counters: Counters }, uploadsPending: number, now = new Date()): LiveStatsJson {
  const c = stats.counters;
  return {
    version: 1,
    hits: c.localHits + c.remoteHits,
    misses: c.misses,
    localHits: c.localHits,
    remoteHits: c.remoteHits,
    bytesDownloaded: c.bytesDownloaded,
    bytesUploaded: c.bytesUploaded,
    uploadsPending,
    goCommands: c.processes,
    updatedAt: now.toISOString(),
  };
}

/**
 * Keeps the file current: written whole (temp + rename, so a reader never sees half of it) when a
 * go command closes, before its close is answered, so a step after the go command reads figures
 * that include it. Nothing changed since the last write: nothing written.
 */
export class LiveStatsFile {
  private last = '';

  constructor(
    private readonly file: string,
    private readonly read: () => LiveStatsJson,
    private readonly log: Logger,
  ) {}

  update(): void {
    const { updatedAt: _, ...figures } = this.read();
    const key = JSON.stringify(figures);
    if (key === this.last) return;
    try {
      writeFileAtomic(this.file, `${JSON.stringify({ ...figures, updatedAt: new Date().toISOString() })}\n`, 0o644);
      this.last = key;
    } catch (err) {
      // Figures for a later step only: the build is not affected.
      this.log.warnOnce('stats-file', `cannot write the statistics file ${this.file}: ${(err as Error).message}`);
    }
  }
}

/**
 * The live file completed with a job's totals by its post step (`final: true`): what the file
 * held (the main step's or the server's figures; nothing when it is missing or unreadable) with
 * the totals on top. Throws when it cannot be written.
 */
export function completeStatsFile(file: string, totals: Record<string, unknown>): void {
  let live: Record<string, unknown> = {};
  try {
    live = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    // No live file (a server per go command): the totals alone.
  }
  writeFileAtomic(file, `${JSON.stringify({ ...live, ...totals, final: true })}\n`);
}
