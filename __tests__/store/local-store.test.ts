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
      assert.deepEqual(shards, Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0')));
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
    assert.deepEqual(files(store.dir), [path.join('a', a.slice(0, 2), a), path.join('a', b.slice(0, 2), b), path.join('o', meta.outputId.slice(0, 2), meta.outputId)].sort());
  });
});
