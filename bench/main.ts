// The benchmark driver. Every scenario of a workload is run round by round, interleaved (the order
// rotates each round), so a noisy neighbour on this shared machine hits all scenarios alike; the
// report uses medians and ratios measured side by side in one invocation.
//
// Scenarios (see BENCHMARKS.md for what each means):
//   nocache        empty GOCACHE, no GOCACHEPROG
//   native-warm    go's own warm GOCACHE (the physical limit)
//   local-warm     ours, warm local cache, disk backend, fresh GOCACHE dir
//   local-warm-s3  the same with the S3 backend configured (what the action runs): remote untouched
//   remote-<L>ms   ours, empty local cache, warm remote through Toxiproxy adding L ms per response
//   populate       ours, empty local and remote, -upload-wait 0s; then `drain` is timed separately
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateModule } from '../__tests__/helpers/go-module.js';
import { runGo } from '../__tests__/helpers/go.js';
import { REPO_ROOT, tempDir } from '../__tests__/helpers/proc.js';
import { startS3Server, type S3Server } from '../__tests__/helpers/s3-server.js';
import { startToxiproxy, type Proxy } from '../__tests__/helpers/toxiproxy.js';
import { aggregateStatsDir } from '../src/cacheprog/stats.js';
import { renderReport } from './report.js';
import type { BenchResults, HandshakeSample, RunRecord, ScenarioId, WorkloadInfo } from './types.js';

// ---------------------------------------------------------------- options

interface WorkloadSpec {
  id: string;
  title: string;
  args: string[];
  /** 'std' runs in an empty dir; otherwise a generated module of this many packages. */
  module?: { packages: number; withTests: boolean };
  coldRounds: number;
  warmRounds: number;
  cold: ScenarioId[];
  warm: ScenarioId[];
  /** go test workloads: count "(cached)" lines of the output. */
  countCached?: boolean;
}

const argv = process.argv.slice(2);
if (argv.includes('--help') || argv.includes('-h')) {
  process.stdout.write(`usage: npm run bench -- [--quick] [--only=id,id] [--no-report] [--handshake=N]
  --quick        fewer rounds and smaller modules (a few minutes on 2 cores)
  --only=ids     run only these workloads (std, mod100, mod1000, test-compile, test-cached, handshake)
  --no-report    write the JSON only, leave BENCHMARKS.md and bench/chart.svg alone
  --worktree     measure dist/cacheprog as it is on disk (default: as committed at HEAD)
  --report=FILE  only re-render BENCHMARKS.md and the chart from a results JSON
`);
  process.exit(0);
}
const quick = argv.includes('--quick');
const noReport = argv.includes('--no-report');
const onlyArg = argv.find((a) => a.startsWith('--only='));
const only = onlyArg ? new Set(onlyArg.slice('--only='.length).split(',')) : undefined;
const reportArg = argv.find((a) => a.startsWith('--report='));
const handshakeArg = argv.find((a) => a.startsWith('--handshake='));
const handshakeRuns = handshakeArg ? Number(handshakeArg.split('=')[1]) : quick ? 20 : 40;

if (reportArg) {
  const results = JSON.parse(fs.readFileSync(reportArg.slice('--report='.length), 'utf8')) as BenchResults;
  renderReport(results, REPO_ROOT);
  process.stdout.write('bench: BENCHMARKS.md and bench/chart.svg re-rendered\n');
  process.exit(0);
}

const TEST_MODULE = quick ? 20 : 50;
const COLD: ScenarioId[] = ['nocache', 'populate'];
const COLD_ALL: ScenarioId[] = [...COLD, 'populate-local'];
const PREFETCH: ScenarioId[] = ['prefetch-5ms', 'prefetch-25ms'];
const WARM: ScenarioId[] = [
  'native-warm',
  'local-warm',
  'local-warm-s3',
  'go-helper-warm',
  'remote-0ms',
  'remote-5ms',
  'remote-25ms',
  ...PREFETCH,
];
const WARM_ALL: ScenarioId[] = [...WARM, 'remote-direct'];
const WARM_TEST: ScenarioId[] = WARM.filter((s) => s !== 'remote-0ms');
// The generated module's packages form a chain (package i imports i-1), so go fetches them one
// at a time: the remote scenarios of the 1,000-package module cost minutes at 25 ms. Only 5 ms there.
const WARM_BIG: ScenarioId[] = [
  'native-warm',
  'local-warm',
  'local-warm-s3',
  'go-helper-warm',
  'remote-5ms',
  ...PREFETCH,
];
const testCompile = (rounds: [number, number]): WorkloadSpec => ({
  id: 'test-compile',
  title: `go test -run '^$' ./... (${TEST_MODULE} packages)`,
  args: ['test', '-run', '^$', './...'],
  module: { packages: TEST_MODULE, withTests: true },
  coldRounds: rounds[0],
  warmRounds: rounds[1],
  cold: COLD,
  warm: WARM_TEST,
  countCached: true,
});
const testCached = (rounds: [number, number]): WorkloadSpec => ({
  id: 'test-cached',
  title: `go test ./... (${TEST_MODULE} packages)`,
  args: ['test', './...'],
  module: { packages: TEST_MODULE, withTests: true },
  coldRounds: rounds[0],
  warmRounds: rounds[1],
  cold: COLD,
  warm: WARM_TEST,
  countCached: true,
});
const WORKLOADS: WorkloadSpec[] = quick
  ? [
      {
        id: 'std',
        title: 'go build std',
        args: ['build', 'std'],
        coldRounds: 1,
        warmRounds: 3,
        cold: COLD_ALL,
        warm: WARM_ALL,
      },
      {
        id: 'mod100',
        title: 'go build ./... (100 packages)',
        args: ['build', './...'],
        module: { packages: 100, withTests: false },
        coldRounds: 1,
        warmRounds: 3,
        cold: COLD,
        warm: WARM,
      },
      testCompile([1, 3]),
      testCached([1, 3]),
    ]
  : [
      {
        id: 'std',
        title: 'go build std',
        args: ['build', 'std'],
        coldRounds: 3,
        warmRounds: 5,
        cold: COLD_ALL,
        warm: WARM_ALL,
      },
      {
        id: 'mod100',
        title: 'go build ./... (100 packages)',
        args: ['build', './...'],
        module: { packages: 100, withTests: false },
        coldRounds: 2,
        warmRounds: 5,
        cold: COLD,
        warm: WARM,
      },
      {
        id: 'mod1000',
        title: 'go build ./... (1,000 packages)',
        args: ['build', './...'],
        module: { packages: 1000, withTests: false },
        coldRounds: 3,
        warmRounds: 3,
        cold: COLD_ALL,
        warm: WARM_BIG,
      },
      testCompile([2, 3]),
      testCached([2, 3]),
    ];

const LATENCIES_MS = [0, 5, 25];
/** The remote latency the populating build uploads through. */
const POPULATE_LATENCY_MS = 5;
const BUCKET = 'bench';
const MANIFEST_KEY = 'bench-job';

// ---------------------------------------------------------------- helpers

const log = (line: string): void =>
  void process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length === 0 ? NaN : s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const rm = (dir: string): void => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
const sh = (cmd: string, args: string[]): Promise<{ code: number; out: string; err: string; ms: number }> =>
  new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? 1, out, err, ms: performance.now() - started }));
  });

/** Runs the entrypoint (a subcommand) with extra env; resolves with its exit code and stderr. */
function node(args: string[], env: Record<string, string>): Promise<{ code: number; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? 1, err }));
  });
}

/** Mean ms to create, write and rename a 16 KB file under base (what the local store does per file). */
function fileCreateMs(base: string): number {
  const dir = fs.mkdtempSync(path.join(base, 'gbc-fsprobe-'));
  const data = Buffer.alloc(16 * 1024, 1);
  const n = 200;
  const started = performance.now();
  for (let i = 0; i < n; i++) {
    fs.writeFileSync(path.join(dir, `t${i}`), data);
    fs.renameSync(path.join(dir, `t${i}`), path.join(dir, `f${i}`));
  }
  const ms = (performance.now() - started) / n;
  rm(dir);
  return ms;
}

function machine(): Pick<BenchResults['machine'], 'nproc' | 'cpuModel' | 'memGiB' | 'kernel' | 'tempDir'> {
  const cpuinfo = fs.readFileSync('/proc/cpuinfo', 'utf8');
  const meminfo = fs.readFileSync('/proc/meminfo', 'utf8');
  const memKb = Number(/MemTotal:\s+(\d+)/.exec(meminfo)?.[1] ?? 0);
  return {
    nproc: os.availableParallelism(),
    cpuModel: /model name\s*:\s*(.*)/.exec(cpuinfo)?.[1]?.trim() ?? 'unknown',
    memGiB: Math.round((memKb / 1024 / 1024) * 10) / 10,
    kernel: os.release(),
    tempDir: { path: os.tmpdir(), createMs: fileCreateMs(os.tmpdir()) },
  };
}

/**
 * Copies the bundle so a rebuild of dist/ by someone else mid-run cannot change what is measured.
 * By default the committed one (HEAD), so the numbers belong to a commit; --worktree takes dist/
 * as it is on disk.
 */
async function snapshotBundle(fromWorktree: boolean): Promise<{ entry: string; sha256: string; source: string }> {
  const root = tempDir('bench-bundle');
  if (fromWorktree)
    fs.cpSync(path.join(REPO_ROOT, 'dist', 'cacheprog'), path.join(root, 'dist', 'cacheprog'), { recursive: true });
  else {
    const tar = path.join(root, 'bundle.tar');
    const r = await sh('git', ['-C', REPO_ROOT, 'archive', '-o', tar, 'HEAD', 'dist/cacheprog']);
    if (r.code !== 0) throw new Error(`git archive HEAD dist/cacheprog: ${r.err}`);
    const x = await sh('tar', ['-x', '-f', tar, '-C', root]);
    if (x.code !== 0) throw new Error(`tar: ${x.err}`);
  }
  const entry = path.join(root, 'dist', 'cacheprog', 'index.js');
  const sha256 = crypto.createHash('sha256').update(fs.readFileSync(entry)).digest('hex');
  return { entry, sha256, source: fromWorktree ? 'working tree' : 'HEAD' };
}

type StatsSummary = NonNullable<RunRecord['stats']>;

/** The counters the report uses, summed over the stats files of one run by the post step's own aggregator. */
function readStats(dir: string): StatsSummary | undefined {
  const { counters: c, latency, files } = aggregateStatsDir(dir);
  if (files === 0) return undefined;
  return {
    processes: c.processes,
    gets: c.gets,
    localHits: c.localHits,
    remoteHits: c.remoteHits,
    misses: c.misses,
    puts: c.puts,
    putBytes: c.putBytes,
    uploads: c.uploads,
    spooled: c.spooled,
    uploadsPendingAtClose: c.uploadsPendingAtClose,
    remoteErrors: c.remoteErrors,
    bytesDownloaded: c.bytesDownloaded,
    getSumMs: latency.get.sumMs,
  };
}

/** Max RSS and CPU of every entrypoint process the wrapper saw (one per go command). */
function readRss(dir: string): { maxRssKB: number; userS: number; sysS: number; processes: number } | undefined {
  let files: string[];
  try {
    files = fs.readdirSync(dir).filter((f) => f.startsWith('rss.'));
  } catch {
    return undefined;
  }
  if (files.length === 0) return undefined;
  const r = { maxRssKB: 0, userS: 0, sysS: 0, processes: files.length };
  for (const f of files) {
    const line = fs.readFileSync(path.join(dir, f), 'utf8').trim().split('\n').pop() ?? '';
    const [kb, user, sys] = line.split(/\s+/).map(Number);
    r.maxRssKB = Math.max(r.maxRssKB, kb ?? 0);
    r.userS += user ?? 0;
    r.sysS += sys ?? 0;
  }
  return r;
}

// ---------------------------------------------------------------- the suite

async function main(): Promise<void> {
  const startedAt = new Date();
  const bundle = await snapshotBundle(argv.includes('--worktree'));
  const gitHead = (await sh('git', ['-C', REPO_ROOT, 'rev-parse', '--short', 'HEAD'])).out.trim();
  const distStatus = (await sh('git', ['-C', REPO_ROOT, 'status', '--porcelain', '--', 'dist/cacheprog'])).out.trim();
  const dirty = bundle.source !== 'HEAD' && distStatus !== '';
  const goVersion = (await sh('go', ['version'])).out.trim();
  log(
    `bundle ${bundle.sha256.slice(0, 12)} (${bundle.source}, HEAD ${gitHead}${dirty ? ', dist/ differs from HEAD' : ''}), ${goVersion}, node ${process.version}`,
  );

  // Bundles from before the prefetch subcommand (af2399f) skip the prefetch scenarios.
  const helpText = (await sh(process.execPath, [bundle.entry, 'help'])).out;
  const hasPrefetch = /^\s+prefetch\s/m.test(helpText);
  if (!hasPrefetch) log('this bundle has no prefetch subcommand: prefetch scenarios skipped');
  const wantWorkloads = WORKLOADS.filter((w) => !only || only.has(w.id)).map((w) =>
    hasPrefetch ? w : { ...w, warm: w.warm.filter((s) => !s.startsWith('prefetch-')) },
  );
  const wantHandshake = !only || only.has('handshake');

  // An RSS/CPU wrapper around the entrypoint: GNU time writes "maxrss user sys" per process.
  const wrapDir = tempDir('bench-wrap');
  const wrapper = path.join(wrapDir, 'rss-wrap.sh');
  fs.writeFileSync(
    wrapper,
    `#!/bin/sh\nexec /usr/bin/time -o "$GBC_BENCH_RSS_DIR/rss.$$" -f '%M %U %S' ${JSON.stringify(process.execPath)} ${JSON.stringify(bundle.entry)} "$@"\n`,
    { mode: 0o755 },
  );

  // The minimal Go helper: a floor for what the protocol costs with a compiled helper.
  const goHelper = path.join(wrapDir, 'gohelper');
  const built = await sh('sh', [
    '-c',
    `cd ${JSON.stringify(path.join(REPO_ROOT, 'bench', 'gohelper'))} && GOTOOLCHAIN=local GOFLAGS=-buildvcs=false go build -o ${JSON.stringify(goHelper)} .`,
  ]);
  if (built.code !== 0) throw new Error(`building bench/gohelper: ${built.err}`);

  let s3: S3Server | undefined;
  let toxiStop: (() => Promise<void>) | undefined;
  const proxies = new Map<number, Proxy>();
  const runs: RunRecord[] = [];
  const workloads: WorkloadInfo[] = [];
  let handshake: HandshakeSample[] = [];
  const outDir = path.join(REPO_ROOT, 'bench', 'results');
  fs.mkdirSync(outDir, { recursive: true });
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-').slice(0, 19);
  const outFile = path.join(outDir, `${stamp}${quick ? '-quick' : ''}.json`);
  const save = (finished: boolean): BenchResults => {
    const results: BenchResults = {
      version: 1,
      mode: quick ? 'quick' : 'full',
      finished,
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      machine: {
        ...machineInfo,
        ...(machineInfo.tempDir && finished
          ? { tempDir: { ...machineInfo.tempDir, createMsEnd: fileCreateMs(os.tmpdir()) } }
          : {}),
        goVersion,
        nodeVersion: process.version,
        loadAvgStart,
        loadAvgEnd: os.loadavg(),
      },
      bundle: { sha256: bundle.sha256, gitHead, source: bundle.source, distDiffersFromHead: dirty },
      latenciesMs: LATENCIES_MS,
      populateLatencyMs: POPULATE_LATENCY_MS,
      workloads,
      runs,
      handshake,
      gocacheCheck,
    };
    fs.writeFileSync(outFile, `${JSON.stringify(results, null, 1)}\n`);
    // latest*.json always holds a whole suite: a --only run does not replace it.
    if (!only)
      fs.writeFileSync(
        path.join(outDir, `latest${quick ? '-quick' : ''}.json`),
        `${JSON.stringify(results, null, 1)}\n`,
      );
    return results;
  };
  const loadAvgStart = os.loadavg();
  const machineInfo = machine();
  let gocacheCheck: BenchResults['gocacheCheck'];

  try {
    if (wantWorkloads.length > 0) {
      s3 = await startS3Server();
      await s3.createBucket(BUCKET);
      const toxi = await startToxiproxy();
      toxiStop = toxi.stop;
      for (const ms of LATENCIES_MS) {
        const proxy = await toxi.createProxy(`s3-${ms}ms`, s3.port);
        if (ms > 0)
          await proxy.addToxic({ type: 'latency', stream: 'downstream', attributes: { latency: ms, jitter: 0 } });
        proxies.set(ms, proxy);
      }
      log(
        `versitygw on ${s3.endpoint}; toxiproxy proxies ${[...proxies].map(([ms, p]) => `${ms} ms → :${p.port}`).join(', ')}`,
      );
    }

    const modules = new Map<string, string>();
    const moduleDir = (spec: NonNullable<WorkloadSpec['module']>): string => {
      const key = `${spec.packages}-${spec.withTests}`;
      let dir = modules.get(key);
      if (!dir) {
        dir = tempDir(`bench-mod${key}`);
        generateModule(dir, { packages: spec.packages, withTests: spec.withTests });
        modules.set(key, dir);
      }
      return dir;
    };
    const stdDir = tempDir('bench-std');

    for (const w of wantWorkloads) {
      const cwd = w.module ? moduleDir(w.module) : stdDir;
      const info: WorkloadInfo = {
        id: w.id,
        title: w.title,
        args: w.args,
        packages: w.module?.packages,
        coldRounds: w.coldRounds,
        warmRounds: w.warmRounds,
      };
      info.scenarios = [...w.cold, ...w.warm];
      workloads.push(info);
      await runWorkload(w, cwd, info);
      save(false);
    }
    if (wantHandshake) handshake = await measureHandshake(handshakeRuns);
  } finally {
    await s3?.stop().catch(() => {});
    await toxiStop?.().catch(() => {});
  }
  const results = save(true);
  log(`results: ${path.relative(REPO_ROOT, outFile)}`);
  if (!noReport) {
    renderReport(results, REPO_ROOT);
    log('BENCHMARKS.md and bench/chart.svg written');
  }

  // ------------------------------------------------------------ one workload

  async function runWorkload(w: WorkloadSpec, cwd: string, _info: WorkloadInfo): Promise<void> {
    const server = s3 as S3Server;
    const state: { nativeCache?: string; localWarm?: string; warmPrefix?: string } = {};
    const wid = `${w.id}-${crypto.randomBytes(3).toString('hex')}`;
    const s3env = (ms: number, prefix: string): Record<string, string> =>
      server.env(BUCKET, { prefix, endpoint: (proxies.get(ms) as Proxy).endpoint });
    const command = (flags: string[]): string => [process.execPath, bundle.entry, ...flags].join(' ');
    const { cold, warm } = w;

    const go = async (args: {
      gocache: string;
      cacheprog: string | null;
      env?: Record<string, string>;
    }): Promise<{ seconds: number; stdout: string; stderr: string }> => {
      const started = performance.now();
      const r = await runGo(w.args, {
        cwd,
        gocache: args.gocache,
        cacheprog: args.cacheprog,
        env: args.env,
        timeoutMs: 900_000,
      });
      const seconds = (performance.now() - started) / 1000;
      if (r.code !== 0)
        throw new Error(
          `${w.id}: go ${w.args.join(' ')} exited ${r.code}:\n${r.stderr.split('\n').slice(-20).join('\n')}`,
        );
      return { seconds, stdout: r.stdout, stderr: r.stderr };
    };
    const cachedLines = (stdout: string): number | undefined =>
      w.countCached ? stdout.split('\n').filter((l) => l.includes('(cached)')).length : undefined;

    /**
     * Runs one scenario once. 'warmup' results are dropped; 'rss' runs wrap the entrypoint in GNU
     * time for its peak RSS and CPU (a fork more, so they are kept out of the timings). Populating
     * runs are always wrapped: a few ms on a build of a minute is noise.
     */
    const runOne = async (
      scenario: ScenarioId,
      round: number,
      order: number,
      mode: 'timed' | 'warmup' | 'rss' = 'timed',
    ): Promise<void> => {
      const timed = mode !== 'warmup';
      const rec: RunRecord = { workload: w.id, scenario, round, order, seconds: 0, loadAvg1: os.loadavg()[0] };
      if (mode === 'rss') rec.rssOnly = true;
      const gocache = tempDir('bench-gocache');
      const statsDir = tempDir('bench-stats');
      const rssDir = tempDir('bench-rss');
      const scratch: string[] = [statsDir, rssDir];
      const wrapped = mode === 'rss' || scenario === 'populate' || scenario === 'populate-local';
      const ours = (flags: string[]): string =>
        wrapped ? [wrapper, ...flags, '-stats-dir', statsDir].join(' ') : command([...flags, '-stats-dir', statsDir]);
      const withRss = (env: Record<string, string> | undefined): Record<string, string> | undefined =>
        wrapped ? { ...env, GBC_BENCH_RSS_DIR: rssDir } : env;
      try {
        if (scenario === 'nocache') {
          const r = await go({ gocache, cacheprog: null });
          rec.seconds = r.seconds;
          rec.cached = cachedLines(r.stdout);
          if (round === 0 && !state.nativeCache) state.nativeCache = gocache;
          else scratch.push(gocache);
        } else if (scenario === 'native-warm') {
          scratch.push(gocache);
          const r = await go({ gocache: state.nativeCache as string, cacheprog: null });
          rec.seconds = r.seconds;
          rec.cached = cachedLines(r.stdout);
        } else if (scenario === 'local-warm' || scenario === 'local-warm-s3') {
          scratch.push(gocache);
          const lockDir = tempDir('bench-locks');
          scratch.push(lockDir);
          const env = scenario === 'local-warm-s3' ? s3env(0, state.warmPrefix as string) : undefined;
          const r = await go({
            gocache,
            cacheprog: ours(['-cache-dir', state.localWarm as string, '-lock-dir', lockDir]),
            env: withRss(env),
          });
          rec.seconds = r.seconds;
          rec.cached = cachedLines(r.stdout);
          if (!gocacheCheck && round === 0) gocacheCheck = inspectGocache(gocache);
        } else if (scenario === 'go-helper-warm') {
          scratch.push(gocache);
          const r = await go({ gocache, cacheprog: `${goHelper} -cache-dir ${state.localWarm as string}` });
          rec.seconds = r.seconds;
          rec.cached = cachedLines(r.stdout);
        } else if (scenario.startsWith('prefetch-')) {
          // As in the action: the prefetcher starts, then go builds at once (no head start); the
          // time is until go is done. The prefetcher's own duration is recorded beside it.
          scratch.push(gocache);
          const ms = Number(/prefetch-(\d+)ms/.exec(scenario)?.[1]);
          const cacheDir = tempDir('bench-local');
          const prefetchStats = tempDir('bench-prefetch-stats');
          scratch.push(cacheDir, prefetchStats);
          const lockDir = path.join(cacheDir, 'locks');
          const env = s3env(ms, state.warmPrefix as string);
          const started = performance.now();
          const prefetcher = node(
            [
              bundle.entry,
              'prefetch',
              '-backend',
              's3',
              '-manifest-key',
              MANIFEST_KEY,
              '-cache-dir',
              cacheDir,
              '-lock-dir',
              lockDir,
              '-stats-dir',
              prefetchStats,
            ],
            env,
          ).then((r) => ({ ...r, seconds: (performance.now() - started) / 1000 }));
          const r = await go({
            gocache,
            cacheprog: ours(['-cache-dir', cacheDir, '-lock-dir', lockDir]),
            env: withRss(env),
          });
          rec.seconds = (performance.now() - started) / 1000;
          rec.cached = cachedLines(r.stdout);
          const p = await prefetcher;
          rec.prefetchSeconds = p.seconds;
          rec.prefetchLog = /prefetch: downloaded[^\n]*/.exec(p.err)?.[0];
          if (p.code !== 0) throw new Error(`${w.id}: prefetch exited ${p.code}: ${p.err}`);
        } else if (scenario === 'populate-local') {
          scratch.push(gocache);
          const cacheDir = tempDir('bench-local');
          scratch.push(cacheDir);
          const r = await go({
            gocache,
            cacheprog: ours(['-cache-dir', cacheDir, '-lock-dir', path.join(cacheDir, 'locks')]),
            env: withRss(undefined),
          });
          rec.seconds = r.seconds;
          rec.cached = cachedLines(r.stdout);
        } else if (scenario.startsWith('remote-')) {
          scratch.push(gocache);
          const cacheDir = tempDir('bench-local');
          scratch.push(cacheDir);
          const env =
            scenario === 'remote-direct'
              ? server.env(BUCKET, { prefix: state.warmPrefix as string })
              : s3env(Number(/remote-(\d+)ms/.exec(scenario)?.[1]), state.warmPrefix as string);
          const r = await go({
            gocache,
            cacheprog: ours(['-cache-dir', cacheDir, '-lock-dir', path.join(cacheDir, 'locks')]),
            env: withRss(env),
          });
          rec.seconds = r.seconds;
          rec.cached = cachedLines(r.stdout);
        } else if (scenario === 'populate') {
          scratch.push(gocache);
          const cacheDir = tempDir('bench-local');
          const spoolDir = tempDir('bench-spool');
          scratch.push(spoolDir);
          const prefix = `${wid}-r${round}${mode === 'timed' ? '' : `-${mode}`}/`;
          const flags = [
            '-backend',
            's3',
            '-upload-wait',
            '0s',
            '-cache-dir',
            cacheDir,
            '-spool-dir',
            spoolDir,
            '-lock-dir',
            path.join(cacheDir, 'locks'),
          ];
          const r = await go({ gocache, cacheprog: ours(flags), env: withRss(s3env(POPULATE_LATENCY_MS, prefix)) });
          rec.seconds = r.seconds;
          rec.cached = cachedLines(r.stdout);
          // The post step's drain, timed on its own.
          const drainEnv = { ...process.env, ...s3env(POPULATE_LATENCY_MS, prefix) };
          const started = performance.now();
          const d = await new Promise<{ code: number; err: string }>((resolve, reject) => {
            const child = spawn(
              process.execPath,
              [
                bundle.entry,
                'drain',
                '-backend',
                's3',
                '-cache-dir',
                cacheDir,
                '-spool-dir',
                spoolDir,
                '-lock-dir',
                path.join(cacheDir, 'locks'),
              ],
              { env: drainEnv, stdio: ['ignore', 'ignore', 'pipe'] },
            );
            let err = '';
            child.stderr.on('data', (b: Buffer) => (err += b.toString()));
            child.once('error', reject);
            child.once('close', (code) => resolve({ code: code ?? 1, err }));
          });
          rec.drainSeconds = (performance.now() - started) / 1000;
          if (d.code !== 0) throw new Error(`${w.id}: drain exited ${d.code}: ${d.err}`);
          if (round === 0 && mode === 'timed' && !state.localWarm) {
            state.localWarm = cacheDir;
            state.warmPrefix = prefix;
            if (warm.some((s) => s.startsWith('prefetch-'))) {
              // The post step records the action ids this job used, for the next job's prefetch.
              const saved = await node(
                [
                  bundle.entry,
                  'save-manifest',
                  '-backend',
                  's3',
                  '-manifest-key',
                  MANIFEST_KEY,
                  '-stats-dir',
                  statsDir,
                  '-cache-dir',
                  cacheDir,
                ],
                s3env(0, prefix),
              );
              if (saved.code !== 0 || !/saved \d+ action ids/.test(saved.err))
                throw new Error(`${w.id}: save-manifest failed: ${saved.err}`);
              log(`${w.id}: ${/saved \d+ action ids[^\n]*/.exec(saved.err)?.[0] ?? ''}`);
            }
          } else scratch.push(cacheDir);
        }
        rec.stats = readStats(statsDir);
        rec.rss = readRss(rssDir);
        if (timed) runs.push(rec);
        const extra = [
          rec.stats
            ? `gets ${rec.stats.gets} (local ${rec.stats.localHits}, remote ${rec.stats.remoteHits}, miss ${rec.stats.misses}) puts ${rec.stats.puts}`
            : '',
          rec.prefetchSeconds !== undefined ? `prefetch done at ${rec.prefetchSeconds.toFixed(2)} s` : '',
          rec.drainSeconds !== undefined
            ? `drain ${rec.drainSeconds.toFixed(2)} s (spooled ${rec.stats?.spooled ?? '?'})`
            : '',
          rec.rss
            ? `rss ${(rec.rss.maxRssKB / 1024).toFixed(0)} MiB cpu ${(rec.rss.userS + rec.rss.sysS).toFixed(1)} s`
            : '',
          rec.cached !== undefined ? `cached ${rec.cached}` : '',
        ].filter(Boolean);
        log(
          `${w.id} r${round}${mode === 'timed' ? '' : ` ${mode}`} ${scenario.padEnd(13)} ${rec.seconds.toFixed(3)} s  ${extra.join('; ')}  (load ${rec.loadAvg1.toFixed(1)})`,
        );
      } finally {
        for (const d of scratch) rm(d);
      }
    };

    const rounds = Math.max(w.coldRounds, w.warmRounds);
    for (let round = 0; round < rounds; round++) {
      let list: ScenarioId[];
      if (round === 0) {
        // Round 0 builds the state the warm scenarios need: go's GOCACHE and our local and remote.
        for (const [i, s] of cold.entries()) await runOne(s, 0, i);
        // Warm-ups for the cheap, sensitive scenarios: page cache, first-run effects.
        for (const s of ['native-warm', 'local-warm', 'local-warm-s3', 'go-helper-warm'] as ScenarioId[])
          await runOne(s, 0, -1, 'warmup');
        list = warm;
        for (const [i, s] of list.entries()) await runOne(s, 0, cold.length + i);
        continue;
      }
      list = [...(round < w.coldRounds ? cold : []), ...(round < w.warmRounds ? warm : [])];
      const shift = round % list.length;
      list = [...list.slice(shift), ...list.slice(0, shift)];
      for (const [i, s] of list.entries()) await runOne(s, round, i);
    }
    // Peak RSS and CPU of the entrypoint on warm builds: separate runs, since the wrapper costs a fork.
    for (const s of ['local-warm', 'remote-0ms'] as ScenarioId[])
      if (warm.includes(s)) await runOne(s, rounds, -1, 'rss');
    for (const d of [state.nativeCache, state.localWarm]) if (d) rm(d);

    const med = (s: ScenarioId): number =>
      median(runs.filter((r) => r.workload === w.id && r.scenario === s && !r.rssOnly).map((r) => r.seconds));
    log(
      `${w.id}: median no cache ${med('nocache').toFixed(2)} s, native warm ${med('native-warm').toFixed(3)} s, ours local ${med('local-warm').toFixed(3)} s (×${(med('local-warm') / med('native-warm')).toFixed(2)})`,
    );
  }

  /** What go keeps in GOCACHE when GOCACHEPROG is set (it should be no outputs at all). */
  function inspectGocache(dir: string): BenchResults['gocacheCheck'] {
    let files = 0;
    let dirs = 0;
    let bytes = 0;
    const names: string[] = [];
    const walk = (d: string): void => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) {
          dirs++;
          walk(p);
        } else {
          files++;
          bytes += fs.statSync(p).size;
          if (names.length < 10) names.push(path.relative(dir, p));
        }
      }
    };
    walk(dir);
    return { files, dirs, bytes, names };
  }

  // ------------------------------------------------------------ handshake

  async function measureHandshake(n: number): Promise<HandshakeSample[]> {
    const samples: HandshakeSample[] = [];
    const cacheDir = tempDir('bench-hs');
    type Kind = HandshakeSample['kind'];
    const kinds: Kind[] = [
      'bare-node-line',
      'bare-node-exit',
      'ours-disk',
      ...(s3 ? (['ours-s3'] as Kind[]) : []),
      'go-helper',
    ];
    const spec = (kind: Kind): { args: string[]; env: NodeJS.ProcessEnv } => {
      switch (kind) {
        case 'bare-node-line':
          return { args: ['-e', 'process.stdout.write("0\\n")'], env: process.env };
        case 'bare-node-exit':
          return { args: ['-e', '0'], env: process.env };
        case 'ours-disk':
          return {
            args: [bundle.entry, '-cache-dir', cacheDir, '-lock-dir', path.join(cacheDir, 'locks')],
            env: process.env,
          };
        case 'go-helper':
          return { args: ['-cache-dir', cacheDir], env: process.env };
        case 'ours-s3':
          return {
            args: [bundle.entry, '-cache-dir', cacheDir, '-lock-dir', path.join(cacheDir, 'locks')],
            env: {
              ...process.env,
              ...(s3 as S3Server).env(BUCKET, { prefix: 'handshake/', endpoint: (proxies.get(5) as Proxy).endpoint }),
            },
          };
      }
    };
    // Time to the first stdout line (for `node -e 0`, to exit), then EOF on stdin ends the helper.
    const once = (kind: Kind): Promise<number> =>
      new Promise((resolve, reject) => {
        const { args, env } = spec(kind);
        const started = performance.now();
        const child = spawn(kind === 'go-helper' ? goHelper : process.execPath, args, {
          env,
          stdio: ['pipe', 'pipe', 'ignore'],
        });
        let firstLine: number | undefined;
        child.stdout.on('data', (b: Buffer) => {
          if (firstLine === undefined && b.includes(10)) {
            firstLine = performance.now() - started;
            child.stdin.end();
          }
        });
        child.once('error', reject);
        child.once('exit', () => {
          if (kind === 'bare-node-exit') resolve(performance.now() - started);
          else if (firstLine === undefined) reject(new Error(`${kind}: exited before writing a line`));
          else resolve(firstLine);
        });
        if (kind === 'bare-node-exit') child.stdin.end();
      });
    for (const k of kinds) await once(k); // warm the page cache
    for (let i = 0; i < n; i++) {
      const order = [...kinds.slice(i % kinds.length), ...kinds.slice(0, i % kinds.length)];
      for (const k of order) samples.push({ kind: k, ms: await once(k) });
    }
    for (const k of kinds)
      log(`handshake ${k}: median ${median(samples.filter((s) => s.kind === k).map((s) => s.ms)).toFixed(1)} ms`);
    return samples;
  }
}

// Exit explicitly: a child handle left open must not keep the driver (and its servers) alive.
main().then(
  () => process.exit(0),
  (err: unknown) => {
    log(`failed: ${(err as Error).stack ?? String(err)}`);
    process.exit(1);
  },
);
