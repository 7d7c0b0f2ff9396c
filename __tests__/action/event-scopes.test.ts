import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { Inputs } from '../../src/action/constants.js';
import { InputError, readInputs } from '../../src/action/inputs.js';
import { cacheEnvironment } from '../../src/action/main-step.js';
import { deriveScopes, describeScopes, type ScopeContext } from '../../src/action/event-scopes.js';
import { renderSummary } from '../../src/action/summary.js';
import { aggregateStatsDir, Stats } from '../../src/cacheprog/stats.js';
import { parseCommandLine } from '../../src/cacheprog/config.js';

const REPO = { full_name: 'acme/app', default_branch: 'main' };

/** A pull_request payload as GitHub sends it, trimmed to what the derivation reads. */
function pullRequest(number: number, opts: { base?: string; headRepo?: string | null } = {}) {
  const head =
    opts.headRepo === null
      ? { ref: 'feature', repo: null }
      : { ref: 'feature', repo: { full_name: opts.headRepo ?? REPO.full_name } };
  return {
    number,
    repository: REPO,
    pull_request: { number, head, base: { ref: opts.base ?? 'main', repo: { full_name: REPO.full_name } } },
  };
}

function derive(event: string, payload: unknown, env: Record<string, string> = {}, extra: Partial<ScopeContext> = {}) {
  return deriveScopes({
    env: { GITHUB_EVENT_NAME: event, ...env },
    payload,
    trustedBranches: [],
    readOnly: false,
    ...extra,
  });
}

describe('deriveScopes', () => {
  it('pull_request: writes pr-<number>, reads it, then the base branch, then default', () => {
    const d = derive('pull_request', pullRequest(7), {
      GITHUB_REF: 'refs/pull/7/merge',
      GITHUB_BASE_REF: 'main',
      GITHUB_HEAD_REF: 'feature',
    });
    assert.deepEqual(
      { write: d.write, read: d.read, readOnly: d.readOnly },
      { write: 'pr-7', read: ['pr-7', 'default'], readOnly: false },
    );
    const intoRelease = derive('pull_request', pullRequest(8, { base: 'release/1.2' }));
    assert.deepEqual(intoRelease.read, ['pr-8', 'branch-release_1.2', 'default']);
    const intoTrustedRelease = derive(
      'pull_request',
      pullRequest(8, { base: 'release/1.2' }),
      {},
      { trustedBranches: ['release/*'] },
    );
    assert.deepEqual(intoTrustedRelease.read, ['pr-8', 'default']);
  });

  it("pull_request_target is a pull request too: the code it may build is the contributor's", () => {
    const d = derive('pull_request_target', pullRequest(12), {
      GITHUB_REF: 'refs/heads/main',
      GITHUB_REF_NAME: 'main',
    });
    assert.equal(d.write, 'pr-12');
    assert.deepEqual(d.read, ['pr-12', 'default']);
  });

  it('a pull request from a fork (or from a deleted fork) never writes', () => {
    assert.equal(derive('pull_request', pullRequest(9, { headRepo: 'mallory/app' })).readOnly, true);
    assert.equal(derive('pull_request', pullRequest(9, { headRepo: null })).readOnly, true);
    const fromFork = derive(
      'pull_request_target',
      pullRequest(9, { headRepo: 'mallory/app' }),
      {},
      { scope: 'default' },
    );
    assert.equal(fromFork.readOnly, true, 'an explicit scope does not make a fork writable');
    assert.match(describeScopes(fromFork), /read-only/);
  });

  it('the default branch and trusted branches write the trusted scope on push, merge_group, schedule and workflow_dispatch', () => {
    for (const event of ['push', 'schedule', 'workflow_dispatch']) {
      const d = derive(event, { repository: REPO }, { GITHUB_REF: 'refs/heads/main', GITHUB_REF_NAME: 'main' });
      assert.deepEqual({ write: d.write, read: d.read }, { write: 'default', read: ['default'] }, event);
    }
    const queue = derive(
      'merge_group',
      {
        repository: REPO,
        merge_group: { base_ref: 'refs/heads/main', head_ref: 'refs/heads/gh-readonly-queue/main/pr-7-abc' },
      },
      { GITHUB_REF_NAME: 'gh-readonly-queue/main/pr-7-abc' },
    );
    assert.equal(queue.write, 'default');
    const release = derive(
      'push',
      { repository: REPO },
      { GITHUB_REF: 'refs/heads/release/2.0', GITHUB_REF_NAME: 'release/2.0' },
      { trustedBranches: ['release/*'] },
    );
    assert.equal(release.write, 'default');
    const masterRepo = derive(
      'push',
      { repository: { ...REPO, default_branch: 'master' } },
      { GITHUB_REF: 'refs/heads/master', GITHUB_REF_NAME: 'master' },
    );
    assert.equal(masterRepo.write, 'default', 'the default branch comes from the payload');
  });

  it('other branches, tags and other events write their own scope and read it, then default', () => {
    const feature = derive(
      'push',
      { repository: REPO },
      { GITHUB_REF: 'refs/heads/feature/x', GITHUB_REF_NAME: 'feature/x' },
    );
    assert.deepEqual(
      { write: feature.write, read: feature.read },
      { write: 'branch-feature_x', read: ['branch-feature_x', 'default'] },
    );
    const notListed = derive(
      'push',
      { repository: REPO },
      { GITHUB_REF: 'refs/heads/release/2.0', GITHUB_REF_NAME: 'release/2.0' },
      { trustedBranches: ['release/1.*'] },
    );
    assert.equal(notListed.write, 'branch-release_2.0');
    const tag = derive('push', { repository: REPO }, { GITHUB_REF: 'refs/tags/v1.0.0', GITHUB_REF_NAME: 'v1.0.0' });
    assert.equal(tag.write, 'tag-v1.0.0');
    // workflow_run and friends run on the default branch but often handle a pull request's output.
    const workflowRun = derive(
      'workflow_run',
      { repository: REPO },
      { GITHUB_REF: 'refs/heads/main', GITHUB_REF_NAME: 'main' },
    );
    assert.equal(workflowRun.write, 'branch-main');
    const long = derive(
      'push',
      { repository: REPO },
      { GITHUB_REF: `refs/heads/${'x'.repeat(300)}`, GITHUB_REF_NAME: 'x'.repeat(300) },
    );
    assert.ok(long.write.length <= 100 && long.write.startsWith('branch-x'));
  });

  it('the scope input overrides the derivation and reads default after it', () => {
    const d = derive('pull_request', pullRequest(7), {}, { scope: 'nightly', readOnly: true });
    assert.deepEqual(
      { write: d.write, read: d.read, readOnly: d.readOnly },
      { write: 'nightly', read: ['nightly', 'default'], readOnly: true },
    );
  });

  it('hands the server settings it parses back into the same scopes', () => {
    const d = derive('pull_request', pullRequest(7, { base: 'develop' }));
    const given: Record<string, string> = { [Inputs.S3Bucket]: 'b-1' };
    const inputs = readInputs((name) => given[name] ?? '', { RUNNER_TEMP: '/runner/temp' });
    const env = cacheEnvironment(inputs, {
      backend: 's3',
      spoolDir: '/run/spool',
      statsDir: '/run/stats',
      debug: false,
      scopes: d,
    });
    assert.equal(env.GOBUILDCACHE_SCOPE, 'pr-7');
    assert.equal(env.GOBUILDCACHE_READ_SCOPES, 'branch-develop,default');
    const config = parseCommandLine([], env).config;
    assert.deepEqual(config.scopes, { write: 'pr-7', read: ['pr-7', 'branch-develop', 'default'] });
    const unscoped = cacheEnvironment(inputs, {
      backend: 's3',
      spoolDir: '/run/spool',
      statsDir: '/run/stats',
      debug: false,
    });
    assert.equal(parseCommandLine([], unscoped).config.scopes, undefined);
  });

  it('the job summary names the scope written and the scopes read', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scopes-summary-'));
    const stats = new Stats('s3');
    stats.add('gets');
    stats.writeFile(dir);
    const text = renderSummary(aggregateStatsDir(dir), {
      backend: 's3',
      readOnly: false,
      pending: 0,
      scopes: { write: 'pr-7', read: ['pr-7', 'default'] },
    });
    fs.rmSync(dir, { recursive: true, force: true });
    assert.match(text, /Trust scope: wrote <code>pr-7<\/code>; read <code>pr-7<\/code>, then <code>default<\/code>/);
  });
});

describe('scope inputs', () => {
  it('accepts a scope name and a list of trusted branches; rejects a scope that is not one key segment', () => {
    const read = (given: Partial<Record<Inputs, string>>) =>
      readInputs((name) => given[name] ?? '', { RUNNER_TEMP: '/tmp' });
    const ok = read({ [Inputs.Scope]: 'nightly', [Inputs.TrustedBranches]: 'release/*\nstable, lts' });
    assert.equal(ok.scope, 'nightly');
    assert.deepEqual(ok.trustedBranches, ['release/*', 'stable', 'lts']);
    assert.equal(read({}).scope, undefined);
    for (const bad of ['a/b', '..', 'x y']) {
      assert.throws(
        () => read({ [Inputs.Scope]: bad }),
        (err: unknown) => err instanceof InputError && err.input === Inputs.Scope,
      );
    }
  });
});
