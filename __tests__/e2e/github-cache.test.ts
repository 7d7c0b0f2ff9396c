// backend: github and cache-modules end to end: the committed action bundles (helpers/action-job.ts)
// with @actions/cache's real code talking to a real Actions cache service on 127.0.0.1, and the
// real go command between the steps, on both protocols: v2 (omni-cache; Twirp, what github.com
// speaks) and v1 (nektos/act's; what GitHub Enterprise Server speaks), see sameOnBoth.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Inputs } from '../../src/action/constants.js';
import { stateKey } from '../../src/action/step-state.js';
import { annotations, closedPort, Job, withStd } from '../helpers/action-job.js';
import {
  PROTOCOLS,
  startActionsCache,
  startRateLimitProxy,
  type ActionsCacheServer,
  type CacheProtocol,
  type RateLimitProxy,
} from '../helpers/actions-cache-server.js';
import { generateModule } from '../helpers/go-module.js';
import { tempDir } from '../helpers/proc.js';

/** What the runner sets for every step of a push to main in workflow CI, job test. */
function ciEnv(runId: number, extra: Record<string, string> = {}): Record<string, string> {
  return {
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    GITHUB_WORKFLOW: 'CI',
    GITHUB_JOB: 'test',
    GITHUB_REF_NAME: 'main',
    GITHUB_RUN_ID: String(runId),
    GITHUB_RUN_ATTEMPT: '1',
    ...extra,
  };
}

interface CacheState {
  backend: string;
  github?: { saveKey: string; restoredKey?: string; entries?: number; reason?: string; failed?: boolean };
  modules?: { key: string; restoredKey?: string; exact?: boolean; reason?: string };
}

function cacheState(job: Job): CacheState {
  return JSON.parse(job.state()[stateKey('actionsCache')] ?? '{}') as CacheState;
}

/** Every `ok` line of go test's output says (cached), and there is at least one. */
function allCached(stdout: string): boolean {
  const ok = stdout.split('\n').filter((l) => /^ok\s/.test(l));
  return ok.length > 0 && ok.every((l) => l.includes('(cached)'));
}

/**
 * v1 runs a representative subset (the round trip, a dead service, a 429, GHES, the limits):
 * the other tests exercise what is the same on both protocols, and run on v2, what github.com
 * speaks, only. Node's runner lists them as skipped on v1 with this reason.
 */
const sameOnBoth = (protocol: CacheProtocol): { skip: string | false } => ({
  skip: protocol === 'v1' && 'protocol-independent: runs on v2 only',
});

function backendGithub(protocol: CacheProtocol): void {
  let server: ActionsCacheServer;
  let workspace: string;
  before(async () => {
    server = await startActionsCache(protocol);
    // Jobs share the checkout path, as on a runner: go's cache keys include source paths.
    workspace = path.join(tempDir('gh-workspace'), 'repo');
    generateModule(workspace, { packages: 8, withTests: true });
  });
  after(async () => {
    await server?.stop();
  });

  it('is the default without a bucket on GitHub; a second job on a fresh machine compiles nothing and every test is (cached)', async (t) => {
    const first = await withStd(new Job({ ...ciEnv(100), ...server.env() }, workspace));
    const main = await first.step('main');
    assert.equal(main.code, 0, main.stdout + main.stderr);
    assert.deepEqual(annotations(main.stdout, 'warning'), [], main.stdout);
    assert.match(
      main.stdout,
      /Backend: github \(no bucket \(s3-bucket, gcs-bucket\) is set and the job runs on GitHub Actions\)/,
    );
    assert.equal(first.exported().GOCACHEPROG, '', 'go reads its own cache');
    assert.equal(first.exported().GOCACHE, path.join(first.runnerTemp, 'gobuildcache', 'cache', 'go-build'));
    const state = cacheState(first);
    assert.equal(state.backend, 'github');
    assert.match(state.github?.saveKey ?? '', /^gobuildcache\/v2\/Linux-X64-go1\.[\w.-]+-CI-test\/main\/100-1-\d{13}$/);
    assert.equal(state.github?.reason, 'no entry of this job exists yet');

    const build = await first.go(['build', '-x', './...']);
    assert.equal(build.code, 0, build.stderr);
    assert.ok(build.compiles >= 8, `cold build compiled ${build.compiles}`);
    const test = await first.go(['test', './...']);
    assert.equal(test.code, 0, test.stdout + test.stderr);
    const post = await first.step('post');
    assert.equal(post.code, 0, post.stdout + post.stderr);
    assert.deepEqual(annotations(post.stdout, 'warning'), [], post.stdout);
    assert.deepEqual(annotations(post.stdout, 'error'), [], post.stdout);
    const summary = first.summary();
    assert.match(summary, /<h2>Go build cache \(GitHub Actions cache\)<\/h2>/);
    assert.match(
      summary,
      /Backend: github, because no bucket \(s3-bucket, gcs-bucket\) is set and the job runs on GitHub Actions\./,
    );
    const saved = /Saved (gobuildcache\/v2\/\S+) \(full\): (\d+) files, [\d.]+ [KMG]?i?B, (\d+) new entries/.exec(
      summary,
    );
    assert.ok(saved, summary);
    assert.equal(saved[1], state.github?.saveKey);
    assert.ok(Number(saved[3]) > 8, 'the module and the std packages it used');

    // A fresh machine: empty local cache dir, empty GOCACHE, same checkout path. The first job's
    // runner had std already (withStd); its entry holds std too, since the job's go commands used it.
    const second = new Job({ ...ciEnv(101), ...server.env() }, workspace);
    const started = Date.now();
    const main2 = await second.step('main');
    const mainMs = Date.now() - started;
    assert.equal(main2.code, 0, main2.stdout + main2.stderr);
    assert.deepEqual(annotations(main2.stdout, 'warning'), [], main2.stdout);
    const restored = cacheState(second).github;
    // act's service (v1) keeps keys in lower case, as the real one compares them; omni-cache (v2) as saved.
    assert.equal(restored?.restoredKey?.toLowerCase(), state.github?.saveKey.toLowerCase());
    assert.equal(restored?.entries, Number(saved[3]), 'every entry saved was restored');
    const warm = await second.go(['build', '-x', './...']);
    assert.equal(warm.code, 0, warm.stderr);
    assert.equal(warm.compiles, 0, 'the whole build came from the restored entry');
    const warmTest = await second.go(['test', './...']);
    assert.equal(warmTest.code, 0, warmTest.stdout + warmTest.stderr);
    assert.ok(allCached(warmTest.stdout), warmTest.stdout);
    const post2 = await second.step('post');
    assert.equal(post2.code, 0, post2.stdout + post2.stderr);
    assert.deepEqual(annotations(post2.stdout, 'warning'), [], post2.stdout);
    const summary2 = second.summary();
    assert.match(
      summary2,
      /Restored gobuildcache\/v2\/\S+ from the Actions cache: \d+ entries, [\d.]+ [KM]iB, saved \d+ min ago, verified, in [\d.]+ s\./,
    );
    assert.match(summary2, /Build cache not saved: nothing new: this job built nothing the restored cache lacked/);
    assert.equal(second.outputs()['cache-hit'], 'true');
    t.diagnostic(`restoring main step ${mainMs} ms`);
  });

  it('keeps one entry per matrix leg', sameOnBoth(protocol), async () => {
    const legs = ['{"os":"a"}', '{"os":"b"}'];
    const keys: string[] = [];
    for (const [i, matrix] of legs.entries()) {
      const job = await withStd(new Job({ ...ciEnv(200 + i), ...server.env() }, workspace));
      assert.equal((await job.step('main', { [Inputs.Matrix]: matrix })).code, 0);
      assert.equal((await job.go(['build', './...'])).code, 0);
      const post = await job.step('post', { [Inputs.Matrix]: matrix });
      assert.equal(post.code, 0, post.stdout);
      assert.match(job.summary(), /Saved gobuildcache\/v2\//);
      keys.push(cacheState(job).github?.saveKey as string);
    }
    assert.notEqual(
      keys[0]?.split('/').slice(0, 3).join('/'),
      keys[1]?.split('/').slice(0, 3).join('/'),
      'each leg has its own key',
    );
    // The next run of each leg restores its own leg's entry, not the other's. Only the restore is
    // looked at and no post step follows: no job server is started, so none is left running.
    for (const [i, matrix] of legs.entries()) {
      const job = new Job({ ...ciEnv(210 + i), ...server.env() }, workspace);
      assert.equal((await job.step('main', { [Inputs.Matrix]: matrix, [Inputs.JobServer]: 'false' })).code, 0);
      assert.equal(cacheState(job).github?.restoredKey?.toLowerCase(), keys[i]?.toLowerCase());
    }
  });

  it('a dead service: the job stays green with one warning, and nothing is tried again in the post step', async () => {
    const dead = `http://127.0.0.1:${await closedPort()}/token/`;
    // A go.sum, so the module cache is tried too: it must not add a second warning.
    const ws = path.join(tempDir('dead-ws'), 'repo');
    generateModule(ws, { packages: 3 });
    fs.writeFileSync(path.join(ws, 'go.sum'), '');
    const deadJob = await withStd(new Job({ ...ciEnv(300), ...server.env(dead) }, ws));
    const main = await deadJob.step('main', { [Inputs.RemoteCheckTimeout]: '3s' });
    assert.equal(main.code, 0, main.stdout + main.stderr);
    const warnings = annotations(main.stdout, 'warning');
    assert.equal(warnings.length, 1, main.stdout);
    assert.match(
      warnings[0],
      /the Actions cache could not be used \(the lookup failed: .+\)\. This job builds with go's own empty cache/,
    );
    assert.deepEqual(annotations(main.stdout, 'error'), [], main.stdout);
    assert.equal((await deadJob.go(['build', './...'])).code, 0);
    const post = await deadJob.step('post');
    assert.equal(post.code, 0, post.stdout + post.stderr);
    assert.deepEqual(annotations(post.stdout, 'warning'), [], post.stdout);
    assert.match(deadJob.summary(), /Build cache not saved: the service failed in the main step/);
  });

  it('a 429 on save: one warning, the job stays green, one request (no retry storm)', async () => {
    let proxy: RateLimitProxy | undefined;
    try {
      proxy = await startRateLimitProxy(server);
      const job = await withStd(new Job({ ...ciEnv(400), ...server.env(proxy.url) }, workspace));
      assert.equal((await job.step('main', { [Inputs.Matrix]: '{"leg":"429"}' })).code, 0);
      assert.equal((await job.go(['build', './...'])).code, 0);
      const post = await job.step('post', { [Inputs.Matrix]: '{"leg":"429"}' });
      assert.equal(post.code, 0, post.stdout + post.stderr);
      const warnings = annotations(post.stdout, 'warning');
      assert.equal(warnings.length, 1, post.stdout);
      assert.match(warnings[0], /the service refused to store gobuildcache\/v2\/.+(429|Too Many Requests|rate limit)/);
      assert.deepEqual(annotations(post.stdout, 'error'), [], post.stdout);
      assert.equal(proxy.refused, 1, 'the save asked once');
      assert.match(job.summary(), /Build cache not saved: the service refused to store/);
    } finally {
      await proxy?.stop();
    }
  });

  it('not on GitHub: disk, with the reason in the summary', sameOnBoth(protocol), async () => {
    const job = new Job(ciEnv(500), workspace);
    const main = await job.step('main');
    assert.equal(main.code, 0, main.stdout);
    assert.deepEqual(annotations(main.stdout, 'warning'), [], main.stdout);
    assert.equal(cacheState(job).backend, 'disk');
    assert.equal((await job.step('post')).code, 0);
    const summary = job.summary();
    assert.match(summary, /<h2>Go build cache \(local disk\)<\/h2>/);
    assert.match(
      summary,
      /Backend: disk, because no bucket \(s3-bucket, gcs-bucket\) is set and the Actions cache is not available: the runner gave this step no ACTIONS_RUNTIME_TOKEN\./,
    );
  });

  /**
   * One job builds a small module and saves, the next restores (no job server): the keys saved
   * and restored, and every request the service saw, through a proxy that refuses nothing.
   */
  async function saveThenRestore(
    runId: number,
    extra: Record<string, string>,
    inputs: Record<string, string>,
  ): Promise<{ saveKey: string; restoredKey?: string; requests: string[] }> {
    const proxy = await startRateLimitProxy(server, () => false);
    try {
      const ws = path.join(tempDir('small-ws'), 'repo');
      generateModule(ws, { packages: 2 });
      const first = await withStd(new Job({ ...ciEnv(runId, extra), ...server.env(proxy.url) }, ws));
      const main = await first.step('main', inputs);
      assert.equal(main.code, 0, main.stdout + main.stderr);
      assert.match(main.stdout, /Backend: github/);
      assert.equal((await first.go(['build', './...'])).code, 0);
      const post = await first.step('post', inputs);
      assert.equal(post.code, 0, post.stdout + post.stderr);
      assert.deepEqual(annotations(post.stdout, 'warning'), [], post.stdout);
      assert.match(first.summary(), /Saved gobuildcache\//);
      const second = new Job({ ...ciEnv(runId + 1, extra), ...server.env(proxy.url) }, ws);
      const main2 = await second.step('main', { ...inputs, [Inputs.JobServer]: 'false' });
      assert.equal(main2.code, 0, main2.stdout + main2.stderr);
      assert.deepEqual(annotations(main2.stdout, 'warning'), [], main2.stdout);
      return {
        saveKey: cacheState(first).github?.saveKey ?? '',
        restoredKey: cacheState(second).github?.restoredKey,
        requests: [...proxy.requests],
      };
    } finally {
      await proxy.stop();
    }
  }

  it(`a save and a restore speak the ${protocol} protocol to the service`, async () => {
    const { saveKey, restoredKey, requests } = await saveThenRestore(
      800,
      {},
      { [Inputs.Matrix]: '{"leg":"protocol"}' },
    );
    assert.equal(restoredKey?.toLowerCase(), saveKey.toLowerCase());
    const calls = requests.map((r) => r.replace(/\?.*$/, ''));
    if (protocol === 'v2') {
      const twirp = 'POST /twirp/github.actions.results.api.v1.CacheService/';
      assert.ok(
        calls.every((c) => c.startsWith(twirp)),
        calls.join('\n'),
      );
      for (const method of ['CreateCacheEntry', 'FinalizeCacheEntryUpload', 'GetCacheEntryDownloadURL'])
        assert.ok(calls.includes(`${twirp}${method}`), `no ${method} in\n${calls.join('\n')}`);
    } else {
      assert.ok(
        calls.every((c) => c.includes('/_apis/artifactcache/')),
        calls.join('\n'),
      );
      assert.ok(
        calls.some((c) => /^POST \S+\/_apis\/artifactcache\/caches$/.test(c)),
        calls.join('\n'),
      );
      assert.ok(
        calls.some((c) => /^GET \S+\/_apis\/artifactcache\/cache$/.test(c)),
        calls.join('\n'),
      );
    }
  });

  if (protocol === 'v1') {
    it('GitHub Enterprise Server (GITHUB_SERVER_URL is not github.com, the runner gives the v1 service only): saves and restores', async () => {
      const { saveKey, restoredKey, requests } = await saveThenRestore(
        850,
        { GITHUB_SERVER_URL: 'https://ghes.example.com' },
        { [Inputs.Matrix]: '{"leg":"ghes"}' },
      );
      assert.equal(restoredKey?.toLowerCase(), saveKey.toLowerCase());
      assert.ok(requests.length > 0 && requests.every((r) => r.includes('/_apis/artifactcache/')), requests.join('\n'));
    });
  }

  it('keeps keys within the service limits: a 600-character manifest-key and 12 restore keys save and restore', async () => {
    // Segments stay under 255 characters: versitygw's posix store (behind the v2 service here)
    // makes each one a file name. The 512-character limit on the whole key is the service's.
    const manifestKey = ['k', 'e', 'y', 's'].map((c) => c.repeat(150)).join('/');
    const restoreKeys = Array.from({ length: 12 }, (_, i) => `other-${i}/`).join('\n');
    const inputs = { [Inputs.ManifestKey]: manifestKey, [Inputs.ManifestRestoreKeys]: restoreKeys };
    const { saveKey, restoredKey } = await saveThenRestore(870, {}, inputs);
    assert.ok(saveKey.length <= 512, `${saveKey.length} characters`);
    assert.equal(restoredKey?.toLowerCase(), saveKey.toLowerCase());
  });

  it('the runner gave no cache service URL: disk, with the reason in the summary', async () => {
    const urlVar = protocol === 'v2' ? 'ACTIONS_RESULTS_URL' : 'ACTIONS_CACHE_URL';
    const env: Record<string, string> = { ...ciEnv(890), ...server.env() };
    delete env[urlVar];
    const job = new Job(env, workspace);
    const main = await job.step('main', { [Inputs.JobServer]: 'false' });
    assert.equal(main.code, 0, main.stdout + main.stderr);
    assert.deepEqual(annotations(main.stdout, 'warning'), [], main.stdout);
    assert.equal(cacheState(job).backend, 'disk');
    assert.equal((await job.step('post', { [Inputs.JobServer]: 'false' })).code, 0);
    assert.match(
      job.summary(),
      new RegExp(
        `Backend: disk, because no bucket \\(s3-bucket, gcs-bucket\\) is set and the Actions cache is not available: the runner gave this step no cache service URL \\(${urlVar}\\)\\.`,
      ),
    );
  });
}

for (const protocol of PROTOCOLS)
  describe(`action: backend github on a real Actions cache service (${protocol})`, () => backendGithub(protocol));

function cacheModules(protocol: CacheProtocol): void {
  let server: ActionsCacheServer;
  let hostDownloads: string;
  before(async () => {
    server = await startActionsCache(protocol);
    // The one network use: the module, from the Go module proxy, into this machine's module
    // cache once. The jobs below then read it through a file:// proxy, offline.
    execFileSync('go', ['mod', 'download', 'github.com/google/uuid@v1.6.0'], {
      cwd: tempDir('uuid-dl'),
      env: { ...process.env, GOFLAGS: '-mod=mod', GO111MODULE: 'on' },
      stdio: 'ignore',
      timeout: 120_000,
    });
    hostDownloads = path.join(
      execFileSync('go', ['env', 'GOMODCACHE'], { encoding: 'utf8' }).trim(),
      'cache',
      'download',
    );
  });
  after(async () => {
    await server?.stop();
  });

  function moduleWithDependency(dir: string): void {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'go.mod'),
      'module example.com/withdep\n\ngo 1.24\n\nrequire github.com/google/uuid v1.6.0\n',
    );
    fs.writeFileSync(
      path.join(dir, 'go.sum'),
      'github.com/google/uuid v1.6.0 h1:NIvaJDMOsjHA8n1jAhLSgzrAzy1Hgr+hNrb57e+94F0=\ngithub.com/google/uuid v1.6.0/go.mod h1:TIyPZe4MgqvfeYDBFedMoGGpEw/LqOeaOT+nhxU+yHo=\n',
    );
    fs.writeFileSync(
      path.join(dir, 'main.go'),
      'package main\n\nimport (\n\t"fmt"\n\n\t"github.com/google/uuid"\n)\n\nfunc main() { fmt.Println(uuid.NewSHA1(uuid.NameSpaceURL, []byte("x")).String()) }\n',
    );
  }

  it('restores GOMODCACHE downloads on a fresh machine, and a build then works with GOPROXY=off', async () => {
    const workspace = path.join(tempDir('mod-workspace'), 'repo');
    moduleWithDependency(workspace);
    const env = (runId: number, gomodcache: string): Record<string, string> => ({
      ...ciEnv(runId),
      ...server.env(),
      GOMODCACHE: gomodcache,
      GOFLAGS: '-modcacherw',
      GOSUMDB: 'off',
      GOPROXY: `file://${hostDownloads}`,
    });

    const first = await withStd(new Job(env(600, path.join(tempDir('gomod-1'), 'mod')), workspace));
    const main = await first.step('main');
    assert.equal(main.code, 0, main.stdout + main.stderr);
    assert.deepEqual(annotations(main.stdout, 'warning'), [], main.stdout);
    const mod1 = cacheState(first).modules;
    assert.match(mod1?.key ?? '', /^gomod\/v1\/Linux-X64-go1\.[\w.-]+-[0-9a-f]{64}$/);
    assert.equal(mod1?.reason, 'no module cache saved yet');
    const build = await first.go(['build', './...']);
    assert.equal(build.code, 0, build.stderr);
    // first.go passes the job env; the download goes through a file:// proxy of this machine's cache.
    const run1 = await first.go(['run', '.']);
    assert.equal(run1.code, 0, run1.stderr);
    const post = await first.step('post');
    assert.equal(post.code, 0, post.stdout + post.stderr);
    assert.deepEqual(annotations(post.stdout, 'warning'), [], post.stdout);
    assert.match(first.summary(), new RegExp(`Module cache saved as ${mod1?.key}: \\d+ files`));

    // A fresh machine: an empty module cache, no proxy at all (the build cache holds std only:
    // this test is about the module cache).
    const gomod2 = path.join(tempDir('gomod-2'), 'mod');
    const second = await withStd(new Job({ ...env(601, gomod2), GOPROXY: 'off' }, workspace));
    const main2 = await second.step('main');
    assert.equal(main2.code, 0, main2.stdout + main2.stderr);
    assert.deepEqual(annotations(main2.stdout, 'warning'), [], main2.stdout);
    const mod2 = cacheState(second).modules;
    assert.equal(mod2?.restoredKey?.toLowerCase(), mod1?.key.toLowerCase());
    assert.ok(
      fs.existsSync(path.join(gomod2, 'cache', 'download', 'github.com', 'google', 'uuid', '@v', 'v1.6.0.zip')),
    );
    const offline = await second.go(['run', '.']);
    assert.equal(offline.code, 0, offline.stderr);
    assert.match(offline.stdout, /^[0-9a-f-]{36}\n$/);
    const post2 = await second.step('post');
    assert.equal(post2.code, 0, post2.stdout + post2.stderr);
    assert.match(second.summary(), /Module cache not saved: the exact key \S+ was restored\./);
  });

  it('warns once when another cache (setup-go cache: true) already restored the module cache on a hosted runner', async () => {
    const workspace = path.join(tempDir('mod-workspace'), 'repo');
    moduleWithDependency(workspace);
    const gomod = path.join(tempDir('gomod-3'), 'mod');
    // What setup-go's restore leaves: downloads already in place when this action starts.
    fs.mkdirSync(path.join(gomod, 'cache', 'download', 'github.com', 'google', 'uuid', '@v'), { recursive: true });
    fs.copyFileSync(
      path.join(hostDownloads, 'github.com', 'google', 'uuid', '@v', 'v1.6.0.mod'),
      path.join(gomod, 'cache', 'download', 'github.com', 'google', 'uuid', '@v', 'v1.6.0.mod'),
    );
    const job = new Job(
      { ...ciEnv(700), ...server.env(), GOMODCACHE: gomod, RUNNER_ENVIRONMENT: 'github-hosted' },
      workspace,
    );
    const main = await job.step('main', { [Inputs.Backend]: 'disk' });
    assert.equal(main.code, 0, main.stdout);
    const warnings = annotations(main.stdout, 'warning');
    assert.equal(warnings.length, 1, main.stdout);
    assert.match(warnings[0], /another cache \(setup-go's cache: true\?\) restored the module cache/);
    const post = await job.step('post', { [Inputs.Backend]: 'disk' });
    assert.equal(post.code, 0);
    assert.deepEqual(annotations(post.stdout, 'warning'), []);
    assert.match(
      job.summary(),
      /Module cache: nothing restored: another cache restored the module cache before this step\./,
    );
  });
}

// v2 only: the module cache goes through the same client wrapper as the build cache, whose v1
// round trip runs above.
describe('action: cache-modules on a real Actions cache service (v2)', () => cacheModules('v2'));
