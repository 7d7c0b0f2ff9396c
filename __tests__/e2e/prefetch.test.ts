// Prefetch from per-job manifests, end to end: the real go command and our bundled entrypoint
// against versitygw on 127.0.0.1. Job 1 builds and tests a module and records its manifest;
// job 2, on an empty cache dir, runs `prefetch` and then finds everything on local disk.
// The subcommands (prefetch, save-manifest) run the same code whichever server go uses; the
// scenarios where the server is what is tested (recording what go used, prefetching inside the
// job server, a build racing the prefetch) run with a job server too. The first job's machine
// starts with std in its local dir and the bucket holds std's objects (helpers/warm-std.ts), as
// after an earlier job: its go commands use std's entries, so they are in the manifest and the
// pack all the same, and can be fetched one by one, without a minute of compiling std.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { generateModule } from '../helpers/go-module.js';
import { ENTRYPOINT, runGo, tempDir } from '../helpers/go.js';
import { startS3Server, type S3Server } from '../helpers/s3-server.js';
import { startToxiproxy, type Proxy, type Toxiproxy } from '../helpers/toxiproxy.js';
import { parseCommandLine, type Config } from '../../src/cacheprog/config.js';
import { openRemote, type Remote } from '../../src/cacheprog/remote/open-remote.js';
import type { Counters, StatsJson } from '../../src/cacheprog/stats.js';
import { newMachine, type Machine } from '../helpers/machine.js';
import { startTestJobServer } from '../helpers/job-server.js';
import { encodeManifest } from '../../src/cacheprog/manifest/manifest-format.js';
import { buildPackParts, PACK_ALONE_BYTES, packPartKey } from '../../src/cacheprog/manifest/pack.js';
import { LocalStore } from '../../src/cacheprog/store/local-store.js';
import { seedBucket, seedStd } from '../helpers/warm-std.js';

const CLI_TIMEOUT_MS = 120_000;
let s3: S3Server;
let toxi: Toxiproxy;
let bucketSeq = 0;

before(async () => {
  s3 = await startS3Server();
  toxi = await startToxiproxy();
});
after(async () => {
  await toxi?.stop();
  await s3?.stop();
});

function machine(bucket: string, endpoint?: string, extra: Record<string, string> = {}): Machine {
  return newMachine(s3, bucket, { endpoint, env: extra });
}

/** A machine that has run jobs before: std in its local dir. */
async function withStd(m: Machine): Promise<Machine> {
  await seedStd(m.cacheDir);
  return m;
}

function statsFiles(m: Machine, label?: string): StatsJson[] {
  return fs
    .readdirSync(m.statsDir)
    .filter((n) => n.endsWith('.json') && (label === undefined || n.startsWith(`${label}-`)))
    .map((n) => JSON.parse(fs.readFileSync(path.join(m.statsDir, n), 'utf8')) as StatsJson);
}

function total(files: StatsJson[]): Counters {
  const sum: Record<string, number> = {};
  for (const f of files)
    for (const [k, v] of Object.entries(f.counters) as [string, number][]) sum[k] = (sum[k] ?? 0) + v;
  return sum as unknown as Counters;
}

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the bundled CLI with only the machine's settings (none from the developer's shell). */
function cli(args: string[], m: Machine, onStart: (child: ChildProcess) => void = () => {}): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env))
    if (!k.startsWith('GOBUILDCACHE_') && !k.startsWith('AWS_')) env[k] = v;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [ENTRYPOINT, ...args], {
      env: { ...env, ...m.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString('utf8')));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${args.join(' ')} did not finish in ${CLI_TIMEOUT_MS} ms:\n${stderr}`));
    }, CLI_TIMEOUT_MS);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    onStart(child);
  });
}

const warnings = (stderr: string): string[] => stderr.split('\n').filter((l) => l.includes('gobuildcache: warning:'));

async function newBucket(): Promise<string> {
  const name = `gbc-prefetch-${++bucketSeq}`;
  await s3.createBucket(name);
  return name;
}

/** The product's own remote for raw writes, as another writer would make them. */
async function openObjects(config: Config, env: Record<string, string>): Promise<Remote> {
  const remote = await openRemote(config, { warn: () => {}, env });
  assert.ok(remote, 'the env names a remote');
  return remote;
}

/** Writes raw bytes as a manifest through the product's own S3 client, as another writer would. */
async function putManifest(bucket: string, key: string, data: Buffer): Promise<void> {
  const { config } = parseCommandLine([], s3.env(bucket));
  const client = await openObjects(config, s3.env(bucket));
  try {
    await client.objects.put(`manifests/v1/${key}`, data);
  } finally {
    await client.close();
  }
}

interface StoredPart {
  key: string;
  bytes: number;
  records: number;
  created: string;
  entries: number[];
}

interface StoredManifest {
  version: number;
  created: string;
  actionIds: string[];
  pack?: { parts: number; entries: number; bytes: number };
  packParts?: StoredPart[];
}

function readManifest(bucket: string, key: string): StoredManifest {
  const file = s3.objectPath(bucket, `gobuildcache/manifests/v1/${key}`);
  return JSON.parse(zlib.gunzipSync(fs.readFileSync(file)).toString('utf8')) as StoredManifest;
}

/** A manifest's pack as the tests count it: parts, entries, and the parts as files of the S3 server, in part order. */
function packOf(
  bucket: string,
  key: string,
): { parts: number; entries: number; bytes: number; files: string[] } | undefined {
  const parts = readManifest(bucket, key).packParts;
  if (!parts) return undefined;
  return {
    parts: parts.length,
    entries: parts.reduce((n, p) => n + p.entries.length, 0),
    bytes: parts.reduce((n, p) => n + p.bytes, 0),
    files: parts.map((p) => s3.objectPath(bucket, `gobuildcache/packs/v2/${p.key}`)),
  };
}

// Per go command. The races and the deadline below are about the prefetch subcommand beside
// per-process servers (cross-process download locks); the job server's own race with its pack
// prefetch is in 'content-addressed pack parts'.
describe('prefetch from a job manifest', () => {
  let bucket: string;
  let dir: string;
  let first: Machine;
  const KEY = 'Linux-X64-go-ci-test/main';

  before(async () => {
    bucket = await newBucket();
    await seedBucket(s3.env(bucket));
    dir = tempDir('prefetch-module');
    generateModule(dir, { packages: 16, withTests: true });
    first = await withStd(machine(bucket));
    const build = await runGo(['build', './...'], { cwd: dir, env: first.env });
    assert.equal(build.code, 0, build.stderr);
    const test = await runGo(['test', './...'], { cwd: dir, env: first.env });
    assert.equal(test.code, 0, test.stdout + test.stderr);
  });

  it('each go process records the ids it used; save-manifest uploads their union', async () => {
    const logs = fs.readdirSync(first.statsDir).filter((n) => /^actions-\d+-[0-9a-f]+\.txt$/.test(n));
    assert.ok(logs.length >= 2, `one action log per go process, got ${logs.join(', ')}`);
    const union = new Set<string>();
    for (const name of logs) {
      for (const line of fs.readFileSync(path.join(first.statsDir, name), 'utf8').split('\n').filter(Boolean)) {
        assert.match(line, /^[0-9a-f]{64}$/);
        union.add(line);
      }
    }
    const saved = await cli(['save-manifest', '-manifest-key', KEY], first);
    assert.equal(saved.code, 0, saved.stderr);
    assert.equal(saved.stdout, '', 'nothing on stdout');
    assert.match(saved.stderr, new RegExp(`saved ${union.size} action ids as manifest ${KEY} \\(`));
    const manifest = readManifest(bucket, KEY);
    assert.equal(manifest.version, 1);
    assert.ok(!Number.isNaN(Date.parse(manifest.created)));
    assert.deepEqual(new Set(manifest.actionIds), union);
    assert.equal(manifest.actionIds.length, union.size, 'no duplicates');
    // The entries also went up as a pack of a few big objects, written before the manifest.
    assert.equal(
      manifest.pack,
      undefined,
      'no numbered pack: readers before content-addressed parts fetch entry by entry',
    );
    const pack = packOf(bucket, KEY);
    assert.ok(pack, 'the manifest names its pack');
    assert.equal(pack.entries, union.size, 'every recorded entry is in the local cache, so in the pack');
    assert.ok(pack.parts >= 2, `16 MiB of std and module archives make more than one 4 MiB part, got ${pack.parts}`);
    const files = pack.files;
    assert.equal(
      files.reduce((n, f) => n + fs.statSync(f).size, 0),
      pack.bytes,
    );
    // Content-addressed: each part's key is the sha256 of its bytes.
    for (const [i, part] of (manifest.packParts ?? []).entries())
      assert.equal(crypto.createHash('sha256').update(fs.readFileSync(files[i])).digest('hex'), part.key);
    assert.deepEqual((await s3.listKeys(bucket, 'gobuildcache/packs/v2/')).length, pack.parts);
    assert.match(
      saved.stderr,
      new RegExp(
        `saved a pack of ${pack.entries} entries in ${pack.parts} part\\(s\\) \\([^)]*\\): uploaded [^ ]+ [KMG]?i?B in ${pack.parts} new part\\(s\\), reused 0 part\\(s\\)`,
      ),
    );
  });

  it('save-manifest skips, and says so, when read-only or when nothing was recorded', async () => {
    const readOnly = await cli(['save-manifest', '-manifest-key', 'ro/main', '-read-only'], first);
    assert.equal(readOnly.code, 0);
    assert.match(readOnly.stderr, /not saved: read-only/);
    const empty = await cli(['save-manifest', '-manifest-key', 'empty/main'], machine(bucket));
    assert.equal(empty.code, 0);
    assert.match(empty.stderr, /not saved: no go process recorded a cache entry/);
    assert.deepEqual(await s3.listKeys(bucket, 'gobuildcache/manifests/v1/ro/'), []);
    assert.deepEqual(await s3.listKeys(bucket, 'gobuildcache/manifests/v1/empty/'), []);
  });

  it('a job on an empty cache dir prefetches everything (via a prefix restore key), then go finds it all locally', async (t) => {
    const second = machine(bucket);
    const started = Date.now();
    // This branch has no manifest yet: the prefix restore key finds the newest of the job's.
    const result = await cli(
      [
        'prefetch',
        '-manifest-key',
        'Linux-X64-go-ci-test/feature-x',
        '-manifest-restore-keys',
        'Linux-X64-go-ci-test/',
      ],
      second,
    );
    const ms = Date.now() - started;
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, '');
    assert.deepEqual(warnings(result.stderr), []);
    assert.match(result.stderr, new RegExp(`manifest ${KEY} lists`));
    const p = total(statsFiles(second, 'prefetch'));
    assert.equal(p.processes, 0, 'the prefetcher is not counted as a go process');
    assert.ok(p.prefetched > 0 && p.prefetched <= p.prefetchListed, JSON.stringify(p));
    assert.equal(p.remoteErrors, 0);
    assert.equal(p.verifyRejects, 0);
    const pack = packOf(bucket, KEY);
    assert.equal(p.prefetchPackParts, pack?.parts, 'the entries came in the pack parts');
    assert.equal(p.prefetched, pack?.entries, 'every entry came from the pack, none one by one');
    assert.match(result.stderr, new RegExp(`\\(${p.prefetched} from ${pack?.parts} pack part\\(s\\)\\)`));
    t.diagnostic(
      `prefetched ${p.prefetched} of ${p.prefetchListed} entries (${p.prefetchBytes} bytes) in ${ms} ms wall, ${p.prefetchMs} ms in the command`,
    );

    const build = await runGo(['build', '-x', './...'], { cwd: dir, env: second.env });
    assert.equal(build.code, 0, build.stderr);
    assert.equal(build.compiles, 0, 'nothing compiled');
    const test = await runGo(['test', './...'], { cwd: dir, env: second.env });
    assert.equal(test.code, 0, test.stdout + test.stderr);
    const okLines = test.stdout.split('\n').filter((l) => l.startsWith('ok'));
    assert.ok(okLines.length > 0 && okLines.every((l) => l.includes('(cached)')), test.stdout);
    const go = total(statsFiles(second, 'cacheprog'));
    assert.equal(go.remoteHits, 0, 'no go process had to wait for the remote');
    // go looks up a few keys it never stores (misses on every machine); everything else is local.
    assert.equal(go.localHits + go.misses, go.gets);
    assert.ok(go.localHits >= 0.9 * go.gets, JSON.stringify(go));
  });

  it('entry by entry (-pack=false), a go process racing the prefetch of the same entries: each entry is downloaded once', async () => {
    const proxy: Proxy = await toxi.createProxy('prefetch-race', s3.port);
    await proxy.addToxic({ type: 'latency', stream: 'downstream', attributes: { latency: 40 } });
    try {
      const third = machine(bucket, proxy.endpoint);
      // Slow and narrow on purpose, so go asks for entries the prefetcher has not reached yet and
      // for entries it is downloading right now.
      // As in the action, the prefetcher is under way before go starts: from then on go processes
      // lock their downloads (without a prefetcher they do not, and may rarely download twice).
      let announced!: () => void;
      const underWay = new Promise<void>((resolve) => (announced = resolve));
      const prefetch = cli(
        ['prefetch', '-manifest-key', KEY, '-prefetch-concurrency', '4', '-pack=false'],
        third,
        (child) => {
          child.stderr?.on('data', (b: Buffer) => /lists \d+ entries/.test(b.toString('utf8')) && announced());
        },
      );
      await Promise.race([underWay, prefetch]);
      const build = await runGo(['build', '-x', './...'], { cwd: dir, env: third.env });
      const done = await prefetch;
      assert.equal(build.code, 0, build.stderr);
      assert.equal(build.compiles, 0);
      assert.equal(done.code, 0, done.stderr);
      const p = total(statsFiles(third, 'prefetch'));
      const go = total(statsFiles(third, 'cacheprog'));
      const inRemote = new Set(
        (await s3.listKeys(bucket, 'gobuildcache/v1/')).map((k) => k.slice('gobuildcache/v1/'.length)),
      );
      const listed = readManifest(bucket, KEY).actionIds.filter((id) => inRemote.has(id)).length;
      assert.ok(
        go.remoteHits > 0 && p.prefetched > 0,
        `both fetched some: ${JSON.stringify({ go: go.remoteHits, prefetched: p.prefetched })}`,
      );
      assert.equal(p.prefetched + go.remoteHits, listed, 'every entry in the remote was downloaded exactly once');
    } finally {
      await proxy.removeToxics();
    }
  });

  it('entry by entry (-pack=false), stops at -prefetch-timeout and on SIGTERM, records what it did, exits 0', async () => {
    const proxy: Proxy = await toxi.createProxy('prefetch-slow', s3.port);
    await proxy.addToxic({ type: 'latency', stream: 'downstream', attributes: { latency: 300 } });
    try {
      const timed = machine(bucket, proxy.endpoint);
      const started = Date.now();
      const r = await cli(
        ['prefetch', '-manifest-key', KEY, '-prefetch-concurrency', '1', '-prefetch-timeout', '2s', '-pack=false'],
        timed,
      );
      assert.equal(r.code, 0, r.stderr);
      assert.ok(Date.now() - started < 15_000, 'the deadline bounds the run');
      assert.match(r.stderr, /stopped at -prefetch-timeout/);
      const p = total(statsFiles(timed, 'prefetch'));
      assert.ok(p.prefetched < p.prefetchListed, JSON.stringify(p));

      const signalled = machine(bucket, proxy.endpoint);
      // SIGTERM once it is downloading (it has listed the manifest), not at a fixed time that a
      // loaded machine may reach before the prefetch has started.
      const s = await cli(
        ['prefetch', '-manifest-key', KEY, '-prefetch-concurrency', '1', '-pack=false'],
        signalled,
        (child) => {
          child.stderr?.on('data', (b: Buffer) => {
            if (/lists \d+ entries/.test(b.toString('utf8'))) setTimeout(() => child.kill('SIGTERM'), 500);
          });
        },
      );
      assert.equal(s.code, 0, s.stderr);
      assert.match(s.stderr, /stopped by a signal/);
      assert.equal(statsFiles(signalled, 'prefetch').length, 1, 'figures are recorded on SIGTERM');
    } finally {
      await proxy.removeToxics();
    }
  });
  it('with a pack, a go build racing the prefetch finds everything, and fetches itself only what had not arrived', async (t) => {
    const pack = packOf(bucket, KEY);
    assert.ok(pack);
    const proxy: Proxy = await toxi.createProxy('prefetch-pack-race', s3.port);
    await proxy.addToxic({ type: 'latency', stream: 'downstream', attributes: { latency: 25 } });
    try {
      const m = machine(bucket, proxy.endpoint);
      const prefetch = cli(['prefetch', '-manifest-key', KEY], m);
      const build = await runGo(['build', '-x', './...'], { cwd: dir, env: m.env });
      const done = await prefetch;
      assert.equal(build.code, 0, build.stderr);
      assert.equal(build.compiles, 0);
      assert.equal(done.code, 0, done.stderr);
      assert.deepEqual(warnings(done.stderr + build.stderr), []);
      const p = total(statsFiles(m, 'prefetch'));
      const go = total(statsFiles(m, 'cacheprog'));
      assert.equal(p.prefetchPackParts, pack.parts);
      assert.equal(go.verifyRejects + p.verifyRejects, 0);
      // Entries the build needed before their part arrived were fetched by go; the pack skipped
      // those it found stored by then, so at most a few were downloaded twice.
      assert.ok(p.prefetched + go.remoteHits >= pack.entries - go.misses, JSON.stringify({ p: p.prefetched, go }));
      assert.ok(go.remoteHits < pack.entries / 2, `the pack, not go, delivered most entries: ${JSON.stringify(go)}`);
      t.diagnostic(
        `go fetched ${go.remoteHits} itself, the pack delivered ${p.prefetched} of ${pack.entries}; ${p.prefetched + go.remoteHits - pack.entries} downloaded twice`,
      );
    } finally {
      await proxy.removeToxics();
    }
  });

  it('a damaged pack record is rejected with one warning and fetched on its own; a missing part is fetched entry by entry', async () => {
    const pack = packOf(bucket, KEY);
    assert.ok(pack);
    const files = pack.files;
    const firstPart = files[0];
    const lastPart = files[files.length - 1];
    assert.ok(firstPart && lastPart && files.length >= 2);
    const original = fs.readFileSync(firstPart);
    const damaged = Buffer.from(original);
    // Past the magic line and the first header: a payload byte of the first record.
    const payloadStart = damaged.indexOf(0x0a, damaged.indexOf(0x0a) + 1) + 1;
    damaged[payloadStart + 10] = (damaged[payloadStart + 10] ?? 0) ^ 0xff;
    fs.writeFileSync(firstPart, damaged);
    fs.renameSync(lastPart, `${lastPart}.away`);
    try {
      const m = machine(bucket);
      const r = await cli(['prefetch', '-manifest-key', KEY], m);
      assert.equal(r.code, 0, r.stderr);
      const w = warnings(r.stderr);
      assert.equal(w.length, 1, r.stderr);
      assert.match(w[0] ?? '', /rejected 1 record\(s\) of pack part 0 of manifest .*fetched one by one/);
      assert.match(r.stderr, /1 part\(s\) unread/);
      const p = total(statsFiles(m, 'prefetch'));
      assert.equal(p.verifyRejects, 1);
      assert.equal(p.prefetchPackParts, pack.parts - 1);
      // The pack's entries, and those too big for a part, which are objects of their own.
      assert.equal(
        p.prefetched,
        readManifest(bucket, KEY).actionIds.length,
        'what the pack could not deliver came one by one',
      );
      const build = await runGo(['build', '-x', './...'], { cwd: dir, env: m.env });
      assert.equal(build.code, 0, build.stderr);
      assert.equal(build.compiles, 0);
      assert.equal(total(statsFiles(m, 'cacheprog')).remoteHits, 0);
    } finally {
      fs.writeFileSync(firstPart, original);
      fs.renameSync(`${lastPart}.away`, lastPart);
    }
  });
  it('a job that used only what it restored under its own key uploads nothing; one that used more saves again', async () => {
    // A job run on a warm cache: prefetch, build and test, and save what it used (fewer ids than
    // the populating run, whose tests were compiled and run, not served as results).
    const warmRun = async (): Promise<{ m: Machine; saved: CliResult }> => {
      const m = machine(bucket);
      const restored = await cli(['prefetch', '-manifest-key', KEY], m);
      assert.equal(restored.code, 0, restored.stderr);
      const build = await runGo(['build', './...'], { cwd: dir, env: m.env });
      assert.equal(build.code, 0, build.stderr);
      const test = await runGo(['test', './...'], { cwd: dir, env: m.env });
      assert.equal(test.code, 0, test.stderr);
      return { m, saved: await cli(['save-manifest', '-manifest-key', KEY], m) };
    };
    const manifestFile = s3.objectPath(bucket, `gobuildcache/manifests/v1/${KEY}`);
    const before = fs.statSync(manifestFile).mtimeMs;
    const restoredIds = readManifest(bucket, KEY).actionIds.length;
    // Fewer ids than the populating run, none new: a rewrite would upload the same pack again.
    const first = await warmRun();
    assert.equal(first.saved.code, 0, first.saved.stderr);
    assert.match(
      first.saved.stderr,
      new RegExp(
        `not saved: nothing new: the job used \\d+ of the ${restoredIds} entries of the manifest ${KEY} it restored`,
      ),
    );
    const { m, saved: same } = await warmRun();
    assert.equal(same.code, 0, same.stderr);
    assert.match(same.stderr, /not saved: nothing new/);
    assert.equal(fs.statSync(manifestFile).mtimeMs, before, 'the manifest was not rewritten');

    const vet = await runGo(['vet', './...'], { cwd: dir, env: m.env });
    assert.equal(vet.code, 0, vet.stderr);
    const more = await cli(['save-manifest', '-manifest-key', KEY], m);
    assert.equal(more.code, 0, more.stderr);
    assert.match(more.stderr, /save-manifest: saved \d+ action ids as manifest/);
    assert.ok(readManifest(bucket, KEY).actionIds.length > restoredIds, 'rewritten with the vet entries');
    assert.notEqual(fs.statSync(manifestFile).mtimeMs, before);
  });
});

describe('prefetch from a job manifest (job server)', () => {
  let bucket: string;
  let dir: string;
  let first: Machine;
  const KEY = 'Linux-X64-go-job-test/main';

  before(async () => {
    bucket = await newBucket();
    dir = tempDir('prefetch-job-module');
    generateModule(dir, { packages: 16, withTests: true });
    first = await withStd(machine(bucket));
    const server = await startTestJobServer({ env: first.env });
    const build = await runGo(['build', './...'], { cwd: dir, cacheprog: server.command });
    assert.equal(build.code, 0, build.stderr);
    const test = await runGo(['test', './...'], { cwd: dir, cacheprog: server.command });
    assert.equal(test.code, 0, test.stdout + test.stderr);
    const done = await server.finish();
    assert.equal(done.code, 0, done.stderr);
  });

  it('the job server records the ids its go commands used; save-manifest uploads them', async () => {
    const logs = fs.readdirSync(first.statsDir).filter((n) => /^actions-\d+-[0-9a-f]+\.txt$/.test(n));
    assert.equal(logs.length, 1, `one action log for the whole job, got ${logs.join(', ')}`);
    const ids = new Set(fs.readFileSync(path.join(first.statsDir, logs[0]), 'utf8').split('\n').filter(Boolean));
    for (const id of ids) assert.match(id, /^[0-9a-f]{64}$/);
    const saved = await cli(['save-manifest', '-manifest-key', KEY], first);
    assert.equal(saved.code, 0, saved.stderr);
    assert.match(saved.stderr, new RegExp(`saved ${ids.size} action ids as manifest ${KEY} \\(`));
    assert.deepEqual(new Set(readManifest(bucket, KEY).actionIds), ids);
    // Every recorded entry is in the pack but those bigger than PACK_ALONE_BYTES (objects of their own).
    const local = new LocalStore(first.cacheDir);
    const big = [...ids].filter((id) => (local.get(id)?.size ?? 0) > PACK_ALONE_BYTES).length;
    assert.equal(packOf(bucket, KEY)?.entries, ids.size - big, 'every recorded entry but the big ones is in the pack');
  });

  it('a job server on an empty cache dir prefetches everything (via a prefix restore key), then go finds it all locally', async () => {
    const second = machine(bucket, undefined, {
      GOBUILDCACHE_MANIFEST_KEY: 'Linux-X64-go-job-test/feature-x',
      GOBUILDCACHE_MANIFEST_RESTORE_KEYS: 'Linux-X64-go-job-test/',
    });
    const server = await startTestJobServer({ env: second.env });
    // The action's main step starts the server before go runs; here go waits until the
    // prefetch has said it is done, so that every get finds its entry local.
    const log = (): string => fs.readFileSync(server.proc.logFile, 'utf8');
    for (let i = 0; i < 600 && !/prefetch: downloaded/.test(log()); i++) await new Promise((r) => setTimeout(r, 100));
    assert.match(log(), new RegExp(`manifest ${KEY} lists`));
    assert.match(log(), /prefetch: downloaded/);
    const build = await runGo(['build', '-x', './...'], { cwd: dir, cacheprog: server.command });
    assert.equal(build.code, 0, build.stderr);
    assert.equal(build.compiles, 0, 'nothing compiled');
    const test = await runGo(['test', './...'], { cwd: dir, cacheprog: server.command });
    assert.equal(test.code, 0, test.stdout + test.stderr);
    const okLines = test.stdout.split('\n').filter((l) => l.startsWith('ok'));
    assert.ok(okLines.length > 0 && okLines.every((l) => l.includes('(cached)')), test.stdout);
    const done = await server.finish();
    assert.equal(done.code, 0, done.stderr);
    assert.deepEqual(warnings(log()), []);
    const s = total(statsFiles(second, 'server'));
    assert.equal(s.prefetchPackParts, packOf(bucket, KEY)?.parts, 'the entries came in the pack parts');
    assert.equal(s.remoteHits, 0, 'no go command had to wait for the remote');
    assert.equal(s.localHits + s.misses, s.gets);
    assert.ok(s.localHits >= 0.9 * s.gets, JSON.stringify(s));
  });
});

describe('content-addressed pack parts', () => {
  let bucket: string;
  let dir: string;
  let seed: Machine;
  const KEY = 'Linux-X64-go-parts/main';

  before(async () => {
    bucket = await newBucket();
    dir = tempDir('parts-module');
    generateModule(dir, { packages: 24 });
    seed = await withStd(machine(bucket));
    const build = await runGo(['build', './...'], { cwd: dir, env: seed.env });
    assert.equal(build.code, 0, build.stderr);
    const saved = await cli(['save-manifest', '-manifest-key', KEY], seed);
    assert.equal(saved.code, 0, saved.stderr);
  });

  it('in a job server, a go build racing the pack prefetch waits for entries whose part is downloading: nothing is downloaded twice', async (t) => {
    const pack = packOf(bucket, KEY);
    assert.ok(pack);
    const proxy: Proxy = await toxi.createProxy('parts-job-race', s3.port);
    await proxy.addToxic({ type: 'latency', stream: 'downstream', attributes: { latency: 25 } });
    try {
      const m = machine(bucket, proxy.endpoint, { GOBUILDCACHE_MANIFEST_KEY: KEY });
      const server = await startTestJobServer({ env: m.env });
      const build = await runGo(['build', '-x', './...'], { cwd: dir, cacheprog: server.command });
      const done = await server.finish();
      assert.equal(build.code, 0, build.stderr);
      assert.equal(build.compiles, 0);
      assert.equal(done.code, 0, done.stderr);
      const s = total(statsFiles(m, 'server'));
      assert.equal(s.verifyRejects, 0);
      assert.equal(s.prefetchPackParts, pack.parts);
      // go's gets for entries of a part in flight waited for it: every entry was downloaded once.
      assert.equal(s.prefetched + s.remoteHits, pack.entries, JSON.stringify(s));
      t.diagnostic(
        `the pack delivered ${s.prefetched}, go fetched ${s.remoteHits} itself (entries of parts not yet started)`,
      );
    } finally {
      await proxy.removeToxics();
    }
  });
  it('a manifest with the numbered pack of earlier writers is still read', async () => {
    const ids = readManifest(bucket, KEY).actionIds;
    const { config } = parseCommandLine([], seed.env);
    const client = await openObjects(config, seed.env);
    const oldKey = 'Linux-X64-go-parts/old-writer';
    try {
      let parts = 0;
      let entries = 0;
      let bytes = 0;
      for await (const part of buildPackParts(new LocalStore(seed.cacheDir), ids, { compression: true })) {
        await client.objects.put(packPartKey(oldKey, parts++), part.data);
        entries += part.entries;
        bytes += part.data.length;
      }
      await client.objects.put(`manifests/v1/${oldKey}`, encodeManifest(ids, new Date(), { parts, entries, bytes }));
    } finally {
      await client.close();
    }
    const cold = machine(bucket);
    const r = await cli(['prefetch', '-manifest-key', oldKey], cold);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(warnings(r.stderr), []);
    const p = total(statsFiles(cold, 'prefetch'));
    assert.ok(p.prefetchPackParts >= 2);
    assert.equal(p.prefetched, ids.length, 'all from the numbered parts');
  });

  it('after a one-package change, save-manifest reuses the unchanged parts and uploads only the rest; a cold job still gets everything from the pack', async () => {
    const full = packOf(bucket, KEY);
    assert.ok(full && full.parts >= 3, `std and the module make several 4 MiB parts: ${JSON.stringify(full)}`);
    const before = new Set(readManifest(bucket, KEY).packParts?.map((p) => p.key));
    // The module's last package: nothing imports it, so only its own entries change.
    const pkgs = fs.readdirSync(path.join(dir, 'pkg')).sort();
    const leafDir = path.join(dir, 'pkg', pkgs[pkgs.length - 1]);
    const leaf = path.join(
      leafDir,
      fs.readdirSync(leafDir).find((f) => f.endsWith('.go') && !f.endsWith('_test.go')) as string,
    );
    fs.appendFileSync(leaf, '\nfunc ChangedForTheTest() int { return 7 }\n');
    // The same VM's next job: warm local dir, fresh stats dir.
    const next: Machine = { ...seed, statsDir: tempDir('parts-stats'), env: { ...seed.env } };
    next.env.GOBUILDCACHE_STATS_DIR = next.statsDir;
    const build = await runGo(['build', '-x', './...'], { cwd: dir, env: next.env });
    assert.equal(build.code, 0, build.stderr);
    assert.ok(
      build.compiles >= 1 && build.compiles <= 2,
      `only the changed package (and the command's link) built: ${build.compiles}`,
    );
    const saved = await cli(['save-manifest', '-manifest-key', KEY], next);
    assert.equal(saved.code, 0, saved.stderr);
    const line = /uploaded ([\d.]+) (B|KiB|MiB) in (\d+) new part\(s\), reused (\d+) part\(s\)/.exec(saved.stderr);
    assert.ok(line, saved.stderr);
    const uploaded = Number(line[1]) * ({ B: 1, KiB: 1024, MiB: 1024 * 1024 } as Record<string, number>)[line[2]];
    const after = readManifest(bucket, KEY);
    const reused = (after.packParts ?? []).filter((p) => before.has(p.key));
    assert.equal(reused.length, Number(line[4]));
    assert.ok(reused.length >= full.parts - 2, `most parts reused: ${line[0]}`);
    assert.ok(uploaded < full.bytes / 2, `uploaded ${uploaded} of a ${full.bytes}-byte pack`);
    // The changed package's entry is in a new part; every listed id is in exactly one part.
    const inParts = (after.packParts ?? []).flatMap((p) => p.entries);
    assert.equal(new Set(inParts).size, inParts.length);
    assert.equal(inParts.length, after.actionIds.length);

    const cold = machine(bucket);
    const r = await cli(['prefetch', '-manifest-key', KEY], cold);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(warnings(r.stderr), []);
    const p = total(statsFiles(cold, 'prefetch'));
    const pack = packOf(bucket, KEY);
    assert.equal(p.prefetchPackParts, pack?.parts);
    assert.equal(p.prefetched, after.actionIds.length, 'every entry came from the parts, old and new');
    const again = await runGo(['build', '-x', './...'], { cwd: dir, env: cold.env });
    assert.equal(again.code, 0, again.stderr);
    assert.equal(again.compiles, 0);
    assert.equal(total(statsFiles(cold, 'cacheprog')).remoteHits, 0);
  });
});

describe('prefetch problems are never fatal', () => {
  let bucket: string;
  before(async () => {
    bucket = await newBucket();
  });

  it('no manifest: exit 0, says so, no warning', async () => {
    const m = machine(bucket);
    const r = await cli(
      ['prefetch', '-manifest-key', 'nothing/here', '-manifest-restore-keys', 'nothing/main,nothing/'],
      m,
    );
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(warnings(r.stderr), []);
    assert.match(r.stderr, /no manifest under nothing\/here, nothing\/main, nothing\/; nothing to prefetch/);
    assert.equal(total(statsFiles(m, 'prefetch')).prefetchListed, 0);
  });

  it('ids that are not in the remote: exit 0, counted as not in the remote', async () => {
    const ids = Array.from({ length: 5 }, (_, i) => String(i).repeat(64));
    await putManifest(
      bucket,
      'ghost/main',
      zlib.gzipSync(JSON.stringify({ version: 1, created: new Date().toISOString(), actionIds: ids })),
    );
    const m = machine(bucket);
    const r = await cli(['prefetch', '-manifest-key', 'ghost/main'], m);
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stderr,
      /downloaded 0 of 5 entries \(0 B\) in [\d.]+ s; 0 already local, 5 not in the remote, 0 failed/,
    );
    const p = total(statsFiles(m, 'prefetch'));
    assert.equal(p.prefetchListed, 5);
    assert.equal(p.prefetched, 0);
  });

  for (const [what, data] of [
    ['not gzip', Buffer.from('definitely not a manifest')],
    ['not JSON', zlib.gzipSync('{"version": 1, "actionIds": [')],
    ['an unknown version', zlib.gzipSync(JSON.stringify({ version: 2, actionIds: [] }))],
    [
      'an id that is not hex',
      zlib.gzipSync(JSON.stringify({ version: 1, created: '', actionIds: ['../../../../etc/passwd'] })),
    ],
  ] as const) {
    it(`a corrupt manifest (${what}): exit 0, one warning, falls through to the restore keys`, async () => {
      const key = `corrupt-${what.replace(/\W+/g, '-')}`;
      await putManifest(bucket, `${key}/main`, data);
      const m = machine(bucket);
      const r = await cli(['prefetch', '-manifest-key', `${key}/main`, '-manifest-restore-keys', `${key}/other`], m);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, '');
      const w = warnings(r.stderr);
      assert.equal(w.length, 1, r.stderr);
      assert.match(w[0], new RegExp(`ignored 1 unusable manifest\\(s\\): ${key}/main: `));
      assert.match(r.stderr, /nothing to prefetch/);
      assert.equal(fs.readdirSync(path.join(m.cacheDir, 'a')).length, 0, 'nothing was stored');
    });
  }

  it('remote down: exit 0 with one warning, promptly', async () => {
    const proxy: Proxy = await toxi.createProxy('prefetch-down', s3.port);
    await proxy.disable();
    try {
      const m = machine(bucket, proxy.endpoint, { GOBUILDCACHE_REMOTE_TIMEOUT: '2s' });
      const started = Date.now();
      const r = await cli(['prefetch', '-manifest-key', 'any/main'], m);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(warnings(r.stderr).length, 1, r.stderr);
      assert.match(r.stderr, /prefetch failed: .*; go fetches entries on demand instead/);
      assert.ok(Date.now() - started < 30_000);
    } finally {
      await proxy.enable();
    }
  });
});
