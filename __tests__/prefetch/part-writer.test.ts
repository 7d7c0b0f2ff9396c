import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, it } from 'node:test';
import { storePackPart } from '../../src/cacheprog/manifest/pack.js';
import { startPartWriter } from '../../src/cacheprog/prefetch/part-writer.js';
import { Logger } from '../../src/cacheprog/log.js';
import { IntegrityError } from '../../src/cacheprog/remote/backend.js';
import {
  decodePayload,
  decodePayloadSync,
  encodeObject,
  readObjectFrame,
} from '../../src/cacheprog/remote/object-format.js';
import { LocalStore } from '../../src/cacheprog/store/local-store.js';
import { tempDir } from '../helpers/proc.js';

const sha = (b: Buffer | string): string => crypto.createHash('sha256').update(b).digest('hex');

interface Entry {
  actionId: string;
  body: Buffer;
}

/** A pack part of n entries (compressible text and random bytes, some big), as save-manifest writes one. */
async function partOf(n: number): Promise<{ data: Buffer; entries: Entry[] }> {
  const entries: Entry[] = [];
  const objects: Buffer[] = [];
  for (let i = 0; i < n; i++) {
    const body =
      i % 3 === 0
        ? Buffer.from(`func F${i}() {}\n`.repeat(i === 0 ? 100_000 : 50 + i))
        : crypto.randomBytes(500 + i * 7);
    const actionId = sha(`writer action ${i} ${Math.random()}`);
    entries.push({ actionId, body });
    objects.push(
      await encodeObject(
        actionId,
        { outputId: sha(body), size: body.length, time: new Date(1_700_000_000_000 + i) },
        body,
        { compression: true },
      ),
    );
  }
  return { data: Buffer.concat(objects), entries };
}

/** The bytes each record takes in a part. */
function frameSizes(data: Buffer): number[] {
  const sizes: number[] = [];
  for (let offset = 0; offset < data.length;) {
    const { end } = readObjectFrame(data, offset, 'part');
    sizes.push(end - offset);
    offset = end;
  }
  return sizes;
}

function newStore(): LocalStore {
  const store = new LocalStore(tempDir('part-writer'));
  store.init();
  return store;
}

const quiet = (): { log: Logger; lines: string[] } => {
  const lines: string[] = [];
  return { log: new Logger(true, (l) => void lines.push(l)), lines };
};

/** Every stored entry reads back through the store as go's gets would, with the body it was packed with. */
function assertStored(store: LocalStore, entries: Entry[]): void {
  for (const { actionId, body } of entries) {
    const entry = store.get(actionId);
    assert.ok(entry, `entry ${actionId.slice(0, 8)} is in the store`);
    assert.equal(entry.diskPath, path.join(store.dir, 'o', sha(body).slice(0, 2), sha(body)));
    assert.ok(fs.readFileSync(entry.diskPath).equals(body));
    assert.match(
      fs.readFileSync(path.join(store.dir, 'a', actionId.slice(0, 2), actionId), 'latin1'),
      new RegExp(`^v1 ${sha(body)} ${body.length} \\S+Z\\n$`),
    );
  }
}

describe('pack part writer', () => {
  for (const threads of [2, 0]) {
    it(`stores the records a part names, verified, in the local layout, and skips the others (${threads ? `${threads} threads` : 'on the main thread'})`, async () => {
      const store = newStore();
      const parts = [await partOf(12), await partOf(7)];
      const take = new Set(parts.flatMap((p) => p.entries.filter((_, i) => i !== 2).map((e) => e.actionId)));
      const { log, lines } = quiet();
      const writer = startPartWriter(store, log, threads);
      try {
        const results = await Promise.all(parts.map((p, i) => writer.store(p.data, `part ${i}`, take)));
        for (const [i, r] of results.entries()) {
          const part = parts[i];
          assert.equal(r.error, undefined);
          assert.deepEqual(r.rejects, []);
          assert.equal(r.skipped, 1);
          assert.deepEqual(
            r.stored.map((s) => s.actionId),
            part.entries.filter((_, j) => j !== 2).map((e) => e.actionId),
          );
          assert.deepEqual(
            r.stored.map((s) => s.storedBytes),
            frameSizes(part.data).filter((_, j) => j !== 2),
          );
          for (const s of r.stored)
            assert.equal(s.outputId, sha(part.entries.find((e) => e.actionId === s.actionId)?.body as Buffer));
        }
        assertStored(
          store,
          parts.flatMap((p) => p.entries.filter((_, i) => i !== 2)),
        );
        for (const p of parts)
          assert.equal(store.get(p.entries[2].actionId), undefined, 'an entry not taken is not stored');
        assert.deepEqual(
          lines.filter((l) => l.includes('part writer')),
          [],
          'the threads ran the parts (no fallback)',
        );
      } finally {
        await writer.close();
      }
    });
  }

  it('a thread that dies hands its part and the later ones back to the main thread, which stores them', async () => {
    const store = newStore();
    const parts = [await partOf(4), await partOf(3), await partOf(5)];
    const { log, lines } = quiet();
    // A thread whose code exits at once, as a crashed one would.
    const writer = startPartWriter(store, log, 2, { script: 'process.exit(3)', eval: true });
    try {
      const results = await Promise.all(
        parts.map((p, i) => writer.store(p.data, `part ${i}`, new Set(p.entries.map((e) => e.actionId)))),
      );
      for (const [i, r] of results.entries()) {
        assert.equal(r.error, undefined);
        assert.deepEqual(
          r.stored.map((s) => s.actionId),
          parts[i].entries.map((e) => e.actionId),
        );
      }
      assertStored(
        store,
        parts.flatMap((p) => p.entries),
      );
      assert.equal(
        lines.filter((l) => l.includes('part writer thread failed (exited with code 3)')).length,
        1,
        lines.join(''),
      );
    } finally {
      await writer.close();
    }
  });

  it('rejects a damaged record without storing it, and stores the records after it', async () => {
    const store = newStore();
    const { data, entries } = await partOf(5);
    // Flip a payload byte of the second record: its gzip stream or its hash no longer matches.
    const second = readObjectFrame(data, readObjectFrame(data, 0, 'x').end, 'x');
    data[second.payloadStart + Math.floor((second.end - second.payloadStart) / 2)] ^= 0xff;
    const writer = startPartWriter(store, quiet().log, 1);
    try {
      const r = await writer.store(data, 'part 0', new Set(entries.map((e) => e.actionId)));
      assert.equal(r.rejects.length, 1);
      assert.match(r.rejects[0], /part 0/);
      assert.deepEqual(
        r.stored.map((s) => s.actionId),
        entries.filter((_, i) => i !== 1).map((e) => e.actionId),
      );
      assert.equal(store.get(entries[1].actionId), undefined, 'the damaged record is not in the store');
      assertStored(
        store,
        entries.filter((_, i) => i !== 1),
      );
    } finally {
      await writer.close();
    }
  });

  it('a store that cannot be written ends the part with an error, and what it lists as stored is on disk', async () => {
    const store = newStore();
    const { data, entries } = await partOf(4);
    // The third record's output shard is a file: creating its directory fails.
    const third = entries[2];
    fs.writeFileSync(path.join(store.dir, 'o', sha(third.body).slice(0, 2)), 'not a directory');
    const r = storePackPart(store, data, 'part 0', new Set(entries.map((e) => e.actionId)));
    assert.ok(r.error, 'the part reports the failure');
    assert.deepEqual(
      r.stored.map((s) => s.actionId),
      entries.slice(0, 2).map((e) => e.actionId),
    );
    assertStored(store, entries.slice(0, 2));
  });
});

describe('payload decoding in one pass', () => {
  it('decodes a big gzip body sync and async to the same bytes, and refuses one bigger than its header says', async () => {
    const body = Buffer.from('package main\nfunc main() {}\n'.repeat(200_000));
    const payload = zlib.gzipSync(body, { level: 1 });
    const header = {
      actionId: sha('a'),
      outputId: sha(body),
      size: body.length,
      time: new Date().toISOString(),
      encoding: 'gzip' as const,
      storedSize: payload.length,
    };
    assert.ok(decodePayloadSync(header, payload, 'x').body.equals(body));
    assert.ok((await decodePayload(header, payload, 'x')).body.equals(body));
    const lying = { ...header, size: body.length - 1 };
    assert.throws(() => decodePayloadSync(lying, payload, 'x'), IntegrityError);
    await assert.rejects(decodePayload(lying, payload, 'x'), IntegrityError);
  });
});
