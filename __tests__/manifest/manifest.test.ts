import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, it } from 'node:test';
import { readActionLogs, writeActionLog } from '../../src/cacheprog/manifest/action-log.js';
import {
  decodeManifest,
  encodeManifest,
  ManifestError,
  MAX_MANIFEST_IDS,
} from '../../src/cacheprog/manifest/manifest-format.js';
import { sanitizeManifestKey } from '../../src/cacheprog/manifest/manifest-key.js';
import { ManifestStore } from '../../src/cacheprog/manifest/manifest-store.js';
import {
  idsDigest,
  readRestored,
  recordRestored,
  REWRITE_AFTER_MS,
  unchangedReason,
} from '../../src/cacheprog/manifest/restored-manifest.js';
import { tempDir } from '../helpers/proc.js';

const id = (n: number): string => crypto.createHash('sha256').update(String(n)).digest('hex');

describe('manifest format', () => {
  it('round-trips ids in order, without duplicates', () => {
    const ids = [id(3), id(1), id(3), id(2)];
    const m = decodeManifest(encodeManifest(ids, new Date('2026-01-02T03:04:05Z')));
    assert.deepEqual(m, { version: 1, created: '2026-01-02T03:04:05.000Z', actionIds: [id(3), id(1), id(2)] });
  });

  it(`keeps at most ${MAX_MANIFEST_IDS} ids`, () => {
    const ids = Array.from({ length: MAX_MANIFEST_IDS + 10 }, (_, i) => id(i));
    assert.equal(decodeManifest(encodeManifest(ids)).actionIds.length, MAX_MANIFEST_IDS);
  });

  it('refuses anything that is not a version 1 manifest of 64-hex ids', () => {
    const gz = (v: unknown): Buffer => zlib.gzipSync(typeof v === 'string' ? v : JSON.stringify(v));
    const bad: [string, Buffer, RegExp][] = [
      ['plain bytes', Buffer.from('hello'), /not gzip/],
      ['truncated gzip', encodeManifest([id(1)]).subarray(0, 10), /not gzip/],
      ['broken JSON', gz('{"version":1,'), /not JSON/],
      ['an array', gz([]), /unknown version/],
      ['version 2', gz({ version: 2, actionIds: [] }), /unknown version 2/],
      ['no ids', gz({ version: 1 }), /actionIds is not an array/],
      ['upper-case hex', gz({ version: 1, actionIds: [id(1).toUpperCase()] }), /not an action id/],
      ['a path', gz({ version: 1, actionIds: ['../../etc/passwd'] }), /not an action id/],
      ['a number', gz({ version: 1, actionIds: [7] }), /not an action id/],
      ['a gzip bomb', zlib.gzipSync(Buffer.alloc(40 * 1024 * 1024, 0x20)), /not gzip data of at most/],
    ];
    for (const [what, data, message] of bad) {
      assert.throws(
        () => decodeManifest(data),
        (err: unknown) => err instanceof ManifestError && message.test(err.message),
        what,
      );
    }
  });
});

describe('manifest keys', () => {
  it('keeps safe characters, maps the rest to _, and keeps a trailing / as a restore prefix', () => {
    assert.equal(
      sanitizeManifestKey('Linux-X64-go1.26.8-CI build-test/feature/x'),
      'Linux-X64-go1.26.8-CI_build-test/feature/x',
    );
    assert.equal(sanitizeManifestKey('job/'), 'job/');
    assert.equal(sanitizeManifestKey('/a//b/'), 'a/b/');
    assert.equal(sanitizeManifestKey('../../x'), '__/__/x');
    assert.equal(sanitizeManifestKey('a,b"c\'d'), 'a_b_c_d');
    assert.equal(sanitizeManifestKey('  '), '');
  });

  it('shortens very long keys with a hash, so they stay distinct', () => {
    const a = sanitizeManifestKey('x'.repeat(600));
    const b = sanitizeManifestKey(`${'x'.repeat(599)}y`);
    assert.equal(a.length, 512);
    assert.notEqual(a, b);
  });
});

describe('action logs', () => {
  it('writes one file per process and unions them oldest first, capped, skipping junk', () => {
    const dir = tempDir('action-logs');
    assert.equal(writeActionLog(dir, []), undefined, 'nothing to write, no file');
    const older = writeActionLog(dir, [id(1), id(2)]) as string;
    const newer = writeActionLog(dir, [id(2), id(3), 'junk']) as string;
    fs.utimesSync(older, new Date(1000), new Date(1000));
    fs.writeFileSync(path.join(dir, 'other.txt'), `${id(9)}\n`);
    assert.match(path.basename(newer), /^actions-\d+-[0-9a-f]+\.txt$/);
    assert.deepEqual(readActionLogs(dir, 100), [id(1), id(2), id(3)]);
    assert.deepEqual(readActionLogs(dir, 2), [id(1), id(2)]);
    assert.deepEqual(readActionLogs(path.join(dir, 'missing'), 10), []);
  });
});

describe('ManifestStore', () => {
  /** What manifests need of an object store, over a Map, with lastModified in write order. */
  function memoryS3() {
    const objects = new Map<string, { data: Buffer; time: number }>();
    let clock = 0;
    return {
      objects,
      async get(key: string) {
        return objects.get(key)?.data;
      },
      async put(key: string, data: Buffer | readonly Buffer[]) {
        const joined = Buffer.isBuffer(data) ? data : Buffer.concat(data);
        objects.set(key, { data: joined, time: ++clock });
        return { transferredBytes: joined.length };
      },
      async *list(prefix: string) {
        yield [...objects]
          .filter(([k]) => k.startsWith(prefix))
          .map(([key, v]) => ({ key, size: v.data.length, lastModified: new Date(v.time) }));
      },
    };
  }

  it('saves under manifests/v1/ and loads the first key that exists, a prefix meaning the newest under it', async () => {
    const s3 = memoryS3();
    const store = new ManifestStore(s3);
    assert.deepEqual(await store.save('job/main', [id(1)]), {
      key: 'job/main',
      bytes: s3.objects.get('manifests/v1/job/main')?.data.length,
    });
    await store.save('job/pr-x', [id(2)]);
    assert.equal((await store.load(['job/feature', 'job/main']))?.found?.manifest.actionIds[0], id(1));
    const newest = await store.load(['job/feature', 'job/']);
    assert.equal(newest.found?.key, 'job/pr-x');
    assert.deepEqual(await store.load(['nope/main', 'nope/']), { rejected: [] });
    await assert.rejects(store.save('job/', [id(1)]), ManifestError);
  });

  it('skips a corrupt manifest, says why, and goes on to the next key', async () => {
    const s3 = memoryS3();
    const store = new ManifestStore(s3);
    await s3.put('manifests/v1/job/feature', Buffer.from('junk'));
    await store.save('job/main', [id(1)]);
    const result = await store.load(['job/feature', 'job/main']);
    assert.equal(result.found?.key, 'job/main');
    assert.equal(result.rejected.length, 1);
    assert.match(result.rejected[0], /^job\/feature: not gzip/);
  });
});

describe('restored manifest', () => {
  it('skips a save only for the same key, the same set of ids, a pack when packs are wanted, and a copy less than a day old', () => {
    const dir = tempDir('restored');
    const ids = [id(1), id(2), id(3)];
    const now = Date.parse('2026-11-27T12:00:00Z');
    const created = new Date(now - 60_000).toISOString();
    recordRestored(dir, { key: 'job/main', digest: idsDigest(ids), ids: 3, created, hasPack: true });
    const restored = readRestored(dir);
    assert.ok(restored);
    assert.match(
      unchangedReason(restored, 'job/main', [id(3), id(1), id(2), id(1)], true, now) ?? '',
      /unchanged: the job used exactly the 3 entries of the manifest job\/main/,
    );
    assert.equal(unchangedReason(restored, 'job/feature', ids, true, now), undefined, 'another key');
    assert.equal(unchangedReason(restored, 'job/main', [...ids, id(4)], true, now), undefined, 'more ids');
    assert.equal(unchangedReason(restored, 'job/main', ids.slice(1), true, now), undefined, 'fewer ids');
    assert.equal(
      unchangedReason({ ...restored, hasPack: false }, 'job/main', ids, true, now),
      undefined,
      'no pack to keep',
    );
    assert.ok(unchangedReason({ ...restored, hasPack: false }, 'job/main', ids, false, now), 'no pack wanted');
    assert.equal(
      unchangedReason(restored, 'job/main', ids, true, Date.parse(created) + REWRITE_AFTER_MS),
      undefined,
      'a day old: rewrite',
    );
    assert.equal(
      unchangedReason(restored, 'job/main', ids, true, Date.parse(created) - 1),
      undefined,
      'from the future: rewrite',
    );
    assert.equal(unchangedReason(undefined, 'job/main', ids, true, now), undefined);
    assert.equal(readRestored(tempDir('restored-none')), undefined);
  });

  it('skips a save when the job used only some of the restored ids and built nothing new', () => {
    const dir = tempDir('restored-subset');
    const ids = [id(1), id(2), id(3), id(4)];
    const now = Date.parse('2026-11-27T12:00:00Z');
    recordRestored(
      dir,
      { key: 'job/main', digest: idsDigest(ids), ids: 4, created: new Date(now - 60_000).toISOString(), hasPack: true },
      ids,
    );
    const restored = readRestored(dir);
    assert.equal(restored?.idSet?.size, 4);
    assert.match(
      unchangedReason(restored, 'job/main', [id(2), id(4), id(2)], true, now) ?? '',
      /nothing new: the job used 2 of the 4 entries/,
    );
    assert.equal(unchangedReason(restored, 'job/main', [id(2), id(5)], true, now), undefined, 'one new id: save');
  });
});
