// GCS beside S3: the rows of bench/main.ts that a bucket's speed decides, run against
// fake-gcs-server and versitygw through the same Toxiproxy link (the same added latency), so the
// ratio says whether backend gcs costs what backend s3 does. Both stores are emulators on
// loopback: the figures compare our two client paths (the AWS SDK plus our signed requests,
// Google's client), not the clouds.
//   warm               empty local cache dir and GOCACHE, the bucket holding the whole build
//   cold-with-manifest the same, with the job's prefetch started beside go (as the action does)
// The scenarios run round by round, interleaved with the order rotating, like bench/main.ts.
// Usage: node --import tsx bench/gcs-beside-s3.ts [--packages=100] [--rounds=5] [--latency=5]
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { startBucketServer, type BucketKind, type BucketServer } from '../__tests__/helpers/bucket-server.js';
import { generateModule } from '../__tests__/helpers/go-module.js';
import { ENTRYPOINT, runGo } from '../__tests__/helpers/go.js';
import { tempDir } from '../__tests__/helpers/proc.js';
import { startToxiproxy, type Proxy } from '../__tests__/helpers/toxiproxy.js';
import { aggregateStatsDir } from '../src/cacheprog/stats.js';

const arg = (name: string, fallback: number): number => {
  const v = process.argv.find((a) => a.startsWith(`--${name}=`));
  const n = v === undefined ? fallback : Number(v.slice(name.length + 3));
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} takes a whole number, got ${v}`);
  return n;
};
const PACKAGES = arg('packages', 100);
const ROUNDS = Math.max(1, arg('rounds', 5));
const LATENCY_MS = arg('latency', 5);
const BUCKET = 'bench';
const PREFIX = 'bench/';
const MANIFEST_KEY = 'bench-job';
const ARGS = ['build', './...'];
const KINDS: readonly BucketKind[] = ['s3', 'gcs'];
type Scenario = 'warm' | 'cold-with-manifest';
const SCENARIOS: readonly Scenario[] = ['warm', 'cold-with-manifest'];

const log = (line: string): void => void process.stderr.write(`bench: ${line}\n`);

/** One of our subcommands; resolves with its exit code and stderr. */
function ours(args: string[], env: Record<string, string>): Promise<{ code: number; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [ENTRYPOINT, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? 1, err }));
  });
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const stores = new Map<BucketKind, { server: BucketServer; proxy: Proxy }>();
const toxi = await startToxiproxy();
try {
  for (const kind of KINDS) {
    const server = await startBucketServer(kind);
    await server.createBucket(BUCKET);
    const proxy = await toxi.createProxy(`bench-${kind}`, server.port);
    if (LATENCY_MS > 0)
      await proxy.addToxic({ type: 'latency', stream: 'downstream', attributes: { latency: LATENCY_MS, jitter: 0 } });
    stores.set(kind, { server, proxy });
  }
  const cwd = tempDir('bench-gcs-module');
  generateModule(cwd, { packages: PACKAGES, withTests: false });
  const env = (kind: BucketKind, direct = false): Record<string, string> => {
    const { server, proxy } = stores.get(kind) as { server: BucketServer; proxy: Proxy };
    return server.env(BUCKET, { prefix: PREFIX, endpoint: direct ? server.endpoint : proxy.endpoint });
  };
  const fresh = (): { gocache: string; cacheDir: string; statsDir: string } => ({
    gocache: tempDir('bench-gocache'),
    cacheDir: tempDir('bench-local'),
    statsDir: tempDir('bench-stats'),
  });
  const cacheprog = (d: { cacheDir: string; statsDir: string }): string =>
    [process.execPath, ENTRYPOINT, '-cache-dir', d.cacheDir, '-stats-dir', d.statsDir].join(' ');
  const go = async (d: ReturnType<typeof fresh>, e: Record<string, string>): Promise<number> => {
    const started = performance.now();
    const r = await runGo(ARGS, { cwd, gocache: d.gocache, cacheprog: cacheprog(d), env: e, timeoutMs: 900_000 });
    if (r.code !== 0) throw new Error(`go ${ARGS.join(' ')} exited ${r.code}:\n${r.stderr.slice(-2000)}`);
    return (performance.now() - started) / 1000;
  };

  // Populate each bucket once, straight to the store, and record the job's manifest.
  for (const kind of KINDS) {
    const d = fresh();
    const seconds = await go(d, env(kind, true));
    const saved = await ours(
      ['save-manifest', '-manifest-key', MANIFEST_KEY, '-stats-dir', d.statsDir, '-cache-dir', d.cacheDir],
      env(kind, true),
    );
    if (saved.code !== 0) throw new Error(`${kind}: save-manifest failed: ${saved.err}`);
    log(`${kind}: populated in ${seconds.toFixed(2)} s; ${/saved \d+ action ids[^\n]*/.exec(saved.err)?.[0] ?? ''}`);
  }

  const times = new Map<string, number[]>();
  const cases = KINDS.flatMap((kind) => SCENARIOS.map((scenario) => ({ kind, scenario })));
  for (let round = 0; round < ROUNDS; round++) {
    const shift = round % cases.length;
    for (const { kind, scenario } of [...cases.slice(shift), ...cases.slice(0, shift)]) {
      const d = fresh();
      const e = env(kind);
      const started = performance.now();
      const prefetch =
        scenario === 'cold-with-manifest'
          ? ours(['prefetch', '-manifest-key', MANIFEST_KEY, '-cache-dir', d.cacheDir, '-stats-dir', d.statsDir], e)
          : undefined;
      await go(d, e);
      const seconds = (performance.now() - started) / 1000;
      const p = await prefetch;
      if (p && p.code !== 0) throw new Error(`${kind}: prefetch exited ${p.code}: ${p.err}`);
      const c = aggregateStatsDir(d.statsDir).counters;
      if (c.misses > 0 || c.remoteDisabled > 0)
        log(`${kind} ${scenario}: ${c.misses} misses, remote disabled ${c.remoteDisabled}`);
      const key = `${scenario} ${kind}`;
      times.set(key, [...(times.get(key) ?? []), seconds]);
      log(
        `r${round} ${key.padEnd(24)} ${seconds.toFixed(3)} s (remote hits ${c.remoteHits}, prefetched ${c.prefetched})`,
      );
      for (const dir of Object.values(d)) fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  const lines = [
    `go ${ARGS.join(' ')} of ${PACKAGES} packages, ${LATENCY_MS} ms added per response, median of ${ROUNDS}`,
    '',
    '| row | S3 (versitygw) | GCS (fake-gcs-server) | GCS / S3 |',
    '|---|---:|---:|---:|',
  ];
  for (const scenario of SCENARIOS) {
    const s3 = median(times.get(`${scenario} s3`) ?? []);
    const gcs = median(times.get(`${scenario} gcs`) ?? []);
    lines.push(`| ${scenario} | ${s3.toFixed(2)} s | ${gcs.toFixed(2)} s | ${(gcs / s3).toFixed(2)}× |`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  for (const { server } of stores.values()) await server.stop().catch(() => {});
  await toxi.stop().catch(() => {});
}
