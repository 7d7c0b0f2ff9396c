// An in-memory Backend for the decorator unit tests: it records calls and fails on demand, so a
// test can drive a decorator through every path without a network. The S3 backend itself is
// tested against a real server in s3.integration.test.ts.
import type { Backend, EntryMeta, RemoteEntry, UploadResult } from '../../src/cacheprog/remote/backend.js';

export type Behaviour = 'ok' | 'fail' | 'hang';

export class MemoryBackend implements Backend {
  readonly name = 'memory';
  readonly entries = new Map<string, { meta: EntryMeta; body: Buffer }>();
  readonly calls: string[] = [];
  /** What the next calls do; the last element repeats. */
  behaviour: Behaviour = 'ok';
  failure: () => Error = () => new Error('memory backend failure');

  private async act(call: string, signal?: AbortSignal): Promise<void> {
    this.calls.push(call);
    if (this.behaviour === 'fail') throw this.failure();
    if (this.behaviour === 'hang') {
      await new Promise<void>((_resolve, reject) => {
        signal?.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
      });
    }
  }

  async get(actionId: string, signal?: AbortSignal): Promise<RemoteEntry | undefined> {
    await this.act(`get ${actionId.slice(0, 4)}`, signal);
    const e = this.entries.get(actionId);
    return e && { ...e.meta, body: e.body, transferredBytes: e.body.length };
  }

  async put(actionId: string, meta: EntryMeta, body: Buffer, signal?: AbortSignal): Promise<UploadResult> {
    await this.act(`put ${actionId.slice(0, 4)}`, signal);
    this.entries.set(actionId, { meta, body });
    return { transferredBytes: body.length };
  }

  async check(signal?: AbortSignal): Promise<void> {
    await this.act('check', signal);
  }

  async clear(): Promise<number> {
    await this.act('clear');
    const n = this.entries.size;
    this.entries.clear();
    return n;
  }

  async close(): Promise<void> {
    this.calls.push('close');
  }
}
