import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, parseCommandLine } from '../../src/cacheprog/config.js';
import { firstHit, ScopedBackend, makeScopes } from '../../src/cacheprog/remote/scopes.js';
import { MemoryBackend } from './memory-backend.js';

const ID = 'a'.repeat(64);
const meta = (n: number) => ({ outputId: String(n).repeat(64).slice(0, 64), size: 1, time: new Date(0) });

function scoped(...names: string[]) {
  const views = names.map((scope) => ({ scope, store: new MemoryBackend() }));
  const owner = new MemoryBackend();
  const backend = new ScopedBackend(owner, views, makeScopes(names[0] as string, names.slice(1)));
  return { backend, owner, views: Object.fromEntries(views.map((v) => [v.scope, v.store])) as Record<string, MemoryBackend> };
}

describe('ScopedBackend', () => {
  it('puts into the write scope only; gets take the first hit in priority order', async () => {
    const { backend, views } = scoped('pr-7', 'branch-dev', 'default');
    await backend.put(ID, meta(1), Buffer.from('x'));
    assert.deepEqual([...views['pr-7']!.entries.keys()], [ID]);
    assert.equal(views.default!.entries.size, 0);
    views.default!.entries.set(ID, { meta: meta(2), body: Buffer.from('d') });
    assert.equal((await backend.get(ID))?.body.toString(), 'x', 'own scope first');
    views['pr-7']!.entries.clear();
    assert.equal((await backend.get(ID))?.body.toString(), 'd', 'then the trusted scopes');
    views.default!.entries.clear();
    assert.equal(await backend.get(ID), undefined);
    assert.match(backend.name, /scope pr-7, reading branch-dev, default/);
  });

  it('asks every scope at once: a miss costs one round trip, not one per scope', async () => {
    const views = ['pr-7', 'default'].map((scope) => ({ scope, store: { get: () => new Promise<undefined>((r) => setTimeout(() => r(undefined), 50)) } }));
    const started = performance.now();
    assert.equal(await firstHit(views, (s) => s.get()), undefined);
    const ms = performance.now() - started;
    assert.ok(ms < 95, `two 50 ms lookups took ${ms.toFixed(0)} ms: they ran one after the other`);
  });

  it('a failing scope does not hide a later hit; with no hit the failure is thrown (an error, not a miss)', async () => {
    const { backend, views } = scoped('pr-7', 'default');
    views['pr-7']!.behaviour = 'fail';
    views.default!.entries.set(ID, { meta: meta(2), body: Buffer.from('d') });
    assert.equal((await backend.get(ID))?.body.toString(), 'd');
    views.default!.entries.clear();
    await assert.rejects(backend.get(ID), /memory backend failure/);
  });

  it('check and clear act on the write scope; close closes the shared client once', async () => {
    const { backend, owner, views } = scoped('pr-7', 'default');
    await backend.check();
    await backend.clear();
    await backend.close();
    assert.deepEqual(views['pr-7']!.calls, ['check', 'clear']);
    assert.deepEqual(views.default!.calls, []);
    assert.deepEqual(owner.calls, ['close']);
  });
});

describe('-scope and -read-scopes', () => {
  const parse = (args: string[], env: Record<string, string> = {}) => parseCommandLine(args, { GOBUILDCACHE_BACKEND_TYPE: 's3', GOBUILDCACHE_S3_BUCKET: 'b', ...env }).config;

  it('no scope is the unscoped layout, as in the reference CLI', () => {
    assert.equal(parse([]).scopes, undefined);
  });

  it('reads the own scope first, then the trusted ones in order, each once', () => {
    assert.deepEqual(parse(['-scope', 'pr-7', '-read-scopes', 'branch-dev, default,pr-7']).scopes, { write: 'pr-7', read: ['pr-7', 'branch-dev', 'default'] });
    assert.deepEqual(parse([], { GOBUILDCACHE_SCOPE: 'default' }).scopes, { write: 'default', read: ['default'] });
  });

  it('rejects names that are not one key segment, and read scopes without a scope', () => {
    for (const bad of ['a/b', '..', '.hidden', 'x'.repeat(101), 'sp ace']) {
      assert.throws(() => parse(['-scope', bad]), ConfigError, bad);
    }
    assert.throws(() => parse(['-scope', 'pr-7', '-read-scopes', 'ok,../x']), /read-scopes/);
    assert.throws(() => parse(['-read-scopes', 'default']), /needs -scope/);
  });
});
