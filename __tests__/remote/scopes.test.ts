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
  const backend = new ScopedBackend(owner, views, makeScopes(names[0], names.slice(1)));
  return {
    backend,
    owner,
    views: Object.fromEntries(views.map((v) => [v.scope, v.store])) as Record<string, MemoryBackend>,
  };
}

describe('ScopedBackend', () => {
  it('puts into the write scope only; gets take the first hit in priority order', async () => {
    const { backend, views } = scoped('pr-7', 'branch-dev', 'default');
    await backend.put(ID, meta(1), Buffer.from('x'));
    assert.deepEqual([...views['pr-7'].entries.keys()], [ID]);
    assert.equal(views.default.entries.size, 0);
    views.default.entries.set(ID, { meta: meta(2), body: Buffer.from('d') });
    assert.equal((await backend.get(ID))?.body.toString(), 'x', 'own scope first');
    views['pr-7'].entries.clear();
    assert.equal((await backend.get(ID))?.body.toString(), 'd', 'then the trusted scopes');
    views.default.entries.clear();
    assert.equal(await backend.get(ID), undefined);
    assert.match(backend.name, /scope pr-7, reading branch-dev, default/);
  });

  it('asks every scope at once: a miss costs one round trip, not one per scope', async () => {
    // Each lookup answers only once every scope has been asked: run one after the other, they would
    // wait for each other until the 5 s fallback and the test would see a late, failed answer.
    let asked = 0;
    let release: () => void = () => {};
    const allAsked = new Promise<void>((resolve) => (release = resolve));
    const lookup = async (): Promise<undefined> => {
      if (++asked === 3) release();
      const timer = new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), 5_000).unref());
      if ((await Promise.race([allAsked.then(() => 'ok' as const), timer])) === 'late')
        throw new Error('asked one after the other');
      return undefined;
    };
    const views = ['pr-7', 'branch-dev', 'default'].map((scope) => ({ scope, store: lookup }));
    assert.equal(await firstHit(views, (s) => s()), undefined);
    assert.equal(asked, 3);
  });

  it('a failing scope does not hide a later hit; with no hit the failure is thrown (an error, not a miss)', async () => {
    const { backend, views } = scoped('pr-7', 'default');
    views['pr-7'].behaviour = 'fail';
    views.default.entries.set(ID, { meta: meta(2), body: Buffer.from('d') });
    assert.equal((await backend.get(ID))?.body.toString(), 'd');
    views.default.entries.clear();
    await assert.rejects(backend.get(ID), /memory backend failure/);
  });

  it('check and clear act on the write scope; close closes the shared client once', async () => {
    const { backend, owner, views } = scoped('pr-7', 'default');
    await backend.check();
    await backend.clear();
    await backend.close();
    assert.deepEqual(views['pr-7'].calls, ['check', 'clear']);
    assert.deepEqual(views.default.calls, []);
    assert.deepEqual(owner.calls, ['close']);
  });
});

describe('-scope and -read-scopes', () => {
  const parse = (args: string[], env: Record<string, string> = {}) =>
    parseCommandLine(args, { GOBUILDCACHE_BACKEND_TYPE: 's3', GOBUILDCACHE_S3_BUCKET: 'b', ...env }).config;

  it('no scope is the unscoped layout, as in the reference CLI', () => {
    assert.equal(parse([]).scopes, undefined);
  });

  it('reads the own scope first, then the trusted ones in order, each once', () => {
    assert.deepEqual(parse(['-scope', 'pr-7', '-read-scopes', 'branch-dev, default,pr-7']).scopes, {
      write: 'pr-7',
      read: ['pr-7', 'branch-dev', 'default'],
    });
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
