import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { describe, it } from 'node:test';
import { IntegrityError, type EntryMeta } from '../../src/cacheprog/remote/backend.js';
import {
  decodeObject,
  encodeObject,
  LAYOUT_VERSION,
  MAGIC,
  objectKey,
} from '../../src/cacheprog/remote/object-format.js';

const ACTION = 'ab'.repeat(32);
const OTHER_ACTION = 'cd'.repeat(32);

function metaFor(body: Buffer, time = new Date('2026-01-02T03:04:05.678Z')): EntryMeta {
  return { outputId: crypto.createHash('sha256').update(body).digest('hex'), size: body.length, time };
}

/** Splits an encoded object into magic, header JSON and payload, to build corrupt variants. */
function parts(obj: Buffer): { magic: Buffer; header: Record<string, unknown>; payload: Buffer } {
  const nl = obj.indexOf(0x0a, MAGIC.length);
  return {
    magic: obj.subarray(0, MAGIC.length),
    header: JSON.parse(obj.subarray(MAGIC.length, nl).toString('utf8')) as Record<string, unknown>,
    payload: obj.subarray(nl + 1),
  };
}

function rebuild(magic: Buffer, header: Record<string, unknown> | string, payload: Buffer): Buffer {
  const line = typeof header === 'string' ? header : JSON.stringify(header);
  return Buffer.concat([magic, Buffer.from(`${line}\n`), payload]);
}

async function rejects(buf: Buffer, pattern: RegExp, actionId?: string): Promise<void> {
  await assert.rejects(decodeObject(buf, actionId), (err: unknown) => {
    assert.ok(err instanceof IntegrityError, `expected IntegrityError, got ${String(err)}`);
    assert.match(err.message, pattern);
    return true;
  });
}

describe('objectKey', () => {
  it('puts every action under <prefix>v1/<hex>', () => {
    assert.equal(LAYOUT_VERSION, 'v1');
    assert.equal(objectKey('cache/', ACTION), `cache/v1/${ACTION}`);
    assert.equal(objectKey('', ACTION), `v1/${ACTION}`);
  });

  it('refuses ids that are not 32 bytes of lower-case hex, so nothing escapes the prefix', () => {
    for (const bad of ['', 'AB'.repeat(32), '../'.repeat(20), 'ab'.repeat(31), `${'ab'.repeat(32)}/x`]) {
      assert.throws(() => objectKey('p/', bad), TypeError, bad);
    }
  });
});

describe('encodeObject / decodeObject', () => {
  it('round-trips an empty body, a small one and a large compressible one', async () => {
    const bodies = [Buffer.alloc(0), Buffer.from('hello\n'), Buffer.from('go build output line\n'.repeat(50_000))];
    for (const body of bodies) {
      const meta = metaFor(body);
      for (const compression of [true, false]) {
        const obj = await encodeObject(ACTION, meta, body, { compression });
        assert.ok(obj.subarray(0, MAGIC.length).toString() === MAGIC, 'starts with the magic line');
        const decoded = await decodeObject(obj, ACTION);
        assert.deepEqual(decoded.body, body);
        assert.equal(decoded.meta.outputId, meta.outputId);
        assert.equal(decoded.meta.size, meta.size);
        assert.equal(decoded.meta.time.toISOString(), meta.time.toISOString());
      }
    }
  });

  it('writes a self-describing header', async () => {
    const body = Buffer.from('x'.repeat(4096));
    const meta = metaFor(body);
    const { header, payload } = parts(await encodeObject(ACTION, meta, body, { compression: true }));
    assert.deepEqual(header, {
      actionId: ACTION,
      outputId: meta.outputId,
      size: 4096,
      time: meta.time.toISOString(),
      encoding: 'gzip',
      storedSize: payload.length,
    });
  });

  it('gzips only when asked, when the body is at least 1 KiB, and when that makes it smaller', async () => {
    const compressible = Buffer.from('a'.repeat(2048));
    const random = crypto.randomBytes(64 * 1024);
    const smallCompressible = Buffer.from('a'.repeat(1023));
    const encodingOf = async (body: Buffer, compression: boolean): Promise<unknown> =>
      parts(await encodeObject(ACTION, metaFor(body), body, { compression })).header.encoding;
    assert.equal(await encodingOf(compressible, true), 'gzip');
    assert.equal(await encodingOf(compressible, false), 'identity');
    assert.equal(await encodingOf(random, true), 'identity', 'incompressible data stays as is');
    assert.equal(await encodingOf(smallCompressible, true), 'identity', 'under 1 KiB is never compressed');
    const big = Buffer.from('0123456789abcdef'.repeat(64 * 1024)); // 1 MiB: the async zlib path
    const obj = await encodeObject(ACTION, metaFor(big), big, { compression: true });
    assert.ok(obj.length < big.length / 10, `1 MiB of repetition should shrink, got ${obj.length}`);
    assert.deepEqual((await decodeObject(obj)).body, big);
  });

  it('refuses to encode a body whose length disagrees with meta.size', async () => {
    const body = Buffer.from('abc');
    await assert.rejects(encodeObject(ACTION, { ...metaFor(body), size: 4 }, body, { compression: false }), RangeError);
  });
});

describe('decodeObject rejects every kind of damage with IntegrityError', () => {
  const body = Buffer.from('package archive bytes\n'.repeat(200));
  const meta = metaFor(body);
  const encode = (compression: boolean) => encodeObject(ACTION, meta, body, { compression });

  it('bad magic, including an empty object and a future layout', async () => {
    const good = await encode(false);
    await rejects(Buffer.alloc(0), /does not start with/);
    await rejects(Buffer.from('<?xml version="1.0"?><Error/>'), /does not start with/);
    const flipped = Buffer.from(good);
    flipped[0] = flipped[0] ^ 0xff;
    await rejects(flipped, /does not start with/);
    await rejects(
      Buffer.concat([Buffer.from('gobuildcache-action v2\n'), good.subarray(MAGIC.length)]),
      /another layout version/,
    );
  });

  it('missing, oversized, non-JSON or incomplete header', async () => {
    const { magic, header, payload } = parts(await encode(false));
    await rejects(Buffer.from(MAGIC), /header line is missing/);
    await rejects(Buffer.concat([Buffer.from(MAGIC), Buffer.alloc(5000, 0x20)]), /header line is missing or longer/);
    await rejects(rebuild(magic, '{"outputId": ', payload), /not valid JSON/);
    await rejects(rebuild(magic, '[1,2]', payload), /missing or invalid actionId, outputId/);
    await rejects(rebuild(magic, 'null', payload), /not a JSON object/);
    for (const [field, value] of [
      ['outputId', 'xyz'],
      ['size', -1],
      ['size', 1.5],
      ['time', 'yesterday'],
      ['encoding', 'lz4'],
      ['storedSize', '12'],
      ['actionId', undefined],
    ] as const) {
      await rejects(rebuild(magic, { ...header, [field]: value }, payload), new RegExp(`invalid ${field}`));
    }
  });

  it('an object stored under another action key', async () => {
    await rejects(await encode(false), /belongs to action cdcd|wrong key/, OTHER_ACTION);
    assert.ok((await decodeObject(await encode(false), ACTION)).body.equals(body));
  });

  it('truncated or padded payload', async () => {
    for (const compression of [false, true]) {
      const good = await encode(compression);
      await rejects(good.subarray(0, good.length - 1), /truncated/);
      await rejects(good.subarray(0, good.length - (parts(good).payload.length >> 1)), /truncated/);
      await rejects(Buffer.concat([good, Buffer.from('junk')]), /unexpected bytes/);
    }
  });

  it('a gzip payload that does not decode, or decodes to the wrong size', async () => {
    const { magic, header, payload } = parts(await encode(true));
    assert.equal(header.encoding, 'gzip');
    const garbled = Buffer.from(payload);
    garbled[garbled.length >> 1] = garbled[garbled.length >> 1] ^ 0xff;
    await rejects(rebuild(magic, header, garbled), /gzip payload does not decode|bytes but the header says/);
    // Claims identity but carries gzip: the size check catches the difference.
    await rejects(rebuild(magic, { ...header, encoding: 'identity' }, payload), /bytes but the header says/);
    // A header that understates the size must not let gzip inflate past it.
    await rejects(rebuild(magic, { ...header, size: 10 }, payload), /gzip payload does not decode/);
    await rejects(rebuild(magic, { ...header, size: body.length + 10 }, payload), /bytes but the header says/);
  });
});
