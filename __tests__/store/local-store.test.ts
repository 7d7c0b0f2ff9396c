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

describe('LocalStore: a verified download stored from a server event loop', () => {
  it('putEntryWithOutputAsync leaves exactly the files the sync path leaves, and get finds the entry', async () => {
    const body = crypto.randomBytes(70 * 1024);
    const actionId = sha('action');
    const meta = { outputId: sha(body), size: body.length, time: new Date('2026-12-01T08:00:00.000Z') };
    const viaSync = new LocalStore(tempDir('store-sync'));
    const viaAsync = new LocalStore(tempDir('store-async'));
    viaSync.init();
    viaAsync.init();
    viaSync.putEntryWithOutput(actionId, meta, body);
    const entry = await viaAsync.putEntryWithOutputAsync(actionId, meta, body);

    assert.deepEqual(files(viaAsync.dir), files(viaSync.dir));
    assert.deepEqual(files(viaAsync.dir), [path.join('a', actionId.slice(0, 2), actionId), path.join('o', meta.outputId.slice(0, 2), meta.outputId)]);
    for (const f of files(viaSync.dir)) assert.ok(fs.readFileSync(path.join(viaAsync.dir, f)).equals(fs.readFileSync(path.join(viaSync.dir, f))), f);
    assert.equal(entry.diskPath, viaAsync.outputPath(meta.outputId));
    assert.deepEqual(viaAsync.get(actionId), { ...meta, diskPath: entry.diskPath });
  });

  it('a second action naming the same output reuses the file on disk, and concurrent stores of one entry leave no temp file', async () => {
    const store = new LocalStore(tempDir('store-reuse'));
    store.init();
    const body = Buffer.from('the same output for two actions\n');
    const meta = { outputId: sha(body), size: body.length, time: new Date() };
    const [a, b] = [sha('a'), sha('b')];
    await Promise.all([store.putEntryWithOutputAsync(a, meta, body), store.putEntryWithOutputAsync(a, meta, body)]);
    const output = store.outputPath(meta.outputId);
    const inode = fs.statSync(output).ino;
    await store.putEntryWithOutputAsync(b, meta, body);
    assert.equal(fs.statSync(output).ino, inode, 'the output was not written again');
    assert.equal(store.get(a)?.diskPath, output);
    assert.equal(store.get(b)?.diskPath, output);
    assert.deepEqual(files(store.dir).filter((f) => path.basename(f).startsWith('.tmp-')), []);
  });
});
