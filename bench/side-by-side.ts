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
import { REPO_ROOT, tempDir } from '../__tests__/helpers/proc.js';
import {
  arg,
  caddyDir,
  CADDY,
  IMPL_NAME,
  logger,
  median,
  REF,
  refEnv,
  rm,
  snapshotDist,
  startJobServer as startServer,
  startRemote,
  type Impl,
  type JobServer,
} from './side-common.js';

const ROUNDS = Number(arg('rounds') ?? 5);
/** Cold builds (no cache, populating) of big workloads cost minutes each: fewer rounds. */
const COLD_ROUNDS = Number(arg('cold-rounds') ?? 3);
const ONLY = arg('only')?.split(',');
const OUT =
  arg('out') ??
  path.join(
    REPO_ROOT,
    'bench',
    'results',
    `side-by-side-${new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19)}.md`,
  );
const DIST = snapshotDist();
const ENTRY = DIST.entry;
const BUCKET = 'side';
const log = logger('side');

interface Workload {
  id: string;
  title: string;
  cwd: string;
  args: string[];
  /** Remote scenarios (empty local dir, warm bucket) at these latencies. */
  remoteMs: number[];
  populate: boolean;
}

const startJobServer = (env: Record<string, string>, cacheDir: string): Promise<JobServer> =>
  startServer(DIST, env, cacheDir, log);

interface Row {
  workload: string;
  scenario: string;
  seconds: number[];
  note?: string;
}

async function main(): Promise<void> {
  for (const f of [ENTRY, DIST.bridge, REF])
    if (!fs.existsSync(f)) throw new Error(`${f} is missing (npm run package; bash scripts/install-tools.sh)`);
  const remote = await startRemote(BUCKET, [0, 5]);
  const s3env = remote.env;
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
    await remote.stop();
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
    {
      id: 'chain150',
      title: 'go build ./... (150-package generated module)',
      cwd: chain,
      args: ['build', './...'],
      remoteMs: [0, 5],
      populate: true,
    },
    { id: 'std', title: 'go build std', cwd: std, args: ['build', 'std'], remoteMs: [5], populate: true },
    {
      id: 'mod1000',
      title: 'go build ./... (1,000-package generated module)',
      cwd: big,
      args: ['build', './...'],
      remoteMs: [],
      populate: true,
    },
  ];
  const caddy = await caddyDir(log);
  if (caddy)
    list.push({
      id: 'caddy',
      title: `go build ${CADDY.pkg} (caddy ${CADDY.version}, 1,018 packages with its dependencies)`,
      cwd: caddy,
      args: ['build', '-o', os.devNull, CADDY.pkg],
      remoteMs: [0, 5],
      populate: true,
    });
  return list;
}

async function runWorkload(
  w: Workload,
  rows: Row[],
  s3env: (ms: number, prefix: string) => Record<string, string>,
): Promise<void> {
  const go = async (
    cacheprog: string | null,
    env: Record<string, string> = {},
    gocache = tempDir('side-gocache'),
  ): Promise<number> => {
    const t = performance.now();
    const r = await runGo(w.args, { cwd: w.cwd, cacheprog, env, gocache, timeoutMs: 1_800_000 });
    if (r.code !== 0)
      throw new Error(`${w.id}: go ${w.args.join(' ')} failed:\n${r.stderr.split('\n').slice(-15).join('\n')}`);
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
        if (w.populate)
          record(`populate ${ms} ms: ${IMPL_NAME.job}`, t, `then finish (uploads) ${finishS.toFixed(1)} s`);
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
  if (jobRss > 0)
    rows.push({ workload: w.id, scenario: 'job server peak RSS (MB), warm local', seconds: [jobRss / 1024] });
  // Not part of the build's time above: the main step's wait for the server.
  if (jobStartMs.length > 0)
    rows.push({ workload: w.id, scenario: 'job server start until it answers (ms), warm local', seconds: jobStartMs });

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
  const env: Record<string, NodeJS.ProcessEnv> = {
    [IMPL_NAME.ref]: { ...process.env, ...refEnv(tempDir('side-hs-ref')) },
  };
  const once = (argv: string[], e: NodeJS.ProcessEnv = process.env): Promise<number> =>
    new Promise((resolve, reject) => {
      const t = performance.now();
      const child = spawn(argv[0], argv.slice(1), { env: e, stdio: ['pipe', 'pipe', 'ignore'] });
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
      child.once('exit', () =>
        buf.includes('"ID":1') ? undefined : reject(new Error(`${argv[0]}: no close answer: ${buf}`)),
      );
    });
  const samples: Record<string, number[]> = {};
  const names = Object.keys(commands);
  for (const n of names) await once(commands[n], env[n]);
  for (let i = 0; i < 30; i++)
    for (const n of [...names.slice(i % 3), ...names.slice(0, i % 3)])
      (samples[n] ??= []).push(await once(commands[n], env[n]));
  // The bridge's own footprint: peak RSS of one session.
  const rss = await new Promise<number>((resolve) => {
    const child = spawn('/usr/bin/time', ['-f', '%M', ...commands[IMPL_NAME.job]], { stdio: ['pipe', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    child.stdout.once('data', () => child.stdin.end('{"ID":1,"Command":"close"}\n'));
    child.once('close', () => resolve(Number(err.trim().split('\n').pop())));
  });
  await server.finish();
  rm(cacheDir);
  return [
    ...names.map((n) => ({ workload: 'helper', scenario: `start to close answered (ms): ${n}`, seconds: samples[n] })),
    { workload: 'helper', scenario: 'bridge peak RSS (MB)', seconds: [rss / 1024] },
  ];
}

function report(rows: Row[], started: number, load0: number[]): string {
  const out: string[] = [];
  out.push(`# Side by side: reference vs ours (per go command, job server) vs go's own cache`);
  out.push('');
  out.push(
    `${new Date().toISOString()}, ${((Date.now() - started) / 60000).toFixed(0)} min, ${os.availableParallelism()} cores, load ${load0.map((l) => l.toFixed(1)).join('/')} at start and ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join('/')} at the end; medians of the runs shown (n).`,
  );
  out.push(
    'versitygw on loopback behind Toxiproxy; "5 ms" adds 5 ms each way. Populating runs use the job server and finish it after the build (its upload time is noted).',
  );
  for (const w of [...new Set(rows.map((r) => r.workload))]) {
    const mine = rows.filter((r) => r.workload === w);
    out.push('', `## ${w}`, '', '| scenario | median | n | vs reference | note |', '|---|---:|---:|---:|---|');
    for (const r of mine) {
      const m = median(r.seconds);
      const refScenario = r.scenario.replace(/: .*$/, `: ${IMPL_NAME.ref}`);
      const ref = mine.find((x) => x.scenario === refScenario && x !== r);
      const ratio = ref && r.scenario.includes(': ours') ? (m / median(ref.seconds)).toFixed(2) : '';
      const unit = r.scenario.includes('(ms)') || r.scenario.includes('(MB)') ? '' : ' s';
      out.push(
        `| ${r.scenario} | ${m.toFixed(r.scenario.includes('(MB)') ? 0 : 3)}${unit} | ${r.seconds.length} | ${ratio} | ${r.note ?? ''} |`,
      );
    }
    const nocache = mine.find((r) => r.scenario === 'no cache');
    const native = mine.find((r) => r.scenario.startsWith("warm local: go's own"));
    const job = mine.find((r) => r.scenario === `warm local: ${IMPL_NAME.job}`);
    const pop = mine.find((r) => r.scenario === `populate 5 ms: ${IMPL_NAME.job}`);
    const extra: string[] = [];
    if (native && job)
      extra.push(
        `job server warm / go's own warm GOCACHE: ${(median(job.seconds) / median(native.seconds)).toFixed(2)}`,
      );
    if (nocache && pop)
      extra.push(`job server populating / no cache: ${(median(pop.seconds) / median(nocache.seconds)).toFixed(2)}`);
    if (extra.length) out.push('', extra.join('; '));
  }
  return `${out.join('\n')}\n`;
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    log(`failed: ${(err as Error).stack ?? String(err)}`);
    process.exit(1);
  },
);
