import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { describe, it } from 'node:test';
import { IntegrityError, type EntryMeta } from '../../src/cacheprog/remote/backend.js';
import { FaultInjectionBackend, InjectedFaultError } from '../../src/cacheprog/remote/fault-injection.js';
import { ReadOnlyBackend, ReadOnlyError, WritesDeniedError } from '../../src/cacheprog/remote/read-only.js';
import { CircuitBreakerBackend } from '../../src/cacheprog/remote/circuit-breaker.js';
import { S3RequestError } from '../../src/cacheprog/remote/s3/errors.js';
import { Logger } from '../../src/cacheprog/log.js';
import { Stats } from '../../src/cacheprog/stats.js';
import { UploadQueue } from '../../src/cacheprog/uploads/upload-queue.js';
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from '../helpers/proc.js';
import { VerifyingBackend } from '../../src/cacheprog/remote/verifying.js';
import { MemoryBackend } from './memory-backend.js';

const A = 'aa'.repeat(32);

function metaFor(body: Buffer): EntryMeta {
  return { outputId: crypto.createHash('sha256').update(body).digest('hex'), size: body.length, time: new Date() };
}

describe('VerifyingBackend', () => {
  it('passes through a body that matches its size and sha256, small or large', async () => {
    const inner = new MemoryBackend();
    const v = new VerifyingBackend(inner);
    for (const body of [Buffer.alloc(0), Buffer.from('ok'), crypto.randomBytes(3 * 1024 * 1024)]) {
      await v.put(A, metaFor(body), body);
      const got = await v.get(A);
      assert.ok(got?.body.equals(body));
    }
    assert.equal(await v.get('bb'.repeat(32)), undefined, 'a miss stays a miss');
  });

  it('rejects a body of the wrong length', async () => {
    const inner = new MemoryBackend();
    const body = Buffer.from('hello');
    inner.entries.set(A, { meta: { ...metaFor(body), size: 6 }, body });
    await assert.rejects(
      new VerifyingBackend(inner).get(A),
      (err: unknown) => err instanceof IntegrityError && /5 bytes, expected 6/.test(err.message),
    );
  });

  it('rejects a body whose sha256 differs from the output id, small or large', async () => {
    for (const size of [10, 2 * 1024 * 1024]) {
      const inner = new MemoryBackend();
      const body = crypto.randomBytes(size);
      const meta = metaFor(body);
      const tampered = Buffer.from(body);
      tampered[size - 1] = tampered[size - 1] ^ 1;
      inner.entries.set(A, { meta, body: tampered });
      await assert.rejects(
        new VerifyingBackend(inner).get(A),
        (err: unknown) => err instanceof IntegrityError && /sha256 is [0-9a-f]{16}…, expected/.test(err.message),
      );
    }
  });

  it('refuses to upload a body that does not match its meta, without calling the remote', async () => {
    const inner = new MemoryBackend();
    const body = Buffer.from('local bytes');
    await assert.rejects(new VerifyingBackend(inner).put(A, metaFor(Buffer.from('other bytes')), body), IntegrityError);
    assert.deepEqual(inner.calls, []);
  });
});

describe('ReadOnlyBackend', () => {
  it('reads through, turns puts into no-ops and refuses clear', async () => {
    const inner = new MemoryBackend();
    const body = Buffer.from('x');
    inner.entries.set(A, { meta: metaFor(body), body });
    const ro = new ReadOnlyBackend(inner);
    assert.ok((await ro.get(A))?.body.equals(body));
    assert.deepEqual(await ro.put('bb'.repeat(32), metaFor(body), body), { transferredBytes: 0 });
    assert.equal(inner.entries.size, 1, 'nothing was written');
    await assert.rejects(ro.clear(), ReadOnlyError);
    assert.equal(inner.entries.size, 1, 'nothing was deleted');
    await ro.check();
    assert.deepEqual(inner.calls, ['get aaaa', 'check']);
  });
});

/** A store whose key may read but not write: every put is answered 403 AccessDenied. */
class DenyingBackend extends MemoryBackend {
  override async put(actionId: string): Promise<never> {
    this.calls.push(`put ${actionId.slice(0, 4)}`);
    throw new S3RequestError(
      'PutObject x on y failed: HTTP 403 AccessDenied: Access Denied',
      'PutObject',
      403,
      'AccessDenied',
    );
  }
}

describe('ReadOnlyBackend: a denied write switches writes off', () => {
  it('the first denied put warns once and fails final; later puts fail without a request; reads and the breaker are untouched', async () => {
    const inner = new DenyingBackend();
    const body = Buffer.from('x');
    inner.entries.set(A, { meta: metaFor(body), body });
    const reasons: string[] = [];
    const ro = new ReadOnlyBackend(inner, { configured: false, onWritesDenied: (r) => reasons.push(r) });
    const breakerWarnings: string[] = [];
    const chain = new CircuitBreakerBackend(new VerifyingBackend(ro), {
      threshold: 3,
      onOpen: (r) => breakerWarnings.push(r),
    });
    assert.equal(ro.readOnly, false);
    for (let i = 0; i < 5; i++)
      await assert.rejects(chain.put(`${i}`.repeat(64).slice(0, 64), metaFor(body), body), WritesDeniedError);
    assert.equal(ro.readOnly, true);
    assert.equal(reasons.length, 1);
    assert.match(reasons[0] ?? '', /denied a write: .*403 AccessDenied/);
    assert.equal(inner.calls.filter((c) => c.startsWith('put')).length, 1, 'only the first put reached the store');
    assert.equal(chain.state, 'closed', 'a denied write is an answer, not an outage');
    assert.deepEqual(breakerWarnings, []);
    assert.ok((await chain.get(A))?.body.equals(body), 'reads continue');
  });

  it('other put failures pass through unchanged and do not switch writes off', async () => {
    const inner = new MemoryBackend();
    inner.behaviour = 'fail';
    const ro = new ReadOnlyBackend(inner, { configured: false });
    await assert.rejects(ro.put(A, metaFor(Buffer.from('y')), Buffer.from('y')), /memory backend failure/);
    assert.equal(ro.readOnly, false);
  });

  it('the upload queue drops denied jobs: no retries, not unfinished (so never spooled), counted', async () => {
    const ro = new ReadOnlyBackend(new DenyingBackend(), { configured: false });
    const stats = new Stats('s3');
    const queue = new UploadQueue(ro, stats, new Logger(false, () => {}), { concurrency: 2, backoffMs: 1 });
    const dir = tempDir('denied-uploads');
    const jobs = ['a', 'b', 'c'].map((c) => {
      const body = Buffer.from(c);
      const file = path.join(dir, c);
      fs.writeFileSync(file, body);
      const meta = metaFor(body);
      return {
        actionId: c.repeat(64),
        outputId: meta.outputId,
        size: meta.size,
        time: meta.time.toISOString(),
        path: file,
      };
    });
    const results = await Promise.all(jobs.map((j) => queue.add(j)));
    assert.deepEqual(results, ['dropped', 'dropped', 'dropped']);
    assert.deepEqual(queue.unfinished(), [], 'nothing to spool: no later attempt can succeed');
    assert.equal(queue.denied.size, 3);
    assert.equal(stats.counters.uploadsDenied, 3);
    assert.equal(stats.counters.uploadRetries, 0);
    assert.equal(stats.counters.uploadFailures, 0);
  });
});

describe('FaultInjectionBackend', () => {
  it('fails the configured fraction of gets and puts with a clear error', async () => {
    const inner = new MemoryBackend();
    const rolls = [0.05, 0.5, 0.09, 0.95];
    const f = new FaultInjectionBackend(inner, 0.1, () => rolls.shift() ?? 1);
    const body = Buffer.from('y');
    await assert.rejects(
      f.get(A),
      (err: unknown) =>
        err instanceof InjectedFaultError && /injected fault \(-error-rate 0\.1\): get aaaa/.test(err.message),
    );
    assert.equal(await f.get(A), undefined);
    await assert.rejects(f.put(A, metaFor(body), body), /injected fault .*: put/);
    assert.deepEqual(await f.put(A, metaFor(body), body), { transferredBytes: 1 });
    assert.deepEqual(inner.calls, ['get aaaa', 'put aaaa'], 'failed calls never reach the remote');
  });

  it('leaves check, clear and close alone and rejects a rate outside 0..1', async () => {
    const inner = new MemoryBackend();
    const f = new FaultInjectionBackend(inner, 1);
    await f.check();
    assert.equal(await f.clear(), 0);
    await f.close();
    assert.deepEqual(inner.calls, ['check', 'clear', 'close']);
    assert.throws(() => new FaultInjectionBackend(inner, 1.5), RangeError);
  });
});
