// run-tests: alone (its rows compare wall times with a no-cache build run just before them)
// The fault matrix: each scenario runs the real go command through our bundle against versitygw
// (behind Toxiproxy where the network misbehaves) and records what a user would care about:
// the go command's result, whether the binary prints the right values, wall time against a build
// without any cache, uploads lost once a drain (the post step) has run, and wrong entries served.
// The table is printed at the end (and written to $FAULTS_REPORT when set); docs/faults.md holds
// a run of it. Every machine starts with std already in its local cache (see warm-std.ts), so a
// scenario measures the module's own packages, not a minute of compiling the runtime.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { aggregateStatsDir } from '../../src/cacheprog/stats.js';
import { readJournal } from '../../src/cacheprog/uploads/pending.js';
import { generateModule } from '../helpers/go-module.js';
import { ENTRYPOINT, runGo, tempDir, type GoResult } from '../helpers/go.js';
import { startTestJobServer } from '../helpers/job-server.js';
import { newMachine, type Machine } from '../helpers/machine.js';
import { fromS3, startBucketServer, type BucketKind, type BucketServer } from '../helpers/bucket-server.js';
import { startS3Server, type S3Server } from '../helpers/s3-server.js';
import { startToxiproxy, type Proxy, type Toxic, type Toxiproxy } from '../helpers/toxiproxy.js';
import { seedStd, warmStd } from '../helpers/warm-std.js';

const execFileAsync = promisify(execFile);
const NAME = 'faults';
const PACKAGES = 4;
const PREFIX = 'gobuildcache/';

interface Row {
  scenario: string;
  result: string;
  wallMs: number;
  /** Against the no-cache build of the same command. */
  ratio: number;
  /** Puts of this scenario not in the bucket after the drain; undefined where no upload can succeed by design. */
  uploadsLost: number | undefined;
  wrongEntries: number;
  note: string;
}

const rows: Row[] = [];
let s3: S3Server;
let toxi: Toxiproxy;
let proxy: Proxy;
/** The GCS store and its own proxy, for the rows that also run on GCS. */
let gcs: { server: BucketServer; proxy: Proxy } | undefined;
let bucketSeq = 0;
const moduleDir = tempDir('faults-module');
const binDir = tempDir('faults-bin');
let expected = '';
let baselineBuildMs = 0;
let baselineTestMs = 0;
/** A bucket a healthy machine filled; reading rows use it, the tampering row last. */
let full = '';

before(async () => {
  [s3, toxi] = await Promise.all([startS3Server(), startToxiproxy()]);
  proxy = await toxi.createProxy('faults-s3', s3.port);
  generateModule(moduleDir, { packages: PACKAGES, withTests: true, name: NAME });
  const warm = await warmStd();
  // No cache at all for the module (go's own cache holding std only, like every machine here).
  const gocache = tempDir('faults-nocache');
  copyGocache(warm.gocache, gocache);
  const bin = path.join(binDir, 'reference');
  const started = performance.now();
  const ref = await runGo(['build', '-o', bin, `./cmd/${NAME}`], {
    cwd: moduleDir,
    cacheprog: null,
    gocache,
    timeoutMs: 300_000,
  });
  baselineBuildMs = performance.now() - started;
  assert.equal(ref.code, 0, ref.stderr);
  expected = (await execFileAsync(bin, [])).stdout;
  const gocache2 = tempDir('faults-nocache-test');
  copyGocache(warm.gocache, gocache2);
  const testStarted = performance.now();
  const test = await runGo(['test', './...'], {
    cwd: moduleDir,
    cacheprog: null,
    gocache: gocache2,
    timeoutMs: 300_000,
  });
  baselineTestMs = performance.now() - testStarted;
  assert.equal(test.code, 0, test.stderr);
  rows.push({
    scenario: 'no cache (baseline)',
    result: 'green',
    wallMs: baselineBuildMs,
    ratio: 1,
    uploadsLost: 0,
    wrongEntries: 0,
    note: `go test ./... without a cache: ${(baselineTestMs / 1000).toFixed(1)} s`,
  });
});

after(async () => {
  const table = formatTable(rows);
  process.stdout.write(`\n${table}\n`);
  if (process.env.FAULTS_REPORT) fs.writeFileSync(process.env.FAULTS_REPORT, `${table}\n`);
  await proxy?.enable().catch(() => {});
  await toxi?.stop();
  await Promise.all([s3?.stop(), gcs?.server.stop()]);
});

/** The store of a kind and the proxy in front of it; GCS's starts at its first use. */
async function store(kind: BucketKind): Promise<{ server: BucketServer; proxy: Proxy }> {
  if (kind === 's3') return { server: fromS3(s3), proxy };
  if (!gcs) {
    const server = await startBucketServer('gcs');
    gcs = { server, proxy: await toxi.createProxy('faults-gcs', server.port) };
  }
  return gcs;
}

function copyGocache(from: string, to: string): void {
  fs.cpSync(from, to, { recursive: true });
}

function formatTable(list: Row[]): string {
  const lines = [
    '| scenario | result | wall time vs no cache | uploads lost | wrong entries | notes |',
    '|---|---|---:|---:|---:|---|',
  ];
  for (const r of list) {
    const lost = r.uploadsLost === undefined ? '– (cannot upload)' : String(r.uploadsLost);
    lines.push(
      `| ${r.scenario} | ${r.result} | ${(r.wallMs / 1000).toFixed(1)} s (${r.ratio.toFixed(2)}×) | ${lost} | ${r.wrongEntries} | ${r.note} |`,
    );
  }
  return lines.join('\n');
}

async function newBucket(kind: BucketKind = 's3'): Promise<string> {
  const name = `faults-${++bucketSeq}`;
  const { server } = await store(kind);
  await server.createBucket(name);
  if (kind !== 's3') bucketKinds.set(name, server);
  return name;
}

/** The store each bucket lives in: S3 unless newBucket was asked for another. */
const bucketKinds = new Map<string, BucketServer>();

/** A fresh machine with std in its local cache; `endpoint` routes it through the proxy. */
function machine(bucket: string, env: Record<string, string> = {}, endpoint?: string): Machine {
  const m = newMachine(bucketKinds.get(bucket) ?? s3, bucket, { endpoint, env });
  return m;
}

const seeded = new WeakMap<Machine, Set<string>>();

async function seed(m: Machine): Promise<void> {
  await seedStd(m.cacheDir);
  seeded.set(m, new Set(indexIds(m.cacheDir)));
}

function indexIds(cacheDir: string): string[] {
  const root = path.join(cacheDir, 'a');
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /^[0-9a-f]{64}$/.test(e.name))
    .map((e) => e.name);
}

/** Local entries whose output is missing or does not hash to its output id: what go would have been served. */
function wrongEntries(cacheDir: string): number {
  let wrong = 0;
  for (const id of indexIds(cacheDir)) {
    const line = fs.readFileSync(path.join(cacheDir, 'a', id.slice(0, 2), id), 'latin1');
    const [, outputId, size] = line.trim().split(' ');
    const file = path.join(cacheDir, 'o', (outputId ?? '').slice(0, 2), outputId ?? '');
    if (!fs.existsSync(file)) continue; // an index without its output is a miss, never served
    const body = fs.readFileSync(file);
    if (body.length !== Number(size) || crypto.createHash('sha256').update(body).digest('hex') !== outputId) wrong++;
  }
  return wrong;
}

/** Entries this machine added (its puts and downloads) that the bucket does not hold. */
async function lostUploads(m: Machine, bucket: string): Promise<number> {
  const before = seeded.get(m) ?? new Set<string>();
  const server = bucketKinds.get(bucket) ?? s3;
  const inBucket = new Set((await server.listKeys(bucket, `${PREFIX}v1/`)).map((k) => k.slice(`${PREFIX}v1/`.length)));
  return indexIds(m.cacheDir).filter((id) => !before.has(id) && !inBucket.has(id)).length;
}

async function drain(m: Machine, env: Record<string, string> = {}): Promise<{ code: number; stderr: string }> {
  try {
    const { stderr } = await execFileAsync(process.execPath, [ENTRYPOINT, 'drain'], {
      env: { ...process.env, ...m.env, ...env },
      timeout: 120_000,
    });
    return { code: 0, stderr };
  } catch (err) {
    const e = err as { code?: number; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stderr: e.stderr ?? String(err) };
  }
}

function warnings(res: GoResult): string[] {
  return res.stderr.split('\n').filter((l) => l.includes('gobuildcache: warning'));
}

/** A generated module and what its command prints when built without any cache. */
interface Mod {
  dir: string;
  expected: string;
}

interface BuildOptions {
  timeoutMs?: number;
  /** GOCACHEPROG (a job server's bridge); the per-process server by default. */
  cacheprog?: string;
  mod?: Mod;
  /** -x, so compiles are counted. */
  trace?: boolean;
  onStderr?: (text: string) => void;
}

/** go build of the command, then the binary run: green only when both work and it prints the right values. */
async function buildAndRun(
  m: Machine,
  label: string,
  opts: BuildOptions = {},
): Promise<{ res: GoResult; ms: number; correct: boolean }> {
  const bin = path.join(binDir, label.replace(/\W+/g, '-'));
  const dir = opts.mod?.dir ?? moduleDir;
  const started = performance.now();
  const res = await runGo(['build', ...(opts.trace ? ['-x'] : []), '-o', bin, `./cmd/${NAME}`], {
    cwd: dir,
    env: m.env,
    cacheprog: opts.cacheprog,
    timeoutMs: opts.timeoutMs ?? 240_000,
    onStderr: opts.onStderr,
  });
  const ms = performance.now() - started;
  let correct = false;
  if (res.code === 0) correct = (await execFileAsync(bin, [])).stdout === (opts.mod?.expected ?? expected);
  return { res, ms, correct };
}

interface Outcome {
  scenario: string;
  m: Machine;
  bucket: string;
  run: { res: GoResult; ms: number; correct: boolean };
  /** Drain env overrides (the healed network of the post step); null: no drain (nothing can be uploaded). */
  drainEnv?: Record<string, string> | null;
  note?: string;
  baselineMs?: number;
  /** A drain the row already ran (to look at what it said). */
  drained?: { code: number; stderr: string };
  /** What happened before `run` (a go command that was killed with its server). */
  before?: string;
}

/** Records a row and asserts what every row must show: green, correct, nothing lost, nothing wrong. */
async function record(o: Outcome): Promise<Row> {
  let uploadsLost: number | undefined;
  let note = o.note ?? '';
  if (o.drainEnv !== null) {
    const drained = o.drained ?? (await drain(o.m, o.drainEnv ?? {}));
    uploadsLost = await lostUploads(o.m, o.bucket);
    if (drained.code !== 0) note += ` drain exit ${drained.code}: ${drained.stderr.trim().split('\n').at(-1)}`;
  }
  const c = aggregateStatsDir(o.m.statsDir).counters;
  const w = warnings(o.run.res).length;
  const first = warnings(o.run.res)[0]
    ?.replace(/^.*gobuildcache: warning: /, '')
    .replace(/\|/g, '/');
  const facts = [
    `${w} warning${w === 1 ? '' : 's'}${first ? ` (first: "${first.length > 90 ? `${first.slice(0, 90)}…` : first}")` : ''}`,
    `${c.remoteHits} remote hits`,
    `${c.uploads} uploads`,
  ];
  if (c.verifyRejects > 0) facts.push(`${c.verifyRejects} rejects`);
  if (c.spooled > 0) facts.push(`${c.spooled} spooled`);
  if (c.remoteDisabled > 0) facts.push('remote switched off');
  const row: Row = {
    scenario: o.scenario,
    result: `${o.before ? `${o.before}; then ` : ''}${o.run.res.code === 0 ? (o.run.correct ? 'green, right output' : 'green, WRONG OUTPUT') : `RED (exit ${o.run.res.code})`}`,
    wallMs: o.run.ms,
    ratio: o.run.ms / (o.baselineMs ?? baselineBuildMs),
    uploadsLost,
    wrongEntries: wrongEntries(o.m.cacheDir) + (o.run.res.code === 0 && !o.run.correct ? 1 : 0),
    note: `${facts.join(', ')}${note ? `; ${note.trim()}` : ''}`,
  };
  rows.push(row);
  assert.equal(o.run.res.code, 0, `${o.scenario}: go failed:\n${o.run.res.stderr.split('\n').slice(-30).join('\n')}`);
  assert.ok(o.run.correct, `${o.scenario}: the binary printed the wrong values`);
  assert.equal(row.wrongEntries, 0, `${o.scenario}: wrong entries in the local cache`);
  if (uploadsLost !== undefined) assert.equal(uploadsLost, 0, `${o.scenario}: uploads lost after the drain`);
  return row;
}

async function withToxics<T>(
  toxics: Parameters<Proxy['addToxic']>[0][],
  work: () => Promise<T>,
  on: Proxy = proxy,
): Promise<T> {
  for (const t of toxics) await on.addToxic(t);
  try {
    return await work();
  } finally {
    await on.removeToxics();
  }
}

describe('fault matrix (real go, versitygw, Toxiproxy)', () => {
  it('healthy remote: populating an empty bucket, then a fresh machine reading it', async () => {
    full = await newBucket();
    const first = machine(full);
    await seed(first);
    await record({
      scenario: 'healthy, populating an empty bucket',
      m: first,
      bucket: full,
      run: await buildAndRun(first, 'populate'),
    });
    const second = machine(full);
    await seed(second);
    const run = await buildAndRun(second, 'read-full');
    await record({ scenario: 'healthy, fresh machine reading a full bucket', m: second, bucket: full, run });
    assert.ok(aggregateStatsDir(second.statsDir).counters.remoteHits >= PACKAGES);
  });

  it('remote down at start, back for the drain', async () => {
    const bucket = await newBucket();
    const m = machine(bucket, {}, proxy.endpoint);
    await seed(m);
    await proxy.disable();
    let run;
    try {
      run = await buildAndRun(m, 'down');
    } finally {
      await proxy.enable();
    }
    assert.ok(warnings(run.res).length <= 1, `at most one warning:\n${run.res.stderr}`);
    await record({ scenario: 'remote down at start', m, bucket, run, note: 'drained once it was back' });
  });

  it('remote dying mid-build and back before the drain', async () => {
    const bucket = await newBucket();
    const m = machine(bucket, {}, proxy.endpoint);
    await seed(m);
    const timer = setTimeout(() => void proxy.disable(), 400);
    let run;
    try {
      run = await buildAndRun(m, 'dying');
    } finally {
      clearTimeout(timer);
      await proxy.enable();
    }
    await record({ scenario: 'remote dying 0.4 s into the build', m, bucket, run, note: 'drained once it was back' });
  });

  it('5% connection resets (reset_peer and limit_data toxics), populating then reading', async () => {
    const bucket = await newBucket();
    const toxics: Toxic[] = [
      { type: 'reset_peer', attributes: { timeout: 0 }, toxicity: 0.05 },
      { type: 'limit_data', attributes: { bytes: 16_384 }, toxicity: 0.05 },
    ];
    await withToxics(toxics, async () => {
      const m = machine(bucket, {}, proxy.endpoint);
      await seed(m);
      await record({
        scenario: '5% connection resets, populating',
        m,
        bucket,
        run: await buildAndRun(m, 'resets-populate'),
        note: 'drained through the same faults',
      });
      const reader = machine(bucket, {}, proxy.endpoint);
      await seed(reader);
      await record({
        scenario: '5% connection resets, reading',
        m: reader,
        bucket,
        run: await buildAndRun(reader, 'resets-read'),
      });
    });
  });

  it('a hung connection (requests never answered), then healed for the drain', async () => {
    const bucket = await newBucket();
    const m = machine(bucket, { GOBUILDCACHE_REMOTE_TIMEOUT: '2s' }, proxy.endpoint);
    await seed(m);
    const run = await withToxics([{ type: 'timeout', stream: 'upstream', attributes: { timeout: 0 } }], () =>
      buildAndRun(m, 'hung'),
    );
    await record({ scenario: 'hung connection (-remote-timeout 2s)', m, bucket, run, note: 'drained once healed' });
  });

  it('a 50 KB/s link: a fresh machine reads a full bucket', async () => {
    const m = machine(full, {}, proxy.endpoint);
    await seed(m);
    const run = await withToxics(
      [
        { type: 'bandwidth', stream: 'downstream', attributes: { rate: 50 } },
        { type: 'bandwidth', stream: 'upstream', attributes: { rate: 50 } },
      ],
      () => buildAndRun(m, 'slow-link'),
    );
    const c = aggregateStatsDir(m.statsDir).counters;
    await record({
      scenario: '50 KB/s link, reading a full bucket',
      m,
      bucket: full,
      run,
      note: `${(c.bytesDownloaded / 1024).toFixed(0)} KiB downloaded`,
    });
  });

  it('stale locks of a killed prefetch: the next build takes them over at once', async () => {
    const m = machine(full);
    await seed(m);
    // What a prefetch killed with SIGKILL leaves: a fresh prefetcher lock and a lock per download, owned by a dead pid.
    const dead = spawn(process.execPath, ['-e', '0']);
    await new Promise((resolve) => dead.once('exit', resolve));
    const lockDir = path.join(m.cacheDir, 'locks');
    const ids = (await s3.listKeys(full, `${PREFIX}v1/`)).map((k) => k.slice(`${PREFIX}v1/`.length));
    for (const name of ['prefetcher', ...ids.map((id) => `get-${id}`)]) {
      fs.mkdirSync(path.join(lockDir, `${name}.lock`), { recursive: true });
      fs.writeFileSync(
        path.join(lockDir, `${name}.lock`, 'owner'),
        `${dead.pid} ${(await import('node:os')).hostname()}\n`,
      );
    }
    const run = await buildAndRun(m, 'stale-locks');
    await record({ scenario: `stale locks of a killed prefetch (${ids.length + 1} lock dirs)`, m, bucket: full, run });
    // Before the takeover, the first download waited for the dead locks to go stale (10 s).
    assert.ok(run.ms < 9_000, `the build finished before the dead locks could go stale (${run.ms.toFixed(0)} ms)`);
  });

  it('wrong credentials and a missing bucket: green on the local cache with one warning', async () => {
    const bucket = await newBucket();
    const wrong = machine(bucket, { GOBUILDCACHE_AWS_SECRET_ACCESS_KEY: 'not-the-secret-0123456789' });
    await seed(wrong);
    const run = await buildAndRun(wrong, 'wrong-creds');
    assert.equal(warnings(run.res).length, 1, run.res.stderr);
    assert.doesNotMatch(run.res.stderr, /not-the-secret-0123456789/);
    await record({ scenario: 'wrong credentials', m: wrong, bucket, run, drainEnv: null });
    const missing = machine('no-such-bucket-here');
    await seed(missing);
    const run2 = await buildAndRun(missing, 'missing-bucket');
    assert.equal(warnings(run2.res).length, 1, run2.res.stderr);
    await record({ scenario: 'missing bucket', m: missing, bucket, run: run2, drainEnv: null });
  });

  it('no write permission: one warning, uploads off, reads go on, drain drops the spool and exits 0', async () => {
    const bucket = await newBucket();
    const user = await s3.readOnlyUser(bucket);
    const creds = {
      GOBUILDCACHE_AWS_ACCESS_KEY_ID: user.accessKey,
      GOBUILDCACHE_AWS_SECRET_ACCESS_KEY: user.secretKey,
    };
    const m = machine(bucket, { ...creds, GOBUILDCACHE_UPLOAD_WAIT: '0s' });
    await seed(m);
    const run = await buildAndRun(m, 'read-only-key');
    const w = warnings(run.res);
    assert.equal(w.length, 1, run.res.stderr);
    assert.match(w[0] ?? '', /may read but not write/);
    const drained = await drain(m);
    assert.equal(drained.code, 0, drained.stderr);
    const spool = path.join(m.cacheDir, 'spool');
    assert.equal(
      fs.existsSync(spool) ? fs.readdirSync(spool).filter((n) => n.endsWith('.json')).length : 0,
      0,
      'spool emptied',
    );
    const dropped = /(\d+) dropped \(writes denied\)/.exec(drained.stderr)?.[1] ?? '0';
    await record({
      scenario: 'no write permission (versitygw user, bucket policy without PutObject)',
      m,
      bucket,
      run,
      drainEnv: null,
      note: `drain exit 0, dropped ${dropped} spooled`,
    });
    assert.deepEqual(await s3.listKeys(bucket), []);
  });

  it('10 concurrent go test ./... on one cache dir and one bucket', async () => {
    const bucket = await newBucket();
    const m = machine(bucket);
    await seed(m);
    const started = performance.now();
    const results = await Promise.all(
      Array.from({ length: 10 }, () => runGo(['test', './...'], { cwd: moduleDir, env: m.env, timeoutMs: 600_000 })),
    );
    const ms = performance.now() - started;
    const failed = results.filter((r) => r.code !== 0);
    const bin = await buildAndRun(m, 'concurrent');
    const res = failed[0] ?? bin.res;
    await record({
      scenario: '10 concurrent go test ./... (one cache dir, one bucket)',
      m,
      bucket,
      run: { res, ms, correct: failed.length === 0 && bin.correct },
      baselineMs: baselineTestMs,
      note: `vs one go test ./... without a cache; ${failed.length} of 10 failed`,
    });
  });

  it('50% injected remote errors (-error-rate 0.5), drained without them', async () => {
    const bucket = await newBucket();
    const m = machine(bucket, { GOBUILDCACHE_ERROR_RATE: '0.5' });
    await seed(m);
    const run = await buildAndRun(m, 'error-rate');
    await record({
      scenario: '50% injected remote errors',
      m,
      bucket,
      run,
      drainEnv: { GOBUILDCACHE_ERROR_RATE: '0' },
    });
  });

  it('an endpoint URL with credentials in it: never printed, even in debug mode', async () => {
    const bucket = await newBucket();
    const endpoint = `http://cache-user:hunter2-url-secret@127.0.0.1:${s3.port}`;
    const m = machine(bucket, { GOBUILDCACHE_DEBUG: 'true' }, endpoint);
    await seed(m);
    const run = await buildAndRun(m, 'url-creds');
    assert.doesNotMatch(run.res.stderr, /hunter2-url-secret/);
    const drained = await drain(m);
    assert.doesNotMatch(drained.stderr, /hunter2-url-secret/);
    await record({
      scenario: 'endpoint URL with user:password (debug on)',
      m,
      bucket,
      run,
      drainEnv: null,
      note: "password in no line of go's stderr or the drain's",
    });
  });

  it('full local disk (a small tmpfs): one clear error or a trim, never a crash', async (t) => {
    const bucket = await newBucket();
    const mount = tempDir('faults-tmpfs');
    const used = dirBytes((await warmStd()).cacheDir);
    const size = used + 64 * 1024;
    try {
      await execFileAsync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', mount], { timeout: 10_000 });
    } catch (err) {
      t.skip(`cannot mount a tmpfs here: ${(err as Error).message.split('\n')[0]}`);
      return;
    }
    try {
      const m = machine(bucket, {
        GOBUILDCACHE_CACHE_DIR: mount,
        GOBUILDCACHE_LOCK_DIR: path.join(mount, 'locks'),
        GOBUILDCACHE_SPOOL_DIR: tempDir('faults-spool'),
      });
      m.cacheDir = mount;
      await seed(m);
      const run = await buildAndRun(m, 'full-disk');
      const full = warnings(run.res).filter((l) => l.includes('cannot store new entries'));
      assert.ok(full.length <= 1, `one warning for a full disk, however many puts it refused:\n${full.join('\n')}`);
      await record({ scenario: `full local disk (tmpfs of ${(size / 1024 / 1024).toFixed(1)} MiB)`, m, bucket, run });
    } finally {
      await execFileAsync('umount', ['-l', mount], { timeout: 10_000 }).catch(() => {});
    }
  });

  // kill -9 (or the OOM killer) of a server: what it owed the remote is in its journal, which the
  // post step's drain reads; what it left half done (locks, temp files) must not poison or stall
  // the next go command. The go command whose server dies fails (go exits on a helper that stops
  // answering): the rows report it, then the next go command on the same machine.
  it('kill -9 of the per-process server mid-put: the next go command is green, drain recovers the journal, a fresh machine compiles 0', async () => {
    const bucket = await newBucket();
    const m = machine(bucket, {}, proxy.endpoint);
    await seed(m);
    const spool = path.join(m.cacheDir, 'spool');
    // Uploads slower than puts: each request waits 800 ms on the way in, so puts pile up in the journal.
    const { killedRun, kill } = await withToxics(
      [{ type: 'latency', stream: 'upstream', attributes: { latency: 800 } }],
      async () => {
        const building = buildAndRun(m, 'kill-put');
        const kill = await killWhen(
          () => owedAtLeast(spool, 3),
          () => serverPids(m.cacheDir),
        );
        return { killedRun: await building, kill };
      },
    );
    assert.ok(kill, 'the server was killed while uploads were owed');
    const run = await buildAndRun(m, 'kill-put-next');
    const drained = await drain(m);
    const recovered = Number(/recovered (\d+) upload\(s\)/.exec(drained.stderr)?.[1] ?? 0);
    assert.ok(recovered >= 1, `drain recovered the dead server's journal:\n${drained.stderr}`);
    const fresh = await freshMachineCompiles(bucket);
    await record({
      scenario: 'kill -9 of the per-process server mid-put (uploads 800 ms slower)',
      m,
      bucket,
      run,
      drained,
      before: `killed go ${describeKilled(killedRun)}`,
      note: `killed with ${kill.what}, ${(kill.ms / 1000).toFixed(1)} s in; drain: recovered ${recovered} upload(s) from its journal; a fresh machine then compiled ${fresh.compiles}`,
    });
    assert.equal(fresh.compiles, 0, 'a fresh machine compiles nothing');
    assert.ok(fresh.correct);
  });

  for (const kind of ['s3', 'gcs'] as const) {
    it(`kill -9 of the job server mid-put (${kind}): the next go command runs its own server (one warning), drain recovers the journal`, async () => {
      const { proxy: via } = await store(kind);
      const bucket = await newBucket(kind);
      const m = machine(bucket, {}, via.endpoint);
      await seed(m);
      const spool = path.join(m.cacheDir, 'spool');
      const server = await startTestJobServer({ env: m.env });
      const { killedRun, kill } = await withToxics(
        [{ type: 'latency', stream: 'upstream', attributes: { latency: 800 } }],
        async () => {
          // A label (the -o path) of its own per store: go skips the link, and its cache entries,
          // when the binary at -o is already up to date, as the other store's run would leave it.
          const building = buildAndRun(m, `job-kill-put-${kind}`, { cacheprog: server.command });
          const kill = await killWhen(
            () => owedAtLeast(spool, 3),
            () => [server.proc.child.pid ?? 0],
          );
          return { killedRun: await building, kill };
        },
        via,
      );
      assert.ok(kill, 'the job server was killed while uploads were owed');
      await server.proc.exited;
      const run = await buildAndRun(m, `job-kill-put-next-${kind}`, { cacheprog: server.command });
      assert.equal(warnings(run.res).length, 1, run.res.stderr);
      assert.match(warnings(run.res)[0] ?? '', /not reachable/);
      const finished = await server.finish(10_000);
      assert.equal(finished.code, 0, finished.stderr);
      const drained = await drain(m);
      const recovered = Number(/recovered (\d+) upload\(s\)/.exec(drained.stderr)?.[1] ?? 0);
      assert.ok(recovered >= 1, `drain recovered the dead server's journal:\n${drained.stderr}`);
      const fresh = await freshMachineCompiles(bucket);
      await record({
        scenario: `kill -9 of the job server mid-put (uploads 800 ms slower)${kind === 's3' ? '' : `, ${kind}`}`,
        m,
        bucket,
        run,
        drained,
        before: `killed go ${describeKilled(killedRun)}`,
        note: `killed with ${kill.what}, ${(kill.ms / 1000).toFixed(1)} s in; next go command: the bridge ran its own server; finish: server gone, exit 0; drain: recovered ${recovered} upload(s); a fresh machine then compiled ${fresh.compiles}`,
      });
      assert.equal(fresh.compiles, 0, 'a fresh machine compiles nothing');
    });
  }

  it('kill -9 of the per-process server mid-download: the next go command builds right, without waiting', async () => {
    const m = machine(full, { GOBUILDCACHE_DEBUG: 'true' }, proxy.endpoint);
    await seed(m);
    const { killedRun, kill } = await withToxics(
      [{ type: 'latency', stream: 'downstream', attributes: { latency: 1500 } }],
      async () => {
        let said = '';
        const building = buildAndRun(m, 'kill-get', { onStderr: (text) => (said += text) });
        const kill = await killWhen(
          () => (said.includes('debug: remote get ') ? 'a remote get in flight' : undefined),
          () => serverPids(m.cacheDir),
        );
        return { killedRun: await building, kill };
      },
    );
    assert.ok(kill, 'the server was killed while downloading');
    const run = await buildAndRun(m, 'kill-get-next');
    await record({
      scenario: 'kill -9 of the per-process server mid-download (1.5 s latency)',
      m,
      bucket: full,
      run,
      before: `killed go ${describeKilled(killedRun)}`,
      note: `killed with ${kill.what}, ${(kill.ms / 1000).toFixed(1)} s in; next go command on the healed link`,
    });
    assert.ok(run.ms < 9_000, `the next go command did not stall (${run.ms.toFixed(0)} ms)`);
  });

  it('kill -9 of the job server mid-download: the next go command builds right', async () => {
    const m = machine(full, { GOBUILDCACHE_DEBUG: 'true' }, proxy.endpoint);
    await seed(m);
    const server = await startTestJobServer({ env: m.env });
    const { killedRun, kill } = await withToxics(
      [{ type: 'latency', stream: 'downstream', attributes: { latency: 1500 } }],
      async () => {
        const building = buildAndRun(m, 'job-kill-get', { cacheprog: server.command });
        const kill = await killWhen(
          () =>
            fs.readFileSync(server.proc.logFile, 'utf8').includes('debug: remote get ')
              ? 'a remote get in flight'
              : undefined,
          () => [server.proc.child.pid ?? 0],
        );
        return { killedRun: await building, kill };
      },
    );
    assert.ok(kill, 'the job server was killed while downloading');
    await server.proc.exited;
    const run = await buildAndRun(m, 'job-kill-get-next', { cacheprog: server.command });
    assert.equal(warnings(run.res).length, 1, run.res.stderr);
    const finished = await server.finish(10_000);
    assert.equal(finished.code, 0, finished.stderr);
    await record({
      scenario: 'kill -9 of the job server mid-download (1.5 s latency)',
      m,
      bucket: full,
      run,
      before: `killed go ${describeKilled(killedRun)}`,
      note: `killed with ${kill.what}, ${(kill.ms / 1000).toFixed(1)} s in; next go command: the bridge ran its own server (healed link)`,
    });
    assert.ok(run.ms < 9_000, `the next go command did not stall (${run.ms.toFixed(0)} ms)`);
  });

  it('kill -9 of drain mid-upload: drain again uploads everything and exits 0', async () => {
    const bucket = await newBucket();
    const m = machine(bucket, {}, proxy.endpoint);
    await seed(m);
    // A spool to drain: the remote was down for the whole build.
    await proxy.disable();
    let run;
    try {
      run = await buildAndRun(m, 'kill-drain');
    } finally {
      await proxy.enable();
    }
    const spooled = fs.readdirSync(path.join(m.cacheDir, 'spool')).filter((n) => n.endsWith('.json')).length;
    assert.ok(spooled >= 8, `the build spooled its uploads (${spooled})`);
    const prefix = `${PREFIX}v1/`;
    const kill = await withToxics([{ type: 'latency', stream: 'upstream', attributes: { latency: 500 } }], async () => {
      const child = spawn(process.execPath, [ENTRYPOINT, 'drain'], {
        env: { ...process.env, ...m.env, GOBUILDCACHE_UPLOAD_CONCURRENCY: '2' },
        stdio: 'ignore',
      });
      const exited = new Promise((resolve) => child.once('exit', resolve));
      const kill = await killWhen(
        async () => {
          const n = (await s3.listKeys(bucket, prefix)).length;
          return n > 0 ? `${n} of ${spooled} uploaded` : undefined;
        },
        () => [child.pid ?? 0],
      );
      await exited;
      return kill;
    });
    assert.ok(kill, 'drain was killed mid-upload');
    const inBucket = (await s3.listKeys(bucket, prefix)).length;
    assert.ok(inBucket < spooled, `drain was killed before it finished (${inBucket} of ${spooled})`);
    const drained = await drain(m);
    assert.equal(drained.code, 0, drained.stderr);
    const fresh = await freshMachineCompiles(bucket);
    await record({
      scenario: 'kill -9 of drain mid-upload (uploads 500 ms slower)',
      m,
      bucket,
      run,
      drained,
      note: `${spooled} spooled with the remote down; drain killed with ${inBucket} of ${spooled} uploaded; drain again: exit 0; a fresh machine then compiled ${fresh.compiles}`,
    });
    assert.equal(fresh.compiles, 0, 'a fresh machine compiles nothing');
  });

  it('kill -9 of the job server while the post step waits for its uploads: drain recovers the journal', async () => {
    const bucket = await newBucket();
    // One upload at a time, each 800 ms slower: still owed when the post step asks, however loaded the machine.
    const m = machine(bucket, { GOBUILDCACHE_DEBUG: 'true', GOBUILDCACHE_UPLOAD_CONCURRENCY: '1' }, proxy.endpoint);
    await seed(m);
    const spool = path.join(m.cacheDir, 'spool');
    const server = await startTestJobServer({ env: m.env });
    const { run, kill } = await withToxics(
      [{ type: 'latency', stream: 'upstream', attributes: { latency: 800 } }],
      async () => {
        // close is answered once puts are on local disk: go is done while uploads go on.
        const run = await buildAndRun(m, 'job-kill-finish', { cacheprog: server.command });
        const finishing = server.finish(60_000);
        // In finish, waiting for its uploads (it says so in debug mode).
        const kill = await killWhen(
          () =>
            /waiting up to \d+ ms for \d+ upload/.test(fs.readFileSync(server.proc.logFile, 'utf8'))
              ? owedAtLeast(spool, 1)
              : undefined,
          () => [server.proc.child.pid ?? 0],
        );
        const finished = await finishing;
        // A server gone mid-finish is not the post step's failure: its journal is in the spool.
        assert.match(finished.stderr, /did not finish/);
        return { run, kill };
      },
    );
    assert.ok(kill, 'the job server was killed during finish');
    const drained = await drain(m);
    const recovered = Number(/recovered (\d+) upload\(s\)/.exec(drained.stderr)?.[1] ?? 0);
    assert.ok(recovered >= 1, `drain recovered the dead server's journal:\n${drained.stderr}`);
    const fresh = await freshMachineCompiles(bucket);
    await record({
      scenario: "kill -9 of the job server during the post step's finish (uploads 800 ms slower)",
      m,
      bucket,
      run,
      drained,
      note: `killed with ${kill.what}; drain: recovered ${recovered} upload(s); a fresh machine then compiled ${fresh.compiles}`,
    });
    assert.equal(fresh.compiles, 0, 'a fresh machine compiles nothing');
  });

  // A remote slower than compiling: every answer comes 2 s late. go waits at most a second for a
  // lookup, and after a few slow ones lookups skip the remote, with one warning. That costs its
  // first slow lookups, a fixed few seconds per go command (per job with the job server), so the
  // row builds a module whose packages cost what real ones cost to compile (40 packages, about a
  // fifth of a second each), not the 4-package module that builds in half a second.
  it('2 s latency: lookups are bypassed with one warning, populating and reading, per process and with the job server', async () => {
    const mod = latencyModule();
    const latency: Toxic[] = [{ type: 'latency', stream: 'downstream', attributes: { latency: 2000 } }];
    const size = (base: number): string =>
      `${mod.packages}-package module, ${(base / 1000).toFixed(1)} s without a cache just before`;
    const checks: (() => void)[] = [];
    /** One warning, the bypass's, however many lookups (and an upper bound on wall time, checked after every row is recorded). */
    const expectBypass = (label: string, run: { ms: number }, said: string, base: number): void => {
      const w = said.split('\n').filter((l) => l.includes('gobuildcache: warning'));
      checks.push(() => {
        assert.equal(w.length, 1, `${label}: one warning:\n${said}`);
        assert.match(w[0] ?? '', /lookups skip the remote/);
        assert.ok(
          run.ms <= LATENCY_BOUND * base,
          `${label}: ${(run.ms / 1000).toFixed(1)} s vs ${(base / 1000).toFixed(1)} s without a cache`,
        );
      });
    };
    // Per process: each go command its own server, so each pays the bypass's first slow lookups.
    const perProcess = await newBucket();
    const p = machine(perProcess, {}, proxy.endpoint);
    await seed(p);
    let base = await noCacheBuildMs(mod);
    const populate = await withToxics(latency, () => buildAndRun(p, 'lat-populate', { mod }));
    expectBypass('populating, per process', populate, populate.res.stderr, base);
    await record({
      scenario: '2 s latency, populating (per-process server)',
      m: p,
      bucket: perProcess,
      run: populate,
      baselineMs: base,
      note: `${size(base)}; drained on a healed link`,
    });
    const r = machine(perProcess, {}, proxy.endpoint);
    await seed(r);
    base = await noCacheBuildMs(mod);
    const read = await withToxics(latency, () => buildAndRun(r, 'lat-read', { mod }));
    expectBypass('reading, per process', read, read.res.stderr, base);
    await record({
      scenario: '2 s latency, reading a full bucket (per-process server)',
      m: r,
      bucket: perProcess,
      run: read,
      baselineMs: base,
      note: size(base),
    });
    // The job server (what the action runs): it lists the bucket at start, so a populating build
    // asks the remote nothing; reading a full bucket meets the latency on every hit.
    const jobBucket = await newBucket();
    const jp = machine(jobBucket, {}, proxy.endpoint);
    await seed(jp);
    base = await noCacheBuildMs(mod);
    const js1 = await startTestJobServer({ env: jp.env });
    const jpopulate = await withToxics(latency, () =>
      buildAndRun(jp, 'lat-job-populate', { mod, cacheprog: js1.command }),
    );
    assert.equal((await js1.finish(60_000)).code, 0);
    const said1 = fs.readFileSync(js1.proc.logFile, 'utf8');
    const w1 = said1.split('\n').filter((l) => l.includes('gobuildcache: warning')).length;
    const base1 = base;
    checks.push(() => {
      assert.ok(w1 <= 1, `populating, job server: at most one warning:\n${said1}`);
      assert.ok(jpopulate.ms <= LATENCY_BOUND * base1, `populating, job server: ${(jpopulate.ms / 1000).toFixed(1)} s`);
    });
    await record({
      scenario: '2 s latency, populating (job server)',
      m: jp,
      bucket: jobBucket,
      run: jpopulate,
      baselineMs: base,
      note: `${size(base)}; ${w1} warning(s) from the server (lookups asked before its listing arrived); finished and drained on a healed link`,
    });
    const jr = machine(jobBucket, {}, proxy.endpoint);
    await seed(jr);
    base = await noCacheBuildMs(mod);
    const js2 = await startTestJobServer({ env: jr.env });
    const jread = await withToxics(latency, () => buildAndRun(jr, 'lat-job-read', { mod, cacheprog: js2.command }));
    assert.equal((await js2.finish(60_000)).code, 0);
    const said2 = fs.readFileSync(js2.proc.logFile, 'utf8');
    expectBypass('reading, job server', jread, said2, base);
    const first =
      said2
        .split('\n')
        .find((l) => l.includes('gobuildcache: warning'))
        ?.replace(/^.*warning: /, '') ?? '';
    await record({
      scenario: '2 s latency, reading a full bucket (job server)',
      m: jr,
      bucket: jobBucket,
      run: jread,
      baselineMs: base,
      note: `${size(base)}; server: "${first.length > 90 ? `${first.slice(0, 90)}…` : first}"`,
    });
    for (const check of checks) check();
  });

  it('corrupt, truncated, swapped and empty objects in the bucket: rejected, rebuilt, right output', async () => {
    // Last: it damages the bucket the reading rows used.
    const keys = (await s3.listKeys(full, `${PREFIX}v1/`)).sort();
    assert.ok(keys.length >= 8);
    const files = keys.map((k) => s3.objectPath(full, k));
    const original = files.map((f) => fs.readFileSync(f));
    files.forEach((file, i) => {
      const data = original[i] as Buffer;
      switch (i % 4) {
        case 0: {
          const copy = Buffer.from(data);
          copy[copy.length - 1] = (copy[copy.length - 1] ?? 0) ^ 0xff;
          fs.writeFileSync(file, copy);
          break;
        }
        case 1:
          fs.writeFileSync(file, data.subarray(0, Math.floor(data.length / 2)));
          break;
        case 2:
          fs.writeFileSync(file, original[(i + 1) % original.length]);
          break;
        default:
          fs.writeFileSync(file, Buffer.alloc(0));
      }
    });
    const m = machine(full);
    await seed(m);
    const run = await buildAndRun(m, 'tampered');
    const c = aggregateStatsDir(m.statsDir).counters;
    assert.ok(c.verifyRejects > 0, 'the damaged objects were rejected');
    await record({
      scenario: `corrupt, truncated, swapped, empty objects (${keys.length} objects, a quarter each)`,
      m,
      bucket: full,
      run,
    });
  });
});

function dirBytes(dir: string): number {
  let total = 0;
  for (const e of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (e.isFile()) total += Math.ceil(fs.statSync(path.join(e.parentPath, e.name)).size / 4096) * 4096;
  }
  return total;
}

/** A killed go command, for the result column. */
function describeKilled(run: { res: GoResult }): string {
  if (run.res.code === 0) return 'exit 0';
  const why = run.res.stderr
    .split('\n')
    .find((l) => /GOCACHEPROG|cacheprog/i.test(l))
    ?.replace(/^go: /, '')
    .replace(/\|/g, '/');
  return `exit ${run.res.code}${why ? ` ("${why.length > 60 ? `${why.slice(0, 60)}…` : why}")` : ''}`;
}

/** Our servers (node running the bundle) for this cache dir: the per-process ones go started, or a job server. */
function serverPids(cacheDir: string): number[] {
  const pids: number[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const argv = fs.readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0');
      if (!argv.includes(ENTRYPOINT) || argv.includes('drain')) continue;
      if (fs.readFileSync(`/proc/${name}/environ`, 'utf8').split('\0').includes(`GOBUILDCACHE_CACHE_DIR=${cacheDir}`))
        pids.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/** Uploads the journals in the spool dir still owe, when at least `n`. */
function owedAtLeast(spool: string, n: number): string | undefined {
  let owed = 0;
  try {
    for (const name of fs.readdirSync(spool))
      if (name.startsWith('journal-')) owed += readJournal(path.join(spool, name)).length;
  } catch {
    return undefined;
  }
  return owed >= n ? `${owed} upload(s) owed in its journal` : undefined;
}

/**
 * Polls (every 20 ms, at most `timeoutMs`) until `ready` describes the moment, then kills what
 * `pids` names with SIGKILL. Undefined when the moment never came.
 */
async function killWhen(
  ready: () => string | undefined | Promise<string | undefined>,
  pids: () => number[],
  timeoutMs = 60_000,
): Promise<{ what: string; ms: number } | undefined> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    const what = await ready();
    const targets = what ? pids().filter((p) => p > 0) : [];
    if (what && targets.length > 0) {
      for (const pid of targets) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      return { what, ms: performance.now() - started };
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return undefined;
}

/** A fresh machine building from the bucket: how many packages it compiled (0: everything was uploaded). */
async function freshMachineCompiles(bucket: string): Promise<{ compiles: number; correct: boolean }> {
  const f = machine(bucket);
  await seed(f);
  const run = await buildAndRun(f, `fresh-${bucket}`, { trace: true });
  assert.equal(run.res.code, 0, run.res.stderr.split('\n').slice(-20).join('\n'));
  return { compiles: run.res.compiles, correct: run.correct };
}

let latencyMod: (Mod & { packages: number }) | undefined;
/** The issue's bound is 1.5× no cache; the test allows more for a loaded machine, and the table shows the figures. */
const LATENCY_BOUND = Number(process.env.FAULTS_LATENCY_BOUND ?? 3);

/** A bigger module for the latency rows; what it prints comes from its first build without a cache. */
function latencyModule(): Mod & { packages: number } {
  if (!latencyMod) {
    const packages = 40;
    const dir = tempDir('faults-latency-module');
    generateModule(dir, { packages, name: NAME, filler: 100 });
    latencyMod = { dir, packages, expected: '' };
  }
  return latencyMod;
}

/**
 * The module built with go's own cache holding std only. The latency rows time one right before
 * each of theirs: on a shared machine the load moves more between minutes than a row differs.
 */
async function noCacheBuildMs(mod: Mod): Promise<number> {
  const gocache = tempDir('faults-latency-nocache');
  copyGocache((await warmStd()).gocache, gocache);
  const bin = path.join(binDir, 'latency-reference');
  const started = performance.now();
  const ref = await runGo(['build', '-o', bin, `./cmd/${NAME}`], {
    cwd: mod.dir,
    cacheprog: null,
    gocache,
    timeoutMs: 300_000,
  });
  const ms = performance.now() - started;
  assert.equal(ref.code, 0, ref.stderr);
  mod.expected ||= (await execFileAsync(bin, [])).stdout;
  return ms;
}
