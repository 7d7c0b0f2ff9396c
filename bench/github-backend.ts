// backend: github next to the alternatives, on a fresh machine each round (empty local cache
// dir, empty GOCACHE), with a real Actions cache service on 127.0.0.1 (omni-cache, the v2 protocol
// github.com speaks; --protocol=v1 for nektos/act's) — loopback, so download time is disk and
// CPU, not network.
//
//   nocache              go build ./... && go test ./... with an empty GOCACHE, no GOCACHEPROG
//   setup-go-tarball     GOCACHE restored the way setup-go does it (@actions/cache restoreCache of
//                        the GOCACHE directory, saved whole by an earlier run), then the same commands
//   github               our action's main step (restores this job's entry before it returns),
//                        then the same commands through GOCACHEPROG
//   github-restore-first the main step's restore (restoreBuildCache, in this process), then the
//                        commands: the restore strategy alone, without the step's start-up
//   github-background    the same restore started together with the commands instead of before
//                        them (the alternative the main step could have taken)
//
// usage: node --import tsx bench/github-backend.ts [--rounds=3] [--packages=30] [--only=github,github-background] [--protocol=v1]
// It runs the committed dist/ bundles of the worktree (npm run package first).
import fs from 'node:fs';
import path from 'node:path';
import { restoreBuildCache } from '../src/action/github-cache.js';
import { jobManifestKeys } from '../src/action/manifest-keys.js';
import { Job } from '../__tests__/helpers/action-job.js';
import { startActionsCache } from '../__tests__/helpers/actions-cache-server.js';
import { generateModule } from '../__tests__/helpers/go-module.js';
import { cacheprogCommand, runGo } from '../__tests__/helpers/go.js';
import { REPO_ROOT } from '../__tests__/helpers/proc.js';

const arg = (name: string, dflt: number): number => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? dflt);
const rounds = arg('rounds', 3);
const packages = arg('packages', 30);

const log = (m: string): void => void process.stderr.write(`bench-gh: ${m}\n`);
const sec = (ms: number): string => (ms / 1000).toFixed(2);
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? (s[(s.length - 1) / 2] as number) : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2;
};

// Under the repo (not /tmp): file creation in /tmp is slow on these machines (see BENCHMARKS.md).
const base = path.join(REPO_ROOT, '.tmp', 'bench-gh');
fs.rmSync(base, { recursive: true, force: true });
const workspace = path.join(base, 'repo');
generateModule(workspace, { packages, withTests: true });
// setup-go caches one fixed GOCACHE path (~/.cache/go-build); a fresh machine has it empty.
const fixedGocache = path.join(base, 'go-build');

const server = await startActionsCache(process.argv.includes('--protocol=v1') ? 'v1' : 'v2');
const ci = { RUNNER_OS: 'Linux', RUNNER_ARCH: 'X64', GITHUB_WORKFLOW: 'bench', GITHUB_JOB: 'build', GITHUB_REF_NAME: 'main', GITHUB_RUN_ATTEMPT: '1' };
let runId = 1000;
const jobEnv = (): Record<string, string> => ({ ...ci, GITHUB_RUN_ID: String(runId++), ...server.env() });
// @actions/cache in this process (setup-go-style and background scenarios) reads these.
Object.assign(process.env, server.env(), { GITHUB_ACTIONS: 'true', RUNNER_TEMP: path.join(base, 'runner-temp'), GITHUB_WORKSPACE: workspace });
const cache = await import('@actions/cache');

async function goCommands(env: Record<string, string>, gocache: string, cacheprog: string | null): Promise<{ ms: number; compiles: number; cached: number }> {
  const started = Date.now();
  const build = await runGo(['build', '-x', './...'], { cwd: workspace, env, gocache, cacheprog });
  if (build.code !== 0) throw new Error(`go build failed: ${build.stderr.slice(-2000)}`);
  const test = await runGo(['test', './...'], { cwd: workspace, env, gocache, cacheprog });
  if (test.code !== 0) throw new Error(`go test failed: ${test.stdout.slice(-2000)}`);
  return { ms: Date.now() - started, compiles: build.compiles, cached: test.stdout.split('\n').filter((l) => /^ok\s.*\(cached\)/.test(l)).length };
}

type Scenario = 'nocache' | 'setup-go-tarball' | 'github' | 'github-restore-first' | 'github-background';
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
const scenarios = (['nocache', 'setup-go-tarball', 'github', 'github-restore-first', 'github-background'] as Scenario[]).filter((s) => !only || only.includes(s));
// ---- round 0: populate both caches
{
  log(`module of ${packages} packages with tests in ${workspace}; Actions cache service (${server.protocol}) at ${server.url}`);
  const job = new Job(jobEnv(), workspace);
  if ((await job.step('main')).code !== 0) throw new Error('main step failed');
  const r = await job.go(['build', './...']);
  const t = await job.go(['test', './...']);
  if (r.code !== 0 || t.code !== 0) throw new Error('populating build failed');
  const post = await job.step('post');
  if (!/Saved gobuildcache/.test(job.summary())) throw new Error(`no entry saved:\n${post.stdout}`);
  if (scenarios.includes('setup-go-tarball')) {
    fs.rmSync(fixedGocache, { recursive: true, force: true });
    await goCommands({}, fixedGocache, null);
    const id = await cache.saveCache([fixedGocache], 'setup-go-bench-gocache');
    if (id === -1) throw new Error('saving the GOCACHE tarball failed');
    log(`populated: a GOCACHE tarball of ${(dirBytes(fixedGocache) / 1048576).toFixed(1)} MiB unpacked`);
  }
  log('populated: our entry');
}

function dirBytes(dir: string): number {
  let n = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) if (e.isFile()) n += fs.statSync(path.join(e.parentPath, e.name)).size;
  return n;
}

const results: Partial<Record<Scenario, { total: number[]; restore: number[]; go: number[]; compiles: number[]; cached: number[] }>> = Object.fromEntries(
  scenarios.map((s) => [s, { total: [], restore: [], go: [], compiles: [], cached: [] }]),
) as never;

for (let round = 1; round <= rounds; round++) {
  // Rotate the order so a noisy neighbour hits every scenario alike.
  const order = scenarios.map((_, i) => scenarios[(i + round) % scenarios.length] as Scenario);
  for (const s of order) {
    let restoreMs = 0;
    let go: Awaited<ReturnType<typeof goCommands>>;
    const started = Date.now();
    if (s === 'nocache') {
      fs.rmSync(fixedGocache, { recursive: true, force: true });
      go = await goCommands({}, fixedGocache, null);
    } else if (s === 'setup-go-tarball') {
      fs.rmSync(fixedGocache, { recursive: true, force: true });
      const key = await cache.restoreCache([fixedGocache], 'setup-go-bench-gocache');
      if (!key) throw new Error('the GOCACHE tarball was not restored');
      restoreMs = Date.now() - started;
      go = await goCommands({}, fixedGocache, null);
    } else if (s === 'github') {
      const job = new Job(jobEnv(), workspace);
      if ((await job.step('main')).code !== 0) throw new Error('main step failed');
      restoreMs = Date.now() - started;
      go = await goCommands({ ...job.env, ...job.exported() }, job.gocache, job.exported().GOCACHEPROG ?? null);
    } else {
      const job = new Job(jobEnv(), workspace);
      const cacheDir = path.join(job.dir, 'cache');
      const runDir = path.join(job.dir, 'run');
      fs.mkdirSync(runDir, { recursive: true });
      const keys = jobManifestKeys({ env: { ...ci }, goVersion: (await runGo(['env', 'GOVERSION'], { cwd: workspace, cacheprog: null })).stdout.trim(), matrix: '' });
      const restore = (): Promise<void> =>
        restoreBuildCache({ cacheDir, runDir, keys, lookupTimeoutMs: 5_000, readOnly: true }).then((r) => {
          restoreMs = Date.now() - started;
          if (!r.restoredKey) throw new Error(`restore found nothing: ${r.reason ?? ''}`);
        });
      const env = { GOBUILDCACHE_CACHE_DIR: cacheDir, GOBUILDCACHE_LOCK_DIR: path.join(cacheDir, 'locks') };
      if (s === 'github-restore-first') {
        await restore();
        go = await goCommands(env, job.gocache, cacheprogCommand());
      } else {
        [go] = await Promise.all([goCommands(env, job.gocache, cacheprogCommand()), restore()]);
      }
    }
    const total = Date.now() - started;
    const r = results[s] as NonNullable<(typeof results)[Scenario]>;
    r.total.push(total);
    r.restore.push(restoreMs);
    r.go.push(go.ms);
    r.compiles.push(go.compiles);
    r.cached.push(go.cached);
    log(`r${round} ${s.padEnd(18)} total ${sec(total)} s  restore ${sec(restoreMs)} s  go ${sec(go.ms)} s  compiles ${go.compiles}  tests cached ${go.cached}`);
  }
}

await server.stop();
const lines = [
  `| scenario (fresh machine, ${packages}-package module with tests, ${rounds} rounds, medians) | total | restore | go build + go test | compiles | tests (cached) |`,
  '|---|---:|---:|---:|---:|---:|',
];
const nocache = median(results.nocache?.total ?? []);
for (const s of scenarios) {
  const r = results[s] as NonNullable<(typeof results)[Scenario]>;
  lines.push(`| ${s} | ${sec(median(r.total))} s (${(median(r.total) / nocache).toFixed(2)}×) | ${sec(median(r.restore))} s | ${sec(median(r.go))} s | ${median(r.compiles)} | ${median(r.cached)} |`);
}
process.stdout.write(`${lines.join('\n')}\n`);
process.exit(0);
