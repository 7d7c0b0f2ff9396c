import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { describe, it } from 'node:test';
import { IntegrityError, type EntryMeta } from '../../src/cacheprog/remote/backend.js';
import { FaultInjectionBackend, InjectedFaultError } from '../../src/cacheprog/remote/fault-injection.js';
import { ReadOnlyBackend, ReadOnlyError } from '../../src/cacheprog/remote/read-only.js';
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
    await assert.rejects(new VerifyingBackend(inner).get(A), (err: unknown) =>
      err instanceof IntegrityError && /5 bytes, expected 6/.test(err.message));
  });

  it('rejects a body whose sha256 differs from the output id, small or large', async () => {
    for (const size of [10, 2 * 1024 * 1024]) {
      const inner = new MemoryBackend();
      const body = crypto.randomBytes(size);
      const meta = metaFor(body);
      const tampered = Buffer.from(body);
      tampered[size - 1] = tampered[size - 1]! ^ 1;
      inner.entries.set(A, { meta, body: tampered });
      await assert.rejects(new VerifyingBackend(inner).get(A), (err: unknown) =>
        err instanceof IntegrityError && /sha256 is [0-9a-f]{16}…, expected/.test(err.message));
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

describe('FaultInjectionBackend', () => {
  it('fails the configured fraction of gets and puts with a clear error', async () => {
    const inner = new MemoryBackend();
    const rolls = [0.05, 0.5, 0.09, 0.95];
    const f = new FaultInjectionBackend(inner, 0.1, () => rolls.shift() ?? 1);
    const body = Buffer.from('y');
    await assert.rejects(f.get(A), (err: unknown) => err instanceof InjectedFaultError && /injected fault \(-error-rate 0\.1\): get aaaa/.test(err.message));
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
