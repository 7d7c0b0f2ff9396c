import zlib from 'node:zlib';
import { IntegrityError, type BodySpill, type EntryMeta, type SpillWriter } from './backend.js';
import { BodySink } from './body-sink.js';
import { readObjectHead, type ObjectHeader } from './object-format.js';

/** What a response body is collected into (see SignedObjectClient.send). */
export interface ResponseSink {
  push(chunk: Buffer): void;
  /** The body, once the response ended: empty when it was spilled. */
  end(): Promise<Buffer>;
  abort(): void;
}

/** A BodySink as a ResponseSink: the whole body in memory. */
export class MemorySink implements ResponseSink {
  private readonly sink: BodySink;
  constructor(expectedLength: number) {
    this.sink = new BodySink(expectedLength);
  }
  push(chunk: Buffer): void {
    this.sink.push(chunk);
  }
  end(): Promise<Buffer> {
    return Promise.resolve(this.sink.take());
  }
  abort(): void {}
}

/**
 * Reads one object of ours as it downloads: once its header is in, a body of spill.minBytes or
 * more streams (gunzipped if need be) into the spill's writer, which hashes it as it goes, and
 * nothing of it stays in memory; a smaller one is collected as usual. Every way the object can be
 * wrong (not ours, another action's, short, long, undecodable, not its output) is an
 * IntegrityError, kept in `failure` too, since the transport's error wrapping would hide its name.
 */
export class SpillSink implements ResponseSink {
  private head: Buffer = Buffer.alloc(0);
  private memory: MemorySink | undefined;
  private header: ObjectHeader | undefined;
  private writer: SpillWriter | undefined;
  private gunzip: zlib.Gunzip | undefined;
  private gunzipped: Promise<void> | undefined;
  private payloadBytes = 0;
  private bodyBytes = 0;
  failure: IntegrityError | undefined;
  /** Bytes received, as they crossed the network. */
  transferred = 0;
  /** Set once a spilled body was written and checked. */
  spilled: EntryMeta | undefined;

  constructor(
    private readonly actionId: string,
    private readonly spill: BodySpill,
    private readonly expectedLength: number,
    private readonly where: string,
  ) {}

  push(chunk: Buffer): void {
    this.transferred += chunk.length;
    if (this.memory) return this.memory.push(chunk);
    if (this.header) return this.payload(chunk);
    this.head = Buffer.concat([this.head, chunk]);
    const found = this.guard(() => readObjectHead(this.head, 0, this.where));
    if (!found) return;
    const { header, payloadStart } = found;
    if (header.size < this.spill.minBytes) {
      this.memory = new MemorySink(this.expectedLength);
      this.memory.push(this.head);
      return;
    }
    if (header.actionId !== this.actionId) {
      throw this.fail(`the object belongs to action ${header.actionId.slice(0, 16)}… (stored under the wrong key)`);
    }
    this.header = header;
    this.writer = this.spill.open({ outputId: header.outputId, size: header.size, time: new Date(header.time) });
    if (header.encoding === 'gzip') {
      const gunzip = zlib.createGunzip();
      this.gunzip = gunzip;
      gunzip.on('data', (out: Buffer) => this.body(out));
      this.gunzipped = new Promise((resolve, reject) => {
        gunzip.once('end', resolve);
        gunzip.once('error', (err) => reject(this.fail(`gzip payload does not decode (${err.message})`)));
      });
      // Handled through `gunzipped`; this only keeps an early error from being unhandled.
      this.gunzipped.catch(() => {});
    }
    const rest = this.head.subarray(payloadStart);
    this.head = Buffer.alloc(0);
    if (rest.length > 0) this.payload(rest);
  }

  async end(): Promise<Buffer> {
    if (this.memory) return this.memory.end();
    const header = this.header;
    if (!header || !this.writer) throw this.fail(`truncated: the header did not arrive (${this.head.length} bytes)`);
    if (this.payloadBytes !== header.storedSize)
      throw this.fail(`truncated, payload is ${this.payloadBytes} of ${header.storedSize} bytes`);
    if (this.failure) throw this.failure;
    if (this.gunzip) {
      this.gunzip.end();
      await this.gunzipped;
    }
    // Read again: the gunzip may have failed while it was awaited (narrowing does not know).
    const failure = this.failure as IntegrityError | undefined;
    if (failure) throw failure;
    if (this.bodyBytes !== header.size)
      throw this.fail(`body is ${this.bodyBytes} bytes but the header says ${header.size}`);
    this.guard(() => this.writer?.finish());
    this.spilled = { outputId: header.outputId, size: header.size, time: new Date(header.time) };
    return Buffer.alloc(0);
  }

  abort(): void {
    this.gunzip?.destroy();
    if (!this.spilled) this.writer?.abort();
  }

  private payload(chunk: Buffer): void {
    const header = this.header as ObjectHeader;
    this.payloadBytes += chunk.length;
    if (this.payloadBytes > header.storedSize)
      throw this.fail(`${this.payloadBytes - header.storedSize} unexpected bytes after the payload`);
    if (this.gunzip) this.gunzip.write(chunk);
    else this.body(chunk);
  }

  private body(chunk: Buffer): void {
    if (this.failure) return;
    this.bodyBytes += chunk.length;
    // An inflating payload must not fill the disk: the header said how big the body is.
    if (this.bodyBytes > (this.header as ObjectHeader).size) {
      // Not as the argument of `this.gunzip?.destroy(...)`: without gunzip it would never be made.
      const failure = this.fail(`body is more than the ${(this.header as ObjectHeader).size} bytes the header says`);
      this.gunzip?.destroy(failure);
      if (!this.gunzip) throw failure;
      return;
    }
    this.guard(() => this.writer?.write(chunk));
  }

  private guard<T>(op: () => T): T {
    try {
      return op();
    } catch (err) {
      if (err instanceof IntegrityError) throw (this.failure ??= err);
      if ((err as Error).name === 'BodyMismatchError') throw this.fail((err as Error).message);
      throw err;
    }
  }

  private fail(message: string): IntegrityError {
    this.failure ??= new IntegrityError(`${this.where}: ${message}`);
    return this.failure;
  }
}
