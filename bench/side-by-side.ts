// Side by side in one run: the reference gobuildcache (built from ../shared/peers), ours per go
// command (the CLI default), ours as one job server behind the bridge (the action's default),
// go's own warm GOCACHE and no cache. Scenarios of a workload are interleaved round by round (the
// order rotates), so a noisy neighbour on this shared machine hits them alike; the report gives
// medians and ratios. Usage:
//   node --import tsx bench/side-by-side.ts [--rounds=5] [--cold-rounds=3] [--only=helper,chain150,std,mod1000,caddy] [--out=FILE]
// Needs .tools/ (bash scripts/install-tools.sh --with-reference builds the reference too) and, for the caddy
// workload, the module proxy once (go mod download; later runs are offline).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateModule } from '../__tests__/helpers/go-module.js';
import { runGo } from '../__tests__/helpers/go.js';
import { BRIDGE as REPO_BRIDGE, startTestJobServer } from '../__tests__/helpers/job-server.js';
import { REPO_ROOT, tempDir, toolPath } from '../__tests__/helpers/proc.js';
import { startS3Server, type S3Server } from '../__tests__/helpers/s3-server.js';
import { startToxiproxy, type Proxy } from '../__tests__/helpers/toxiproxy.js';

const argv = process.argv.slice(2);
const arg = (name: string): string | undefined => argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const ROUNDS = Number(arg('rounds') ?? 5);
/** Cold builds (no cache, populating) of big workloads cost minutes each: fewer rounds. */
const COLD_ROUNDS = Number(arg('cold-rounds') ?? 3);
const ONLY = arg('only')?.split(',');
const OUT = arg('out') ?? path.join(REPO_ROOT, 'bench', 'results', `side-by-side-${new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19)}.md`);
/** A copy of dist/ taken at start, so a rebuild during the run cannot change what is measured. */
const DIST = snapshotDist();
const ENTRY = path.join(DIST, 'cacheprog', 'index.js');
const BRIDGE = path.join(DIST, path.relative(path.join(REPO_ROOT, 'dist'), REPO_BRIDGE));
const REF = toolPath('gobuildcache-ref');
const CADDY = { module: 'github.com/caddyserver/caddy/v2', version: 'v2.11.9', pkg: './cmd/caddy' };
const BUCKET = 'side';

function snapshotDist(): string {
  const dir = tempDir('side-dist');
  for (const part of ['cacheprog', 'bridge']) fs.cpSync(path.join(REPO_ROOT, 'dist', part), path.join(dir, part), { recursive: true });
  return dir;
}

const log = (line: string): void => void process.stderr.write(`[side ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length === 0 ? NaN : s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const rm = (dir: string): void => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });

type Impl = 'ref' | 'pp' | 'job';
const IMPL_NAME: Record<Impl, string> = { ref: 'reference', pp: 'ours, per go command', job: 'ours, job server + bridge' };

interface Workload {
  id: string;
  title: string;
  cwd: string;
  args: string[];
  /** Remote scenarios (empty local dir, warm bucket) at these latencies. */
  remoteMs: number[];
  populate: boolean;
}

/** A job server like the action starts, for one scenario run; stopped with `finish`. */
interface JobServer {
  command: string;
  /** From spawning the server until a client could connect (the action's main step waits this long). */
  startMs: number;
  finish(): Promise<{ rssKB: number }>;
}

async function startJobServer(env: Record<string, string>, cacheDir: string): Promise<JobServer> {
  const t = performance.now();
  const server = await startTestJobServer({ env, flags: ['-cache-dir', cacheDir], dist: { entry: ENTRY, bridge: BRIDGE } });
  return {
    command: server.command,
    startMs: performance.now() - t,
    async finish() {
      const rssKB = server.peakRssKB();
      const r = await server.finish(600_000);
      if (r.code !== 0) log(`finish exited ${r.code}: ${r.stderr.trim()}\n${server.proc.logTail(10)}`);
      return { rssKB };
    },
  };
}

function refEnv(cacheDir: string, s3env?: Record<string, string>): Record<string, string> {
  // The reference reads GOBUILDCACHE_<KEY> for its own settings, but its AWS SDK takes the endpoint,
  // region and credentials only from the plain AWS_* names: without them it would dial AWS itself.
  const aws = Object.fromEntries(Object.entries(s3env ?? {}).filter(([k]) => k.startsWith('GOBUILDCACHE_AWS_')).map(([k, v]) => [k.slice('GOBUILDCACHE_'.length), v]));
  if (s3env && !aws.AWS_ENDPOINT_URL_S3) throw new Error('refusing to run the reference without a loopback endpoint');
  return { ...(s3env ?? { GOBUILDCACHE_BACKEND_TYPE: 'disk' }), ...aws, GOBUILDCACHE_CACHE_DIR: cacheDir, GOBUILDCACHE_LOCK_DIR: path.join(cacheDir, '.locks'), GOBUILDCACHE_PRINT_STATS: 'false' };
}

interface Row {
  workload: string;
  scenario: string;
  seconds: number[];
  note?: string;
}

async function main(): Promise<void> {
  for (const f of [ENTRY, BRIDGE, REF]) if (!fs.existsSync(f)) throw new Error(`${f} is missing (npm run package; bash scripts/install-tools.sh)`);
  const s3: S3Server = await startS3Server();
  await s3.createBucket(BUCKET);
  const toxi = await startToxiproxy();
  const proxies = new Map<number, Proxy>();
  for (const ms of [0, 5]) {
    const p = await toxi.createProxy(`side-${ms}ms`, s3.port);
    // "5 ms" is 5 ms added each way, as in the issue's table.
    if (ms > 0) for (const stream of ['upstream', 'downstream'] as const) await p.addToxic({ type: 'latency', stream, attributes: { latency: ms, jitter: 0 } });
    proxies.set(ms, p);
  }
  const s3env = (ms: number, prefix: string): Record<string, string> => s3.env(BUCKET, { prefix, endpoint: (proxies.get(ms) as Proxy).endpoint });
  const rows: Row[] = [];
  const started = Date.now();
  const load0 = os.loadavg();
  // Written after every workload, so a run cut short still leaves what it measured.
  const write = (): string => {
    const md = report(rows, started, load0);
    fs.mkdirSync(path.dirname(OUT), { recursive: true });
    fs.writeFileSync(OUT, md);
    return md;
  };
  try {
    if (!ONLY || ONLY.includes('helper')) rows.push(...(await helperStartup()));
    write();
    for (const w of await workloads()) {
      if (ONLY && !ONLY.includes(w.id)) continue;
      log(`workload ${w.id}: ${w.title}`);
      await runWorkload(w, rows, s3env);
      write();
    }
  } finally {
    await toxi.stop().catch(() => {});
    await s3.stop().catch(() => {});
  }
  process.stdout.write(write());
  log(`written ${OUT}`);
}

async function workloads(): Promise<Workload[]> {
  const chain = tempDir('side-chain150');
  generateModule(chain, { packages: 150 });
  const big = tempDir('side-mod1000');
  generateModule(big, { packages: 1000 });
  const std = tempDir('side-std');
  // Cheapest first, so a run cut short has the most workloads.
  const list: Workload[] = [
    { id: 'chain150', title: 'go build ./... (150-package generated module)', cwd: chain, args: ['build', './...'], remoteMs: [0, 5], populate: true },
    { id: 'std', title: 'go build std', cwd: std, args: ['build', 'std'], remoteMs: [5], populate: true },
    { id: 'mod1000', title: 'go build ./... (1,000-package generated module)', cwd: big, args: ['build', './...'], remoteMs: [], populate: false },
  ];
  const caddy = await caddyDir();
  if (caddy) list.push({ id: 'caddy', title: `go build ${CADDY.pkg} (caddy ${CADDY.version}, 1,018 packages with its dependencies)`, cwd: caddy, args: ['build', '-o', os.devNull, CADDY.pkg], remoteMs: [0, 5], populate: true });
  return list;
}

/** A writable copy of caddy's module with its dependencies in the module cache; undefined when the proxy can't be reached. */
async function caddyDir(): Promise<string | undefined> {
  const dir = path.join(REPO_ROOT, '.tmp', `caddy-${CADDY.version}`);
  if (fs.existsSync(path.join(dir, 'go.mod'))) return dir;
  const res = await runGo(['mod', 'download', '-json', `${CADDY.module}@${CADDY.version}`], { cwd: os.tmpdir(), cacheprog: null, timeoutMs: 600_000 });
  const src = /"Dir":\s*"([^"]+)"/.exec(res.stdout)?.[1];
  if (res.code !== 0 || !src) {
    log(`caddy skipped: go mod download failed: ${res.stderr.slice(0, 300)}`);
    return undefined;
  }
  fs.cpSync(src, dir, { recursive: true });
  fs.chmodSync(dir, 0o755);
  for (const e of fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[]) fs.chmodSync(path.join(e.parentPath, e.name), e.isDirectory() ? 0o755 : 0o644);
  const dl = await runGo(['mod', 'download'], { cwd: dir, cacheprog: null, timeoutMs: 900_000 });
  if (dl.code !== 0) throw new Error(`caddy: go mod download: ${dl.stderr}`);
  return dir;
}

async function runWorkload(w: Workload, rows: Row[], s3env: (ms: number, prefix: string) => Record<string, string>): Promise<void> {
  const go = async (cacheprog: string | null, env: Record<string, string> = {}, gocache = tempDir('side-gocache')): Promise<number> => {
    const t = performance.now();
    const r = await runGo(w.args, { cwd: w.cwd, cacheprog, env, gocache, timeoutMs: 1_800_000 });
    if (r.code !== 0) throw new Error(`${w.id}: go ${w.args.join(' ')} failed:\n${r.stderr.split('\n').slice(-15).join('\n')}`);
    if (gocache.includes('side-gocache')) rm(gocache);
    return (performance.now() - t) / 1000;
  };
  const tag = `${w.id}-${Date.now().toString(36)}`;
  const record = (scenario: string, seconds: number, note?: string): void => {
    let row = rows.find((r) => r.workload === w.id && r.scenario === scenario);
    if (!row) rows.push((row = { workload: w.id, scenario, seconds: [] }));
    row.seconds.push(seconds);
    if (note) row.note = note;
    log(`${w.id} ${scenario.padEnd(22)} ${seconds.toFixed(3)} s${note ? `  ${note}` : ''}`);
  };

  // Populating runs (also what fills each implementation's local dir and bucket prefix for the warm scenarios).
  const nativeCache = tempDir('side-native');
  const localDir: Partial<Record<Impl, string>> = {};
  const prefix: Partial<Record<Impl, string>> = {};
  const populateRounds = w.populate ? COLD_ROUNDS : 1;
  for (let round = 0; round < populateRounds; round++) {
    const order: (Impl | 'nocache')[] = ['nocache', 'ref', 'job'];
    for (const who of [...order.slice(round % 3), ...order.slice(0, round % 3)]) {
      const ms = 5;
      if (who === 'nocache') {
        const gocache = round === 0 ? nativeCache : tempDir('side-gocache');
        record('no cache', await go(null, {}, gocache));
        if (round > 0) rm(gocache);
        continue;
      }
      const cacheDir = tempDir(`side-local-${who}`);
      const p = `${tag}-${who}-${round}/`;
      const env = w.populate ? s3env(ms, p) : {};
      if (who === 'ref') {
        const t = await go(REF, refEnv(cacheDir, w.populate ? env : undefined));
        if (w.populate) record(`populate ${ms} ms: ${IMPL_NAME.ref}`, t);
      } else {
        const server = await startJobServer(env, cacheDir);
        const t = await go(server.command);
        const f0 = performance.now();
        await server.finish();
        const finishS = (performance.now() - f0) / 1000;
        if (w.populate) record(`populate ${ms} ms: ${IMPL_NAME.job}`, t, `then finish (uploads) ${finishS.toFixed(1)} s`);
      }
      if (round === 0) {
        localDir[who] = cacheDir;
        prefix[who] = p;
      } else rm(cacheDir);
    }
  }
  // Ours per go command reads the same local layout and bucket format as the job server.
  localDir.pp = localDir.job;
  prefix.pp = prefix.job;

  // Warm local dir, fresh GOCACHE: native, reference, ours both ways; interleaved.
  const warmRounds = ROUNDS;
  let jobRss = 0;
  const jobStartMs: number[] = [];
  for (let round = -1; round < warmRounds; round++) {
    const order = ['native', 'ref', 'pp', 'job'];
    const list = round < 0 ? order : [...order.slice(round % 4), ...order.slice(0, round % 4)];
    for (const who of list) {
      let t: number;
      if (who === 'native') t = await go(null, {}, nativeCache);
      else if (who === 'ref') t = await go(REF, refEnv(localDir.ref as string));
      else if (who === 'pp') t = await go(`${process.execPath} ${ENTRY} -cache-dir ${localDir.pp as string}`);
      else {
        const server = await startJobServer({}, localDir.job as string);
        if (round >= 0) jobStartMs.push(server.startMs);
        t = await go(server.command);
        jobRss = Math.max(jobRss, (await server.finish()).rssKB);
      }
      // Round -1 warms the page cache for every contender and is not recorded.
      if (round >= 0) record(`warm local: ${who === 'native' ? "go's own warm GOCACHE" : IMPL_NAME[who as Impl]}`, t);
    }
  }
  if (jobRss > 0) rows.push({ workload: w.id, scenario: 'job server peak RSS (MB), warm local', seconds: [jobRss / 1024] });
  // Not part of the build's time above: the main step's wait, which includes reading the local index.
  if (jobStartMs.length > 0) rows.push({ workload: w.id, scenario: 'job server start until it answers (ms), warm local', seconds: jobStartMs });

  // Empty local dir, warm bucket, on demand.
  for (const ms of w.remoteMs) {
    for (let round = 0; round < COLD_ROUNDS; round++) {
      const order: Impl[] = ['ref', 'pp', 'job'];
      for (const who of [...order.slice(round % 3), ...order.slice(0, round % 3)]) {
        const cacheDir = tempDir('side-empty');
        const env = s3env(ms, prefix[who] as string);
        let t: number;
        if (who === 'ref') t = await go(REF, refEnv(cacheDir, env));
        else if (who === 'pp') t = await go(`${process.execPath} ${ENTRY} -cache-dir ${cacheDir}`, env);
        else {
          const server = await startJobServer(env, cacheDir);
          t = await go(server.command);
          await server.finish();
        }
        record(`remote ${ms} ms, empty local: ${IMPL_NAME[who]}`, t);
        rm(cacheDir);
      }
    }
  }
  for (const d of [nativeCache, localDir.ref, localDir.job]) if (d) rm(d);
}

/** One go command's helper from start to the answer of close, as go would drive it. */
async function helperStartup(): Promise<Row[]> {
  const cacheDir = tempDir('side-hs');
  const server = await startJobServer({}, cacheDir);
  const commands: Record<string, string[]> = {
    [IMPL_NAME.ref]: [REF],
    [IMPL_NAME.pp]: [process.execPath, ENTRY, '-cache-dir', cacheDir],
    [IMPL_NAME.job]: server.command.split(' '),
  };
  const env: Record<Impl | string, NodeJS.ProcessEnv> = {
    [IMPL_NAME.ref]: { ...process.env, ...refEnv(tempDir('side-hs-ref')) },
  };
  const once = (argv: string[], e: NodeJS.ProcessEnv = process.env): Promise<number> =>
    new Promise((resolve, reject) => {
      const t = performance.now();
      const child = spawn(argv[0] as string, argv.slice(1), { env: e, stdio: ['pipe', 'pipe', 'ignore'] });
      let buf = '';
      let sent = false;
      child.stdout.on('data', (b: Buffer) => {
        buf += b.toString();
        if (!sent && buf.includes('\n')) {
          sent = true;
          child.stdin.write('{"ID":1,"Command":"close"}\n');
        }
        if (buf.includes('"ID":1')) {
          resolve(performance.now() - t);
          child.stdin.end();
        }
      });
      child.once('error', reject);
      child.once('exit', () => (buf.includes('"ID":1') ? undefined : reject(new Error(`${argv[0]}: no close answer: ${buf}`))));
    });
  const samples: Record<string, number[]> = {};
  const names = Object.keys(commands);
  for (const n of names) await once(commands[n] as string[], env[n]);
  for (let i = 0; i < 30; i++) for (const n of [...names.slice(i % 3), ...names.slice(0, i % 3)]) (samples[n] ??= []).push(await once(commands[n] as string[], env[n]));
  // The bridge's own footprint: peak RSS of one session.
  const rss = await new Promise<number>((resolve) => {
    const child = spawn('/usr/bin/time', ['-f', '%M', ...(commands[IMPL_NAME.job] as string[])], { stdio: ['pipe', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    child.stdout.once('data', () => child.stdin.end('{"ID":1,"Command":"close"}\n'));
    child.once('close', () => resolve(Number(err.trim().split('\n').pop())));
  });
  await server.finish();
  rm(cacheDir);
  return [
    ...names.map((n) => ({ workload: 'helper', scenario: `start to close answered (ms): ${n}`, seconds: samples[n] as number[] })),
    { workload: 'helper', scenario: 'bridge peak RSS (MB)', seconds: [rss / 1024] },
  ];
}

function report(rows: Row[], started: number, load0: number[]): string {
  const out: string[] = [];
  out.push(`# Side by side: reference vs ours (per go command, job server) vs go's own cache`);
  out.push('');
  out.push(`${new Date().toISOString()}, ${((Date.now() - started) / 60000).toFixed(0)} min, ${os.availableParallelism()} cores, load ${load0.map((l) => l.toFixed(1)).join('/')} at start and ${os.loadavg().map((l) => l.toFixed(1)).join('/')} at the end; medians of the runs shown (n).`);
  out.push('versitygw on loopback behind Toxiproxy; "5 ms" adds 5 ms each way. Populating runs use the job server and finish it after the build (its upload time is noted).');
  for (const w of [...new Set(rows.map((r) => r.workload))]) {
    const mine = rows.filter((r) => r.workload === w);
    out.push('', `## ${w}`, '', '| scenario | median | n | vs reference | note |', '|---|---:|---:|---:|---|');
    for (const r of mine) {
      const m = median(r.seconds);
      const refScenario = r.scenario.replace(/: .*$/, `: ${IMPL_NAME.ref}`);
      const ref = mine.find((x) => x.scenario === refScenario && x !== r);
      const ratio = ref && r.scenario.includes(': ours') ? (m / median(ref.seconds)).toFixed(2) : '';
      const unit = r.scenario.includes('(ms)') || r.scenario.includes('(MB)') ? '' : ' s';
      out.push(`| ${r.scenario} | ${m.toFixed(r.scenario.includes('(MB)') ? 0 : 3)}${unit} | ${r.seconds.length} | ${ratio} | ${r.note ?? ''} |`);
    }
    const nocache = mine.find((r) => r.scenario === 'no cache');
    const native = mine.find((r) => r.scenario.startsWith("warm local: go's own"));
    const job = mine.find((r) => r.scenario === `warm local: ${IMPL_NAME.job}`);
    const pop = mine.find((r) => r.scenario === `populate 5 ms: ${IMPL_NAME.job}`);
    const extra: string[] = [];
    if (native && job) extra.push(`job server warm / go's own warm GOCACHE: ${(median(job.seconds) / median(native.seconds)).toFixed(2)}`);
    if (nocache && pop) extra.push(`job server populating / no cache: ${(median(pop.seconds) / median(nocache.seconds)).toFixed(2)}`);
    if (extra.length) out.push('', extra.join('; '));
  }
  return `${out.join('\n')}\n`;
}

main().then(() => process.exit(0), (err: unknown) => {
  log(`failed: ${(err as Error).stack ?? String(err)}`);
  process.exit(1);
});
