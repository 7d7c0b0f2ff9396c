import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { LocalStore } from '../../src/cacheprog/store/local-store.js';
import { tempDir } from '../helpers/proc.js';

const sha = (b: Buffer | string): string => crypto.createHash('sha256').update(b).digest('hex');

/** Every file under dir, relative, sorted: temp files (".tmp-…") included, so a leftover shows. */
function files(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

describe('LocalStore', () => {
  it('createShards makes the 256 shard directories of a/ and o/, keeps what is in them, and stores still work', async () => {
    const store = new LocalStore(tempDir('store-shards'));
    store.init();
    const body = Buffer.from('stored before the shards were made\n');
    const before = { outputId: sha(body), size: body.length, time: new Date() };
    store.putEntryWithOutput(sha('before'), before, body);
    await store.createShards();
    await store.createShards();
    for (const sub of ['a', 'o']) {
      const shards = fs.readdirSync(path.join(store.dir, sub)).sort();
      assert.equal(shards.length, 256, sub);
      assert.deepEqual(
        shards,
        Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0')),
      );
    }
    assert.equal(store.get(sha('before'))?.outputId, before.outputId, 'an entry stored before is still there');
    const after = crypto.randomBytes(4096);
    const meta = { outputId: sha(after), size: after.length, time: new Date() };
    store.putEntryWithOutput(sha('after'), meta, after);
    assert.ok(fs.readFileSync(store.get(sha('after'))?.diskPath as string).equals(after));
  });

  it('a second action naming the same output reuses the file on disk and leaves no temp file', () => {
    const store = new LocalStore(tempDir('store-reuse'));
    store.init();
    const body = Buffer.from('the same output for two actions\n');
    const meta = { outputId: sha(body), size: body.length, time: new Date() };
    const [a, b] = [sha('a'), sha('b')];
    store.putEntryWithOutput(a, meta, body);
    const output = store.outputPath(meta.outputId);
    const inode = fs.statSync(output).ino;
    store.putEntryWithOutput(b, meta, body);
    assert.equal(fs.statSync(output).ino, inode, 'the output was not written again');
    assert.equal(store.get(a)?.diskPath, output);
    assert.equal(store.get(b)?.diskPath, output);
    assert.deepEqual(
      files(store.dir),
      [
        path.join('a', a.slice(0, 2), a),
        path.join('a', b.slice(0, 2), b),
        path.join('o', meta.outputId.slice(0, 2), meta.outputId),
      ].sort(),
    );
  });

  it('makes a deleted shard or cache dir again: a streamed put whose directory vanished mid-body is still stored', () => {
    const store = new LocalStore(tempDir('store-vanish'));
    store.init();
    const body = Buffer.from('x'.repeat(5000));
    const meta = { outputId: sha(body), size: body.length, time: new Date() };
    store.putEntryWithOutput(sha('a1'), meta, body);
    fs.rmSync(store.dir, { recursive: true, force: true });
    assert.equal(store.get(sha('a1')), undefined, 'a hit whose files are gone is a miss');
    store.putEntryWithOutput(sha('a1'), meta, body);
    assert.equal(store.get(sha('a1'))?.size, body.length, 'stored again in directories made again');

    const streamed = Buffer.from('y'.repeat(3000));
    const writer = store.beginOutput(sha(streamed), streamed.length);
    writer.write(streamed.subarray(0, 1000));
    fs.rmSync(store.dir, { recursive: true, force: true });
    writer.write(streamed.subarray(1000));
    writer.finish();
    assert.deepEqual(fs.readFileSync(store.outputPath(sha(streamed))), streamed);
    store.putEntry(sha('a2'), { outputId: sha(streamed), size: streamed.length, time: new Date() });
    assert.equal(store.get(sha('a2'))?.outputId, sha(streamed));
    assert.deepEqual(
      files(store.dir).filter((f) => f.includes('.tmp-')),
      [],
      'no temp file left',
    );
  });

  it('reads a shared store after its own, never writes or touches it', () => {
    const shared = new LocalStore(tempDir('store-shared'));
    shared.init();
    const body = Buffer.from('in the shared store');
    const meta = { outputId: sha(body), size: body.length, time: new Date() };
    shared.putEntryWithOutput(sha('s1'), meta, body);
    const old = new Date(Date.now() - 2 * 60 * 60 * 1000);
    const index = path.join(shared.dir, 'a', sha('s1').slice(0, 2), sha('s1'));
    fs.utimesSync(index, old, old);
    const before = files(shared.dir);

    const own = new LocalStore(tempDir('store-own'), shared);
    own.init();
    const hit = own.get(sha('s1'));
    assert.equal(hit?.diskPath, shared.outputPath(meta.outputId), 'served from the shared store');
    // Within a millisecond: mtimeMs carries the filesystem's sub-millisecond rounding.
    assert.ok(Math.abs(fs.statSync(index).mtimeMs - old.getTime()) < 1, 'a hit does not mark the shared entry used');
    const writer = own.beginOutput(meta.outputId, meta.size);
    writer.write(body);
    writer.finish();
    own.putEntry(sha('s2'), meta);
    assert.equal(
      own.get(sha('s2'))?.diskPath,
      own.outputPath(meta.outputId),
      'a put lands in the own store, output included',
    );
    assert.deepEqual(files(shared.dir), before, 'the shared store is unchanged');
  });
});
