import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import { encodeObject } from '../../src/cacheprog/remote/object-format.js';
import { SpillSink } from '../../src/cacheprog/remote/spill-sink.js';
import { LocalStore } from '../../src/cacheprog/store/local-store.js';
import { tempDir } from '../helpers/proc.js';

const sha = (b: Buffer | string): string => crypto.createHash('sha256').update(b).digest('hex');
const ACTION = sha('action');

function store(): LocalStore {
  const s = new LocalStore(tempDir('spill-store'));
  s.init();
  return s;
}

/** Feeds an object to a sink in network-sized chunks, as a response would. */
async function feed(sink: SpillSink, object: Buffer): Promise<Buffer> {
  for (let at = 0; at < object.length; at += 65_536) sink.push(object.subarray(at, at + 65_536));
  return sink.end();
}

describe('SpillSink', () => {
  for (const [what, body] of [
    ['a body that does not compress', crypto.randomBytes(300_000)],
    ['a gzipped body', Buffer.alloc(300_000, 'abc')],
  ] as const) {
    it(`streams ${what} into the store's verifying writer and keeps none of it in memory`, async () => {
      const s = store();
      const meta = { outputId: sha(body), size: body.length, time: new Date() };
      const object = await encodeObject(ACTION, meta, body, { compression: true });
      const sink = new SpillSink(
        ACTION,
        { minBytes: 1000, open: (m) => s.beginOutput(m.outputId, m.size) },
        object.length,
        'test object',
      );
      assert.equal((await feed(sink, object)).length, 0);
      assert.equal(sink.spilled?.outputId, meta.outputId);
      assert.equal(sink.transferred, object.length);
      assert.deepEqual(fs.readFileSync(s.outputPath(meta.outputId)), body);
    });
  }

  it('collects a body under minBytes in memory', async () => {
    const body = Buffer.from('small');
    const object = await encodeObject(ACTION, { outputId: sha(body), size: body.length, time: new Date() }, body, {
      compression: false,
    });
    const sink = new SpillSink(
      ACTION,
      { minBytes: 1000, open: () => assert.fail('not spilled') },
      object.length,
      'test object',
    );
    assert.deepEqual(await feed(sink, object), object);
    assert.equal(sink.spilled, undefined);
  });

  it('refuses a tampered, truncated or misfiled object, and stores nothing', async () => {
    const body = crypto.randomBytes(200_000);
    const meta = { outputId: sha(body), size: body.length, time: new Date() };
    const object = await encodeObject(ACTION, meta, body, { compression: false });
    const tampered = Buffer.from(object);
    tampered[tampered.length - 10] ^= 0xff;
    // An uncompressed payload longer than the size its header declares (same-length digits).
    const longer = Buffer.from(object);
    longer.write('"size":150000', longer.indexOf('"size":200000'));
    const cases: [string, Buffer, string, RegExp][] = [
      ['tampered', tampered, ACTION, /sha256/],
      ['longer than its header says', longer, ACTION, /more than the 150000 bytes/],
      ['truncated', object.subarray(0, object.length - 1), ACTION, /truncated/],
      ['misfiled', object, sha('other'), /wrong key/],
    ];
    for (const [what, bytes, action, message] of cases) {
      const s = store();
      const sink = new SpillSink(
        action,
        { minBytes: 1000, open: (m) => s.beginOutput(m.outputId, m.size) },
        bytes.length,
        'test object',
      );
      await assert.rejects(
        async () => feed(sink, bytes),
        (err: Error) => err.name === 'IntegrityError' && message.test(err.message),
        what,
      );
      sink.abort();
      assert.equal(s.hasOutput(meta.outputId, meta.size), false, `${what}: nothing stored`);
      assert.deepEqual(
        fs.readdirSync(s.dir, { recursive: true }).filter((f) => String(f).includes('.tmp-')),
        [],
        `${what}: no temp file left`,
      );
    }
  });
});
