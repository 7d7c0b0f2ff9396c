/**
 * Collects a response body: into one buffer of the announced length when there is one (a big
 * object then costs its size once, not chunks plus their joined copy), else chunk by chunk.
 */
export class BodySink {
  private readonly whole: Buffer | undefined;
  private filled = 0;
  private readonly chunks: Buffer[] = [];

  constructor(expectedLength: number) {
    this.whole =
      Number.isSafeInteger(expectedLength) && expectedLength > 0 ? Buffer.allocUnsafe(expectedLength) : undefined;
  }

  push(chunk: Buffer): void {
    if (this.whole && this.chunks.length === 0 && this.filled + chunk.length <= this.whole.length) {
      this.filled += chunk.copy(this.whole, this.filled);
      return;
    }
    // More than announced: keep everything, the caller's checks reject it.
    if (this.whole && this.chunks.length === 0) this.chunks.push(this.whole.subarray(0, this.filled));
    this.chunks.push(chunk);
  }

  take(): Buffer {
    if (this.chunks.length > 0) return Buffer.concat(this.chunks);
    return this.whole ? this.whole.subarray(0, this.filled) : Buffer.alloc(0);
  }
}
