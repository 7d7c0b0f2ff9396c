import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { eventDefaultBranch, jobManifestKeys } from '../../src/action/manifest-keys.js';
import { tempDir } from '../helpers/proc.js';

const RUNNER = { RUNNER_OS: 'Linux', RUNNER_ARCH: 'X64', GITHUB_WORKFLOW: 'CI', GITHUB_JOB: 'test' };
const JOB = 'Linux-X64-go1.26.8-CI-test';

function keys(env: NodeJS.ProcessEnv, matrix = '', defaultBranch = 'main') {
  return jobManifestKeys({ env: { ...RUNNER, ...env }, goVersion: 'go1.26.8', matrix, defaultBranch });
}

describe('jobManifestKeys', () => {
  it('a push to the default branch reads and writes its own key, then any branch of the job', () => {
    assert.deepEqual(keys({ GITHUB_REF_NAME: 'main' }), { key: `${JOB}/main`, restoreKeys: [`${JOB}/`] });
  });

  it('a push to another branch falls back to the default branch, then the job', () => {
    assert.deepEqual(keys({ GITHUB_REF_NAME: 'feature/login' }), {
      key: `${JOB}/feature_login`,
      restoreKeys: [`${JOB}/main`, `${JOB}/`],
    });
  });

  it('a pull request writes only under pr-<head>, and reads its base, then the default branch', () => {
    assert.deepEqual(keys({ GITHUB_HEAD_REF: 'fix', GITHUB_BASE_REF: 'release/1.2', GITHUB_REF_NAME: '42/merge' }), {
      key: `${JOB}/pr-fix`,
      restoreKeys: [`${JOB}/release_1.2`, `${JOB}/main`, `${JOB}/`],
    });
  });

  it("a pull request from a fork's branch named main never writes what main reads", () => {
    const { key, restoreKeys } = keys({ GITHUB_HEAD_REF: 'main', GITHUB_BASE_REF: 'main', GITHUB_REF_NAME: '7/merge' });
    assert.equal(key, `${JOB}/pr-main`);
    assert.deepEqual(restoreKeys, [`${JOB}/main`, `${JOB}/`]);
  });

  it('gives each matrix leg its own key when the matrix is passed, and ignores a null matrix', () => {
    const a = keys({ GITHUB_REF_NAME: 'main' }, '{"os":"ubuntu","race":true}').key;
    const b = keys({ GITHUB_REF_NAME: 'main' }, '{"os":"ubuntu","race":false}').key;
    assert.match(a, new RegExp(`^${JOB}-[0-9a-f]{10}/main$`));
    assert.notEqual(a, b);
    assert.equal(keys({ GITHUB_REF_NAME: 'main' }, 'null').key, `${JOB}/main`);
  });

  it('sanitizes workflow and job names into one safe segment', () => {
    const { key } = jobManifestKeys({
      env: { ...RUNNER, GITHUB_WORKFLOW: 'Build & test / linux', GITHUB_REF_NAME: 'main' },
      goVersion: 'devel go1.27-abc',
      matrix: '',
      defaultBranch: 'main',
    });
    assert.equal(key, 'Linux-X64-devel_go1.27-abc-Build___test___linux-test/main');
  });
});

describe('eventDefaultBranch', () => {
  it('reads repository.default_branch from the event payload, and nothing from junk', () => {
    const dir = tempDir('event');
    const file = path.join(dir, 'event.json');
    fs.writeFileSync(file, JSON.stringify({ repository: { default_branch: 'trunk' } }));
    assert.equal(eventDefaultBranch(file), 'trunk');
    fs.writeFileSync(file, '{');
    assert.equal(eventDefaultBranch(file), undefined);
    assert.equal(eventDefaultBranch(path.join(dir, 'missing.json')), undefined);
    assert.equal(eventDefaultBranch(undefined), undefined);
  });
});
