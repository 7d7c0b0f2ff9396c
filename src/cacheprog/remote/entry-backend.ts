import { HEX_ID } from '../protocol/types.js';
import type { Backend, BodySpill, EntryMeta, RemoteEntry, UploadResult } from './backend.js';
import { decodeObject, encodeObjectParts, LAYOUT_VERSION, objectKey } from './object-format.js';
import type { ObjectStore } from './object-store.js';
import { SpillSink } from './spill-sink.js';

/** Where entries live under a store's prefix: one object per action id (see object-format.ts). */
const ENTRY_DIR = `${LAYOUT_VERSION}/`;

/**
 * The cache entries of an object store: one self-describing object per action id, encoded and
 * decoded by object-format.ts, whatever the provider behind the store. Verification, scopes and
 * the rest are decorators around it (see open-remote.ts).
 */
export class EntryBackend implements Backend {
  readonly name: string;

  constructor(
    readonly store: ObjectStore,
    private readonly options: { compression: boolean },
  ) {
    this.name = store.name;
  }

  /** The entries under <prefix><subPrefix> (a trust scope), on the same connections. */
  view(subPrefix: string): EntryBackend {
    return new EntryBackend(this.store.view(subPrefix), this.options);
  }

  async get(actionId: string, signal?: AbortSignal, spill?: BodySpill): Promise<RemoteEntry | undefined> {
    const key = objectKey('', actionId);
    let sink: SpillSink | undefined;
    // A new sink per answer: a request retried on another path starts over.
    const sinkFor =
      spill &&
      ((length: number): SpillSink =>
        (sink = new SpillSink(actionId, spill, length, `remote object for action ${actionId.slice(0, 16)}…`)));
    let raw: Buffer | undefined;
    try {
      raw = await this.store.get(key, { signal, sink: sinkFor });
    } catch (err) {
      // The request's error wrapping would make a bad object look like a network failure.
      if (sink?.failure) throw sink.failure;
      throw err;
    }
    if (raw === undefined) return undefined;
    if (sink?.spilled) return { ...sink.spilled, body: raw, spilled: true, transferredBytes: sink.transferred };
    const decoded = await decodeObject(raw, actionId);
    return { ...decoded.meta, body: decoded.body, transferredBytes: raw.length };
  }

  async put(actionId: string, meta: EntryMeta, body: Buffer, signal?: AbortSignal): Promise<UploadResult> {
    const key = objectKey('', actionId);
    // Header and payload go out one after the other: a big output is never copied to join them.
    const parts = await encodeObjectParts(actionId, meta, body, { compression: this.options.compression });
    return this.store.put(key, parts, signal);
  }

  check(signal?: AbortSignal): Promise<void> {
    return this.store.check(signal);
  }

  /** A read of an entry key that none has: proves objects may be read, which check() cannot. */
  probe(signal?: AbortSignal): Promise<void> {
    return this.store.probe(objectKey('', '0'.repeat(64)), signal);
  }

  /** Deletes every object under the prefix (entries, manifests, packs), page by page, and nothing else. */
  async clear(): Promise<number> {
    let deleted = 0;
    for await (const page of this.store.list('', { maintenance: true })) {
      if (page.length > 0) deleted += await this.store.delete(page.map((o) => o.key));
    }
    return deleted;
  }

  /**
   * Every action id stored under the prefix, listed in parallel shards by the first hex digit
   * where the store lists by any prefix (else one lister walks it all). Undefined when the
   * listing passes `cap` ids: a bucket that big is asked key by key.
   */
  async listActionIds(cap: number, signal?: AbortSignal): Promise<Set<string> | undefined> {
    const shards = this.store.listsAnyPrefix ? [...'0123456789abcdef'].map((c) => `${ENTRY_DIR}${c}`) : [ENTRY_DIR];
    const ids = new Set<string>();
    let over = false;
    await Promise.all(
      shards.map(async (shard) => {
        for await (const page of this.store.list(shard, { signal })) {
          for (const { key } of page) {
            const id = key.slice(ENTRY_DIR.length);
            if (HEX_ID.test(id)) ids.add(id);
          }
          if (ids.size > cap) over = true;
          if (over) break;
        }
      }),
    );
    return over ? undefined : ids;
  }

  close(): Promise<void> {
    return this.store.close();
  }
}
