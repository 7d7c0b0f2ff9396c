// A week of CI on a real project (issue 21, item 1): run 0's tree and a sequence of commits (a
// leaf function body, an exported API change in a core package, a test-only change, a docs-only
// change, a dependency-free refactor; bench/ci-history-projects.ts), each run on a fresh machine
// (new HOME, empty GOCACHE, empty local cache dir, a fresh `git clone` at the same workspace path,
// since go's cache keys include paths), running the project's go build + go vet + go test. The
// scenarios, side by side (runs interleaved, the order rotating):
//
//   nocache   go's own cache, empty each run.
//   setup-go  the model of actions/setup-go `cache: true`: @actions/cache restoreCache of
//             [GOCACHE, GOMODCACHE] under setup-go-Linux-x64-go-<ver>-<sha256 of go.sum>, no
//             restore keys, saveCache only when that key missed (run 0, unless go.sum changes).
//   github    our action with no inputs (backend: github), the committed dist/ steps as the runner
//             runs them (__tests__/helpers/action-job.ts): main, the go commands, post.
//   s3        our action with s3-bucket on versitygw through Toxiproxy, 5 ms added each way
//             (native-cache: false: GOCACHEPROG and the job server).
//   s3-native the same link with native-cache: true (go's own GOCACHE, filled from the manifest):
//             what decides native-cache: auto for s3 (NATIVE_BY_DEFAULT in src/action/native-cache.ts).
//
// Each scenario has its own Actions cache service (and the s3 one its own bucket prefix), so no
// scenario restores what another saved. Modules: the project's modules are downloaded once into a
// pre-filled module cache (.tmp/ci-history/<project>/gomodcache). nocache reads it in place
// (GOPROXY=off; it pays no downloads); setup-go's run 0 gets a copy of it at ~/go/pkg/mod after its
// restore missed (untimed: it stands for the downloads setup-go's first run makes), later runs
// restore it from setup-go's archive. Ours downloads in run 0 from a file:// proxy of that module
// cache (timed: local copy + extraction) and saves it with cache-modules (its default); later runs
// restore it and run with GOPROXY=off. The clone is not timed; a job's wall time is restore + go
// commands + save.
//
// usage: node --import tsx bench/ci-history.ts [--project=staticcheck|small] [--scenarios=nocache,setup-go,github,s3,s3-native]
//          [--runs=N] [--out=FILE.json] [--svg=FILE.svg] [--check] [--report]
// --check sets the project up, applies the commits and runs every commit's go commands once with
// one warm GOCACHE (the first cold unless kept from before), without the timed scenarios.
// --report only rewrites the table and the chart from the JSON. A timed invocation replaces the
// selected scenarios in the JSON and keeps the others (same project and commits), so scenarios can
// be run separately; a scenario's runs depend on each other, so an interrupted one is rerun whole.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { annotations, DIST, Job } from '../__tests__/helpers/action-job.js';
import { startActionsCacheServer, type ActionsCacheServer } from '../__tests__/helpers/actions-cache-server.js';
import { git } from '../__tests__/helpers/git.js';
import { runGo, testResults, type GoResult } from '../__tests__/helpers/go.js';
import { REPO_ROOT } from '../__tests__/helpers/proc.js';
import {
  markdown,
  readResult,
  SCENARIOS,
  svgChart,
  type ProjectInfo,
  type Result,
  type RunRecord,
  type ScenarioName,
  type ScenarioResult,
} from './ci-history-report.js';
import { PROJECTS, type Project } from './ci-history-projects.js';
import { arg, argv, logger, rm, startRemote, type Remote } from './side-common.js';

const log = logger('ci-history');
const project: Project =
  PROJECTS[arg('project') ?? 'staticcheck'] ?? fail(`--project must be one of ${Object.keys(PROJECTS).join(', ')}`);
const BASE = path.join(REPO_ROOT, '.tmp', 'ci-history', project.id);
const SOURCE = path.join(BASE, 'source');
const ORIGIN = path.join(BASE, 'origin');
const MODCACHE = path.join(BASE, 'gomodcache');
/** One machine at a time: wiped before each run, at the same paths every run. */
const MACHINE = path.join(BASE, 'machine');
const HOME = path.join(MACHINE, 'home');
const WORKSPACE = path.join(MACHINE, 'work', project.repo, project.repo);
const RUNNER_TEMP = path.join(MACHINE, 'runner-temp');
const OUT = arg('out') ?? path.join(REPO_ROOT, 'bench', 'results', `ci-history-${project.id}.json`);
const SVG =
  arg('svg') ??
  (project.id === 'staticcheck' ? path.join(REPO_ROOT, 'bench', 'ci-history.svg') : OUT.replace(/\.json$/, '.svg'));
const GO_TIMEOUT_MS = 3_600_000;
const STEP_TIMEOUT_MS = 1_800_000;
const S3_MS = 5;

// Servers and jobs keep their temp dirs here, not in /tmp (see BENCHMARKS.md on file creation there).
process.env.TMPDIR = path.join(REPO_ROOT, '.tmp', 'ci-history', 'tmp');
fs.mkdirSync(process.env.TMPDIR, { recursive: true });

function fail(message: string): never {
  throw new Error(message);
}

/** The go environment of a process on the machine: a fresh HOME, no network beyond what `proxy` says. */
function machineEnv(modcache: string, proxy: string, home = HOME): Record<string, string> {
  return {
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
    GOPATH: path.join(home, 'go'),
    GOMODCACHE: modcache,
    GOPROXY: proxy,
    GOSUMDB: 'off',
    GOFLAGS: '',
    GOTOOLCHAIN: 'local',
  };
}

function goVersion(): string {
  return execFileSync('go', ['env', 'GOVERSION'], {
    encoding: 'utf8',
    env: { ...process.env, GOTOOLCHAIN: 'local' },
  }).trim();
}

const sha256 = (data: Buffer | string): string => crypto.createHash('sha256').update(data).digest('hex');
const dirBytes = (dir: string): number =>
  fs.existsSync(dir) ? Number(execFileSync('du', ['-sb', dir]).toString().split('\t')[0]) : 0;

// ---- setup: the source, the pre-filled module cache, the repository with the commits

async function prepare(): Promise<{ commits: ProjectInfo['commits'] }> {
  fs.mkdirSync(BASE, { recursive: true });
  if (!fs.existsSync(path.join(SOURCE, 'go.mod'))) {
    const tmp = `${SOURCE}.partial`;
    rm(tmp);
    fs.mkdirSync(tmp, { recursive: true });
    log(`fetching the source of ${project.title}`);
    await project.source(tmp, log);
    fs.renameSync(tmp, SOURCE);
  }
  prefillModules();
  rm(ORIGIN);
  fs.cpSync(SOURCE, ORIGIN, { recursive: true });
  git(ORIGIN, 'init', '-q');
  const commits: ProjectInfo['commits'] = [];
  const commit = (k: number, kind: string, title: string): void => {
    // Fixed identity (helpers/git.ts) and dates: the same edits give the same commit ids every time.
    const date = new Date(Date.UTC(2026, 10, 2 + k, 9, 0, 0)).toISOString();
    Object.assign(process.env, { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date });
    git(ORIGIN, 'add', '-A');
    git(ORIGIN, 'commit', '-q', '-m', `${kind}: ${title}`);
    delete process.env.GIT_AUTHOR_DATE;
    delete process.env.GIT_COMMITTER_DATE;
    commits.push({ sha: git(ORIGIN, 'rev-parse', 'HEAD').trim(), kind, title });
  };
  commit(0, 'initial', project.title);
  project.commits.forEach((c, k) => {
    c.apply(ORIGIN);
    if (git(ORIGIN, 'status', '--porcelain').trim() === '') throw new Error(`commit "${c.title}" changed nothing`);
    commit(k + 1, c.kind, c.title);
  });
  log(`repository ${ORIGIN}: ${commits.map((c) => `${c.sha.slice(0, 8)} ${c.kind}`).join(', ')}`);
  return { commits };
}

/** The project's modules, downloaded once (through the host's module cache when it has them). */
function prefillModules(): void {
  const stamp = path.join(MODCACHE, '.prefilled');
  if (fs.existsSync(stamp)) return;
  fs.mkdirSync(MODCACHE, { recursive: true });
  if (fs.existsSync(path.join(SOURCE, 'go.sum'))) {
    const host = execFileSync('go', ['env', 'GOMODCACHE', 'GOPROXY'], { encoding: 'utf8' }).trim().split('\n');
    const env = {
      ...process.env,
      GOMODCACHE: MODCACHE,
      GOFLAGS: '',
      GOTOOLCHAIN: 'local',
      GOPROXY: `file://${host[0]}/cache/download,${host[1]}`,
    };
    log(`pre-filling ${MODCACHE}`);
    execFileSync('go', ['mod', 'download'], {
      cwd: SOURCE,
      env,
      stdio: ['ignore', 'ignore', 'inherit'],
      timeout: 900_000,
    });
    // Extracts what the packages and their tests need, not only the zips.
    execFileSync('go', ['list', '-deps', '-test', ...patterns()], {
      cwd: SOURCE,
      env,
      stdio: ['ignore', 'ignore', 'inherit'],
      timeout: 900_000,
    });
  }
  fs.writeFileSync(stamp, `${new Date().toISOString()}\n`);
}

/** The package patterns the commands name. */
function patterns(): string[] {
  return [...new Set(project.commands.flatMap((c) => c.filter((a) => a.startsWith('./'))))];
}

function packageCount(dir: string): ProjectInfo['packages'] {
  const out = execFileSync('go', ['list', '-deps', '-test', ...patterns()], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, ...machineEnv(MODCACHE, 'off', path.join(BASE, 'list-home')) },
    maxBuffer: 64 << 20,
  });
  const lines = out.split('\n').filter(Boolean);
  // Distinct: the import paths of the packages themselves, without test mains, external test packages or test variants.
  const paths = lines.map((l) => l.replace(/ \[.*\]$/, '')).filter((l) => !l.endsWith('.test') && !l.endsWith('_test'));
  return { distinct: new Set(paths).size, withTestVariants: lines.length };
}

// ---- one run

/** A fresh machine: nothing under MACHINE but a clone of the commit at the workspace path. */
function freshMachine(sha: string): void {
  rm(MACHINE);
  for (const d of [HOME, RUNNER_TEMP, path.dirname(WORKSPACE)]) fs.mkdirSync(d, { recursive: true });
  git(path.dirname(WORKSPACE), 'clone', '-q', ORIGIN, WORKSPACE);
  git(WORKSPACE, 'checkout', '-q', '--detach', sha);
}

interface GoRun {
  ms: number;
  commands: RunRecord['commands'];
  compiles: number;
  testsRun: number;
  testsCached: number;
  ranTests: string[];
}

async function goCommands(run: (args: string[]) => Promise<GoResult>): Promise<GoRun> {
  const started = performance.now();
  const res: GoRun = { ms: 0, commands: [], compiles: 0, testsRun: 0, testsCached: 0, ranTests: [] };
  for (const cmd of project.commands) {
    const t = performance.now();
    const r = await run([cmd[0], '-x', ...cmd.slice(1)]);
    if (r.code !== 0)
      throw new Error(
        `go ${cmd.join(' ')} exited ${r.code}:\n${r.stdout.split('\n').slice(-40).join('\n')}\n${r.stderr.split('\n').slice(-15).join('\n')}`,
      );
    res.commands.push({ args: cmd.join(' '), ms: performance.now() - t, compiles: r.compiles });
    res.compiles += r.compiles;
    for (const [pkg, result] of testResults(r.stdout)) {
      if (result === '(cached)') res.testsCached++;
      else {
        res.testsRun++;
        res.ranTests.push(pkg);
      }
    }
  }
  res.ms = performance.now() - started;
  return res;
}

/** What @actions/cache logged of the archives it downloaded ("Cache Size: ~N MB (B B)"). */
const archiveBytes = (text: string): number =>
  [...text.matchAll(/Cache Size: ~\d+ MB \((\d+) B\)/g)].reduce((a, m) => a + Number(m[1]), 0);

interface Live {
  name: ScenarioName;
  result: ScenarioResult;
  server?: ActionsCacheServer;
  remote?: Remote;
  s3Prefix?: string;
  runId: number;
}

const BUCKET = 'ci-history';

async function runOnce(live: Live, i: number, commits: ProjectInfo['commits']): Promise<RunRecord> {
  const c = commits[Math.min(i, commits.length - 1)];
  freshMachine(c.sha);
  const rec: RunRecord = {
    run: i,
    commit: c.sha,
    kind: i >= commits.length ? 'unchanged' : c.kind,
    title: i >= commits.length ? 'the same commit again' : c.title,
    wallMs: 0,
    restoreMs: 0,
    goMs: 0,
    saveMs: 0,
    commands: [],
    compiles: 0,
    testsRun: 0,
    testsCached: 0,
    ranTests: [],
    bytesRestored: 0,
    bytesSaved: 0,
    notes: [],
  };
  const gocache = path.join(HOME, '.cache', 'go-build');
  const modcache = path.join(HOME, 'go', 'pkg', 'mod');
  let go: GoRun;
  if (live.name === 'nocache') {
    go = await goCommands((args) =>
      runGo(args, {
        cwd: WORKSPACE,
        env: machineEnv(MODCACHE, 'off'),
        gocache,
        cacheprog: null,
        timeoutMs: GO_TIMEOUT_MS,
      }),
    );
  } else if (live.name === 'setup-go') {
    go = await setupGo(live, rec, gocache, modcache);
  } else {
    go = await ours(live, rec, c.sha, i === 0 ? `file://${MODCACHE}/cache/download` : 'off');
  }
  Object.assign(rec, {
    goMs: go.ms,
    commands: go.commands,
    compiles: go.compiles,
    testsRun: go.testsRun,
    testsCached: go.testsCached,
    ranTests: go.ranTests,
  });
  rec.wallMs = rec.restoreMs + rec.goMs + rec.saveMs;
  return rec;
}

/** Runs fn with this process's stdout (where @actions/core logs) copied to stderr and returned. */
async function capturingStdout<T>(fn: () => Promise<T>): Promise<{ value: T; text: string }> {
  const original = process.stdout.write.bind(process.stdout);
  let text = '';
  process.stdout.write = (chunk: string | Uint8Array) => {
    text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return process.stderr.write(chunk);
  };
  try {
    return { value: await fn(), text };
  } finally {
    process.stdout.write = original;
  }
}

async function setupGo(live: Live, rec: RunRecord, gocache: string, modcache: string): Promise<GoRun> {
  const server = live.server as ActionsCacheServer;
  // What the runner gives setup-go's steps; @actions/cache reads them when called.
  Object.assign(process.env, server.env(), { GITHUB_WORKSPACE: WORKSPACE, RUNNER_TEMP, GITHUB_ACTIONS: 'true' });
  const cache = await import('@actions/cache');
  const goSum = path.join(WORKSPACE, 'go.sum');
  const key = `setup-go-Linux-x64-go-${goVersion().replace(/^go/, '')}-${sha256(fs.existsSync(goSum) ? fs.readFileSync(goSum) : '')}`;
  const paths = [gocache, modcache];
  const t = performance.now();
  const restored = await capturingStdout(() => cache.restoreCache(paths, key));
  rec.restoreMs = performance.now() - t;
  rec.bytesRestored = archiveBytes(restored.text);
  const hit = restored.value !== undefined && restored.value.toLowerCase() === key.toLowerCase();
  if (!hit) {
    fs.cpSync(MODCACHE, modcache, { recursive: true });
    rec.notes.push(`the key missed: the module cache was copied in untimed (setup-go's first run would download it)`);
  }
  const go = await goCommands((args) =>
    runGo(args, {
      cwd: WORKSPACE,
      env: machineEnv(modcache, 'off'),
      gocache,
      cacheprog: null,
      timeoutMs: GO_TIMEOUT_MS,
    }),
  );
  if (!hit) {
    const before = dirBytes(server.dataDir);
    const s = performance.now();
    const saved = await capturingStdout(() => cache.saveCache(paths, key));
    rec.saveMs = performance.now() - s;
    rec.bytesSaved = dirBytes(server.dataDir) - before;
    rec.notes.push(saved.value === -1 ? `saveCache ${key} did not save` : `saved ${key}`);
  }
  return go;
}

async function ours(live: Live, rec: RunRecord, sha: string, proxy: string): Promise<GoRun> {
  const server = live.server as ActionsCacheServer;
  const runId = live.runId++;
  const ci = {
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    GITHUB_WORKFLOW: 'CI',
    GITHUB_JOB: 'test',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_REF_NAME: 'main',
    GITHUB_EVENT_NAME: 'push',
    GITHUB_SHA: sha,
    GITHUB_RUN_ID: String(runId),
    GITHUB_RUN_NUMBER: String(runId),
    GITHUB_RUN_ATTEMPT: '1',
  };
  const env: Record<string, string> = {
    ...ci,
    ...server.env(),
    ...machineEnv(path.join(HOME, 'go', 'pkg', 'mod'), proxy),
  };
  let inputs: Record<string, string> = {};
  const bucketDir = live.remote ? path.join(live.remote.s3.dataDir, BUCKET) : '';
  if (live.remote) {
    const r = live.remote;
    inputs = {
      's3-bucket': BUCKET,
      's3-prefix': live.s3Prefix as string,
      's3-endpoint': r.endpoint(S3_MS),
      's3-path-style': 'true',
      's3-region': r.s3.region,
      'native-cache': String(live.name === 's3-native'),
    };
    Object.assign(env, { AWS_ACCESS_KEY_ID: r.s3.accessKey, AWS_SECRET_ACCESS_KEY: r.s3.secretKey });
  }
  const job = new Job(env, WORKSPACE);
  job.stepTimeoutMs = STEP_TIMEOUT_MS;
  const before = dirBytes(server.dataDir) + dirBytes(bucketDir);
  try {
    const t = performance.now();
    const main = await job.step('main', inputs);
    rec.restoreMs = performance.now() - t;
    if (main.code !== 0) throw new Error(`main step exited ${main.code}:\n${main.stdout}\n${main.stderr}`);
    const go = await goCommands((args) => job.go(args, { timeoutMs: GO_TIMEOUT_MS }));
    const s = performance.now();
    const post = await job.step('post', inputs);
    rec.saveMs = performance.now() - s;
    if (post.code !== 0) throw new Error(`post step exited ${post.code}:\n${post.stdout}\n${post.stderr}`);
    rec.bytesSaved = dirBytes(server.dataDir) + dirBytes(bucketDir) - before;
    const outputs = job.outputs();
    rec.outputs = outputs;
    rec.bytesRestored =
      archiveBytes(main.stdout) +
      (live.remote ? Number(job.stats().bytesDownloaded ?? job.stats().restoredBytes ?? 0) || 0 : 0);
    for (const [step, out] of [
      ['main', main.stdout],
      ['post', post.stdout],
    ] as const)
      for (const w of annotations(out, 'warning')) rec.notes.push(`${step} step warning: ${w.slice(0, 300)}`);
    return go;
  } finally {
    rm(job.dir);
  }
}

// ---- the sequence

function bundleHash(): string {
  const parts = ['main', 'post', 'cacheprog']
    .map((b) => path.join(DIST, b, 'index.js'))
    .filter((f) => fs.existsSync(f));
  return sha256(parts.map((f) => sha256(fs.readFileSync(f))).join()).slice(0, 12);
}

async function startLive(name: ScenarioName): Promise<Live> {
  const live: Live = {
    name,
    result: {
      startedAt: new Date().toISOString(),
      loadAvg: [],
      runs: [],
      dist: name === 'github' || name === 's3' || name === 's3-native' ? bundleHash() : undefined,
      head: git(REPO_ROOT, 'rev-parse', '--short', 'HEAD').trim(),
    },
    runId: 1000,
  };
  if (name !== 'nocache') live.server = await startActionsCacheServer();
  if (name === 's3' || name === 's3-native') {
    live.remote = await startRemote(BUCKET, [S3_MS]);
    live.s3Prefix = `ci-history-${Date.now().toString(36)}/`;
  }
  return live;
}

async function timed(commits: ProjectInfo['commits'], info: ProjectInfo): Promise<void> {
  const names = (arg('scenarios')?.split(',') ?? [...SCENARIOS]) as ScenarioName[];
  for (const n of names) if (!SCENARIOS.includes(n)) fail(`--scenarios: "${n}" is not one of ${SCENARIOS.join(', ')}`);
  const runs = Number(arg('runs') ?? commits.length);
  const previous = readResult(OUT);
  const same =
    previous &&
    previous.project.id === info.id &&
    JSON.stringify(previous.project.commits) === JSON.stringify(info.commits) &&
    JSON.stringify(previous.project.commands) === JSON.stringify(info.commands);
  if (previous && !same) log(`${OUT} holds another project or commit sequence: starting a new result`);
  const result: Result = { project: info, scenarios: same ? previous.scenarios : {} };
  const lives: Live[] = [];
  const save = (): void => {
    fs.mkdirSync(path.dirname(OUT), { recursive: true });
    fs.writeFileSync(OUT, `${JSON.stringify(result, null, 2)}\n`);
  };
  try {
    for (const n of names) {
      const live = await startLive(n);
      lives.push(live);
      result.scenarios[n] = live.result;
    }
    for (let i = 0; i < runs; i++) {
      // Rotate the order so a noisy neighbour hits every scenario alike.
      const order = lives.map((_, k) => lives[(k + i) % lives.length]);
      for (const live of order) {
        if (live.result.error) continue;
        live.result.loadAvg.push(os.loadavg());
        try {
          const rec = await runOnce(live, i, commits);
          live.result.runs.push(rec);
          log(
            `run ${i} ${live.name}: ${(rec.wallMs / 1000).toFixed(1)} s (restore ${(rec.restoreMs / 1000).toFixed(1)}, go ${(rec.goMs / 1000).toFixed(1)}, save ${(rec.saveMs / 1000).toFixed(1)}), ${rec.compiles} compiles, tests ${rec.testsRun} run / ${rec.testsCached} cached`,
          );
        } catch (err) {
          live.result.error = (err as Error).stack ?? String(err);
          log(`run ${i} ${live.name} failed; the rest of its sequence is skipped: ${live.result.error}`);
        }
        if (i === runs - 1 || live.result.error) live.result.finishedAt = new Date().toISOString();
        save();
      }
    }
  } finally {
    for (const l of lives) {
      await l.server?.stop().catch(() => {});
      await l.remote?.stop().catch(() => {});
    }
    rm(MACHINE);
  }
  report(result);
}

function report(result: Result): void {
  const md = markdown(result);
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  fs.writeFileSync(OUT.replace(/\.json$/, '.md'), md);
  fs.mkdirSync(path.dirname(SVG), { recursive: true });
  fs.writeFileSync(SVG, svgChart(result));
  process.stdout.write(md);
  log(`written ${OUT}, ${OUT.replace(/\.json$/, '.md')}, ${SVG}`);
}

/** Every commit's go commands once, one warm GOCACHE: the commits keep build, vet and tests green. */
async function check(commits: ProjectInfo['commits']): Promise<void> {
  const gocache = path.join(BASE, 'check-gocache');
  const home = path.join(BASE, 'check-home');
  const ws = path.join(BASE, 'check', project.repo);
  rm(path.dirname(ws));
  fs.mkdirSync(path.dirname(ws), { recursive: true });
  git(path.dirname(ws), 'clone', '-q', ORIGIN, ws);
  for (const [i, c] of commits.entries()) {
    git(ws, 'checkout', '-q', '--detach', c.sha);
    rm(home);
    const cold = !fs.existsSync(gocache);
    const go = await goCommands((args) =>
      runGo(args, {
        cwd: ws,
        env: machineEnv(MODCACHE, 'off', home),
        gocache,
        cacheprog: null,
        timeoutMs: GO_TIMEOUT_MS,
      }),
    );
    log(
      `check ${i} ${c.kind} (${c.sha.slice(0, 8)}): green in ${(go.ms / 1000).toFixed(1)} s${cold ? ' (cold GOCACHE)' : ''}: ${go.commands.map((x) => `go ${x.args.split(' ')[0]} ${(x.ms / 1000).toFixed(1)} s, ${x.compiles} compiles`).join('; ')}; tests ${go.testsRun} run (${go.ranTests.join(' ')}) / ${go.testsCached} cached; load ${os.loadavg()[0]?.toFixed(1)}`,
    );
  }
  rm(path.dirname(ws));
}

async function main(): Promise<void> {
  if (argv.includes('--report')) {
    const result = readResult(OUT) ?? fail(`${OUT} does not exist`);
    return report(result);
  }
  const { commits } = await prepare();
  const packages = packageCount(ORIGIN);
  log(
    `${project.title}: ${packages.distinct} packages (${packages.withTestVariants} counting test variants and test mains) as go list -deps -test lists them`,
  );
  const info: ProjectInfo = {
    id: project.id,
    title: project.title,
    commands: project.commands.map((c) => c.join(' ')),
    packages,
    goVersion: goVersion(),
    commits,
  };
  if (argv.includes('--check')) return check(commits);
  await timed(commits, info);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    log(`failed: ${(err as Error).stack ?? String(err)}`);
    process.exit(1);
  },
);
