import fs from 'node:fs';
import path from 'node:path';
import { formatBytes } from '../stats.js';
import { listDir, parseEntryLine, readSmallFile, USE_RESOLUTION_MS } from './local-store.js';
import { HEX_ID } from '../protocol/types.js';

/**
 * Trims the local cache to a size cap, least recently used entries first, for machines that
 * keep their disk between jobs (self-hosted runners) and for a full disk.
 *
 * How use is recorded: an entry's index file (a/<xx>/<action id>) has its mtime set to now when
 * a lookup hits it and its mtime is more than USE_RESOLUTION_MS old (see LocalStore.get). That
 * costs nothing on most hits (get already stats the file) and one utimes per entry per hour on
 * the rest; atime is not used, since most runners mount with relatime or noatime. An output
 * (o/<xx>/<output id>) is young when it was written, or re-used by a new entry, recently.
 *
 * Safe while go commands read the cache:
 *  - an entry whose index file is younger than the trim start minus USE_RESOLUTION_MS may be in
 *    use by a running go command (a hit an hour ago touched nothing), so it is never removed;
 *  - index files go before outputs, and an output goes only when no index file seen by the walk
 *    still names it and the output itself is older than that cut-off, so an entry written or
 *    re-used during the trim (which makes its output young) keeps its output;
 *  - each index file is stat'ed again just before it is removed, so a hit during the trim saves it.
 * What is left is a hit in the microseconds between that stat and the unlink: go then finds the
 * file gone and treats the entry as a miss (it stats a DiskPath before it uses it).
 */
export { USE_RESOLUTION_MS };

/** Trim down to this fraction of the cap, so that a cache at its cap is not trimmed on every run. */
export const TRIM_LOW_WATER = 0.9;

/** Temp files (.tmp-<pid>-…) older than this are left over from a killed process. */
const STALE_TEMP_MS = USE_RESOLUTION_MS;

/** Yield to the event loop every so many files: a server calling this must keep reading go's stdin. */
const YIELD_EVERY = 512;

export interface TrimOptions {
  /** The trim start (tests); Date.now() by default. */
  now?: number;
  /**
   * Entries used within this long before the start are never removed; USE_RESOLUTION_MS by
   * default. Lower it (a full disk mid-build) only where a go command may meet a trimmed file:
   * go stats or reads a DiskPath before using it and takes a missing file as a miss, but an
   * output it has already been handed for a later step (a link) would then fail that step.
   */
  protectMs?: number;
  /** Where to stop; maxBytes * TRIM_LOW_WATER by default. */
  targetBytes?: number;
}

export interface TrimResult {
  /** Allocated bytes of the index files, outputs and temp files before and after. */
  bytesBefore: number;
  bytesAfter: number;
  entriesBefore: number;
  entriesRemoved: number;
  outputsRemoved: number;
  tempFilesRemoved: number;
  /** True when the cache is still over maxBytes because everything left was used too recently. */
  stillOver: boolean;
  ms: number;
}

interface IndexFile {
  file: string;
  outputId: string | undefined;
  mtimeMs: number;
  bytes: number;
}

interface OutputFile {
  file: string;
  mtimeMs: number;
  bytes: number;
}

/** What a file takes on disk (what fills it), not its length: small files take a whole block. */
function diskBytes(st: fs.Stats): number {
  return typeof st.blocks === 'number' && st.blocks > 0 ? st.blocks * 512 : st.size;
}

function statQuiet(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

function unlinkQuiet(file: string): boolean {
  try {
    fs.unlinkSync(file);
    return true;
  } catch {
    return false;
  }
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Removes least recently used entries until the cache takes at most the target (maxBytes *
 * TRIM_LOW_WATER), or until only entries too recently used to remove are left. Never throws for
 * a file that vanished or could not be removed: another process may be trimming or writing too.
 */
export async function trimLocalCache(dir: string, maxBytes: number, options: TrimOptions = {}): Promise<TrimResult> {
  const started = performance.now();
  const now = options.now ?? Date.now();
  const cutoff = now - (options.protectMs ?? USE_RESOLUTION_MS);
  const target = Math.min(maxBytes, options.targetBytes ?? Math.floor(maxBytes * TRIM_LOW_WATER));
  const indexes: IndexFile[] = [];
  const outputs = new Map<string, OutputFile>();
  let total = 0;
  let tempFilesRemoved = 0;
  let seen = 0;

  const visit = async (sub: 'a' | 'o', onFile: (file: string, name: string, st: fs.Stats) => void): Promise<void> => {
    const root = path.join(dir, sub);
    for (const shard of listDir(root)) {
      if (!/^[0-9a-f]{2}$/.test(shard)) continue;
      const shardDir = path.join(root, shard);
      for (const name of listDir(shardDir)) {
        if (++seen % YIELD_EVERY === 0) await tick();
        const file = path.join(shardDir, name);
        const st = statQuiet(file);
        if (!st?.isFile()) continue;
        if (name.startsWith('.tmp-')) {
          if (st.mtimeMs < now - STALE_TEMP_MS && unlinkQuiet(file)) tempFilesRemoved++;
          else total += diskBytes(st);
          continue;
        }
        if (!HEX_ID.test(name)) continue;
        total += diskBytes(st);
        onFile(file, name, st);
      }
    }
  };

  await visit('a', (file, _name, st) => {
    const line = readSmallFile(file);
    const meta = line === undefined ? undefined : parseEntryLine(line);
    indexes.push({ file, outputId: meta?.outputId, mtimeMs: st.mtimeMs, bytes: diskBytes(st) });
  });
  await visit('o', (file, name, st) => {
    outputs.set(name, { file, mtimeMs: st.mtimeMs, bytes: diskBytes(st) });
  });

  const bytesBefore = total;
  const entriesBefore = indexes.length;
  let entriesRemoved = 0;
  let outputsRemoved = 0;
  const refs = new Map<string, number>();
  for (const index of indexes) if (index.outputId) refs.set(index.outputId, (refs.get(index.outputId) ?? 0) + 1);

  const removeOutput = (outputId: string): void => {
    const output = outputs.get(outputId);
    if (!output || output.mtimeMs > cutoff) return;
    // Written or re-used by a new entry since the walk: it is in use again.
    const st = statQuiet(output.file);
    if (!st || st.mtimeMs > cutoff) return;
    if (unlinkQuiet(output.file)) {
      total -= output.bytes;
      outputsRemoved++;
    }
    outputs.delete(outputId);
  };

  if (total > target) {
    // Outputs no index file names (left by a replaced entry or a killed trim) are garbage.
    for (const outputId of [...outputs.keys()]) {
      if (total <= target) break;
      if (!refs.has(outputId)) removeOutput(outputId);
    }
    indexes.sort((x, y) => x.mtimeMs - y.mtimeMs);
    for (const index of indexes) {
      if (total <= target || index.mtimeMs > cutoff) break;
      if (++seen % YIELD_EVERY === 0) await tick();
      // Used since the walk (a hit touches the file): keep it.
      const st = statQuiet(index.file);
      if (!st || st.mtimeMs > cutoff) continue;
      if (!unlinkQuiet(index.file)) continue;
      total -= index.bytes;
      entriesRemoved++;
      if (!index.outputId) continue;
      const left = (refs.get(index.outputId) ?? 1) - 1;
      refs.set(index.outputId, left);
      if (left <= 0) removeOutput(index.outputId);
    }
  }
  return {
    bytesBefore,
    bytesAfter: total,
    entriesBefore,
    entriesRemoved,
    outputsRemoved,
    tempFilesRemoved,
    stillOver: total > maxBytes,
    ms: performance.now() - started,
  };
}

/** One line for a log: what the trim did. */
export function describeTrim(dir: string, maxBytes: number, r: TrimResult): string {
  const what =
    r.entriesRemoved > 0 || r.outputsRemoved > 0
      ? `removed ${r.entriesRemoved} of ${r.entriesBefore} entries (${r.outputsRemoved} outputs), ${formatBytes(r.bytesBefore)} -> ${formatBytes(r.bytesAfter)}`
      : `${formatBytes(r.bytesBefore)} in ${r.entriesBefore} entries, nothing to remove`;
  const over = r.stillOver
    ? `; still over the cap: everything left was used within the last ${USE_RESOLUTION_MS / 3_600_000} h`
    : '';
  return `trim ${dir} to ${formatBytes(maxBytes)}: ${what}${over} (${(r.ms / 1000).toFixed(1)} s)`;
}
