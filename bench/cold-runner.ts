// A cold CI runner, side by side in one run (issue 10): what a fresh VM pays to get a build's
// cache, each way, over the same S3 server (versitygw) and the same Toxiproxy link:
//   - setup-go-style restore: a zstd tarball of go's own GOCACHE for the same build, one object in
//     the same bucket, downloaded through the proxy and piped into `tar --zstd -x`, then the build;
//   - ours, job server with the previous run's manifest: the server starts (as the action's main
//     step does) and prefetches the pack while the build runs; timed from the server's start;
//   - ours, job server on demand (no manifest), timed the same way;
//   - the reference gobuildcache on demand;
//   - no cache;
// and, for the same workloads: populating an empty bucket at 5 ms (ours vs no cache), prefetch
// throughput from packs on loopback (the `prefetch` subcommand, optionally also of a baseline
// bundle), and what save-manifest uploads after a one-package change (1,000-package module).
// Rounds rotate the scenario order; the report gives medians and ratios. Usage:
//   node --import tsx bench/cold-runner.ts [--rounds=3] [--only=std,mod1000,caddy] [--scenarios=tarball,manifest,reference,throughput] [--baseline-dist=DIR] [--no-populate] [--change-only] [--out=FILE]
// --scenarios keeps only the timed scenarios whose name contains one of the words (and the
// throughput rows if it lists "throughput"), for a short run on a busy machine.
// Needs .tools/ (bash scripts/install-tools.sh --with-reference), the zstd CLI for the tarball,
// and for caddy the module proxy once.
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { generateModule } from '../__tests__/helpers/go-module.js';
import { runGo } from '../__tests__/helpers/go.js';
import { REPO_ROOT, tempDir } from '../__tests__/helpers/proc.js';
import {
  arg,
  argv,
  caddyDir,
  CADDY,
  logger,
  median,
  REF,
  refEnv,
  rm,
  snapshotDist,
  startJobServer,
  startRemote,
  type Remote,
} from './side-common.js';

const ROUNDS = Number(arg('rounds') ?? 3);
const ONLY = arg('only')?.split(',');
const POPULATE = !argv.includes('--no-populate');
const SCENARIOS = arg('scenarios')?.split(',');
const wanted = (name: string): boolean => !SCENARIOS || SCENARIOS.some((word) => name.includes(word));
/** Only the post step after a one-package change (and the setup it needs). */
const CHANGE_ONLY = argv.includes('--change-only');
const OUT =
  arg('out') ??
  path.join(
    REPO_ROOT,
    'bench',
    'results',
    `cold-runner-${new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19)}.md`,
  );
const DIST = snapshotDist();
const BASE = arg('baseline-dist') ? snapshotDist(arg('baseline-dist')) : undefined;
const BUCKET = 'cold';
const MS = 5;
const log = logger('cold');

interface Workload {
  id: string;
  title: string;
  cwd: string;
  args: string[];
  /** A package nothing imports, whose source the one-package change edits (empty: no such measurement). */
  leaf?: string;
}

interface Row {
  workload: string;
  scenario: string;
  values: number[];
  unit: string;
  note?: string;
}

const rows: Row[] = [];
function record(workload: string, scenario: string, value: number, unit = 's', note?: string): void {
  let row = rows.find((r) => r.workload === workload && r.scenario === scenario);
  if (!row) rows.push((row = { workload, scenario, values: [], unit }));
  row.values.push(value);
  if (note) row.note = note;
  log(`${workload} ${scenario}: ${value.toFixed(unit === 's' ? 3 : 1)} ${unit}${note ? `  ${note}` : ''}`);
}

/** Runs a CLI subcommand of a bundle; its stderr is returned for the lines we read. */
function cli(entry: string, args: string[], env: Record<string, string>): { seconds: number; stderr: string } {
  const t = performance.now();
  const r = spawnSync(process.execPath, [entry, ...args], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 900_000,
  });
  if (r.status !== 0) throw new Error(`${args[0]} exited ${r.status}: ${r.stderr}`);
  return { seconds: (performance.now() - t) / 1000, stderr: r.stderr };
}

const diskBytes = (dir: string): number => Number(execFileSync('du', ['-sb', dir]).toString().split('\t')[0]);
const MiB = 1024 * 1024;

async function main(): Promise<void> {
  for (const bin of ['zstd', 'tar'])
    if (spawnSync(bin, ['--version']).status !== 0)
      throw new Error(`${bin} is missing: the setup-go-style scenario needs it`);
  if (!fs.existsSync(REF)) throw new Error(`${REF} is missing: bash scripts/install-tools.sh --with-reference`);
  const remote = await startRemote(BUCKET, [0, MS]);
  const started = Date.now();
  const load0 = os.loadavg();
  const loads: number[] = [];
  const sampler = setInterval(() => loads.push(os.loadavg()[0]), 10_000);
  const write = (): string => {
    const md = report(started, load0, loads);
    fs.mkdirSync(path.dirname(OUT), { recursive: true });
    fs.writeFileSync(OUT, md);
    return md;
  };
  try {
    for (const w of await workloads()) {
      if (ONLY && !ONLY.includes(w.id)) continue;
      log(`workload ${w.id}: ${w.title}`);
      await runWorkload(w, remote);
      write();
    }
  } finally {
    clearInterval(sampler);
    await remote.stop();
  }
  process.stdout.write(write());
  log(`written ${OUT}`);
}

async function workloads(): Promise<Workload[]> {
  const std = tempDir('cold-std');
  const big = tempDir('cold-mod1000');
  generateModule(big, { packages: 1000 });
  const list: Workload[] = [
    { id: 'std', title: 'go build std', cwd: std, args: ['build', 'std'] },
    {
      id: 'mod1000',
      title: 'go build ./... (1,000-package generated module)',
      cwd: big,
      args: ['build', './...'],
      leaf: leafPackage(big),
    },
  ];
  if (!ONLY || ONLY.includes('caddy')) {
    const caddy = await caddyDir(log);
    if (caddy)
      list.push({
        id: 'caddy',
        title: `go build ${CADDY.pkg} (caddy ${CADDY.version}, 1,018 packages with its dependencies)`,
        cwd: caddy,
        args: ['build', '-o', os.devNull, CADDY.pkg],
      });
  }
  return list;
}

/** The generated module's last package: nothing imports it, so editing it changes only its own entries. */
function leafPackage(dir: string): string {
  const pkgs = fs.readdirSync(path.join(dir, 'pkg')).sort();
  const last = path.join(dir, 'pkg', pkgs[pkgs.length - 1]);
  return path.join(last, fs.readdirSync(last).find((f) => f.endsWith('.go') && !f.endsWith('_test.go')) as string);
}

async function runWorkload(w: Workload, remote: Remote): Promise<void> {
  const tag = `${w.id}-${Date.now().toString(36)}`;
  const go = async (
    cacheprog: string | null,
    gocache = tempDir('cold-gocache'),
    env: Record<string, string> = {},
  ): Promise<number> => {
    const t = performance.now();
    const r = await runGo(w.args, { cwd: w.cwd, cacheprog, env, gocache, timeoutMs: 1_800_000 });
    if (r.code !== 0)
      throw new Error(`${w.id}: go ${w.args.join(' ')} failed:\n${r.stderr.split('\n').slice(-15).join('\n')}`);
    return (performance.now() - t) / 1000;
  };

  // Setup, untimed except where recorded: go's own cache for the tarball (also the first no-cache
  // run), our bucket prefix with a manifest and its pack, the reference's prefix.
  const native = tempDir('cold-native');
  if (CHANGE_ONLY) return changeOnly(w, remote, go);
  // caddy's no-cache build costs minutes: the setup run is its only sample.
  const setupNoCache = await go(null, native);
  if (w.id === 'caddy') record(w.id, 'no cache', setupNoCache, 's', 'one run (the setup run that fills the tarball)');
  const tarball = path.join(tempDir('cold-tar'), 'gocache.tar.zst');
  // setup-go saves GOCACHE with actions/cache: tar, then zstd (its default level, 3).
  execFileSync('tar', ['--zstd', '-cf', tarball, '-C', native, '.']);
  const tarKey = `${tag}/setup-go/gocache.tar.zst`;
  await remote.s3.putObject(remote.bucket, tarKey, fs.readFileSync(tarball));
  const tarBytes = fs.statSync(tarball).size;
  rm(path.dirname(tarball));

  const prefix = `${tag}-ours/`;
  const key = `${w.id}/run`;
  const seed = tempDir('cold-seed');
  const stats = tempDir('cold-stats');
  const env0 = { ...remote.env(0, prefix), GOBUILDCACHE_MANIFEST_KEY: key };
  {
    const server = await startJobServer(DIST, { ...env0, GOBUILDCACHE_STATS_DIR: stats }, seed, log);
    await go(server.command);
    await server.finish();
  }
  const saved = cli(DIST.entry, ['save-manifest', '-cache-dir', seed, '-stats-dir', stats], env0);
  const packLine = /saved a pack of (\d+) entries in (\d+) part\(s\) \(([\d.]+) (KiB|MiB|GiB)\)/.exec(saved.stderr);
  const packMiB = packLine
    ? Number(packLine[3]) * ({ KiB: 1 / 1024, MiB: 1, GiB: 1024 } as Record<string, number>)[packLine[4]]
    : NaN;
  record(
    w.id,
    'post step: save-manifest (full pack, 0 ms)',
    saved.seconds,
    's',
    packLine
      ? `${packLine[1]} entries, ${packLine[2]} parts, ${packLine[3]} ${packLine[4]}`
      : saved.stderr.trim().slice(-200),
  );
  const refPrefix = `${tag}-ref/`;
  {
    const refDir = tempDir('cold-refseed');
    await go(REF, undefined, refEnv(refDir, remote.env(0, refPrefix)));
    rm(refDir);
  }
  let baseKey: string | undefined;
  if (BASE) {
    // The baseline bundle saves its own pack (its format) from the same local dir and action logs.
    baseKey = `${w.id}/base`;
    cli(BASE.entry, ['save-manifest', '-cache-dir', seed, '-stats-dir', stats], {
      ...env0,
      GOBUILDCACHE_MANIFEST_KEY: baseKey,
    });
  }

  const scenarios: Record<string, () => Promise<void>> = {
    'setup-go-style restore (zstd tarball) + build': async () => {
      const gocache = tempDir('cold-gocache');
      const t = performance.now();
      await restoreTarball(remote, tarKey, gocache);
      const restoreS = (performance.now() - t) / 1000;
      const buildS = await go(null, gocache);
      record(
        w.id,
        'setup-go-style restore (zstd tarball) + build',
        restoreS + buildS,
        's',
        `tarball ${(tarBytes / MiB).toFixed(1)} MiB`,
      );
      record(w.id, '… of which download + extract', restoreS);
      record(w.id, '… of which the build', buildS);
      rm(gocache);
    },
    "ours, job server, previous run's manifest": async () => {
      const dir = tempDir('cold-empty');
      const t = performance.now();
      const server = await startJobServer(
        DIST,
        { ...remote.env(MS, prefix), GOBUILDCACHE_MANIFEST_KEY: key },
        dir,
        log,
      );
      await go(server.command);
      const s = (performance.now() - t) / 1000;
      const tail = server.server.proc.logTail(40);
      await server.finish();
      const line = /prefetch: downloaded [^\n]*/.exec(
        `${tail}\n${fs.readFileSync(path.join(path.dirname(server.server.serverFile), 'server.log'), 'utf8')}`,
      )?.[0];
      record(
        w.id,
        "ours, job server, previous run's manifest (prefetch beside the build)",
        s,
        's',
        line?.slice(0, 160),
      );
      rm(dir);
    },
    'ours, job server, on demand': async () => {
      const dir = tempDir('cold-empty');
      const t = performance.now();
      const server = await startJobServer(DIST, remote.env(MS, prefix), dir, log);
      await go(server.command);
      record(w.id, 'ours, job server, on demand', (performance.now() - t) / 1000);
      await server.finish();
      rm(dir);
    },
    'reference, on demand': async () => {
      const dir = tempDir('cold-empty');
      record(w.id, 'reference, on demand', await go(REF, undefined, refEnv(dir, remote.env(MS, refPrefix))));
      rm(dir);
    },
  };
  if (w.id !== 'caddy') scenarios['no cache'] = async () => record(w.id, 'no cache', await go(null));
  if (POPULATE && w.id !== 'caddy') {
    let n = 0;
    scenarios['populate'] = async () => {
      const dir = tempDir('cold-populate');
      const server = await startJobServer(DIST, remote.env(MS, `${tag}-pop-${n++}/`), dir, log);
      const s = await go(server.command);
      const f = performance.now();
      await server.finish();
      record(
        w.id,
        `populating an empty bucket, ${MS} ms: ours, job server`,
        s,
        's',
        `then finish (uploads) ${((performance.now() - f) / 1000).toFixed(1)} s`,
      );
      rm(dir);
    };
  }
  const names = Object.keys(scenarios).filter(wanted);
  for (let round = 0; round < ROUNDS; round++) {
    const order = [...names.slice(round % names.length), ...names.slice(0, round % names.length)];
    for (const name of order) await scenarios[name]();
  }

  // Prefetch throughput from packs on loopback (no proxy): the prefetch subcommand into an empty dir.
  for (let round = 0; round < (wanted('throughput') ? ROUNDS : 0); round++) {
    for (const [label, dist, k] of [
      ['ours', DIST, key],
      ...(BASE && baseKey ? [['baseline', BASE, baseKey] as const] : []),
    ] as const) {
      const dir = tempDir('cold-pf');
      const r = cli(dist.entry, ['prefetch', '-cache-dir', dir], {
        ...remote.s3.env(remote.bucket, { prefix }),
        GOBUILDCACHE_MANIFEST_KEY: k,
      });
      const bytes = diskBytes(dir);
      const stored = /downloaded \d+ of \d+ entries \(([\d.]+) MiB\)/.exec(r.stderr)?.[1];
      record(
        w.id,
        `prefetch from packs, loopback, MiB/s written to the local dir: ${label}`,
        bytes / MiB / r.seconds,
        'MiB/s',
        `${(bytes / MiB).toFixed(0)} MiB on disk${stored ? `, ${stored} MiB stored` : ''}`,
      );
      if (stored)
        record(w.id, `prefetch from packs, loopback, stored MiB/s: ${label}`, Number(stored) / r.seconds, 'MiB/s');
      rm(dir);
    }
  }

  if (w.leaf) await oneChange(w, go, seed, env0, packMiB);
  for (const d of [native, seed]) rm(d);
}

type Go = (cacheprog: string | null, gocache?: string, env?: Record<string, string>) => Promise<number>;

/**
 * The post step of a job whose previous run changed nothing and whose run now changed one
 * package: a steady state, so the previous manifest is a warm run's (a populating run also lists
 * the ids of the misses it filled, which a warm run never asks for).
 */
async function oneChange(
  w: Workload,
  go: Go,
  seed: string,
  env0: Record<string, string>,
  fullMiB: number,
): Promise<void> {
  const run = async (): Promise<string> => {
    const stats = tempDir('cold-stats-change');
    const server = await startJobServer(DIST, { ...env0, GOBUILDCACHE_STATS_DIR: stats }, seed, log);
    await go(server.command);
    await server.finish();
    return cli(DIST.entry, ['save-manifest', '-cache-dir', seed, '-stats-dir', stats], env0).stderr;
  };
  const uploadedMiB = (stderr: string): number => {
    const up = /uploaded ([\d.]+) (KiB|MiB|GiB|B) in (\d+) new part/.exec(stderr);
    return up
      ? Number(up[1]) * ({ B: 1 / MiB, KiB: 1 / 1024, MiB: 1, GiB: 1024 } as Record<string, number>)[up[2]]
      : NaN;
  };
  const packLine = (stderr: string): string =>
    stderr
      .split('\n')
      .filter((l) => l.includes('saved a pack'))
      .join(' ')
      .replace(/^gobuildcache: /, '')
      .slice(0, 200);
  const unchanged = await run();
  const steadyMiB = Number(
    /saved a pack of \d+ entries in \d+ part\(s\) \(([\d.]+) MiB\)/.exec(unchanged)?.[1] ?? fullMiB,
  );
  record(
    w.id,
    "post step of a warm run, nothing changed (previous manifest: the populating run's): MiB uploaded",
    uploadedMiB(unchanged),
    'MiB',
    packLine(unchanged),
  );
  fs.appendFileSync(
    w.leaf as string,
    `\n// changed ${Date.now()}\nfunc ChangedByBench() int { return ${Date.now() % 1000} }\n`,
  );
  const changed = await run();
  const up = uploadedMiB(changed);
  record(
    w.id,
    'post step after a one-package change: MiB uploaded',
    up,
    'MiB',
    `${((100 * up) / steadyMiB).toFixed(1)}% of the pack (${steadyMiB} MiB); ${packLine(changed)}`,
  );
}

/** --change-only: the setup the one-package change needs (a populated prefix and its manifest), then that measurement. */
async function changeOnly(w: Workload, remote: Remote, go: Go): Promise<void> {
  if (!w.leaf) return;
  const seed = tempDir('cold-seed');
  const stats = tempDir('cold-stats');
  const env0 = {
    ...remote.env(0, `${w.id}-${Date.now().toString(36)}-change/`),
    GOBUILDCACHE_MANIFEST_KEY: `${w.id}/change`,
  };
  const server = await startJobServer(DIST, { ...env0, GOBUILDCACHE_STATS_DIR: stats }, seed, log);
  await go(server.command);
  await server.finish();
  const saved = cli(DIST.entry, ['save-manifest', '-cache-dir', seed, '-stats-dir', stats], env0).stderr;
  const full = Number(/saved a pack of \d+ entries in \d+ part\(s\) \(([\d.]+) MiB\)/.exec(saved)?.[1] ?? NaN);
  await oneChange(w, go, seed, env0, full);
  rm(seed);
}

/** What setup-go's cache restore does: download the archive, then tar -x with zstd. Streamed here (no temp file): the tarball's best case. */
async function restoreTarball(remote: Remote, key: string, into: string): Promise<void> {
  const client = new S3Client({
    endpoint: remote.endpoint(MS),
    region: remote.s3.region,
    forcePathStyle: true,
    credentials: { accessKeyId: remote.s3.accessKey, secretAccessKey: remote.s3.secretKey },
  });
  try {
    const out = await client.send(new GetObjectCommand({ Bucket: remote.bucket, Key: key }));
    const tar = spawn('tar', ['--zstd', '-xf', '-', '-C', into], { stdio: ['pipe', 'ignore', 'inherit'] });
    const exited = new Promise<number | null>((resolve) => tar.once('close', resolve));
    await pipeline(out.Body as Readable, tar.stdin);
    const code = await exited;
    if (code !== 0) throw new Error(`tar exited ${code}`);
  } finally {
    client.destroy();
  }
}

function report(started: number, load0: number[], loads: number[]): string {
  const out: string[] = [];
  const lo = loads.length ? Math.min(...loads) : NaN;
  const hi = loads.length ? Math.max(...loads) : NaN;
  out.push('# Cold runner: setup-go-style tarball vs ours (manifest + pack, on demand) vs the reference vs no cache');
  out.push('');
  out.push(
    `${new Date().toISOString()}, ${((Date.now() - started) / 60000).toFixed(0)} min, ${os.availableParallelism()} cores; load average ${load0.map((l) => l.toFixed(1)).join('/')} at start, ` +
      `1-min load sampled every 10 s: median ${median(loads).toFixed(1)} (${lo.toFixed(1)}–${hi.toFixed(1)}), ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join('/')} at the end. Medians of n runs.`,
  );
  out.push(
    `versitygw on loopback behind Toxiproxy, ${MS} ms added each way, except the throughput rows (straight to versitygw). Ours is timed from the job server's start.`,
  );
  for (const w of [...new Set(rows.map((r) => r.workload))]) {
    const mine = rows.filter((r) => r.workload === w);
    const get = (prefix: string): number => median(mine.find((r) => r.scenario.startsWith(prefix))?.values ?? []);
    out.push('', `## ${w}`, '', '| scenario | median | n | note |', '|---|---:|---:|---|');
    for (const r of mine)
      out.push(
        `| ${r.scenario} | ${median(r.values).toFixed(r.unit === 's' ? 2 : 1)} ${r.unit} | ${r.values.length} | ${r.note ?? ''} |`,
      );
    const tar = get('setup-go-style');
    const ours = get("ours, job server, previous run's manifest");
    const ref = get('reference, on demand');
    const nocache = get('no cache');
    const pop = get('populating an empty bucket');
    const ratios: string[] = [];
    if (tar && ours)
      ratios.push(`ours with the manifest / setup-go-style restore + build: **${(ours / tar).toFixed(2)}**`);
    if (ref && ours) ratios.push(`ours with the manifest / reference on demand: **${(ours / ref).toFixed(2)}**`);
    if (ref)
      ratios.push(`ours on demand / reference on demand: ${(get('ours, job server, on demand') / ref).toFixed(2)}`);
    if (pop && nocache) ratios.push(`populating (ours) / no cache: **${(pop / nocache).toFixed(2)}**`);
    const base = get('prefetch from packs, loopback, MiB/s written to the local dir: baseline');
    const now = get('prefetch from packs, loopback, MiB/s written to the local dir: ours');
    if (base && now) ratios.push(`prefetch throughput ours / baseline: **${(now / base).toFixed(2)}**`);
    if (ratios.length) out.push('', ratios.join('; '));
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
