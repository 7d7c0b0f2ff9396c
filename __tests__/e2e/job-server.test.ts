// One cache server for a whole job behind the bridge: the real go command, the committed bridge
// binary and bundle, versitygw on 127.0.0.1 and Toxiproxy. What the action runs by default.
// Every machine starts with std in its local dir, and a bucket a fresh machine reads holds std
// too (helpers/warm-std.ts): the claims are about the module's entries, and compiling std from
// nothing (e2e/std does, in both modes) would take most of the time.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { aggregateStatsDir } from '../../src/cacheprog/stats.js';
import { ENTRYPOINT, runGo, tempDir, type GoResult } from '../helpers/go.js';
import { generateModule } from '../helpers/go-module.js';
import { BRIDGE, startTestJobServer } from '../helpers/job-server.js';
import { newMachine } from '../helpers/machine.js';
import { startS3Server, type S3Server } from '../helpers/s3-server.js';
import { startToxiproxy, type Toxiproxy } from '../helpers/toxiproxy.js';
import { seedBucket, seedStd } from '../helpers/warm-std.js';

const TIMEOUT = 300_000;
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

function ok(res: GoResult, what: string): void {
  assert.equal(res.code, 0, `${what} failed (exit ${res.code}):\n${res.stdout}\n${res.stderr}`);
}

/** A bucket that already holds std, as an earlier job left it. */
async function newBucket(): Promise<string> {
  const name = `gbc-job-${++bucketSeq}`;
  await s3.createBucket(name);
  await seedBucket(s3.env(name));
  return name;
}

/** Runs a subcommand of the bundle; resolves with its exit code and stderr. */
function entry(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [ENTRYPOINT, ...args], { env, timeout: 120_000 }, (err, _out, stderr) =>
      resolve({
        code: err ? ((err as { code?: unknown }).code === undefined ? 1 : Number((err as { code?: unknown }).code)) : 0,
        stderr,
      }),
    );
  });
}

/** `ok <pkg> (cached)` lines of go test. */
const cachedCount = (stdout: string): number => stdout.split('\n').filter((l) => /^ok\s.*\(cached\)/.test(l)).length;

describe('job server behind the bridge', () => {
  it(
    'serves concurrent go commands from one process; a fresh GOCACHE then compiles nothing',
    { timeout: TIMEOUT },
    async () => {
      const dir = tempDir('job-module');
      generateModule(dir, { packages: 12, withTests: true });
      const cacheDir = await seedStd(tempDir('job-cache'));
      const statsDir = tempDir('job-stats');
      const server = await startTestJobServer({ flags: ['-cache-dir', cacheDir, '-stats-dir', statsDir] });
      const [build, test, vet] = await Promise.all([
        runGo(['build', '-x', './...'], { cwd: dir, cacheprog: server.command }),
        runGo(['test', './...'], { cwd: dir, cacheprog: server.command }),
        runGo(['vet', './...'], { cwd: dir, cacheprog: server.command }),
      ]);
      ok(build, 'go build');
      ok(test, 'go test');
      ok(vet, 'go vet');
      assert.doesNotMatch(build.stderr + test.stderr, /warning/, 'the bridge reached the server');
      const warm = await runGo(['build', '-x', './...'], { cwd: dir, cacheprog: server.command });
      ok(warm, 'warm build');
      assert.equal(warm.compiles, 0);
      const warmTest = await runGo(['test', './...'], { cwd: dir, cacheprog: server.command });
      ok(warmTest, 'warm go test');
      assert.equal(cachedCount(warmTest.stdout), 13, warmTest.stdout);
      const finished = await server.finish();
      assert.equal(finished.code, 0, finished.stderr);
      const files = fs.readdirSync(statsDir);
      assert.deepEqual(
        files.filter((f) => f.endsWith('.json')).length,
        1,
        `one statistics file for the whole job: ${files.join(', ')}`,
      );
      const { counters } = aggregateStatsDir(statsDir);
      assert.equal(counters.processes, 5, 'five go commands were served');
      assert.ok(counters.localHits > 0 && counters.puts > 0, JSON.stringify(counters));
      assert.ok(
        files.some((f) => /^actions-\d+-[0-9a-f]+\.txt$/.test(f)),
        'the action log for save-manifest',
      );
    },
  );

  it(
    'the bridge answers local hits from the cache dir itself and reports them; with -local=false the server answers every get alike',
    { timeout: TIMEOUT },
    async () => {
      const dir = tempDir('job-local-module');
      generateModule(dir, { packages: 8, withTests: true });
      const cacheDir = await seedStd(tempDir('job-local-cache'));
      const first = await startTestJobServer({
        flags: ['-cache-dir', cacheDir, '-stats-dir', tempDir('job-local-stats')],
      });
      const viaServer = first.command.replace(BRIDGE, `${BRIDGE} -local=false`);
      ok(await runGo(['build', './...'], { cwd: dir, cacheprog: first.command }), 'go build');
      const [warm, test] = await Promise.all([
        runGo(['build', '-x', './...'], { cwd: dir, cacheprog: viaServer }),
        runGo(['test', './...'], { cwd: dir, cacheprog: viaServer }),
      ]);
      ok(warm, 'warm build, every get through the server');
      ok(test, 'go test, every get through the server');
      assert.equal(warm.compiles, 0);
      assert.equal((await first.finish()).code, 0);

      // The next job on the same cache dir: every get is a local hit, answered by the bridge.
      const statsDir = tempDir('job-local-stats');
      const second = await startTestJobServer({ flags: ['-cache-dir', cacheDir, '-stats-dir', statsDir] });
      const [warmBuild, warmTest] = await Promise.all([
        runGo(['build', '-x', './...'], { cwd: dir, cacheprog: second.command }),
        runGo(['test', './...'], { cwd: dir, cacheprog: second.command }),
      ]);
      ok(warmBuild, 'warm build, hits from the bridge');
      ok(warmTest, 'warm go test, hits from the bridge');
      assert.equal(warmBuild.compiles, 0);
      assert.equal(cachedCount(warmTest.stdout), 9, warmTest.stdout);
      assert.doesNotMatch(warm.stderr + test.stderr + warmBuild.stderr + warmTest.stderr, /warning/);
      assert.equal((await second.finish()).code, 0);
      const c = aggregateStatsDir(statsDir).counters;
      // Every hit came from the bridge; the server saw only what the cache dir did not hold (go
      // test asks for a few results it never stores).
      assert.ok(
        c.bridgeHits > 0 && c.bridgeHits === c.localHits && c.gets - c.localHits === c.misses && c.misses < 5,
        JSON.stringify(c),
      );
      assert.equal(c.processes, 2, 'both go commands counted');
      // The manifest of this job (its action log) names what the bridge served: the next run prefetches it.
      const logs = fs.readdirSync(statsDir).filter((f) => f.startsWith('actions-'));
      assert.equal(logs.length, 1, logs.join(', '));
      const logged = new Set(fs.readFileSync(path.join(statsDir, logs[0]), 'utf8').trim().split('\n'));
      assert.ok(
        logged.size > 0 && logged.size <= c.bridgeHits,
        `${logged.size} actions logged of ${c.bridgeHits} bridge hits`,
      );
    },
  );

  it(
    "answers a go command's close before its uploads finish: the next command does not wait for them",
    { timeout: TIMEOUT },
    async () => {
      const bucket = await newBucket();
      const proxy = await toxi.createProxy(`job-slow-${bucket}`, s3.port);
      await proxy.addToxic({ type: 'latency', stream: 'downstream', attributes: { latency: 300 } });
      const m = newMachine(s3, bucket, { endpoint: proxy.endpoint });
      await seedStd(m.cacheDir);
      const dir = tempDir('job-populate');
      generateModule(dir, { packages: 10, withTests: true });
      const server = await startTestJobServer({ env: m.env, flags: ['-stats-dir', m.statsDir] });
      const build = await runGo(['build', './...'], { cwd: dir, cacheprog: server.command });
      ok(build, 'go build');
      const afterBuild = (await s3.listKeys(bucket)).length;
      const test = await runGo(['test', './...'], { cwd: dir, cacheprog: server.command });
      ok(test, 'go test');
      const finished = await server.finish();
      assert.equal(finished.code, 0, finished.stderr);
      const all = (await s3.listKeys(bucket)).length;
      assert.ok(
        afterBuild < all,
        `uploads were still going on when go build returned (${afterBuild} of ${all} objects)`,
      );
      // The bucket held only std and was listed at start: once the listing is in (one round trip
      // per shard), a miss asks the bucket nothing.
      const c = aggregateStatsDir(m.statsDir).counters;
      assert.ok(c.listedAbsent > c.misses / 2, `misses answered from the listing: ${c.listedAbsent} of ${c.misses}`);
      // A fresh machine reads the whole job from the bucket.
      const fresh = newMachine(s3, bucket);
      const second = await startTestJobServer({ env: fresh.env });
      const warm = await runGo(['build', '-x', './...'], { cwd: dir, cacheprog: second.command });
      ok(warm, 'fresh machine build');
      assert.equal(warm.compiles, 0, 'every upload reached the bucket');
      const warmTest = await runGo(['test', './...'], { cwd: dir, cacheprog: second.command });
      ok(warmTest, 'fresh machine go test');
      assert.equal(cachedCount(warmTest.stdout), 11, warmTest.stdout);
      assert.equal((await second.finish()).code, 0);
    },
  );

  it(
    'a killed server fails at most the go command it was serving; later ones fall back, and its journal loses no upload',
    { timeout: TIMEOUT },
    async () => {
      const bucket = await newBucket();
      const proxy = await toxi.createProxy(`job-kill-${bucket}`, s3.port);
      // Uploads crawl (request bodies go upstream), lookups don't: most uploads are still owed when the server dies.
      await proxy.addToxic({ type: 'bandwidth', stream: 'upstream', attributes: { rate: 16 } });
      const m = newMachine(s3, bucket, { endpoint: proxy.endpoint });
      await seedStd(m.cacheDir);
      const spoolDir = path.join(m.cacheDir, 'spool');
      const dir = tempDir('job-kill');
      generateModule(dir, { packages: 8 });
      const server = await startTestJobServer({ env: m.env });
      const build = await runGo(['build', '-x', './...'], { cwd: dir, cacheprog: server.command, env: m.env });
      ok(build, 'go build');
      server.proc.child.kill('SIGKILL');
      await server.proc.exited;
      // The bridge can't reach the server: this go command runs the per-process server, with one warning.
      const again = await runGo(['build', '-x', './...'], {
        cwd: dir,
        cacheprog: server.command,
        env: m.env,
        gocache: tempDir('job-kill-gocache'),
      });
      ok(again, 'go build after the server died');
      assert.equal(again.compiles, 0, 'the fallback server reads the same local cache');
      assert.equal(
        again.stderr.split('\n').filter((l) => l.includes('gobuildcache: warning:')).length,
        1,
        again.stderr,
      );
      assert.match(again.stderr, /job's cache server at unix:.* is not reachable .*runs its own cache server instead/);
      // The post step's drain, straight to the bucket: the dead server's journal is in the spool dir.
      const drain = await entry(['drain', '-spool-dir', spoolDir], {
        ...process.env,
        ...newMachine(s3, bucket).env,
        GOBUILDCACHE_CACHE_DIR: m.cacheDir,
      });
      assert.equal(drain.code, 0, drain.stderr);
      assert.match(drain.stderr, /recovered \d+ upload\(s\) from the journal/);
      const fresh = newMachine(s3, bucket);
      const warm = await runGo(['build', '-x', './...'], { cwd: dir, env: fresh.env });
      ok(warm, 'fresh machine build');
      assert.equal(warm.compiles, 0, 'nothing the killed server owed was lost');
    },
  );

  it(
    'a server that accepts but never answers is replaced by the per-process one: the build does not hang',
    { timeout: TIMEOUT },
    async () => {
      const dir = tempDir('job-hung');
      generateModule(dir, { packages: 2 });
      const sockDir = tempDir('job-hung-sock');
      const socketPath = path.join(sockDir, 's');
      const hung = net.createServer(() => {}); // accepts, says nothing
      await new Promise<void>((resolve) => hung.listen(socketPath, resolve));
      try {
        const command = [
          BRIDGE,
          '-socket',
          `unix:${socketPath}`,
          '-node',
          process.execPath,
          '-script',
          ENTRYPOINT,
        ].join(' ');
        const started = Date.now();
        const res = await runGo(['build', './...'], {
          cwd: dir,
          cacheprog: command,
          env: { GOBUILDCACHE_CACHE_DIR: await seedStd(tempDir('job-hung-cache')) },
          timeoutMs: 120_000,
        });
        ok(res, 'go build past a hung server');
        assert.match(res.stderr, /did not answer .*runs its own cache server instead/);
        assert.ok(Date.now() - started < 60_000, 'the wait for the handshake is bounded');
      } finally {
        hung.close();
      }
    },
  );

  it(
    'over loopback tcp, only a client with the token from the server file is served',
    { timeout: TIMEOUT },
    async () => {
      const dir = tempDir('job-tcp');
      generateModule(dir, { packages: 3 });
      const server = await startTestJobServer({
        tcp: true,
        flags: ['-cache-dir', await seedStd(tempDir('job-tcp-cache'))],
      });
      const info = JSON.parse(fs.readFileSync(server.serverFile, 'utf8')) as { socket: string; token: string };
      assert.match(info.socket, /^tcp:127\.0\.0\.1:\d+$/);
      assert.equal(fs.statSync(server.serverFile).mode & 0o077, 0, 'the server file is private');
      ok(await runGo(['build', './...'], { cwd: dir, cacheprog: server.command }), 'go build over tcp');
      // A stranger that does not present the token gets no handshake and is disconnected.
      const port = Number(info.socket.split(':').pop());
      const heard = await new Promise<string>((resolve) => {
        const c = net.connect(port, '127.0.0.1');
        let data = '';
        c.on('data', (b) => (data += b.toString()));
        c.on('connect', () =>
          c.write(
            '{"Token":"wrong"}\n{"ID":1,"Command":"get","ActionID":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="}\n',
          ),
        );
        c.on('close', () => resolve(data));
        setTimeout(() => c.destroy(), 5_000).unref();
      });
      assert.equal(heard, '', 'nothing was sent to a client without the token');
      assert.equal((await server.finish()).code, 0);
    },
  );

  it(
    'refuses a socket directory other users can enter by making it private, and a second server on a live socket',
    { timeout: TIMEOUT },
    async () => {
      const server = await startTestJobServer({ flags: ['-cache-dir', tempDir('job-dup-cache')] });
      const socketPath = server.socket.slice('unix:'.length);
      assert.equal(fs.statSync(path.dirname(socketPath)).mode & 0o077, 0);
      const second = await entry(['serve', '-socket', server.socket, '-cache-dir', tempDir('job-dup2')]);
      assert.equal(second.code, 1);
      assert.match(second.stderr, /another job server is already listening on/);
      assert.equal((await server.finish()).code, 0);
    },
  );
});
