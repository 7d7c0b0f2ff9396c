// What the side-by-side benchmarks share (bench/side-by-side.ts, bench/cold-runner.ts): the
// measured bundle (a snapshot of dist/), the reference binary and its settings, a job server like
// the action's, the S3 server behind Toxiproxy, and the caddy workload.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runGo } from '../__tests__/helpers/go.js';
import { BRIDGE as REPO_BRIDGE, startTestJobServer, type TestJobServer } from '../__tests__/helpers/job-server.js';
import { REPO_ROOT, tempDir, TOOLS_DIR } from '../__tests__/helpers/proc.js';
import { startS3Server, type S3Server } from '../__tests__/helpers/s3-server.js';
import { startToxiproxy, type Proxy, type Toxiproxy } from '../__tests__/helpers/toxiproxy.js';

export const argv = process.argv.slice(2);
export const arg = (name: string): string | undefined => argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];

/** A copy of a dist/ taken at start, so a rebuild during the run cannot change what is measured. */
export function snapshotDist(from = path.join(REPO_ROOT, 'dist')): { entry: string; bridge: string } {
  const dir = tempDir('side-dist');
  for (const part of ['cacheprog', 'bridge'])
    fs.cpSync(path.join(from, part), path.join(dir, part), { recursive: true });
  return {
    entry: path.join(dir, 'cacheprog', 'index.js'),
    bridge: path.join(dir, path.relative(path.join(REPO_ROOT, 'dist'), REPO_BRIDGE)),
  };
}

// Not toolPath: a bench that does not run the reference must load without it (side-by-side and
// cold-runner check it is there before they start).
export const REF = path.join(TOOLS_DIR, 'gobuildcache-ref');
export const CADDY = { module: 'github.com/caddyserver/caddy/v2', version: 'v2.11.9', pkg: './cmd/caddy' };

export const logger =
  (tag: string) =>
  (line: string): void =>
    void process.stderr.write(`[${tag} ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length === 0 ? NaN : s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
export const rm = (dir: string): void => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });

export type Impl = 'ref' | 'pp' | 'job';
export const IMPL_NAME: Record<Impl, string> = {
  ref: 'reference',
  pp: 'ours, per go command',
  job: 'ours, job server + bridge',
};

/** A job server like the action starts, for one scenario run; stopped with `finish`. */
export interface JobServer {
  command: string;
  server: TestJobServer;
  /** From spawning the server until a client could connect (the action's main step waits this long). */
  startMs: number;
  finish(): Promise<{ rssKB: number }>;
}

export async function startJobServer(
  dist: { entry: string; bridge: string },
  env: Record<string, string>,
  cacheDir: string,
  log: (l: string) => void,
  flags: string[] = [],
): Promise<JobServer> {
  const t = performance.now();
  const server = await startTestJobServer({ env, flags: ['-cache-dir', cacheDir, ...flags], dist });
  return {
    command: server.command,
    server,
    startMs: performance.now() - t,
    async finish() {
      const rssKB = server.peakRssKB();
      const r = await server.finish(600_000);
      if (r.code !== 0) log(`finish exited ${r.code}: ${r.stderr.trim()}\n${server.proc.logTail(10)}`);
      return { rssKB };
    },
  };
}

export function refEnv(cacheDir: string, s3env?: Record<string, string>): Record<string, string> {
  // The reference reads GOBUILDCACHE_<KEY> for its own settings, but its AWS SDK takes the endpoint,
  // region and credentials only from the plain AWS_* names: without them it would dial AWS itself.
  const aws = Object.fromEntries(
    Object.entries(s3env ?? {})
      .filter(([k]) => k.startsWith('GOBUILDCACHE_AWS_'))
      .map(([k, v]) => [k.slice('GOBUILDCACHE_'.length), v]),
  );
  if (s3env && !aws.AWS_ENDPOINT_URL_S3) throw new Error('refusing to run the reference without a loopback endpoint');
  return {
    ...(s3env ?? { GOBUILDCACHE_BACKEND_TYPE: 'disk' }),
    ...aws,
    GOBUILDCACHE_CACHE_DIR: cacheDir,
    GOBUILDCACHE_LOCK_DIR: path.join(cacheDir, '.locks'),
    GOBUILDCACHE_PRINT_STATS: 'false',
  };
}

export interface Remote {
  s3: S3Server;
  toxi: Toxiproxy;
  bucket: string;
  /** Settings for our entrypoint: the bucket under `prefix`, through the proxy that adds `ms` each way. */
  env(ms: number, prefix: string): Record<string, string>;
  /** The proxy's endpoint for `ms`. */
  endpoint(ms: number): string;
  stop(): Promise<void>;
}

/** versitygw behind one Toxiproxy proxy per latency ("5 ms" is 5 ms added each way). */
export async function startRemote(bucket: string, latencies: number[]): Promise<Remote> {
  const s3 = await startS3Server();
  await s3.createBucket(bucket);
  const toxi = await startToxiproxy();
  const proxies = new Map<number, Proxy>();
  for (const ms of latencies) {
    const p = await toxi.createProxy(`${bucket}-${ms}ms`, s3.port);
    if (ms > 0)
      for (const stream of ['upstream', 'downstream'] as const)
        await p.addToxic({ type: 'latency', stream, attributes: { latency: ms, jitter: 0 } });
    proxies.set(ms, p);
  }
  const endpoint = (ms: number): string => (proxies.get(ms) as Proxy).endpoint;
  return {
    s3,
    toxi,
    bucket,
    endpoint,
    env: (ms, prefix) => s3.env(bucket, { prefix, endpoint: endpoint(ms) }),
    async stop() {
      await toxi.stop().catch(() => {});
      await s3.stop().catch(() => {});
    },
  };
}

/** A writable copy of caddy's module with its dependencies in the module cache; undefined when the proxy can't be reached. */
export async function caddyDir(log: (l: string) => void): Promise<string | undefined> {
  const dir = path.join(REPO_ROOT, '.tmp', `caddy-${CADDY.version}`);
  if (fs.existsSync(path.join(dir, 'go.mod'))) return dir;
  const res = await runGo(['mod', 'download', '-json', `${CADDY.module}@${CADDY.version}`], {
    cwd: os.tmpdir(),
    cacheprog: null,
    timeoutMs: 600_000,
  });
  const src = /"Dir":\s*"([^"]+)"/.exec(res.stdout)?.[1];
  if (res.code !== 0 || !src) {
    log(`caddy skipped: go mod download failed: ${res.stderr.slice(0, 300)}`);
    return undefined;
  }
  fs.cpSync(src, dir, { recursive: true });
  fs.chmodSync(dir, 0o755);
  for (const e of fs.readdirSync(dir, { recursive: true, withFileTypes: true }))
    fs.chmodSync(path.join(e.parentPath, e.name), e.isDirectory() ? 0o755 : 0o644);
  const dl = await runGo(['mod', 'download'], { cwd: dir, cacheprog: null, timeoutMs: 900_000 });
  if (dl.code !== 0) throw new Error(`caddy: go mod download: ${dl.stderr}`);
  return dir;
}
