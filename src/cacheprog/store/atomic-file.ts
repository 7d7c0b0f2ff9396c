import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const knownDirs = new Set<string>();

/** mkdir -p, remembered, so the hot path does not ask the kernel twice for the same directory. */
export function ensureDir(dir: string): void {
  if (knownDirs.has(dir)) return;
  fs.mkdirSync(dir, { recursive: true });
  knownDirs.add(dir);
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
  ensureDir(path.dirname(target));
  const temp = tempPathFor(target);
  try {
    fs.writeFileSync(temp, data, { mode });
    fs.renameSync(temp, target);
  } catch (err) {
    fs.rmSync(temp, { force: true });
    throw err;
  }
}

/** Streams into a temp file with sync writes (bodies arrive in order, off one stdin reader). */
export class AtomicFileWriter {
  private readonly temp: string;
  private fd: number | undefined;

  constructor(private readonly target: string) {
    ensureDir(path.dirname(target));
    this.temp = tempPathFor(target);
    this.fd = fs.openSync(this.temp, 'w');
  }

  write(chunk: Buffer): void {
    if (this.fd === undefined) throw new Error('write after close');
    let offset = 0;
    while (offset < chunk.length) offset += fs.writeSync(this.fd, chunk, offset);
  }

  commit(): void {
    this.close();
    fs.renameSync(this.temp, this.target);
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
