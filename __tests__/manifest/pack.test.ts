import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import zlib from 'node:zlib';
import { describe, it } from 'node:test';
import { decodeManifest, encodeManifest, type PartRef } from '../../src/cacheprog/manifest/manifest-format.js';
import { reusableParts, PART_REUSE_MS } from '../../src/cacheprog/manifest/save-manifest.js';
import { buildPackParts, readPackPart, type PackPart, type PackRecord } from '../../src/cacheprog/manifest/pack.js';
import type { IntegrityError } from '../../src/cacheprog/remote/backend.js';
import { LocalStore } from '../../src/cacheprog/store/local-store.js';
import { tempDir } from '../helpers/proc.js';

const sha = (b: Buffer | string): string => crypto.createHash('sha256').update(b).digest('hex');

/** A local store holding n entries; bodies alternate compressible text and random bytes. */
function storeWith(n: number): { store: LocalStore; ids: string[]; bodies: Map<string, Buffer> } {
  const store = new LocalStore(tempDir('pack-store'));
  store.init();
  const ids: string[] = [];
  const bodies = new Map<string, Buffer>();
  for (let i = 0; i < n; i++) {
    const body = i % 2 === 0 ? Buffer.from(`package p${i}\n`.repeat(200 + i)) : crypto.randomBytes(3000 + i);
    const actionId = sha(`action ${i}`);
    store.putEntryWithOutput(
      actionId,
      { outputId: sha(body), size: body.length, time: new Date(1_700_000_000_000 + i) },
      body,
    );
    ids.push(actionId);
    bodies.set(actionId, body);
  }
  return { store, ids, bodies };
}

async function collect<T>(it: AsyncIterable<T> | Iterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

async function readAll(parts: PackPart[]): Promise<{ records: PackRecord[]; rejects: IntegrityError[] }> {
  const rejects: IntegrityError[] = [];
  const records: PackRecord[] = [];
  for (const [i, part] of parts.entries())
    records.push(...(await collect(readPackPart(part.data, `part ${i}`, (e) => rejects.push(e)))));
  return { records, rejects };
}

describe('packs', () => {
  it('packs big bodies (compressed off the main thread) and small ones in first-use order, and reads them back intact', async () => {
    const store = new LocalStore(tempDir('pack-big'));
    store.init();
    const bodies = [
      Buffer.from('package big\n'.repeat(30_000)),
      crypto.randomBytes(150_000),
      Buffer.from('small'),
      Buffer.from('x'.repeat(70_000)),
    ];
    const ids = bodies.map((body, i) => {
      const actionId = sha(`big ${i}`);
      store.putEntryWithOutput(actionId, { outputId: sha(body), size: body.length, time: new Date() }, body);
      return actionId;
    });
    const parts: PackPart[] = [];
    for await (const part of buildPackParts(store, ids, { compression: true, partBytes: 100_000 })) parts.push(part);
    assert.deepEqual(
      parts.flatMap((p) => p.ids),
      ids,
    );
    const read = parts.flatMap((p) => [...readPackPart(p.data, 'test part', (err) => assert.fail(err.message))]);
    assert.deepEqual(
      read.map((r) => r.actionId),
      ids,
    );
    read.forEach((r, i) => assert.ok(r.body.equals(bodies[i]), `body ${i}`));
    assert.ok(
      parts.reduce((n, p) => n + p.data.length, 0) < 150_000 + 80_000,
      'the compressible bodies were compressed',
    );
  });

  it('leaves an entry bigger than aloneBytes out of the pack: the prefetch fetches it on its own', async () => {
    const store = new LocalStore(tempDir('pack-alone'));
    store.init();
    const bodies = [Buffer.from('small one'), crypto.randomBytes(200_001)];
    const ids = bodies.map((body, i) => {
      const actionId = sha(`alone ${i}`);
      store.putEntryWithOutput(actionId, { outputId: sha(body), size: body.length, time: new Date() }, body);
      return actionId;
    });
    const skipped: string[] = [];
    const parts: PackPart[] = [];
    for await (const part of buildPackParts(store, ids, {
      compression: true,
      aloneBytes: 200_000,
      onSkip: (id) => skipped.push(id),
    }))
      parts.push(part);
    assert.deepEqual(
      parts.flatMap((p) => p.ids),
      [ids[0]],
    );
    assert.deepEqual(skipped, [], 'not reported as missing or damaged');
  });

  it('round-trip every entry in manifest order, split into parts of about the asked size', async () => {
    const { store, ids, bodies } = storeWith(40);
    const parts = await collect(buildPackParts(store, ids, { compression: true, partBytes: 20_000 }));
    assert.ok(parts.length >= 3, `${parts.length} parts`);
    assert.equal(
      parts.reduce((n, p) => n + p.entries, 0),
      40,
    );
    const { records, rejects } = await readAll(parts);
    assert.deepEqual(rejects, []);
    assert.deepEqual(
      records.map((r) => r.actionId),
      ids,
    );
    for (const r of records) {
      assert.ok(r.body.equals(bodies.get(r.actionId) as Buffer));
      assert.equal(r.meta.outputId, sha(r.body));
    }
    assert.equal(
      records.reduce((n, r) => n + r.storedBytes, 0),
      parts.reduce((n, p) => n + p.data.length, 0),
    );
  });

  it('leave out entries the store lacks or holds damaged, and say which', async () => {
    const { store, ids } = storeWith(6);
    const entry = store.get(ids[2]);
    assert.ok(entry);
    // Same size, other bytes: the store's size check passes, only the hash can tell.
    const bytes = fs.readFileSync(entry.diskPath);
    bytes[0] = (bytes[0] ?? 0) ^ 0xff;
    fs.writeFileSync(entry.diskPath, bytes);
    const skipped: string[] = [];
    const parts = await collect(
      buildPackParts(store, [...ids, sha('unknown')], {
        compression: false,
        onSkip: (id, why) => skipped.push(`${id.slice(0, 8)} ${why}`),
      }),
    );
    assert.equal(parts.length, 1);
    assert.equal(parts[0]?.entries, 5);
    assert.equal(skipped.length, 2);
    assert.match(skipped[0] ?? '', /local output for action .*: sha256 is/);
    assert.match(skipped[1] ?? '', /not in the local cache/);
  });

  it('reject a damaged record and go on with the next; stop at damaged framing', async () => {
    const { store, ids } = storeWith(5);
    const [part] = await collect(buildPackParts(store, ids, { compression: false }));
    assert.ok(part);
    const data = Buffer.from(part.data);
    const payloadStart = data.indexOf(0x0a, data.indexOf(0x0a) + 1) + 1;
    data[payloadStart + 3] = (data[payloadStart + 3] ?? 0) ^ 0xff;
    const damaged = await readAll([{ data, entries: 5, ids }]);
    assert.deepEqual(
      damaged.records.map((r) => r.actionId),
      ids.slice(1),
    );
    assert.equal(damaged.rejects.length, 1);
    assert.match(damaged.rejects[0]?.message ?? '', /part 0: record for action .*sha256/);

    const truncated = await readAll([{ data: part.data.subarray(0, part.data.length - 7), entries: 5, ids }]);
    assert.equal(truncated.records.length, 4, 'everything before the cut');
    assert.match(truncated.rejects[0]?.message ?? '', /truncated/);

    const garbage = await readAll([
      { data: Buffer.concat([part.data, Buffer.from('junk after the last record')]), entries: 5, ids },
    ]);
    assert.equal(garbage.records.length, 5);
    assert.match(garbage.rejects[0]?.message ?? '', /does not start with/);
  });

  it('are named by the manifest; an unusable pack description is dropped, not fatal', () => {
    const id = sha('x');
    const withPack = decodeManifest(encodeManifest([id], new Date(0), { parts: 2, entries: 1, bytes: 10 }));
    assert.deepEqual(withPack.pack, { parts: 2, entries: 1, bytes: 10 });
    const gz = (pack: unknown): Buffer => Buffer.from(encodeManifest([id], new Date(0), pack as never));
    for (const bad of [
      { parts: 0, entries: 1, bytes: 1 },
      { parts: -1, entries: 1, bytes: 1 },
      { parts: 'many', entries: 1, bytes: 1 },
      { parts: 1e9, entries: 1, bytes: 1 },
    ]) {
      const m = decodeManifest(gz(bad));
      assert.equal(m.pack, undefined, JSON.stringify(bad));
      assert.deepEqual(m.actionIds, [id]);
    }
  });

  it('content-addressed parts round-trip with the ids each holds; a malformed part list is dropped whole', () => {
    const ids = [sha('a'), sha('b'), sha('c')];
    const parts: PartRef[] = [
      { key: sha('part 1'), bytes: 100, records: 2, created: new Date(0).toISOString(), ids: [ids[2], ids[0]] },
      // An id the manifest does not list is left out of the part's entries (the record is skipped on read).
      { key: sha('part 2'), bytes: 50, records: 2, created: new Date(0).toISOString(), ids: [ids[1], sha('gone')] },
    ];
    const m = decodeManifest(encodeManifest(ids, new Date(0), parts));
    assert.equal(m.pack, undefined, 'no numbered pack: an older reader fetches entry by entry');
    assert.deepEqual(m.packParts, [parts[0], { ...parts[1], ids: [ids[1]] }]);
    const stored = JSON.parse(zlib.gunzipSync(encodeManifest(ids, new Date(0), parts)).toString()) as {
      version: number;
      packParts: { entries: number[] }[];
    };
    assert.equal(stored.version, 1, 'still a version 1 manifest: older readers read its ids');
    assert.deepEqual(
      stored.packParts.map((p) => p.entries),
      [[2, 0], [1]],
      'entries are indices into actionIds',
    );
    const raw = (packParts: unknown): Buffer =>
      zlib.gzipSync(JSON.stringify({ version: 1, created: '', actionIds: ids, packParts }));
    const good = { key: sha('p'), bytes: 1, records: 1, created: '', entries: [0] };
    for (const bad of [
      [{ ...good, key: 'not-hex' }],
      [{ ...good, entries: [3] }],
      [{ ...good, entries: [0, 1] }],
      [{ ...good, bytes: -1 }],
      [good, 'junk'],
      [],
    ]) {
      const d = decodeManifest(raw(bad));
      assert.equal(d.packParts, undefined, JSON.stringify(bad));
      assert.deepEqual(d.actionIds, ids);
    }
    assert.deepEqual(decodeManifest(raw([good])).packParts?.[0]?.ids, [ids[0]]);
  });

  it('a save reuses the parts of the previous one that are young and mostly still used, and packs the rest anew', () => {
    const ids = Array.from({ length: 12 }, (_, i) => sha(`id ${i}`));
    const now = Date.parse('2026-12-01T00:00:00Z');
    const part = (n: number, partIds: string[], ageMs = 60_000, records = partIds.length): PartRef => ({
      key: sha(`part ${n}`),
      bytes: 1000 * n,
      records,
      created: new Date(now - ageMs).toISOString(),
      ids: partIds,
    });
    const previous = {
      version: 1 as const,
      created: '',
      actionIds: ids,
      packParts: [
        part(1, ids.slice(0, 4)), // all still used: reused
        part(2, ids.slice(4, 8)), // one of four no longer used: 3/4 live, reused without it
        part(3, ids.slice(8, 10), PART_REUSE_MS + 1), // too old: rewritten
        part(4, ids.slice(10, 12), 60_000, 8), // 2 of 8 records live: rewritten
      ],
    };
    const used = [...ids.slice(0, 5), ...ids.slice(6), sha('new')];
    const { reused, fresh } = reusableParts(previous, used, now);
    assert.deepEqual(
      reused.map((p) => p.key),
      [sha('part 1'), sha('part 2')],
    );
    assert.deepEqual(reused[1]?.ids, [ids[4], ids[6], ids[7]], 'narrowed to what this job used');
    assert.deepEqual(fresh, [...ids.slice(8), sha('new')], 'in first-use order');
    assert.deepEqual(reusableParts(undefined, used, now), { reused: [], fresh: used });
    // A part listed twice (or two parts sharing an id) never makes an id covered twice.
    const twice = reusableParts(
      { ...previous, packParts: [part(1, ids.slice(0, 4)), part(5, ids.slice(0, 4))] },
      ids,
      now,
    );
    assert.deepEqual(
      twice.reused.map((p) => p.key),
      [sha('part 1')],
    );
  });
});
