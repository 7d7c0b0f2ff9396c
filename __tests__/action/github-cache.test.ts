import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { githubCacheKeys, keyTime, moveIntoStore, stagePack } from '../../src/action/github-cache.js';
import { LocalStore } from '../../src/cacheprog/store/local-store.js';
import crypto from 'node:crypto';
import { tempDir } from '../helpers/proc.js';

const sha256Hex = (text: string): string => crypto.createHash('sha256').update(text).digest('hex');

describe('github cache keys', () => {
  it('saves under the branch with run id, attempt and time, and restores by prefix in the manifest key order', () => {
    const keys = githubCacheKeys({ key: 'Linux-X64-go1.26.8-CI-test/pr-feature', restoreKeys: ['Linux-X64-go1.26.8-CI-test/main', 'Linux-X64-go1.26.8-CI-test/'] }, { GITHUB_RUN_ID: '42', GITHUB_RUN_ATTEMPT: '2' }, 1_700_000_000_000);
    assert.equal(keys.saveKey, 'gobuildcache/v1/Linux-X64-go1.26.8-CI-test/pr-feature/42-2-1700000000000');
    assert.deepEqual(keys.restoreKeys, ['gobuildcache/v1/Linux-X64-go1.26.8-CI-test/pr-feature/', 'gobuildcache/v1/Linux-X64-go1.26.8-CI-test/main/', 'gobuildcache/v1/Linux-X64-go1.26.8-CI-test/']);
    assert.equal(keyTime(keys.saveKey), 1_700_000_000_000);
    assert.equal(keyTime('gobuildcache/v1/x/main/'), undefined);
  });

  it('keeps keys within the service limits: no commas, at most 512 characters, at most 10 keys', () => {
    const long = `${'j'.repeat(600)}/main`;
    const keys = githubCacheKeys({ key: long, restoreKeys: Array.from({ length: 20 }, (_, i) => `job,${i}/`) }, {});
    assert.ok(keys.saveKey.length <= 512);
    assert.ok(keys.restoreKeys.every((k) => !k.includes(',') && k.length <= 512));
    assert.ok(keys.restoreKeys.length + 1 <= 10);
  });
});

describe('pack staging and restore', () => {
  function put(store: LocalStore, body: string): { actionId: string; outputId: string } {
    const outputId = sha256Hex(body);
    const actionId = sha256Hex(`action:${body}`);
    store.putEntryWithOutput(actionId, { outputId, size: body.length, time: new Date() }, Buffer.from(body));
    return { actionId, outputId };
  }

  it('stages exactly the used entries (shared outputs once) and moves them into an empty store', () => {
    const src = new LocalStore(tempDir('pack-src'));
    src.init();
    const used = ['one', 'two', 'three'].map((b) => put(src, b));
    put(src, 'unused');
    const missing = sha256Hex('never stored');
    const pack = path.join(tempDir('pack'), 'pack');
    const staged = stagePack(src.dir, [...used.map((e) => e.actionId), missing], pack);
    assert.deepEqual(staged, { entries: 3, bytes: 'one'.length + 'two'.length + 'three'.length });

    const dst = new LocalStore(tempDir('pack-dst'));
    dst.init();
    const moved = moveIntoStore(pack, dst.dir);
    assert.deepEqual(moved.ids.sort(), used.map((e) => e.actionId).sort());
    for (const e of used) assert.equal(dst.get(e.actionId)?.outputId, e.outputId);
    assert.equal(dst.get(sha256Hex('action:unused')), undefined);
  });

  it('never publishes an index line whose output did not arrive, and keeps what the store has', () => {
    const src = new LocalStore(tempDir('pack-src'));
    src.init();
    const a = put(src, 'alpha');
    const b = put(src, 'beta');
    const pack = path.join(tempDir('pack'), 'pack');
    stagePack(src.dir, [a.actionId, b.actionId], pack);
    fs.rmSync(path.join(pack, 'o', b.outputId.slice(0, 2), b.outputId));
    const dst = new LocalStore(tempDir('pack-dst'));
    dst.init();
    const moved = moveIntoStore(pack, dst.dir);
    assert.deepEqual(moved.ids, [a.actionId]);
    assert.equal(dst.get(b.actionId), undefined);
  });
});
