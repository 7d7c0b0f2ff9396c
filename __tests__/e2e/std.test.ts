// run-tests: early (a few lines, but a cold build of std: start it before the large files)
// The whole standard library through the entrypoint: ~300 packages, hundreds of concurrent gets
// and puts, large archives. Slow (a minute or more cold on 2 cores), so it lives in its own file.
// One cold build, through the job server (the action's default, and where a server is loaded
// hardest: every go process of the job on one server); then a warm build in each mode against
// the same cache dir, so the per-process server also serves what the job server stored. The
// per-process server's cold path is exercised on smaller modules (e2e/core, e2e/remote); a second
// cold std build cost the suite over a minute of its CI budget.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tempDir, type GoResult } from '../helpers/go.js';
import { modeJob, SERVER_MODES } from '../helpers/job-server.js';

const tail = (res: GoResult): string => res.stderr.split('\n').slice(-40).join('\n');

test(
  'go build std through the job server, then again with nothing to compile in both modes',
  { timeout: 900_000 },
  async () => {
    const flags = ['-cache-dir', tempDir('std-cache'), '-lock-dir', tempDir('std-locks')];
    const cwd = tempDir('std-cwd');
    const job = modeJob('job server', {}, flags);
    const cold = await job.go(['build', '-x', 'std'], { cwd, timeoutMs: 600_000 });
    assert.equal(cold.code, 0, tail(cold));
    // std has ~300 packages on linux; a build that compiled only a few did not use a cold cache.
    assert.ok(cold.compiles > 150, `cold build compiled only ${cold.compiles} packages`);
    await job.finish();
    for (const mode of SERVER_MODES) {
      const warm = modeJob(mode, {}, flags);
      const again = await warm.go(['build', '-x', 'std'], { cwd, timeoutMs: 300_000 });
      assert.equal(again.code, 0, tail(again));
      assert.equal(again.compiles, 0, `the ${mode} server serves what the job server stored`);
      await warm.finish();
    }
  },
);
