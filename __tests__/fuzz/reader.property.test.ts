// Property-based tests of the request reader: whatever bytes arrive on stdin, in whatever chunks,
// the reader never throws, never hangs, ends every put body exactly once, delivers only bodies
// that match their BodySize, and reports anything it cannot frame as one clear fatal error.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { RequestReader } from '../../src/cacheprog/protocol/reader.js';
import type { ParsedRequest } from '../../src/cacheprog/protocol/types.js';

interface Seen {
  request: ParsedRequest;
  bytes: number;
  ends: (string | undefined)[];
}

interface Run {
  seen: Seen[];
  fatal: string[];
  requestsAfterFatal: number;
  ms: number;
}

/** Feeds stream to a reader in the given chunk sizes (cycled), then ends it. */
function feed(stream: Uint8Array, chunkSizes: number[]): Run {
  const seen: Seen[] = [];
  const fatal: string[] = [];
  let requestsAfterFatal = 0;
  const reader = new RequestReader({
    onRequest(request) {
      if (fatal.length > 0) requestsAfterFatal++;
      const s: Seen = { request, bytes: 0, ends: [] };
      seen.push(s);
      return { write: (c) => (s.bytes += c.length), end: (e) => s.ends.push(e === undefined ? undefined : e.message) };
    },
    onFatal: (m) => fatal.push(m),
  });
  const started = performance.now();
  const buf = Buffer.from(stream);
  for (let pos = 0, i = 0; pos < buf.length; i++) {
    const n = Math.max(1, chunkSizes.length === 0 ? buf.length : chunkSizes[i % chunkSizes.length]);
    reader.push(buf.subarray(pos, pos + n));
    pos += n;
  }
  reader.end();
  return { seen, fatal, requestsAfterFatal, ms: performance.now() - started };
}

/** What must hold after any input. */
function checkInvariants(run: Run): void {
  assert.ok(run.fatal.length <= 1, `at most one fatal error, got ${run.fatal.length}`);
  for (const m of run.fatal) assert.match(m, /^(malformed request|stdin closed)/, 'a fatal error says what was wrong');
  assert.equal(run.requestsAfterFatal, 0, 'nothing is read after a fatal error');
  for (const { request, bytes, ends } of run.seen) {
    assert.ok(Number.isSafeInteger(request.id) && request.id >= 0, 'only requests with a usable ID reach the server');
    if (request.error === undefined && (request.command === 'get' || request.command === 'put')) {
      assert.match(request.actionId ?? '', /^[0-9a-f]{64}$/);
    }
    if (request.error === undefined && request.command === 'put')
      assert.match(request.outputId ?? '', /^[0-9a-f]{64}$/);
    if (request.bodySize > 0) {
      assert.equal(ends.length, 1, `a body sink ends exactly once (request ${request.id})`);
      const [error] = ends;
      if (error === undefined)
        assert.equal(bytes, request.bodySize, 'a body that ends cleanly has exactly BodySize bytes');
      else assert.ok(error.length > 10, 'a body that ends badly says why');
    }
  }
  assert.ok(run.ms < 2_000, `bounded time (${run.ms.toFixed(0)} ms)`);
}

const id32 = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b).toString('base64'));

/** A well-formed request frame as go writes it, with its body (if any). */
const frame = fc.oneof(
  fc
    .record({ id: fc.nat(), action: id32 })
    .map(({ id, action }) => `${JSON.stringify({ ID: id, Command: 'get', ActionID: action })}\n`),
  fc
    .record({ id: fc.nat(), action: id32, output: id32, body: fc.uint8Array({ maxLength: 300 }) })
    .map(({ id, action, output, body }) => {
      const head = JSON.stringify({
        ID: id,
        Command: 'put',
        ActionID: action,
        OutputID: output,
        BodySize: body.length,
      });
      return body.length === 0 ? `${head}\n` : `${head}\n\n"${Buffer.from(body).toString('base64')}"\n`;
    }),
  fc.nat().map((id) => `${JSON.stringify({ ID: id, Command: 'close' })}\n`),
);

const chunking = fc.array(fc.integer({ min: 1, max: 64 }), { maxLength: 8 });

describe('RequestReader properties (fast-check)', () => {
  it('arbitrary bytes in arbitrary chunks: no throw, bounded time, every failure is one clear error', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2_000 }), chunking, (bytes, chunks) =>
        checkInvariants(feed(bytes, chunks)),
      ),
      { numRuns: 500 },
    );
  });

  it('JSON-ish noise (objects with random fields, quotes, newlines): same invariants', () => {
    const noise = fc.array(
      fc.oneof(
        fc.json().map((j) => `${j}\n`),
        fc
          .record(
            {
              ID: fc.oneof(fc.integer(), fc.double(), fc.string()),
              Command: fc.constantFrom('get', 'put', 'close', 'x', ''),
              BodySize: fc.oneof(fc.integer(), fc.double(), fc.constant(2 ** 60)),
              ActionID: fc.oneof(id32, fc.string()),
              OutputID: fc.oneof(id32, fc.base64String()),
            },
            { requiredKeys: [] },
          )
          .map((o) => `${JSON.stringify(o)}\n`),
        fc.constantFrom('"', '\n', '""', '"AAAA"\n', ' ', '\r\n', '{', '}'),
        frame,
      ),
      { maxLength: 20 },
    );
    fc.assert(
      fc.property(noise, chunking, (parts, chunks) => checkInvariants(feed(Buffer.from(parts.join('')), chunks))),
      { numRuns: 500 },
    );
  });

  it('a valid stream cut anywhere: the requests before the cut arrive whole, a cut inside a frame is a fatal error', () => {
    fc.assert(
      fc.property(fc.array(frame, { minLength: 1, maxLength: 8 }), fc.nat(), chunking, (frames, cutAt, chunks) => {
        const whole = Buffer.from(frames.join(''));
        const cut = cutAt % (whole.length + 1);
        const run = feed(whole.subarray(0, cut), chunks);
        checkInvariants(run);
        // Frames wholly before the cut are delivered (with their bodies intact). A request line
        // ends at its newline; a body ends at its closing quote.
        let start = 0;
        let complete = 0;
        let completeEnd = 0;
        for (const f of frames) {
          const end = start + Buffer.byteLength(f.trimEnd().endsWith('"') ? f.trimEnd() : f);
          if (end > cut) break;
          complete++;
          completeEnd = end;
          start += Buffer.byteLength(f);
        }
        const clean = run.seen.filter((s) => s.request.bodySize === 0 || s.ends[0] === undefined);
        assert.ok(
          clean.length >= complete,
          `${complete} whole frames before the cut, ${clean.length} delivered cleanly`,
        );
        // Cut mid-frame (anything but whitespace left over): one fatal error.
        const leftover = whole.subarray(completeEnd, cut).toString();
        if (leftover.trim() !== '')
          assert.equal(
            run.fatal.length,
            1,
            `cut inside a frame (${JSON.stringify(leftover.slice(0, 40))}) is reported`,
          );
        else assert.equal(run.fatal.length, 0);
      }),
      { numRuns: 500 },
    );
  });

  it('lies in BodySize: the body is refused with a size mismatch and the next request still frames', () => {
    fc.assert(
      fc.property(
        id32,
        id32,
        fc.uint8Array({ minLength: 1, maxLength: 200 }),
        fc.oneof(fc.integer({ min: 1, max: 400 }), fc.constant(2 ** 40), fc.constant(Number.MAX_SAFE_INTEGER)),
        chunking,
        (action, output, body, claimed, chunks) => {
          fc.pre(claimed !== body.length);
          const head = JSON.stringify({ ID: 1, Command: 'put', ActionID: action, OutputID: output, BodySize: claimed });
          const stream = `${head}\n\n"${Buffer.from(body).toString('base64')}"\n${JSON.stringify({ ID: 2, Command: 'close' })}\n`;
          const run = feed(Buffer.from(stream), chunks);
          checkInvariants(run);
          assert.equal(run.fatal.length, 0);
          assert.deepEqual(
            run.seen.map((s) => s.request.id),
            [1, 2],
          );
          assert.match(
            run.seen[0]?.ends[0] ?? '',
            /body size mismatch: BodySize is \d+ but the body decodes to \d+ bytes/,
          );
          assert.ok((run.seen[0]?.bytes ?? 0) <= claimed, 'never more than BodySize bytes reach the sink');
        },
      ),
      { numRuns: 300 },
    );
  });
});
