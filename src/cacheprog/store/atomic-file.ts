import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const knownDirs = new Set<string>();

/**
 * A hard link of `from` at `to`, or a copy where links fail (another filesystem, links not
 * allowed): for files nobody rewrites in place, such as cache outputs named by their content.
 */
export function linkOrCopy(from: string, to: string): void {
  try {
    fs.linkSync(from, to);
  } catch {
    fs.copyFileSync(from, to);
  }
}

/** mkdir -p, remembered, so the hot path does not ask the kernel twice for the same directory. */
export function ensureDir(dir: string): void {
  if (knownDirs.has(dir)) return;
  fs.mkdirSync(dir, { recursive: true });
  knownDirs.add(dir);
}

/**
 * Runs an operation in dir, making dir again and retrying once when it failed because dir is gone:
 * a cleanup deleting the cache dir (or `clear-local`) under a live server must not turn the job's
 * later writes into errors, and the memo above would otherwise never ask the kernel again.
 */
export function inDir<T>(dir: string, op: () => T): T {
  try {
    return op();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    knownDirs.delete(dir);
    fs.mkdirSync(dir, { recursive: true });
    knownDirs.add(dir);
    return op();
  }
}

/** ensureDir on the libuv threadpool, for directories made ahead of need (LocalStore.createShards). */
export async function ensureDirAsync(dir: string): Promise<void> {
  if (knownDirs.has(dir)) return;
  await fs.promises.mkdir(dir, { recursive: true });
  knownDirs.add(dir);
}

/** Unique to this process even if a dead one had its pid; the counter makes each name unique within it. */
const processTag = `${process.pid}-${crypto.randomBytes(4).toString('hex')}`;
let tempCounter = 0;

/** A unique name beside target: same directory, so rename(2) is atomic; a dot so listings skip it. */
export function tempPathFor(target: string): string {
  return path.join(path.dirname(target), `.tmp-${processTag}-${(tempCounter++).toString(36)}`);
}

/**
 * Writes a whole file so that readers in any process see either nothing or all of it: a torn file
 * is impossible however many go processes write the same entry at once.
 */
export function writeFileAtomic(target: string, data: string | Buffer, mode?: number): void {
  const dir = path.dirname(target);
  ensureDir(dir);
  inDir(dir, () => {
    const temp = tempPathFor(target);
    try {
      fs.writeFileSync(temp, data, { mode });
      fs.renameSync(temp, target);
    } catch (err) {
      fs.rmSync(temp, { force: true });
      throw err;
    }
  });
}

/**
 * Streams into a temp file with sync writes (bodies arrive in order, off one stdin reader). Opened
 * for reading too: when the directory vanished while the body streamed in, commit copies what the
 * still-open file holds into a directory made again, so the put is stored after all.
 */
export class AtomicFileWriter {
  private temp: string;
  private fd: number | undefined;
  private readonly dir: string;

  constructor(private readonly target: string) {
    this.dir = path.dirname(target);
    ensureDir(this.dir);
    this.temp = tempPathFor(target);
    this.fd = inDir(this.dir, () => fs.openSync(this.temp, 'w+'));
  }

  write(chunk: Buffer): void {
    if (this.fd === undefined) throw new Error('write after close');
    let offset = 0;
    while (offset < chunk.length) offset += fs.writeSync(this.fd, chunk, offset);
  }

  commit(): void {
    try {
      fs.renameSync(this.temp, this.target);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || this.fd === undefined) {
        this.abort();
        throw err;
      }
      this.relink(this.fd);
    } finally {
      this.close();
    }
  }

  /** The temp file went with its directory: its content, still readable through fd, goes to a new one. */
  private relink(fd: number): void {
    const from = fd;
    inDir(this.dir, () => {
      this.temp = tempPathFor(this.target);
      const to = fs.openSync(this.temp, 'w');
      try {
        const buf = Buffer.allocUnsafe(1024 * 1024);
        for (let pos = 0, n; (n = fs.readSync(from, buf, 0, buf.length, pos)) > 0; pos += n) {
          for (let off = 0; off < n;) off += fs.writeSync(to, buf, off, n - off);
        }
      } finally {
        fs.closeSync(to);
      }
    });
    try {
      fs.renameSync(this.temp, this.target);
    } catch (err) {
      fs.rmSync(this.temp, { force: true });
      throw err;
    }
  }

  abort(): void {
    this.close();
    fs.rmSync(this.temp, { force: true });
  }

  private close(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }
}
