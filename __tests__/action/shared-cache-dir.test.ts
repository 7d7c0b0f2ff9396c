import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { localStoreDirs, persistsAcrossJobs } from '../../src/action/shared-cache-dir.js';

const TEMP = path.join(path.sep, 'runner', '_temp');
const RUN = path.join(TEMP, 'gobuildcache', 'run-1');
const SHARED = path.join(path.sep, 'srv', 'go-cache');

describe('shared cache-dir', () => {
  it("a dir under RUNNER_TEMP is the job's own; anything else may outlive it", () => {
    assert.equal(persistsAcrossJobs(path.join(TEMP, 'gobuildcache', 'cache'), TEMP), false);
    assert.equal(persistsAcrossJobs(TEMP, TEMP), true, 'RUNNER_TEMP itself is not a cache dir of this job alone');
    assert.equal(persistsAcrossJobs(SHARED, TEMP), true);
    assert.equal(persistsAcrossJobs(path.join(TEMP, '..', 'work'), TEMP), true);
    assert.equal(persistsAcrossJobs(SHARED, undefined), true);
  });

  it('the default scope writes a persistent dir; any other scope reads it and writes a store of its run', () => {
    assert.deepEqual(localStoreDirs(SHARED, RUN, { write: 'default', why: 'push on main' }, TEMP), {
      cacheDir: SHARED,
    });
    const pr = localStoreDirs(SHARED, RUN, { write: 'pr-7', why: 'pull_request #7 into main' }, TEMP);
    assert.equal(pr.cacheDir, path.join(RUN, 'cache'));
    assert.equal(pr.sharedCacheDir, SHARED);
    assert.match(pr.note ?? '', /pull_request #7 into main may not write scope default/);
    const own = path.join(TEMP, 'gobuildcache', 'cache');
    assert.deepEqual(
      localStoreDirs(own, RUN, { write: 'pr-7', why: 'pull_request' }, TEMP),
      { cacheDir: own },
      'a dir of this job alone needs no split',
    );
  });
});
