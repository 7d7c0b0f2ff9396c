// backend: github next to setup-go's tarball, on a fresh machine each round (empty GOCACHE), with
// a real Actions cache service on 127.0.0.1 (omni-cache, the v2 protocol github.com speaks;
// --protocol=v1 for nektos/act's), loopback: download time is disk and CPU, not network.
//
//   nocache           the go commands with an empty GOCACHE
//   setup-go-tarball  GOCACHE restored the way setup-go does it (@actions/cache restoreCache of
//                     the whole directory, saved by an earlier run), then the go commands
//   github            our main step (restore, verify, place into GOCACHE), the go commands, our
//                     post step (nothing new: saves nothing)
//
// Each scenario runs the commands twice: the first is the fresh runner's build, the second a warm
// go command on the same cache (go's own warm GOCACHE for the first two).
//
// usage: node --import tsx bench/github-backend.ts [--rounds=3] [--packages=30] [--workload=module|caddy] [--only=github,setup-go-tarball] [--protocol=v1]
// It runs the committed dist/ bundles of the worktree (npm run package first).
import fs from 'node:fs';
import path from 'node:path';
import { Job } from '../__tests__/helpers/action-job.js';
import { startActionsCache } from '../__tests__/helpers/actions-cache-server.js';
import { generateModule } from '../__tests__/helpers/go-module.js';
import { runGo } from '../__tests__/helpers/go.js';
import { REPO_ROOT } from '../__tests__/helpers/proc.js';
import { arg, caddyDir, CADDY, median } from './side-common.js';

const rounds = Number(arg('rounds') ?? '3');
const packages = Number(arg('packages') ?? '30');
const workload = arg('workload') ?? 'module';

const log = (m: string): void => void process.stderr.write(`bench-gh: ${m}\n`);
const sec = (ms: number): string => (ms / 1000).toFixed(2);

// Under the repo (not /tmp): file creation in /tmp is slow on these machines (see BENCHMARKS.md).
const base = path.join(REPO_ROOT, '.tmp', 'bench-gh');
fs.rmSync(base, { recursive: true, force: true });
let workspace: string;
let commands: string[][];
if (workload === 'caddy') {
  const dir = await caddyDir(log);
  if (!dir) throw new Error('caddy could not be downloaded');
  workspace = dir;
  commands = [['build', '-x', '-o', '/dev/null', CADDY.pkg]];
} else {
  workspace = path.join(base, 'repo');
  generateModule(workspace, { packages, withTests: true });
  commands = [
    ['build', '-x', './...'],
    ['test', './...'],
  ];
}
// setup-go caches one fixed GOCACHE path (~/.cache/go-build); a fresh machine has it empty.
const fixedGocache = path.join(base, 'go-build');

const server = await startActionsCache((arg('protocol') ?? 'v2') === 'v1' ? 'v1' : 'v2');
const ci = {
  RUNNER_OS: 'Linux',
  RUNNER_ARCH: 'X64',
  GITHUB_WORKFLOW: 'bench',
  GITHUB_JOB: 'build',
  GITHUB_REF_NAME: 'main',
  GITHUB_RUN_ATTEMPT: '1',
  GOFLAGS: '-mod=mod',
  GOPROXY: 'off',
};
let runId = 1000;
const jobEnv = (): Record<string, string> => ({ ...ci, GITHUB_RUN_ID: String(runId++), ...server.env() });
// @actions/cache in this process (the setup-go model) reads these.
Object.assign(process.env, server.env(), {
  GITHUB_ACTIONS: 'true',
  RUNNER_TEMP: path.join(base, 'runner-temp'),
  GITHUB_WORKSPACE: workspace,
});
const cache = await import('@actions/cache');

async function goCommands(
  env: Record<string, string>,
  gocache: string,
): Promise<{ ms: number; compiles: number; cached: number }> {
  const started = Date.now();
  let compiles = 0;
  let cached = 0;
  for (const args of commands) {
    const r = await runGo(args, { cwd: workspace, env, gocache, cacheprog: null, timeoutMs: 1_800_000 });
    if (r.code !== 0) throw new Error(`go ${args.join(' ')} failed: ${r.stderr.slice(-2000)}`);
    compiles += r.compiles;
    cached += r.stdout.split('\n').filter((l) => /^ok\s.*\(cached\)/.test(l)).length;
  }
  return { ms: Date.now() - started, compiles, cached };
}

type Scenario = 'nocache' | 'setup-go-tarball' | 'github';
const only = process.argv
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const scenarios = (['nocache', 'setup-go-tarball', 'github'] as Scenario[]).filter((s) => !only || only.includes(s));

// ---- round 0: populate both caches
{
  log(
    `${workload === 'caddy' ? `caddy ${CADDY.version}` : `module of ${packages} packages with tests`} in ${workspace}; Actions cache service at ${server.url}`,
  );
  const job = new Job(jobEnv(), workspace);
  if ((await job.step('main')).code !== 0) throw new Error('main step failed');
  await goCommands({ ...job.env, ...job.exported() }, job.exported().GOCACHE);
  const post = await job.step('post');
  if (!/Saved gobuildcache/.test(job.summary())) throw new Error(`no entry saved:\n${post.stdout}`);
  if (scenarios.includes('setup-go-tarball')) {
    fs.rmSync(fixedGocache, { recursive: true, force: true });
    await goCommands({}, fixedGocache);
    const id = await cache.saveCache([fixedGocache], 'setup-go-bench-gocache');
    if (id === -1) throw new Error('saving the GOCACHE tarball failed');
    log(`populated: a GOCACHE tarball of ${(dirBytes(fixedGocache) / 1048576).toFixed(1)} MiB unpacked`);
  }
  log('populated: our entry');
}

function dirBytes(dir: string): number {
  let n = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true }))
    if (e.isFile()) n += fs.statSync(path.join(e.parentPath, e.name)).size;
  return n;
}

interface Sample {
  total: number[];
  restore: number[];
  go: number[];
  warm: number[];
  post: number[];
  compiles: number[];
  cached: number[];
}
const results = Object.fromEntries(
  scenarios.map((s) => [s, { total: [], restore: [], go: [], warm: [], post: [], compiles: [], cached: [] }]),
) as unknown as Record<Scenario, Sample>;

for (let round = 1; round <= rounds; round++) {
  // Rotate the order so a noisy neighbour hits every scenario alike.
  const order = scenarios.map((_, i) => scenarios[(i + round) % scenarios.length]);
  for (const s of order) {
    let restoreMs = 0;
    let postMs = 0;
    let go: Awaited<ReturnType<typeof goCommands>>;
    let warm: Awaited<ReturnType<typeof goCommands>>;
    const started = Date.now();
    if (s === 'github') {
      const job = new Job(jobEnv(), workspace);
      if ((await job.step('main')).code !== 0) throw new Error('main step failed');
      restoreMs = Date.now() - started;
      const env = { ...job.env, ...job.exported() };
      go = await goCommands(env, env.GOCACHE);
      warm = await goCommands(env, env.GOCACHE);
      const postStart = Date.now();
      if ((await job.step('post')).code !== 0) throw new Error('post step failed');
      postMs = Date.now() - postStart;
    } else {
      fs.rmSync(fixedGocache, { recursive: true, force: true });
      if (s === 'setup-go-tarball') {
        const key = await cache.restoreCache([fixedGocache], 'setup-go-bench-gocache');
        if (!key) throw new Error('the GOCACHE tarball was not restored');
        restoreMs = Date.now() - started;
      }
      go = await goCommands({}, fixedGocache);
      warm = await goCommands({}, fixedGocache);
    }
    const total = restoreMs + go.ms + postMs;
    const r = results[s];
    r.total.push(total);
    r.restore.push(restoreMs);
    r.go.push(go.ms);
    r.warm.push(warm.ms);
    r.post.push(postMs);
    r.compiles.push(go.compiles);
    r.cached.push(go.cached);
    log(
      `r${round} ${s.padEnd(16)} total ${sec(total)} s  restore ${sec(restoreMs)} s  go ${sec(go.ms)} s  warm ${sec(warm.ms)} s  post ${sec(postMs)} s  compiles ${go.compiles}  tests cached ${go.cached}`,
    );
  }
}

await server.stop();
const what = workload === 'caddy' ? `caddy ${CADDY.pkg}` : `${packages}-package module with tests`;
const lines = [
  `| scenario (fresh machine, ${what}, ${rounds} rounds, medians) | restore + go + post | restore | go | post | warm go command | compiles | tests (cached) |`,
  '|---|---:|---:|---:|---:|---:|---:|---:|',
];
const tarball = results['setup-go-tarball'] ? median(results['setup-go-tarball'].total) : NaN;
const tarballWarm = results['setup-go-tarball'] ? median(results['setup-go-tarball'].warm) : NaN;
for (const s of scenarios) {
  const r = results[s];
  const vs = Number.isFinite(tarball) ? ` (${(median(r.total) / tarball).toFixed(2)}×)` : '';
  const warmVs = Number.isFinite(tarballWarm) ? ` (${(median(r.warm) / tarballWarm).toFixed(2)}×)` : '';
  lines.push(
    `| ${s} | ${sec(median(r.total))} s${vs} | ${sec(median(r.restore))} s | ${sec(median(r.go))} s | ${sec(median(r.post))} s | ${sec(median(r.warm))} s${warmVs} | ${median(r.compiles)} | ${median(r.cached)} |`,
  );
}
process.stdout.write(`${lines.join('\n')}\n`);
process.exit(0);
