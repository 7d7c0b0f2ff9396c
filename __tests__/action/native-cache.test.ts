import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { formatActionEntry, outputOf, parseActionEntry } from '../../src/action/gocache-dir.js';
import { NATIVE_BY_DEFAULT, useNativeCache } from '../../src/action/native-cache.js';
import { LocalStore } from '../../src/cacheprog/store/local-store.js';
import { tempDir } from '../helpers/proc.js';

const sha256Hex = (data: string | Buffer): string => crypto.createHash('sha256').update(data).digest('hex');

describe('native-cache', () => {
  it('true and false are what they say; auto is the one named default', () => {
    assert.equal(useNativeCache({ nativeCache: 'true' }), true);
    assert.equal(useNativeCache({ nativeCache: 'false' }), false);
    assert.equal(useNativeCache({ nativeCache: 'auto' }), NATIVE_BY_DEFAULT);
  });

  it("writes an action entry exactly as go's own check reads it", () => {
    const entry = { actionId: 'a'.repeat(64), outputId: 'b'.repeat(64), size: 12345 };
    const line = formatActionEntry(entry, new Date(1_700_000_000_123));
    assert.equal(line.length, 175);
    assert.match(line, / 12345 {2}1700000000123000000\n$/);
    assert.deepEqual(parseActionEntry(line), entry);
  });

  it("a local store lists its entries and adopts go's outputs by link, not by copy", () => {
    const dir = tempDir('native-store');
    const body = Buffer.from('compiled package');
    const outputId = sha256Hex(body);
    const gocache = path.join(dir, 'go-build');
    fs.mkdirSync(path.join(gocache, outputId.slice(0, 2)), { recursive: true });
    fs.writeFileSync(path.join(gocache, outputId.slice(0, 2), `${outputId}-d`), body);
    const out = outputOf(gocache, outputId);
    assert.ok(out);
    const store = new LocalStore(path.join(dir, 'store'));
    store.init();
    const actionId = 'c'.repeat(64);
    store.adoptEntry(actionId, { outputId, size: body.length, time: new Date() }, out.file);
    const listed = [...store.entries()];
    assert.deepEqual(
      listed.map((e) => [e.actionId, e.entry.outputId]),
      [[actionId, outputId]],
    );
    assert.equal(fs.statSync(listed[0].entry.diskPath).ino, fs.statSync(out.file).ino);
  });
});
