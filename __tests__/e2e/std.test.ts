// run-tests: early (a few lines, but two cold builds of std: start it before the large files)
// The whole standard library through the entrypoint: ~300 packages, hundreds of concurrent gets
// and puts, large archives. Slow (a minute or more per cold build on 2 cores), so it lives in its
// own file. Both server modes build std cold, since that is where a server is loaded hardest;
// each warm build then runs in both modes against the same cache dir, so each mode also serves
// what the other one stored.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tempDir, type GoResult } from '../helpers/go.js';
import { modeJob, SERVER_MODES } from '../helpers/job-server.js';

const tail = (res: GoResult): string => res.stderr.split('\n').slice(-40).join('\n');

for (const mode of SERVER_MODES) {
  test(
    `go build std through the ${mode} server, then again with nothing to compile in both modes`,
    { timeout: 900_000 },
    async () => {
      const flags = ['-cache-dir', tempDir('std-cache'), '-lock-dir', tempDir('std-locks')];
      const cwd = tempDir('std-cwd');
      const job = modeJob(mode, {}, flags);
      const cold = await job.go(['build', '-x', 'std'], { cwd, timeoutMs: 600_000 });
      assert.equal(cold.code, 0, tail(cold));
      // std has ~300 packages on linux; a build that compiled only a few did not use a cold cache.
      assert.ok(cold.compiles > 150, `cold build compiled only ${cold.compiles} packages`);
      const warm = await job.go(['build', '-x', 'std'], { cwd, timeoutMs: 300_000 });
      assert.equal(warm.code, 0, tail(warm));
      assert.equal(warm.compiles, 0);
      await job.finish();
      const other = modeJob(SERVER_MODES.find((m) => m !== mode) ?? mode, {}, flags);
      const across = await other.go(['build', '-x', 'std'], { cwd, timeoutMs: 300_000 });
      assert.equal(across.code, 0, tail(across));
      assert.equal(across.compiles, 0, `the ${other.mode} server serves what the ${mode} server stored`);
      await other.finish();
    },
  );
}
