// The S3 backend end to end: the real go command, our bundled entrypoint, a real versitygw
// server on 127.0.0.1, and network faults from Toxiproxy in front of it.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { generateModule } from '../helpers/go-module.js';
import { ENTRYPOINT, cacheprogCommand, runGo, tempDir } from '../helpers/go.js';
import { startS3Server, type S3Server } from '../helpers/s3-server.js';
import { startToxiproxy, type Proxy, type Toxiproxy } from '../helpers/toxiproxy.js';
import { aggregateStatsDir, type Counters } from '../../src/cacheprog/stats.js';
import { newMachine, type Machine } from '../helpers/machine.js';

const run = promisify(execFile);
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

/** Local wrapper keeps the call sites short: machine(bucket, extra env, endpoint). */
function machine(bucket: string, extra: Record<string, string> = {}, endpoint?: string): Machine {
  return newMachine(s3, bucket, { endpoint, env: extra });
}

/** The job's counters, added up by the same code the post step uses. */
function stats(m: Machine): Counters {
  return aggregateStatsDir(m.statsDir).counters;
}

async function newBucket(): Promise<string> {
  const name = `gbc-e2e-${++bucketSeq}`;
  await s3.createBucket(name);
  return name;
}

function goIn(dir: string, m: Machine, args: string[]) {
  return runGo(args, { cwd: dir, env: m.env, timeoutMs: 240_000 });
}

async function populated(packages = 12): Promise<{ bucket: string; dir: string; first: Machine }> {
  const bucket = await newBucket();
  const dir = tempDir('module');
  generateModule(dir, { packages, withTests: true });
  const first = machine(bucket);
  const build = await goIn(dir, first, ['build', './...']);
  assert.equal(build.code, 0, build.stderr);
  const test = await goIn(dir, first, ['test', './...']);
  assert.equal(test.code, 0, test.stderr);
  return { bucket, dir, first };
}

describe('S3 remote cache with the real go command', () => {
  it('a build on an empty cache dir against a bucket another build filled compiles nothing, tests are (cached)', async () => {
    const { bucket, dir, first } = await populated();
    assert.ok(stats(first).uploads > 0, 'the first machine uploaded');
    assert.equal(stats(first).spooled, 0, 'with the default upload wait nothing is left for the spool');

    const second = machine(bucket);
    const build = await goIn(dir, second, ['build', '-x', './...']);
    assert.equal(build.code, 0, build.stderr);
    assert.equal(build.compiles, 0, 'every package came from the remote');
    const test = await goIn(dir, second, ['test', './...']);
    assert.equal(test.code, 0, test.stderr);
    const okLines = test.stdout.split('\n').filter((l) => l.startsWith('ok'));
    assert.ok(okLines.length > 0);
    assert.ok(okLines.every((l) => l.includes('(cached)')), test.stdout);
    const c = stats(second);
    assert.ok(c.remoteHits > 0 && c.bytesDownloaded > 0);
    assert.equal(c.verifyRejects, 0);
  });

  it('tampered objects are rejected, counted, and rebuilt: the build stays correct', async () => {
    const { bucket, dir } = await populated(6);
    const keys = await s3.listKeys(bucket);
    assert.ok(keys.length > 0);
    keys.forEach((key, i) => {
      const file = s3.objectPath(bucket, key);
      const data = fs.readFileSync(file);
      if (i % 3 === 0) fs.writeFileSync(file, data.subarray(0, Math.floor(data.length / 2)));
      else {
        data[data.length - 1] = (data[data.length - 1] ?? 0) ^ 0xff;
        fs.writeFileSync(file, data);
      }
    });
    const victim = machine(bucket);
    const build = await goIn(dir, victim, ['build', '-x', './...']);
    assert.equal(build.code, 0, build.stderr);
    assert.ok(build.compiles > 0, 'rejected objects are rebuilt, not served');
    const test = await goIn(dir, victim, ['test', '-count=1', './...']);
    assert.equal(test.code, 0, `tests of what was built pass:\n${test.stdout}${test.stderr}`);
    const c = stats(victim);
    assert.ok(c.verifyRejects > 0, `verification rejects counted (got ${c.verifyRejects})`);
    assert.match(build.stderr, /rejected the remote object/);
  });

  describe('faults', () => {
    let proxy: Proxy;
    let proxySeq = 0;
    before(async () => {
      proxy = await toxi.createProxy(`s3-${++proxySeq}`, s3.port);
    });

    it('uploads left at close wait in the spool, and drain uploads them all', async () => {
      const bucket = await newBucket();
      const dir = tempDir('module');
      generateModule(dir, { packages: 6 });
      // Slow uploads make sure some are still in flight when go closes the cache.
      await proxy.addToxic({ type: 'latency', stream: 'upstream', attributes: { latency: 300 } });
      const first = machine(bucket, { GOBUILDCACHE_UPLOAD_WAIT: '0s' }, proxy.endpoint);
      try {
        assert.equal((await goIn(dir, first, ['build', './...'])).code, 0);
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

      const second = machine(bucket);
      const build = await goIn(dir, second, ['build', '-x', './...']);
      assert.equal(build.compiles, 0, 'what the drain uploaded serves another machine');
    });

    it('remote down at start: the build is green on the local cache, with one warning', async () => {
      const bucket = await newBucket();
      const dir = tempDir('module');
      generateModule(dir, { packages: 4 });
      await proxy.disable();
      try {
        const m = machine(bucket, { GOBUILDCACHE_REMOTE_TIMEOUT: '2s' }, proxy.endpoint);
        const started = Date.now();
        const build = await goIn(dir, m, ['build', './...']);
        assert.equal(build.code, 0, build.stderr);
        const warnings = build.stderr.split('\n').filter((l) => /gobuildcache: warning/.test(l));
        assert.equal(warnings.length, 1, `exactly one warning:\n${build.stderr}`);
        assert.match(warnings[0] ?? '', /disabled/);
        assert.ok(Date.now() - started < 60_000, 'no long stalls');
        const again = await goIn(dir, m, ['build', '-x', './...']);
        assert.equal(again.compiles, 0, 'local caching still works');
        assert.equal(fs.readdirSync(path.join(m.cacheDir, 'spool')).length > 0, true, 'the uploads wait in the spool');
      } finally {
        await proxy.enable();
      }
    });

    it('a hung connection does not hang the build', async () => {
      const { bucket, dir } = await populated(4);
      await proxy.addToxic({ type: 'timeout', stream: 'downstream', attributes: { timeout: 0 } });
      try {
        const m = machine(bucket, { GOBUILDCACHE_REMOTE_TIMEOUT: '1s', GOBUILDCACHE_UPLOAD_WAIT: '1s' }, proxy.endpoint);
        const build = await runGo(['build', './...'], { cwd: dir, env: m.env, timeoutMs: 120_000 });
        assert.equal(build.code, 0, build.stderr);
        assert.ok(stats(m).remoteErrors > 0 || stats(m).remoteDisabled > 0);
      } finally {
        await proxy.removeToxics();
      }
    });

    it('connection resets degrade to local building, never a red build', async () => {
      const { bucket, dir } = await populated(4);
      await proxy.addToxic({ type: 'reset_peer', stream: 'downstream', attributes: { timeout: 0 } });
      try {
        const m = machine(bucket, { GOBUILDCACHE_REMOTE_TIMEOUT: '2s' }, proxy.endpoint);
        const build = await goIn(dir, m, ['build', './...']);
        assert.equal(build.code, 0, build.stderr);
        const test = await goIn(dir, m, ['test', './...']);
        assert.equal(test.code, 0, test.stderr);
      } finally {
        await proxy.removeToxics();
      }
    });

    it('latency slows the remote but the results are the same', async () => {
      const { bucket, dir } = await populated(4);
      await proxy.addToxic({ type: 'latency', stream: 'downstream', attributes: { latency: 25, jitter: 5 } });
      try {
        const m = machine(bucket, {}, proxy.endpoint);
        const build = await goIn(dir, m, ['build', '-x', './...']);
        assert.equal(build.code, 0, build.stderr);
        assert.equal(build.compiles, 0);
      } finally {
        await proxy.removeToxics();
      }
    });
  });

  it('read-only never writes to the bucket but caches locally', async () => {
    const bucket = await newBucket();
    const dir = tempDir('module');
    generateModule(dir, { packages: 4 });
    const m = machine(bucket, { GOBUILDCACHE_READ_ONLY: 'true' });
    assert.equal((await goIn(dir, m, ['build', './...'])).code, 0);
    assert.deepEqual(await s3.listKeys(bucket), []);
    assert.equal((await goIn(dir, m, ['build', '-x', './...'])).compiles, 0);
  });

  it('clear-remote refuses an empty prefix without -yes, and clears only its prefix', async () => {
    const { bucket } = await populated(3);
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
    const bucket = await newBucket();
    const dir = tempDir('module');
    generateModule(dir, { packages: 3 });
    const cacheDir = tempDir('flags-cache');
    const creds = s3.env(bucket);
    const env: Record<string, string> = {};
    for (const key of ['GOBUILDCACHE_AWS_ACCESS_KEY_ID', 'GOBUILDCACHE_AWS_SECRET_ACCESS_KEY', 'GOBUILDCACHE_AWS_ENDPOINT_URL_S3', 'GOBUILDCACHE_AWS_REGION', 'GOBUILDCACHE_AWS_S3_USE_PATH_STYLE']) {
      if (creds[key] !== undefined) env[key] = creds[key] as string;
    }
    const prog = cacheprogCommand(['-backend', 's3', '-s3-bucket', bucket, '-s3-prefix', 'flags', '-cache-dir', cacheDir, '-lock-type=memory']);
    const build = await runGo(['build', './...'], { cwd: dir, env, cacheprog: prog });
    assert.equal(build.code, 0, build.stderr);
    assert.ok((await s3.listKeys(bucket, 'flags/v1/')).length > 0, 'objects land under <prefix>/v1/');
  });
});
