import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { describe, it } from 'node:test';
import { RequestReader } from '../../src/cacheprog/protocol/reader.js';
import type { ParsedRequest } from '../../src/cacheprog/protocol/types.js';

interface Seen {
  request: ParsedRequest;
  body: Buffer[];
  error?: string;
  ended: boolean;
}

function feed(stream: Buffer, chunkSizes: (i: number) => number): { seen: Seen[]; fatal: string[] } {
  const seen: Seen[] = [];
  const fatal: string[] = [];
  const reader = new RequestReader({
    onRequest(request) {
      const s: Seen = { request, body: [], ended: false };
      seen.push(s);
      return {
        write: (c) => s.body.push(Buffer.from(c)),
        end: (e) => {
          s.ended = true;
          s.error = e?.message;
        },
      };
    },
    onFatal: (m) => fatal.push(m),
  });
  for (let pos = 0, i = 0; pos < stream.length; i++) {
    const n = Math.max(1, chunkSizes(i));
    reader.push(stream.subarray(pos, pos + n));
    pos += n;
  }
  reader.end();
  return { seen, fatal };
}

const id = () => crypto.randomBytes(32);

function putFrame(n: number, body: Buffer): string {
  const head = JSON.stringify({
    ID: n,
    Command: 'put',
    ActionID: id().toString('base64'),
    OutputID: id().toString('base64'),
    BodySize: body.length,
  });
  return `${head}\n\n"${body.toString('base64')}"\n`;
}

describe('RequestReader framing', () => {
  const bodies = [crypto.randomBytes(1), crypto.randomBytes(2), crypto.randomBytes(3), crypto.randomBytes(4099)];
  const stream = Buffer.from(
    bodies.map((b, i) => putFrame(i + 1, b)).join('') +
      `${JSON.stringify({ ID: 9, Command: 'get', ActionID: id().toString('base64') })}\n\n` +
      `${JSON.stringify({ ID: 10, Command: 'close' })}\n\n`,
  );

  for (const [name, sizes] of [
    ['one byte at a time', () => 1],
    ['odd chunk sizes', (i: number) => 1 + ((i * 7919) % 37)],
    ['whole stream at once', () => stream.length],
  ] as const) {
    it(`decodes bodies split at any boundary: ${name}`, () => {
      const { seen, fatal } = feed(stream, sizes);
      assert.deepEqual(fatal, []);
      assert.deepEqual(
        seen.map((s) => s.request.id),
        [1, 2, 3, 4, 9, 10],
      );
      bodies.forEach((b, i) => {
        assert.ok(Buffer.concat(seen[i]?.body ?? []).equals(b), `body ${i + 1}`);
        assert.equal(seen[i]?.error, undefined);
        assert.equal(seen[i]?.ended, true);
      });
    });
  }

  it('accepts field names in any case, as encoding/json does', () => {
    const { seen } = feed(
      Buffer.from(`{"id":5,"command":"get","actionid":"${id().toString('base64')}"}\n\n`),
      () => 100,
    );
    assert.equal(seen[0]?.request.command, 'get');
    assert.equal(seen[0]?.request.error, undefined);
  });

  it('reports a stream cut inside a body', () => {
    const frame = putFrame(1, crypto.randomBytes(300));
    const { seen, fatal } = feed(Buffer.from(frame.slice(0, 200)), () => 50);
    assert.match(seen[0]?.error ?? '', /stdin closed in the middle of a put body/);
    assert.match(fatal[0] ?? '', /middle of a put body/);
  });

  it('reports a put whose body line is missing', () => {
    const head = JSON.stringify({
      ID: 1,
      Command: 'put',
      ActionID: id().toString('base64'),
      OutputID: id().toString('base64'),
      BodySize: 3,
    });
    const { fatal } = feed(Buffer.from(`${head}\n\n{"ID":2,"Command":"close"}\n`), () => 1000);
    assert.match(fatal[0] ?? '', /expected a base64 body string/);
  });

  it('names a request that is not an object or has no usable ID', () => {
    assert.match(feed(Buffer.from('[1,2]\n'), () => 10).fatal[0] ?? '', /not a JSON object/);
    assert.match(
      feed(Buffer.from('{"Command":"get"}\n'), () => 10).fatal[0] ?? '',
      /ID must be a non-negative integer/,
    );
  });
});
