import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { HEX_ID } from '../protocol/types.js';
import type { Config } from '../config.js';
import type { EntryMeta } from '../remote/backend.js';
import { AtomicFileWriter, ensureDir, ensureDirAsync, linkOrCopy, writeFileAtomic } from './atomic-file.js';

export interface LocalEntry extends EntryMeta {
  diskPath: string;
}

/** Thrown when a put body does not match what the request promised. */
export class BodyMismatchError extends Error {
  override readonly name = 'BodyMismatchError';
}

const ENTRY_VERSION = 'v1';

/**
 * The local cache directory:
 *   a/<xx>/<action id>   one line: v1 <output id> <size> <time>   (the action index)
 *   o/<xx>/<output id>   the output itself, no extension (DiskPath points here)
 * Sharded by the first two hex digits so no directory grows past a few thousand files. The job
 * server's bridge reads this layout too (src/bridge/local.go): change both together.
 * Every file is written whole through a rename, so concurrent processes need no lock to stay
 * consistent; locks only spare them duplicate downloads.
 */
export class LocalStore {
  /**
   * shared: a store this one reads after its own and never writes, touches or trims (a
   * self-hosted runner's persistent cache dir, for a job that may not write what trusted jobs read).
   */
  constructor(
    readonly dir: string,
    readonly shared?: LocalStore,
  ) {}

  /** Creates the layout and proves it is writable, with an error that names the directory. */
  init(): void {
    try {
      ensureDir(path.join(this.dir, 'a'));
      ensureDir(path.join(this.dir, 'o'));
      fs.accessSync(this.dir, fs.constants.W_OK);
    } catch (err) {
      throw new Error(`cache dir ${this.dir} is not usable: ${(err as Error).message}`, { cause: err });
    }
  }

  /**
   * Creates the 512 shard directories on the threadpool, for a long-lived server to call at start:
   * its first stores then find their directory made instead of creating it while go waits.
   */
  async createShards(): Promise<void> {
    const shards = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
    await Promise.all(
      shards.flatMap((shard) => [
        ensureDirAsync(path.join(this.dir, 'a', shard)),
        ensureDirAsync(path.join(this.dir, 'o', shard)),
      ]),
    );
  }

  outputPath(outputId: string): string {
    return path.join(this.dir, 'o', outputId.slice(0, 2), outputId);
  }

  private entryPath(actionId: string): string {
    return path.join(this.dir, 'a', actionId.slice(0, 2), actionId);
  }

  /**
   * The entry for an action, if both its index line and an output of the right size exist.
   * A hit marks the entry as used for the size cap's LRU order (see store/trim.ts): the index
   * file's mtime is set to now when it is older than USE_RESOLUTION_MS, so most hits cost no
   * extra system call (the stat is needed anyway) and an entry costs one utimes an hour.
   */
  get(actionId: string): LocalEntry | undefined {
    return this.getOwn(actionId, true) ?? this.shared?.getOwn(actionId, false);
  }

  private getOwn(actionId: string, markUsed: boolean): LocalEntry | undefined {
    const file = this.entryPath(actionId);
    const st = fs.statSync(file, { throwIfNoEntry: false });
    if (!st) return undefined;
    const line = readSmallFile(file);
    if (line === undefined) return undefined;
    const meta = parseEntryLine(line);
    if (!meta) return undefined;
    const diskPath = this.outputPath(meta.outputId);
    if (!this.hasOutput(meta.outputId, meta.size)) return undefined;
    if (markUsed) touchIfOlder(file, st.mtimeMs);
    return { ...meta, diskPath };
  }

  hasOutput(outputId: string, size: number): boolean {
    return fs.statSync(this.outputPath(outputId), { throwIfNoEntry: false })?.size === size;
  }

  /**
   * An output already on disk that a new entry now names: made young again for the trim, which
   * removes only outputs older than its cut-off (else a trim could take it from the new entry).
   */
  private reuseOutput(outputId: string): void {
    const file = this.outputPath(outputId);
    const st = fs.statSync(file, { throwIfNoEntry: false });
    if (st) touchIfOlder(file, st.mtimeMs);
  }

  /** Records action → output. A newer put for the same action replaces the older one. */
  putEntry(actionId: string, meta: EntryMeta): LocalEntry {
    writeFileAtomic(this.entryPath(actionId), formatEntryLine(meta));
    return { ...meta, diskPath: this.outputPath(meta.outputId) };
  }

  /**
   * Stores an entry whose whole output is already in memory (a verified download): the output
   * first, so that no reader finds the index line before its output.
   */
  putEntryWithOutput(actionId: string, meta: EntryMeta, body: Buffer): LocalEntry {
    if (!this.hasOutput(meta.outputId, body.length)) writeFileAtomic(this.outputPath(meta.outputId), body);
    else this.reuseOutput(meta.outputId);
    return this.putEntry(actionId, meta);
  }

  /**
   * Starts storing a streamed put body. The output id is go's sha256 of the content, so the body
   * is hashed as it streams and refused if it does not match: a bad entry never reaches the remote.
   */
  beginOutput(outputId: string, size: number): OutputWriter {
    if (this.hasOutput(outputId, size)) {
      this.reuseOutput(outputId);
      return new DiscardingOutputWriter(outputId, size);
    }
    return new VerifyingOutputWriter(this.outputPath(outputId), outputId, size);
  }

  /** Every usable entry of this store's own dir (not the shared one's), for a caller that moves them elsewhere. */
  *entries(): Generator<{ actionId: string; entry: LocalEntry }> {
    const root = path.join(this.dir, 'a');
    for (const shard of listDir(root))
      for (const actionId of listDir(path.join(root, shard))) {
        const entry = HEX_ID.test(actionId) ? this.getOwn(actionId, false) : undefined;
        if (entry) yield { actionId, entry };
      }
  }

  /**
   * Records an entry whose output is a file elsewhere (go's own cache, native-cache mode): hard-
   * linked, or copied where links fail, since it is go's file, which go never rewrites in place.
   */
  adoptEntry(actionId: string, meta: EntryMeta, file: string): LocalEntry {
    const out = this.outputPath(meta.outputId);
    if (!this.hasOutput(meta.outputId, meta.size)) {
      ensureDir(path.dirname(out));
      const tmp = `${out}.adopt-${process.pid}`;
      fs.rmSync(tmp, { force: true });
      linkOrCopy(file, tmp);
      fs.renameSync(tmp, out);
    }
    return this.putEntry(actionId, meta);
  }

  /** The output of an entry get() returned (its file may be in the shared store). */
  readOutput(entry: LocalEntry): Promise<Buffer> {
    return fs.promises.readFile(entry.diskPath);
  }

  clear(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The store a process with this configuration uses: its own dir, then the shared one it may only read. */
export function localStoreOf(config: Pick<Config, 'cacheDir' | 'sharedCacheDir'>): LocalStore {
  return new LocalStore(config.cacheDir, config.sharedCacheDir ? new LocalStore(config.sharedCacheDir) : undefined);
}

export interface OutputWriter {
  write(chunk: Buffer): void;
  /** Verifies and publishes the output; throws BodyMismatchError when it does not match. */
  finish(): void;
  abort(): void;
}

/** The output is already stored (same sha256, same size): the body only needs to be consumed. */
class DiscardingOutputWriter implements OutputWriter {
  private received = 0;
  constructor(
    private readonly outputId: string,
    private readonly size: number,
  ) {}
  write(chunk: Buffer): void {
    this.received += chunk.length;
  }
  finish(): void {
    if (this.received !== this.size) {
      throw new BodyMismatchError(`body of output ${this.outputId} is ${this.received} bytes, expected ${this.size}`);
    }
  }
  abort(): void {}
}

class VerifyingOutputWriter implements OutputWriter {
  private readonly hash = crypto.createHash('sha256');
  private readonly file: AtomicFileWriter;
  private received = 0;

  constructor(
    target: string,
    private readonly outputId: string,
    private readonly size: number,
  ) {
    this.file = new AtomicFileWriter(target);
  }

  write(chunk: Buffer): void {
    this.received += chunk.length;
    this.hash.update(chunk);
    this.file.write(chunk);
  }

  finish(): void {
    const actual = this.hash.digest('hex');
    if (this.received !== this.size || actual !== this.outputId) {
      this.file.abort();
      throw new BodyMismatchError(
        this.received !== this.size
          ? `put body is ${this.received} bytes, but BodySize is ${this.size}`
          : `put body hashes to sha256 ${actual}, not the OutputID ${this.outputId}`,
      );
    }
    this.file.commit();
  }

  abort(): void {
    this.file.abort();
  }
}

/**
 * How often a hit re-marks an entry as used: the trim's LRU order has this resolution, and it
 * never removes an entry used more recently than this before it started (see store/trim.ts).
 */
export const USE_RESOLUTION_MS = 60 * 60 * 1000;

function touchIfOlder(file: string, mtimeMs: number): void {
  const now = Date.now();
  if (now - mtimeMs < USE_RESOLUTION_MS) return;
  try {
    const t = new Date(now);
    fs.utimesSync(file, t, t);
  } catch {
    // Gone or read-only: the entry only loses its place in the LRU order.
  }
}

/** A directory's names, none when it cannot be read (a shard not created yet, a cache dir in use). */
export function listDir(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

const lineBuffer = Buffer.allocUnsafe(256);

/**
 * Reads an index line on the hot path of every get (after the caller's stat, which cannot throw
 * and so spares misses the cost of an exception): one read into a reused buffer spares hits
 * readFileSync's fstat.
 */
export function readSmallFile(file: string): string | undefined {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return undefined;
  }
  try {
    const n = fs.readSync(fd, lineBuffer, 0, lineBuffer.length, 0);
    return lineBuffer.toString('latin1', 0, n);
  } catch {
    return undefined;
  } finally {
    fs.closeSync(fd);
  }
}

export function formatEntryLine(meta: EntryMeta): string {
  return `${ENTRY_VERSION} ${meta.outputId} ${meta.size} ${meta.time.toISOString()}\n`;
}

export function parseEntryLine(line: string): EntryMeta | undefined {
  const [version, outputId, size, time] = line.trim().split(' ');
  if (version !== ENTRY_VERSION || !outputId || !HEX_ID.test(outputId)) return undefined;
  const n = Number(size);
  const t = new Date(time ?? '');
  if (!Number.isSafeInteger(n) || n < 0 || Number.isNaN(t.getTime())) return undefined;
  return { outputId, size: n, time: t };
}
