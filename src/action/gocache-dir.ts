// go's own cache directory (GOCACHE), as cmd/go/internal/cache lays it out: 256 shard directories
// `xx/`, an action entry `xx/<action id>-a` (one 175-byte line: `v1 <action id> <output id>
// <size> <time>`) and an output `xx/<output id>-d`, named by the sha256 of its content (a
// directory holding one file for a cached executable). backend: github restores into this layout
// and lets go read it natively, so only this file knows the layout.
//
// Use marks: go refreshes the mtime of an entry and of its output when it uses them and they are
// at least an hour old (markUsed). Restored files are therefore dated two hours back; after the
// job, a file dated after the restore was used or written by this job.
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { linkOrCopy } from '../cacheprog/store/atomic-file.js';

/** How far back restored files are dated: more than go's one-hour mtimeInterval. */
export const MARK_AGE_MS = 2 * 60 * 60_000;
const ENTRY_SIZE = 175;
const SHARD = /^[0-9a-f]{2}$/;
const FILE = /^([0-9a-f]{64})-([ad])$/;

export interface CacheFile {
  /** `<hex id>-a` or `<hex id>-d`: unique in the cache and stable across machines. */
  name: string;
  shard: string;
  id: string;
  kind: 'a' | 'd';
}

export interface ActionEntry {
  actionId: string;
  outputId: string;
  size: number;
}

export function filePath(dir: string, f: Pick<CacheFile, 'name'>): string {
  return path.join(dir, f.name.slice(0, 2), f.name);
}

export function toCacheFile(name: string): CacheFile | undefined {
  const m = FILE.exec(name);
  return m ? { name, shard: name.slice(0, 2), id: m[1], kind: m[2] as 'a' | 'd' } : undefined;
}

/** Every entry and output file under dir (anything else, such as trim.txt or a README, is skipped). */
export function listCacheFiles(dir: string): CacheFile[] {
  const out: CacheFile[] = [];
  let shards: string[];
  try {
    shards = fs.readdirSync(dir);
  } catch {
    return out;
  }
  for (const shard of shards) {
    if (!SHARD.test(shard)) continue;
    let names: string[];
    try {
      names = fs.readdirSync(path.join(dir, shard));
    } catch {
      continue;
    }
    for (const name of names) {
      const f = toCacheFile(name);
      if (f && f.shard === shard) out.push(f);
    }
  }
  return out;
}

/** An action entry's line exactly as go writes and checks it, or undefined. */
export function parseActionEntry(text: string): ActionEntry | undefined {
  if (text.length !== ENTRY_SIZE) return undefined;
  const m = /^v1 ([0-9a-f]{64}) ([0-9a-f]{64}) ( *\d{1,20}) ( *\d{1,20})\n$/.exec(text);
  if (!m || m[3].length !== 20 || m[4].length !== 20) return undefined;
  return { actionId: m[1], outputId: m[2], size: Number(m[3].trim()) };
}

/** The file an output's bytes are in: the output itself, or the one file of an executable's directory. */
function outputContent(file: string): { file: string; size: number } | undefined {
  const st = fs.lstatSync(file, { throwIfNoEntry: false });
  if (!st) return undefined;
  if (st.isFile()) return { file, size: st.size };
  if (!st.isDirectory()) return undefined;
  const inner = fs.readdirSync(file);
  if (inner.length !== 1) return undefined;
  const innerFile = path.join(file, inner[0]);
  const ist = fs.lstatSync(innerFile);
  return ist.isFile() ? { file: innerFile, size: ist.size } : undefined;
}

/** The file holding an output's bytes and its size (what go checks an entry against), or undefined. */
export function outputOf(dir: string, outputId: string): { file: string; size: number } | undefined {
  return outputContent(path.join(dir, outputId.slice(0, 2), `${outputId}-d`));
}

/** An action entry's line as go writes it; go's times are Unix nanoseconds. */
export function formatActionEntry(e: ActionEntry, time: Date): string {
  const pad = (n: number | bigint): string => String(n).padStart(20, ' ');
  return `v1 ${e.actionId} ${e.outputId} ${pad(e.size)} ${pad(BigInt(time.getTime()) * 1_000_000n)}\n`;
}

// The hashing threads' code: plain CommonJS with node builtins only, so the bundle needs no
// second entry point. Reads each file through one 1 MiB buffer.
const HASH_WORKER = `
const { parentPort } = require('node:worker_threads');
const fs = require('node:fs');
const crypto = require('node:crypto');
const buf = Buffer.allocUnsafe(1 << 20);
parentPort.on('message', (files) => {
  parentPort.postMessage(files.map((f) => {
    let fd;
    try {
      fd = fs.openSync(f, 'r');
      const h = crypto.createHash('sha256');
      let n;
      while ((n = fs.readSync(fd, buf, 0, buf.length, null)) > 0) h.update(buf.subarray(0, n));
      return h.digest('hex');
    } catch {
      return '';
    } finally {
      if (fd !== undefined) fs.closeSync(fd);
    }
  }));
});`;

/**
 * sha256 of each file, in order ('' for one that cannot be read), on `threads` worker threads:
 * a restore hashes hundreds of MiB while the job waits, and one thread hashes ~1.3 GB/s here.
 */
export async function hashFiles(files: readonly string[], threads = 2): Promise<string[]> {
  const out: string[] = new Array<string>(files.length).fill('');
  if (files.length === 0) return out;
  const BATCH = 32;
  let next = 0;
  const workers = Array.from(
    { length: Math.max(1, Math.min(threads, Math.ceil(files.length / BATCH))) },
    () => new Worker(HASH_WORKER, { eval: true }),
  );
  try {
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            let start = 0;
            const send = (): void => {
              if (next >= files.length) return resolve();
              start = next;
              next = Math.min(files.length, next + BATCH);
              w.postMessage(files.slice(start, next));
            };
            w.on('message', (hashes: string[]) => {
              for (let i = 0; i < hashes.length; i++) out[start + i] = hashes[i];
              send();
            });
            w.once('error', reject);
            send();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return out;
}

export interface PlaceResult {
  /** Names of the files now in the cache from this archive (entries and outputs). */
  placed: string[];
  entries: number;
  /** Output bytes placed. */
  bytes: number;
  /** Outputs whose content does not match their name: deleted, never seen by go. */
  rejected: number;
  /** Entries dropped because their output is missing, rejected or of another size, or the line is malformed. */
  orphaned: number;
  /** Time spent hashing the outputs. */
  verifyMs: number;
}

/**
 * Moves a restored tree (the same layout) into the cache at `dir`: every output first, each
 * checked against its name (sha256) and dropped on a mismatch, then the entries whose output is
 * in the cache with the size they name. Everything placed is dated `markTime`, so go's use marks
 * show up. Entries replace older ones of the same action (a later save knows better); outputs,
 * named by content, are kept when present. Nothing else runs in the job while this does.
 */
export async function placeVerified(staged: string, dir: string, markTime: Date): Promise<PlaceResult> {
  const files = listCacheFiles(staged);
  const outputs = files.filter((f) => f.kind === 'd');
  const contents = outputs.map((f) => outputContent(filePath(staged, f)));
  const hashStart = Date.now();
  const hashes = await hashFiles(contents.map((c) => c?.file ?? ''));
  const result: PlaceResult = {
    placed: [],
    entries: 0,
    bytes: 0,
    rejected: 0,
    orphaned: 0,
    verifyMs: Date.now() - hashStart,
  };
  const made = new Set<string>();
  const move = (f: CacheFile): void => {
    const from = filePath(staged, f);
    const to = filePath(dir, f);
    if (!made.has(f.shard)) {
      fs.mkdirSync(path.join(dir, f.shard), { recursive: true });
      made.add(f.shard);
    }
    fs.utimesSync(from, markTime, markTime);
    if (f.kind === 'd' && fs.existsSync(to)) {
      fs.utimesSync(to, markTime, markTime);
      return;
    }
    try {
      fs.renameSync(from, to);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
      // A cache-dir on another filesystem than RUNNER_TEMP: copy beside the target, then rename.
      const tmp = `${to}.restore-${process.pid}`;
      fs.cpSync(from, tmp, { recursive: true });
      fs.utimesSync(tmp, markTime, markTime);
      fs.renameSync(tmp, to);
    }
  };
  for (const [i, f] of outputs.entries()) {
    const content = contents[i];
    if (!content || hashes[i] !== f.id) {
      result.rejected++;
      continue;
    }
    move(f);
    result.placed.push(f.name);
    result.bytes += content.size;
  }
  for (const f of files) {
    if (f.kind !== 'a') continue;
    let entry: ActionEntry | undefined;
    try {
      entry = parseActionEntry(fs.readFileSync(filePath(staged, f), 'latin1'));
    } catch {
      entry = undefined;
    }
    if (!entry || entry.actionId !== f.id || outputOf(dir, entry.outputId)?.size !== entry.size) {
      result.orphaned++;
      continue;
    }
    move(f);
    result.placed.push(f.name);
    result.entries++;
  }
  return result;
}

/**
 * Dates back the files already in the cache that go would not mark on use (newer than an hour):
 * a runner's own GOCACHE, or a persistent one. Then the post step sees them used like restored
 * ones, and saves those the job used, since the Actions cache lacks them.
 */
export function ageRecentFiles(dir: string, markTime: Date, now = Date.now()): number {
  let n = 0;
  for (const f of listCacheFiles(dir)) {
    const file = filePath(dir, f);
    const st = fs.statSync(file, { throwIfNoEntry: false });
    if (!st || now - st.mtimeMs >= MARK_AGE_MS / 2) continue;
    fs.utimesSync(file, markTime, markTime);
    n++;
  }
  return n;
}

export interface Harvest {
  /** Restored files this job used (dated after the restore). */
  used: CacheFile[];
  /** Files this job wrote (not restored, dated after the restore). */
  added: CacheFile[];
  /** Entries and outputs in the cache, and the bytes of the ones used or added. */
  files: number;
  usedBytes: number;
  addedBytes: number;
}

/** Size of an output or entry file (an executable's directory: its one file). */
export function fileSize(dir: string, f: CacheFile): number {
  if (f.kind === 'a') return ENTRY_SIZE;
  return outputContent(filePath(dir, f))?.size ?? 0;
}

/**
 * What this job did with the cache since `since` (the restore): by mtime, from go's own marks.
 * `restored` names what the restore placed; anything else dated later was written by the job.
 */
export function harvest(dir: string, restored: ReadonlySet<string>, since: number): Harvest {
  const h: Harvest = { used: [], added: [], files: 0, usedBytes: 0, addedBytes: 0 };
  for (const f of listCacheFiles(dir)) {
    h.files++;
    const st = fs.statSync(filePath(dir, f), { throwIfNoEntry: false });
    if (!st || st.mtimeMs < since) continue;
    if (restored.has(f.name)) {
      h.used.push(f);
      h.usedBytes += fileSize(dir, f);
    } else {
      h.added.push(f);
      h.addedBytes += fileSize(dir, f);
    }
  }
  return h;
}

/** The output an entry file names, when it parses. */
export function entryOutput(dir: string, f: CacheFile): CacheFile | undefined {
  if (f.kind !== 'a') return undefined;
  try {
    const e = parseActionEntry(fs.readFileSync(filePath(dir, f), 'latin1'));
    return e ? toCacheFile(`${e.outputId}-d`) : undefined;
  } catch {
    return undefined;
  }
}

/** Hard-links (or copies) files of the cache into `to` in the same layout, for an archive. */
export function stageFiles(dir: string, files: readonly CacheFile[], to: string): void {
  const made = new Set<string>();
  for (const f of files) {
    const from = filePath(dir, f);
    const target = filePath(to, f);
    if (!made.has(f.shard)) {
      fs.mkdirSync(path.join(to, f.shard), { recursive: true });
      made.add(f.shard);
    }
    const st = fs.lstatSync(from, { throwIfNoEntry: false });
    if (!st) continue;
    if (st.isDirectory()) {
      fs.mkdirSync(target, { recursive: true });
      for (const inner of fs.readdirSync(from)) linkOrCopy(path.join(from, inner), path.join(target, inner));
    } else {
      linkOrCopy(from, target);
    }
  }
}
