// backend github as go's own cache: the committed action bundles (helpers/action-job.ts) with
// @actions/cache's real code against a real Actions cache service on 127.0.0.1, and the real go
// command between the steps reading GOCACHE natively (the v2 protocol, github.com's). What each run saves (nothing, a delta, a
// full archive), what a tampered archive does, and who may save.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Inputs } from '../../src/action/constants.js';
import { stateKey } from '../../src/action/step-state.js';
import { annotations, Job } from '../helpers/action-job.js';
import { startActionsCache, type ActionsCacheServer } from '../helpers/actions-cache-server.js';
import { generateModule } from '../helpers/go-module.js';
import { tempDir } from '../helpers/proc.js';

function ciEnv(runId: number, extra: Record<string, string> = {}): Record<string, string> {
  return {
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    GITHUB_WORKFLOW: 'CI',
    GITHUB_JOB: 'native',
    GITHUB_REF_NAME: 'main',
    GITHUB_EVENT_NAME: 'push',
    GITHUB_RUN_ID: String(runId),
    GITHUB_RUN_ATTEMPT: '1',
    ...extra,
  };
}

interface GithubState {
  saveKey: string;
  restoredKey?: string;
  baseKey?: string;
  entries?: number;
  rejected?: number;
  reason?: string;
  noSaveReason?: string;
}

function githubState(job: Job): GithubState {
  return (
    (JSON.parse(job.state()[stateKey('actionsCache')] ?? '{}') as { github?: GithubState }).github ?? { saveKey: '' }
  );
}

function allCached(stdout: string): boolean {
  const ok = stdout.split('\n').filter((l) => /^ok\s/.test(l));
  return ok.length > 0 && ok.every((l) => l.includes('(cached)'));
}

/** Runs one whole job: main, the go commands, post. Returns the job and its go results. */
async function runJob(
  env: Record<string, string>,
  workspace: string,
  commands: string[][],
  inputs: Partial<Record<Inputs, string>> = {},
) {
  const job = new Job(env, workspace);
  const main = await job.step('main', inputs);
  assert.equal(main.code, 0, main.stdout + main.stderr);
  const results = [];
  for (const args of commands) {
    const r = await job.go(args);
    assert.equal(r.code, 0, `go ${args.join(' ')}: ${r.stdout}${r.stderr}`);
    results.push(r);
  }
  const started = Date.now();
  const post = await job.step('post', inputs);
  const postMs = Date.now() - started;
  assert.equal(post.code, 0, post.stdout + post.stderr);
  assert.deepEqual(annotations(post.stdout, 'error'), [], post.stdout);
  return { job, main, post, postMs, results };
}

// On the v2 service (what github.com speaks); github-cache.test.ts runs the basic round trip on both.
describe("action: backend github reads go's own cache (v2 service)", () => {
  let server: ActionsCacheServer;
  before(async () => {
    server = await startActionsCache('v2');
  });
  after(async () => {
    await server?.stop();
  });

  it('no GOCACHEPROG; a fresh machine compiles nothing, tests are (cached), nothing new saves nothing; a one-package change saves a small delta that the next run restores with its base', async (t) => {
    const workspace = path.join(tempDir('native-ws'), 'repo');
    generateModule(workspace, { packages: 6, withTests: true, name: 'native' });
    const commands = [
      ['build', '-x', './...'],
      ['test', './...'],
    ];

    const first = await runJob({ ...ciEnv(100), ...server.env() }, workspace, commands);
    const exported = first.job.exported();
    assert.equal(exported.GOCACHEPROG, '', 'go uses its own cache');
    assert.ok(exported.GOCACHE?.endsWith(`${path.sep}go-build`), exported.GOCACHE);
    assert.equal(first.job.outputs()['cache-hit'], 'false');
    assert.equal(first.job.outputs().backend, 'github');
    assert.ok(first.results[0].compiles >= 6);
    const full = /Saved (gobuildcache\/v2\/\S+) \(full\): (\d+) files/.exec(first.job.summary());
    assert.ok(full, first.job.summary());

    const second = await runJob({ ...ciEnv(101), ...server.env() }, workspace, commands);
    const outputs = second.job.outputs();
    assert.equal(outputs['cache-hit'], 'true');
    assert.equal(outputs['restored-key']?.toLowerCase(), full[1].toLowerCase());
    assert.ok(Number(outputs['restored-entries']) > 0);
    const stats = JSON.parse(fs.readFileSync(outputs['stats-file'], 'utf8')) as {
      restoredEntries: number;
      rejected: number;
    };
    assert.equal(stats.restoredEntries, Number(outputs['restored-entries']));
    assert.equal(stats.rejected, 0);
    assert.equal(second.results[0].compiles, 0, 'the whole build came from the restored cache');
    assert.ok(allCached(second.results[1].stdout), second.results[1].stdout);
    assert.deepEqual(annotations(second.main.stdout, 'warning'), [], second.main.stdout);
    assert.match(second.job.summary(), /Build cache not saved: nothing new/);
    assert.match(second.job.summary(), /\d+ of \d+ restored entries used/);
    t.diagnostic(`post step with nothing new: ${second.postMs} ms`);

    // One package changes: the next run builds it and what depends on it, and saves only that.
    const pkg = fs.readdirSync(path.join(workspace, 'pkg')).sort().at(-1) as string;
    fs.appendFileSync(path.join(workspace, 'pkg', pkg, `${pkg}.go`), '\nfunc Extra() int { return 42 }\n');
    // As a checkout made a minute before the job: go does not index a package dir holding files
    // newer than 2 s, and the next job would add that index entry (what normalize-mtimes avoids).
    const minuteAgo = new Date(Date.now() - 60_000);
    fs.utimesSync(path.join(workspace, 'pkg', pkg, `${pkg}.go`), minuteAgo, minuteAgo);
    const third = await runJob({ ...ciEnv(102), ...server.env() }, workspace, commands);
    assert.ok(
      third.results[0].compiles >= 1 && third.results[0].compiles < first.results[0].compiles,
      `compiled ${third.results[0].compiles}`,
    );
    const delta = /Saved (gobuildcache\/v2\/\S+) \(delta\): (\d+) files, ([\d.]+ [KMG]?i?B)/.exec(third.job.summary());
    assert.ok(delta, third.job.summary());
    assert.ok(
      Number(delta[2]) < Number(full[2]),
      `the delta (${delta[2]} files) is smaller than the full archive (${full[2]})`,
    );

    // The next fresh machine restores the delta and its base: nothing to compile.
    const fourth = await runJob({ ...ciEnv(103), ...server.env() }, workspace, commands);
    const restored = githubState(fourth.job);
    assert.equal(restored.restoredKey?.toLowerCase(), delta[1].toLowerCase());
    assert.equal(restored.baseKey?.toLowerCase(), full[1].toLowerCase());
    assert.equal(fourth.results[0].compiles, 0);
    assert.ok(allCached(fourth.results[1].stdout), fourth.results[1].stdout);
    assert.match(fourth.job.summary(), /Build cache not saved: nothing new/);
  });

  it('drops a tampered output (same size) before go can read it: the right binary, one warning, counted', async () => {
    const workspace = path.join(tempDir('tamper-ws'), 'repo');
    fs.mkdirSync(path.join(workspace, 'msg'), { recursive: true });
    fs.writeFileSync(path.join(workspace, 'go.mod'), 'module example.com/tamper\n\ngo 1.24\n');
    fs.writeFileSync(path.join(workspace, 'msg', 'msg.go'), 'package msg\n\nvar Text = "genuine-output-0001"\n');
    fs.writeFileSync(
      path.join(workspace, 'main.go'),
      'package main\n\nimport (\n\t"fmt"\n\n\t"example.com/tamper/msg"\n)\n\nfunc main() { fmt.Println(msg.Text) }\n',
    );
    const env = (id: number): Record<string, string> => ({ ...ciEnv(id, { GITHUB_JOB: 'tamper' }), ...server.env() });

    // The first job's cache gets one output changed in place before its post step saves it: what
    // an altered Actions cache entry holds.
    const first = new Job(env(200), workspace);
    assert.equal((await first.step('main')).code, 0);
    assert.equal((await first.go(['build', '-o', path.join(first.dir, 'hello'), '.'])).code, 0);
    const gocache = first.exported().GOCACHE;
    let planted = 0;
    for (const shard of fs.readdirSync(gocache)) {
      if (!/^[0-9a-f]{2}$/.test(shard)) continue;
      for (const name of fs.readdirSync(path.join(gocache, shard))) {
        const file = path.join(gocache, shard, name);
        if (!name.endsWith('-d') || !fs.statSync(file).isFile()) continue;
        const body = fs.readFileSync(file);
        const at = body.indexOf('genuine-output-0001');
        if (at < 0) continue;
        body.write('PLANTED-output-0001', at);
        fs.writeFileSync(file, body);
        planted++;
      }
    }
    assert.ok(planted >= 1, 'found the compiled msg package in GOCACHE');
    assert.equal((await first.step('post')).code, 0);

    const second = new Job(env(201), workspace);
    const main = await second.step('main');
    assert.equal(main.code, 0, main.stdout);
    const warnings = annotations(main.stdout, 'warning');
    assert.equal(warnings.length, 1, main.stdout);
    assert.match(warnings[0], /did not match their name \(sha256\) and were dropped/);
    assert.equal(githubState(second).rejected, planted);
    const bin = path.join(second.dir, 'hello');
    const build = await second.go(['build', '-x', '-o', bin, '.']);
    assert.equal(build.code, 0, build.stderr);
    assert.ok(build.compiles >= 1, 'the dropped package was compiled again');
    assert.equal(execFileSync(bin, { encoding: 'utf8' }), 'genuine-output-0001\n');
    assert.equal((await second.step('post')).code, 0);
    assert.match(second.summary(), /did not match (its|their) name \(sha256\)/);
  });

  it("a pull_request_target run restores but saves nothing; the default branch never restores another branch's entry", async () => {
    const workspace = path.join(tempDir('trust-ws'), 'repo');
    generateModule(workspace, { packages: 2, name: 'trust' });
    const env = (id: number, extra: Record<string, string>): Record<string, string> => ({
      ...ciEnv(id, { GITHUB_JOB: 'trust', ...extra }),
      ...server.env(),
    });

    // A push to a feature branch saves under its own branch key.
    const feature = await runJob(
      env(300, { GITHUB_REF_NAME: 'feature', GITHUB_REF: 'refs/heads/feature' }),
      workspace,
      [['build', './...']],
    );
    assert.match(feature.job.summary(), /Saved gobuildcache\/v2\/\S+\/feature\/\S+ \(full\)/);

    // pull_request_target runs in the base branch's scope with the PR's code: no save.
    const target = await runJob(
      env(301, { GITHUB_EVENT_NAME: 'pull_request_target', GITHUB_HEAD_REF: 'evil', GITHUB_BASE_REF: 'main' }),
      workspace,
      [['build', './...']],
    );
    assert.equal(githubState(target.job).saveKey, '');
    assert.match(
      target.job.summary(),
      /Build cache not saved: a pull_request_target run is in the base branch's cache scope/,
    );

    // The default branch has no entry of its own: it must not take the feature branch's.
    const main = await runJob(env(302, {}), workspace, [['build', '-x', './...']]);
    assert.equal(githubState(main.job).restoredKey, undefined);
    assert.ok(main.results[0].compiles >= 2);
    assert.ok(
      !main.job.state()[stateKey('actionsCache')]?.includes('/feature/'),
      'the chain never named the feature branch',
    );
  });
});
