import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { IntegrityError, type EntryMeta } from '../../src/cacheprog/remote/backend.js';
import { CircuitBreakerBackend, RemoteDisabledError } from '../../src/cacheprog/remote/circuit-breaker.js';
import { MemoryBackend } from './memory-backend.js';

const A = 'aa'.repeat(32);
const META: EntryMeta = { outputId: '00'.repeat(32), size: 1, time: new Date() };
const BODY = Buffer.from('z');

function setup(options: { threshold?: number; coolDownMs?: number } = {}) {
  const inner = new MemoryBackend();
  const opened: string[] = [];
  let clock = 1_000;
  const breaker = new CircuitBreakerBackend(inner, {
    ...options,
    onOpen: (reason) => opened.push(reason),
    now: () => clock,
  });
  return { inner, breaker, opened, advance: (ms: number) => (clock += ms) };
}

describe('CircuitBreakerBackend', () => {
  it('opens after three consecutive failures and warns exactly once', async () => {
    const { inner, breaker, opened } = setup();
    inner.behaviour = 'fail';
    inner.failure = () => new Error('HTTP 503 SlowDown');
    for (let i = 0; i < 2; i++) await assert.rejects(breaker.get(A), /503/);
    assert.equal(breaker.state, 'closed');
    await assert.rejects(breaker.put(A, META, BODY), /503/);
    assert.equal(breaker.state, 'open');
    assert.equal(opened.length, 1);
    assert.match(opened[0], /3 remote requests failed in a row, the last with: HTTP 503 SlowDown/);

    const callsBefore = inner.calls.length;
    assert.equal(await breaker.get(A), undefined, 'an open breaker turns gets into misses');
    const started = performance.now();
    await assert.rejects(
      breaker.put(A, META, BODY),
      (err: unknown) =>
        err instanceof RemoteDisabledError && /disabled after errors \(3 remote requests failed/.test(err.message),
    );
    assert.ok(performance.now() - started < 50, 'puts fail at once');
    await assert.rejects(breaker.check(), RemoteDisabledError);
    assert.equal(inner.calls.length, callsBefore, 'nothing reaches the remote while open');
    assert.equal(opened.length, 1, 'still one warning');
  });

  it('does not count misses, IntegrityErrors or cancelled requests, and a success resets the count', async () => {
    const { inner, breaker, opened } = setup();
    const fail = async () => {
      inner.behaviour = 'fail';
      inner.failure = () => new Error('ECONNRESET');
      await assert.rejects(breaker.get(A));
    };
    await fail();
    await fail();
    inner.behaviour = 'ok';
    assert.equal(await breaker.get(A), undefined, 'a miss');
    await fail();
    await fail();
    inner.behaviour = 'fail';
    inner.failure = () => new IntegrityError('bad object');
    for (let i = 0; i < 5; i++) await assert.rejects(breaker.get(A), IntegrityError);
    await fail();
    await fail();
    const controller = new AbortController();
    inner.behaviour = 'hang';
    const pending = breaker.get(A, controller.signal);
    controller.abort();
    await assert.rejects(pending, /aborted/);
    assert.equal(breaker.state, 'closed');
    assert.deepEqual(opened, []);
    await fail();
    assert.equal(breaker.state, 'open', 'the third real failure in a row opens it');
  });

  it('opens at once when check() fails', async () => {
    const { inner, breaker, opened } = setup();
    inner.behaviour = 'fail';
    inner.failure = () => new Error('HeadBucket: HTTP 403 Forbidden');
    await assert.rejects(breaker.check(), /403/);
    assert.equal(breaker.state, 'open');
    assert.deepEqual(opened, ['remote check failed: HeadBucket: HTTP 403 Forbidden']);
  });

  it('lets one probe through after the cool-down, closing on success and reopening on failure', async () => {
    const { inner, breaker, opened, advance } = setup({ threshold: 1, coolDownMs: 30_000 });
    inner.behaviour = 'fail';
    await assert.rejects(breaker.get(A));
    assert.equal(breaker.state, 'open');
    advance(29_999);
    assert.equal(await breaker.get(A), undefined);
    assert.equal(inner.calls.length, 1, 'still cooling down');

    advance(1);
    inner.behaviour = 'hang';
    const controller = new AbortController();
    const probe = breaker.get(A, controller.signal);
    assert.equal(breaker.state, 'half-open');
    assert.equal(await breaker.get(A), undefined, 'only one probe at a time');
    await assert.rejects(breaker.put(A, META, BODY), RemoteDisabledError);
    assert.equal(inner.calls.length, 2);
    controller.abort();
    await assert.rejects(probe);
    assert.equal(breaker.state, 'open', 'a cancelled probe proves nothing');

    inner.behaviour = 'fail';
    await assert.rejects(breaker.get(A), /memory backend failure/);
    assert.equal(breaker.state, 'open', 'a failed probe reopens');
    assert.equal(await breaker.get(A), undefined, 'and restarts the cool-down');

    advance(30_000);
    inner.behaviour = 'ok';
    assert.deepEqual(await breaker.put(A, META, BODY), { transferredBytes: 1 });
    assert.equal(breaker.state, 'closed');
    assert.ok((await breaker.get(A))?.body.equals(BODY));
    assert.equal(opened.length, 1, 'reopening does not warn again');
  });

  it('stays open for good with an infinite cool-down', async () => {
    const { inner, breaker, advance } = setup({ threshold: 1, coolDownMs: Infinity });
    inner.behaviour = 'fail';
    await assert.rejects(breaker.get(A));
    advance(1e12);
    inner.behaviour = 'ok';
    assert.equal(await breaker.get(A), undefined);
    assert.equal(inner.calls.length, 1);
  });
});
