// The S3 backend end to end: the real go command, our bundled entrypoint, a real versitygw
// server on 127.0.0.1, and network faults from Toxiproxy in front of it. Scenarios about what
// the server does run in both server modes (per go command, and one job server behind the
// bridge); each says why where one mode is enough.
//
// No scenario here is about compiling the standard library, which takes longer than all the
// rest on a 2-core machine. So std is already there (helpers/warm-std.ts): in the bucket, where a
// test's claim is that a machine with an empty local dir compiles nothing, or in the machine's
// local dir, where only the module's own entries matter to the claim.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { generateModule } from '../helpers/go-module.js';
import { ENTRYPOINT, cacheprogCommand, runGo, tempDir } from '../helpers/go.js';
import { modeJob, SERVER_MODES, type ModeJob, type ServerMode } from '../helpers/job-server.js';
import { fromS3, startBucketServer, type BucketServer } from '../helpers/bucket-server.js';
import { startS3Server, type S3Server } from '../helpers/s3-server.js';
import { startToxiproxy, type Proxy, type Toxiproxy } from '../helpers/toxiproxy.js';
import { seedBucket, seedStd } from '../helpers/warm-std.js';
import { aggregateStatsDir, type Counters } from '../../src/cacheprog/stats.js';
import { newMachine, type Machine } from '../helpers/machine.js';

const run = promisify(execFile);
const PREFIX = 'gobuildcache/v1/';
let s3: S3Server;
let gcs: BucketServer;
let toxi: Toxiproxy;
let bucketSeq = 0;

before(async () => {
  [s3, gcs, toxi] = await Promise.all([startS3Server(), startBucketServer('gcs'), startToxiproxy()]);
});
after(async () => {
  await toxi?.stop();
  await Promise.all([s3?.stop(), gcs?.stop()]);
});

/** A fresh machine: machine(bucket, extra env, endpoint); std: 'local' puts std in its local dir. */
async function machine(
  bucket: string,
  extra: Record<string, string> = {},
  endpoint?: string,
  std?: 'local',
  server: Pick<BucketServer, 'env'> = s3,
): Promise<Machine> {
  const m = newMachine(server, bucket, { endpoint, env: extra });
  if (std === 'local') await seedStd(m.cacheDir);
  return m;
}

/** The job's counters, added up by the same code the post step uses. */
function stats(m: Machine): Counters {
  return aggregateStatsDir(m.statsDir).counters;
}

/** A new bucket; std: 'bucket' fills it with the std entries first, as an earlier job would have. */
async function newBucket(
  std?: 'bucket',
  server: Pick<BucketServer, 'env' | 'createBucket'> = s3,
): Promise<{ bucket: string; stdIds: Set<string> }> {
  const bucket = `gbc-e2e-${++bucketSeq}`;
  await server.createBucket(bucket);
  return { bucket, stdIds: new Set(std === 'bucket' ? await seedBucket(server.env(bucket)) : []) };
}

const T = { timeoutMs: 240_000 };

/**
 * A bucket a first job filled with a module's build and test entries. std: 'bucket' when later
 * machines start on an empty local dir; otherwise std stays in the first machine's local dir
 * and the bucket holds the module's entries only.
 */
async function populated(
  mode: ServerMode,
  packages: number,
  std: 'bucket' | 'local',
  server: Pick<BucketServer, 'env' | 'createBucket'> = s3,
) {
  const { bucket, stdIds } = await newBucket(std === 'bucket' ? 'bucket' : undefined, server);
  const dir = tempDir('module');
  generateModule(dir, { packages, withTests: true });
  const first = await machine(bucket, {}, undefined, std === 'local' ? 'local' : undefined, server);
  const job = modeJob(mode, first.env);
  const build = await job.go(['build', './...'], { cwd: dir, ...T });
  assert.equal(build.code, 0, build.stderr);
  const test = await job.go(['test', './...'], { cwd: dir, ...T });
  assert.equal(test.code, 0, test.stderr);
  await job.finish();
  return { bucket, dir, first, stdIds };
}

const warningLines = (text: string): string[] => text.split('\n').filter((l) => /gobuildcache: warning/.test(l));

/** The claim of a shared cache: a second machine with an empty cache dir compiles nothing and every test is cached. */
async function secondMachineCompilesNothing(server: BucketServer, mode: ServerMode): Promise<void> {
  const { bucket, dir, first } = await populated(mode, 12, 'bucket', server);
  assert.ok(stats(first).uploads > 0, 'the first machine uploaded');
  assert.equal(stats(first).spooled, 0, 'with the default upload wait nothing is left for the spool');

  const secondMachine = await machine(bucket, {}, undefined, undefined, server);
  const second = modeJob(mode, secondMachine.env);
  const build = await second.go(['build', '-x', './...'], { cwd: dir, ...T });
  assert.equal(build.code, 0, build.stderr);
  assert.equal(build.compiles, 0, 'every package, std and the module, came from the remote');
  const test = await second.go(['test', './...'], { cwd: dir, ...T });
  assert.equal(test.code, 0, test.stderr);
  const okLines = test.stdout.split('\n').filter((l) => l.startsWith('ok'));
  assert.ok(okLines.length > 0);
  assert.ok(
    okLines.every((l) => l.includes('(cached)')),
    test.stdout,
  );
  await second.finish();
  const c = stats(secondMachine);
  assert.ok(c.remoteHits > 0 && c.bytesDownloaded > 0);
  assert.equal(c.verifyRejects, 0);
}

/** Objects changed in the bucket (truncated, a flipped byte) are rejected, counted and rebuilt. */
async function tamperedObjectsRejected(server: BucketServer, mode: ServerMode): Promise<void> {
  const { bucket, dir, stdIds } = await populated(mode, 6, 'bucket', server);
  // The module's objects: std's stay intact, so the victim rebuilds only what was tampered with.
  const keys = (await server.listKeys(bucket, PREFIX)).filter((k) => !stdIds.has(k.slice(PREFIX.length)));
  assert.ok(keys.length > 0);
  for (const [i, key] of keys.entries()) {
    const data = await server.getObject(bucket, key);
    assert.ok(data, key);
    if (i % 3 === 0) await server.putObject(bucket, key, data.subarray(0, Math.floor(data.length / 2)));
    else {
      data[data.length - 1] = (data[data.length - 1] ?? 0) ^ 0xff;
      await server.putObject(bucket, key, data);
    }
  }
  const victim = await machine(bucket, {}, undefined, undefined, server);
  const job = modeJob(mode, victim.env);
  const build = await job.go(['build', '-x', './...'], { cwd: dir, ...T });
  assert.equal(build.code, 0, build.stderr);
  assert.ok(build.compiles > 0, 'rejected objects are rebuilt, not served');
  const test = await job.go(['test', '-count=1', './...'], { cwd: dir, ...T });
  assert.equal(test.code, 0, `tests of what was built pass:\n${test.stdout}${test.stderr}`);
  await job.finish();
  const c = stats(victim);
  assert.ok(c.verifyRejects > 0, `verification rejects counted (got ${c.verifyRejects})`);
  assert.match(build.stderr + job.serverLog(), /rejected the remote object/);
}

for (const mode of SERVER_MODES) {
  describe(`S3 remote cache with the real go command (${mode})`, () => {
    it('a build on an empty cache dir against a bucket another build filled compiles nothing, tests are (cached)', () =>
      secondMachineCompilesNothing(fromS3(s3), mode));

    it('tampered objects are rejected, counted, and rebuilt: the build stays correct', () =>
      tamperedObjectsRejected(fromS3(s3), mode));

    describe('faults', () => {
      let proxy: Proxy;
      before(async () => {
        proxy = await toxi.createProxy(`s3-${mode.replace(/\W/g, '-')}`, s3.port);
      });

      if (mode === 'per-process') {
        // Per process only: a go command's close hands unfinished uploads to the spool. The job
        // server keeps uploading across go commands and spools only at finish; e2e/job-server
        // and the fault matrix's kill rows cover its journal and drain.
        it('uploads left at close wait in the spool, and drain uploads them all', async () => {
          const { bucket } = await newBucket('bucket');
          const dir = tempDir('module');
          generateModule(dir, { packages: 6 });
          // Slow uploads make sure some are still in flight when go closes the cache.
          await proxy.addToxic({ type: 'latency', stream: 'upstream', attributes: { latency: 300 } });
          const first = await machine(bucket, { GOBUILDCACHE_UPLOAD_WAIT: '0s' }, proxy.endpoint, 'local');
          try {
            assert.equal((await runGo(['build', './...'], { cwd: dir, env: first.env, ...T })).code, 0);
          } finally {
            await proxy.removeToxics();
          }
          const spoolDir = path.join(first.cacheDir, 'spool');
          const spooled = fs.readdirSync(spoolDir).filter((n) => n.endsWith('.json')).length;
          assert.ok(spooled > 0, 'upload-wait 0s hands unfinished uploads to the spool');
          assert.equal(stats(first).spooled, spooled);

          const drained = await run(process.execPath, [ENTRYPOINT, 'drain'], { env: { ...process.env, ...first.env } });
          assert.match(drained.stderr, new RegExp(`drain: ${spooled} uploaded, 0 failed, 0 left in`));
          assert.equal(fs.readdirSync(spoolDir).filter((n) => n.endsWith('.json')).length, 0);

          // An empty machine: std from the seeded bucket, the module from what the drain uploaded.
          const second = await machine(bucket);
          const build = await runGo(['build', '-x', './...'], { cwd: dir, env: second.env, ...T });
          assert.equal(build.compiles, 0, 'what the drain uploaded serves another machine');
        });
      }

      it('remote down at start: the build is green on the local cache, with one warning', async () => {
        const { bucket } = await newBucket();
        const dir = tempDir('module');
        generateModule(dir, { packages: 4 });
        await proxy.disable();
        try {
          const m = await machine(bucket, { GOBUILDCACHE_REMOTE_TIMEOUT: '2s' }, proxy.endpoint, 'local');
          const job = modeJob(mode, m.env);
          const started = Date.now();
          const build = await job.go(['build', './...'], { cwd: dir, ...T });
          assert.equal(build.code, 0, build.stderr);
          const warnings = warningLines(build.stderr + job.serverLog());
          assert.equal(warnings.length, 1, `exactly one warning:\n${build.stderr}${job.serverLog()}`);
          assert.match(warnings[0] ?? '', /disabled/);
          assert.ok(Date.now() - started < 60_000, 'no long stalls');
          const again = await job.go(['build', '-x', './...'], { cwd: dir, ...T });
          assert.equal(again.compiles, 0, 'local caching still works');
          await job.finish({ spoolOk: true });
          assert.equal(
            fs.readdirSync(path.join(m.cacheDir, 'spool')).length > 0,
            true,
            'the uploads wait in the spool',
          );
        } finally {
          await proxy.enable();
        }
      });

      it('a hung connection does not hang the build', async () => {
        const { bucket, dir } = await populated(mode, 4, 'local');
        await proxy.addToxic({ type: 'timeout', stream: 'downstream', attributes: { timeout: 0 } });
        try {
          const m = await machine(
            bucket,
            { GOBUILDCACHE_REMOTE_TIMEOUT: '1s', GOBUILDCACHE_UPLOAD_WAIT: '1s', GOBUILDCACHE_DRAIN_TIMEOUT: '2s' },
            proxy.endpoint,
            'local',
          );
          const job = modeJob(mode, m.env);
          const build = await job.go(['build', './...'], { cwd: dir, timeoutMs: 120_000 });
          assert.equal(build.code, 0, build.stderr);
          await job.finish({ spoolOk: true });
          assert.ok(stats(m).remoteErrors > 0 || stats(m).remoteDisabled > 0);
        } finally {
          await proxy.removeToxics();
        }
      });

      it('connection resets degrade to local building, never a red build', async () => {
        const { bucket, dir } = await populated(mode, 4, 'local');
        await proxy.addToxic({ type: 'reset_peer', stream: 'downstream', attributes: { timeout: 0 } });
        try {
          const m = await machine(bucket, { GOBUILDCACHE_REMOTE_TIMEOUT: '2s' }, proxy.endpoint, 'local');
          const job = modeJob(mode, m.env);
          const build = await job.go(['build', './...'], { cwd: dir, ...T });
          assert.equal(build.code, 0, build.stderr);
          const test = await job.go(['test', './...'], { cwd: dir, ...T });
          assert.equal(test.code, 0, test.stderr);
          await job.finish({ spoolOk: true });
        } finally {
          await proxy.removeToxics();
        }
      });

      it('latency slows the remote but the results are the same', async () => {
        const { bucket, dir } = await populated(mode, 4, 'local');
        await proxy.addToxic({ type: 'latency', stream: 'downstream', attributes: { latency: 25, jitter: 5 } });
        try {
          const m = await machine(bucket, {}, proxy.endpoint, 'local');
          const job = modeJob(mode, m.env);
          const build = await job.go(['build', '-x', './...'], { cwd: dir, ...T });
          assert.equal(build.code, 0, build.stderr);
          assert.equal(build.compiles, 0, 'the module came from the remote');
          await job.finish();
          assert.ok(stats(m).remoteHits > 0);
        } finally {
          await proxy.removeToxics();
        }
      });
    });

    it('read-only never writes to the bucket but caches locally', async () => {
      const { bucket } = await newBucket();
      const dir = tempDir('module');
      generateModule(dir, { packages: 4 });
      const m = await machine(bucket, { GOBUILDCACHE_READ_ONLY: 'true' }, undefined, 'local');
      const job: ModeJob = modeJob(mode, m.env);
      assert.equal((await job.go(['build', './...'], { cwd: dir, ...T })).code, 0);
      assert.equal((await job.go(['build', '-x', './...'], { cwd: dir, ...T })).compiles, 0);
      await job.finish();
      assert.deepEqual(await s3.listKeys(bucket), []);
    });
  });
}

// CLI subcommands and the per-process command line: what they do does not depend on a job
// server (clear-remote talks to the bucket only; GOCACHEPROG flags are the per-process shape).
describe('S3 remote cache: command line', () => {
  it('clear-remote refuses an empty prefix without -yes, and clears only its prefix', async () => {
    const { bucket } = await populated('per-process', 3, 'local');
    const env = { ...process.env, ...s3.env(bucket) };
    await assert.rejects(
      run(process.execPath, [ENTRYPOINT, 'clear-remote', '-s3-prefix', ''], { env }),
      (err: { stderr: string; code: number }) => /refusing to delete every object/.test(err.stderr) && err.code === 2,
    );
    assert.ok((await s3.listKeys(bucket)).length > 0, 'nothing was deleted');
    const cleared = await run(process.execPath, [ENTRYPOINT, 'clear-remote'], { env });
    assert.match(cleared.stderr, /deleted \d+ object/);
    assert.deepEqual(await s3.listKeys(bucket, 'gobuildcache/'), []);
  });

  it('the GOCACHEPROG command line accepts the reference flags for S3', async () => {
    const { bucket } = await newBucket();
    const dir = tempDir('module');
    generateModule(dir, { packages: 3 });
    const cacheDir = await seedStd(tempDir('flags-cache'));
    const creds = s3.env(bucket);
    const env: Record<string, string> = {};
    for (const key of [
      'GOBUILDCACHE_AWS_ACCESS_KEY_ID',
      'GOBUILDCACHE_AWS_SECRET_ACCESS_KEY',
      'GOBUILDCACHE_AWS_ENDPOINT_URL_S3',
      'GOBUILDCACHE_AWS_REGION',
      'GOBUILDCACHE_AWS_S3_USE_PATH_STYLE',
    ]) {
      if (creds[key] !== undefined) env[key] = creds[key];
    }
    const prog = cacheprogCommand([
      '-backend',
      's3',
      '-s3-bucket',
      bucket,
      '-s3-prefix',
      'flags',
      '-cache-dir',
      cacheDir,
      '-lock-type=memory',
    ]);
    const build = await runGo(['build', './...'], { cwd: dir, env, cacheprog: prog });
    assert.equal(build.code, 0, build.stderr);
    assert.ok((await s3.listKeys(bucket, 'flags/v1/')).length > 0, 'objects land under <prefix>/v1/');
  });
});

// The same claims on GCS, through the same steps; the S3-only cases above (faults through
// Toxiproxy, clear-remote, flags) exercise code the two stores share.
for (const mode of SERVER_MODES) {
  describe(`GCS remote cache with the real go command (${mode})`, () => {
    it('a build on an empty cache dir against a bucket another build filled compiles nothing, tests are (cached)', () =>
      secondMachineCompilesNothing(gcs, mode));

    it('tampered objects are rejected, counted, and rebuilt: the build stays correct', () =>
      tamperedObjectsRejected(gcs, mode));
  });
}
