// The whole standard library through the entrypoint: ~300 packages, hundreds of concurrent gets
// and puts, large archives. Slow (minutes on 2 cores), so it lives in its own file.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cacheprogCommand, runGo, tempDir } from '../helpers/go.js';

test('go build std through the entrypoint, then again with nothing to compile', { timeout: 900_000 }, async () => {
  const prog = cacheprogCommand(['-cache-dir', tempDir('std-cache'), '-lock-dir', tempDir('std-locks')]);
  const cwd = tempDir('std-cwd');
  const cold = await runGo(['build', '-x', 'std'], { cwd, cacheprog: prog, timeoutMs: 600_000 });
  assert.equal(cold.code, 0, cold.stderr.split('\n').slice(-40).join('\n'));
  // std has ~300 packages on linux; a build that compiled only a few did not use a cold cache.
  assert.ok(cold.compiles > 150, `cold build compiled only ${cold.compiles} packages`);
  const warm = await runGo(['build', '-x', 'std'], { cwd, cacheprog: prog, timeoutMs: 300_000 });
  assert.equal(warm.code, 0, warm.stderr.split('\n').slice(-40).join('\n'));
  assert.equal(warm.compiles, 0);
});
