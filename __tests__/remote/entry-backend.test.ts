// The entry backend over an object store that is not S3: what a second provider (GCS) must offer.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { describe, it } from 'node:test';
import { EntryBackend } from '../../src/cacheprog/remote/entry-backend.js';
import {
  checkObjectKey,
  type GetOptions,
  type ListOptions,
  type ObjectInfo,
  type ObjectStore,
} from '../../src/cacheprog/remote/object-store.js';

/** Objects in a Map under a prefix; lists in pages of two, to exercise paging. */
class MapStore implements ObjectStore {
  readonly name: string;
  constructor(
    readonly objects = new Map<string, Buffer>(),
    readonly prefix = 'cache/',
    readonly listsAnyPrefix = true,
  ) {
    this.name = `map://${prefix}`;
  }
  listed: string[] = [];
  async get(key: string, { sink }: GetOptions = {}): Promise<Buffer | undefined> {
    checkObjectKey(key);
    const data = this.objects.get(`${this.prefix}${key}`);
    if (data === undefined || !sink) return data;
    const s = sink(data.length);
    s.push(data);
    return s.end();
  }
  async put(key: string, body: Buffer | readonly Buffer[]) {
    checkObjectKey(key);
    const data = Buffer.isBuffer(body) ? body : Buffer.concat(body);
    this.objects.set(`${this.prefix}${key}`, data);
    return { transferredBytes: data.length };
  }
  async *list(keyPrefix: string, _options?: ListOptions): AsyncIterable<ObjectInfo[]> {
    if (!this.listsAnyPrefix && keyPrefix !== '' && !keyPrefix.endsWith('/'))
      throw new Error(`cannot list "${keyPrefix}"`);
    this.listed.push(keyPrefix);
    const keys = [...this.objects.keys()]
      .filter((k) => k.startsWith(`${this.prefix}${keyPrefix}`))
      .map((k) => k.slice(this.prefix.length));
    for (let i = 0; i < keys.length; i += 2) yield keys.slice(i, i + 2).map((key) => ({ key }));
  }
  async delete(keys: readonly string[]) {
    for (const k of keys) this.objects.delete(`${this.prefix}${k}`);
    return keys.length;
  }
  async check() {}
  async probe() {}
  view(subPrefix: string): MapStore {
    return new MapStore(this.objects, `${this.prefix}${subPrefix}`, this.listsAnyPrefix);
  }
  async close() {}
}

const id = () => crypto.randomBytes(32).toString('hex');
const metaOf = (body: Buffer) => ({
  outputId: crypto.createHash('sha256').update(body).digest('hex'),
  size: body.length,
  time: new Date('2026-01-02T03:04:05.000Z'),
});

describe('EntryBackend', () => {
  it('round-trips entries as self-describing objects under v1/', async () => {
    const store = new MapStore();
    const backend = new EntryBackend(store, { compression: true });
    const a = id();
    const body = Buffer.from('text that compresses\n'.repeat(500));
    const up = await backend.put(a, metaOf(body), body);
    assert.ok(up.transferredBytes < body.length);
    assert.deepEqual([...store.objects.keys()], [`cache/v1/${a}`]);
    const got = await backend.get(a);
    assert.ok(got?.body.equals(body));
    assert.equal(got?.time.toISOString(), '2026-01-02T03:04:05.000Z');
    assert.equal(await backend.get(id()), undefined);
  });

  it('lists action ids in shards where the store lists by any prefix, else in one walk; undefined past the cap', async () => {
    for (const anyPrefix of [true, false]) {
      const store = new MapStore(new Map(), 'cache/', anyPrefix);
      const backend = new EntryBackend(store, { compression: false });
      const ids = Array.from({ length: 7 }, id);
      for (const i of ids) await backend.put(i, metaOf(Buffer.from(i)), Buffer.from(i));
      await store.put('manifests/v1/job', Buffer.from('not an entry'));
      assert.deepEqual([...((await backend.listActionIds(100)) ?? [])].sort(), [...ids].sort());
      assert.equal(store.listed.length, anyPrefix ? 16 : 1);
      assert.equal(await backend.listActionIds(6), undefined);
    }
  });

  it('clears everything under its prefix and nothing else; a view is a prefix below', async () => {
    const store = new MapStore();
    const backend = new EntryBackend(store, { compression: false });
    const scoped = backend.view('scopes/pr-1/');
    const a = id();
    await backend.put(a, metaOf(Buffer.from('a')), Buffer.from('a'));
    await scoped.put(a, metaOf(Buffer.from('b')), Buffer.from('b'));
    await store.put('manifests/v1/job', Buffer.from('m'));
    store.objects.set('cache-other/v1/x', Buffer.from('outside'));
    assert.equal((await scoped.get(a))?.body.toString(), 'b');
    assert.equal(await scoped.clear(), 1);
    assert.equal((await backend.get(a))?.body.toString(), 'a');
    assert.equal(await backend.clear(), 2);
    assert.deepEqual([...store.objects.keys()], ['cache-other/v1/x']);
  });
});
