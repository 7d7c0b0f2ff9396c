// The job server as the action's steps start and end it (helpers/action-job.ts), with the real go
// command and the committed bridge: a server that stops answering mid-build (SIGSTOP), what the
// detached server inherits from the main step, its live statistics file, and a store that takes
// HeadBucket but refuses every object request. versitygw on 127.0.0.1.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { Inputs } from '../../src/action/constants.js';
import { stateKey } from '../../src/action/step-state.js';
import { aggregateStatsDir } from '../../src/cacheprog/stats.js';
import { annotations, fileCount, Job, withStd } from '../helpers/action-job.js';
import { runGo, tempDir } from '../helpers/go.js';
import { generateModule } from '../helpers/go-module.js';
import { startS3Server, type S3Server } from '../helpers/s3-server.js';

const TIMEOUT = 300_000;
let s3: S3Server;
const stopped = new Set<number>();

before(async () => {
  s3 = await startS3Server();
});
after(async () => {
  // A failed assertion must not leave a stopped server behind.
  for (const pid of stopped) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
  await s3?.stop();
});

function serverPid(job: Job): number {
  const file = job.state()[stateKey('serverFile')];
  assert.ok(file, `the main step started a job server: ${JSON.stringify(job.state())}`);
  const pid = (JSON.parse(fs.readFileSync(file, 'utf8')) as { pid: number }).pid;
  assert.ok(Number.isInteger(pid) && pid > 0);
  return pid;
}

/** Processes whose command line names this job's directory (its server, bridges, fallbacks), as pgrep -f sees them. */
async function jobProcesses(job: Job): Promise<string[]> {
  try {
    const { stdout } = await promisify(execFile)('pgrep', ['-a', '-f', job.dir], { timeout: 10_000 });
    return stdout
      .trim()
      .split('\n')
      .filter((l) => l !== '');
  } catch (err) {
    if ((err as { code?: unknown }).code === 1) return []; // pgrep: nothing matched
    throw err;
  }
}

/**
 * A TCP proxy in front of the S3 server that, once armed with the job server's pid, stops that
 * server (SIGSTOP) as the first GET of an entry goes out: the lookup of a miss of go's, which the
 * server has not answered yet. Everything is passed through, before and after.
 */
async function stopOnFirstRequest(
  upstreamPort: number,
): Promise<{ endpoint: string; arm(pid: number): void; stoppedAt(): number; close(): Promise<void> }> {
  let armedPid: number | undefined;
  let stoppedAt = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(upstreamPort, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => {});
      s.on('close', () => sockets.delete(s));
    }
    client.on('data', (chunk: Buffer) => {
      if (
        armedPid !== undefined &&
        stoppedAt === 0 &&
        /^GET \S*\/v1\/[0-9a-f]{64} /.test(chunk.subarray(0, 512).toString('latin1'))
      ) {
        process.kill(armedPid, 'SIGSTOP');
        stopped.add(armedPid);
        stoppedAt = Date.now();
      }
      upstream.write(chunk);
    });
    upstream.pipe(client);
    client.on('end', () => upstream.end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    arm: (pid) => (armedPid = pid),
    stoppedAt: () => stoppedAt,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

const until = async (what: string, check: () => boolean, ms: number): Promise<void> => {
  for (const deadline = Date.now() + ms; Date.now() < deadline; await new Promise((r) => setTimeout(r, 20)))
    if (check()) return;
  assert.fail(`${what} within ${ms} ms`);
};

describe('job server: liveness, inherited environment, live statistics, object-level remote check', () => {
  it(
    'a job server stopped mid-build (SIGSTOP): that go command ends, the next one falls back at once, the post step ends it and nothing of the job is left',
    { timeout: TIMEOUT },
    async (t) => {
      const bucket = 'lifecycle-stop';
      await s3.createBucket(bucket);
      const job = await withStd(new Job({ AWS_ACCESS_KEY_ID: s3.accessKey, AWS_SECRET_ACCESS_KEY: s3.secretKey }));
      generateModule(job.workspace, { packages: 24, filler: 20 });
      const drainTimeoutMs = 5_000;
      const inputs: Partial<Record<Inputs, string>> = {
        [Inputs.S3Bucket]: bucket,
        [Inputs.S3Endpoint]: s3.endpoint,
        [Inputs.S3PathStyle]: 'true',
        [Inputs.S3Region]: s3.region,
        [Inputs.DrainTimeout]: `${drainTimeoutMs}ms`,
        [Inputs.Prefetch]: 'false',
        [Inputs.CacheModules]: 'false',
      };
      const main = await job.step('main', inputs);
      assert.equal(main.code, 0, main.stdout + main.stderr);
      const pid = serverPid(job);
      const outputs = path.join(job.runnerTemp, 'gobuildcache', 'cache', 'o');
      const before = fileCount(outputs);

      // Stopped once the build has stored its first compiled package: go then owes it the rest.
      const build = job.go(['build', './...']);
      await until('the build stores a package', () => fileCount(outputs) > before, 120_000);
      process.kill(pid, 'SIGSTOP');
      stopped.add(pid);
      const stoppedAt = Date.now();
      const res = await build;
      const endedMs = Date.now() - stoppedAt;
      assert.notEqual(res.code, 0, 'the go command the stopped server was serving fails (its puts were owed)');
      assert.match(
        res.stderr,
        /gobuildcache: error: the job's cache server at unix:.* stopped answering: .*this go command fails, later ones of the job run their own cache server/,
      );
      // Unbounded before (it waited as long as the server was stopped).
      assert.ok(endedMs < 60_000, `the go command ended ${endedMs} ms after the stop`);

      const nextStarted = Date.now();
      const next = await job.go(['build', './...']);
      const nextMs = Date.now() - nextStarted;
      assert.equal(next.code, 0, next.stderr);
      const warnings = next.stderr.split('\n').filter((l) => l.includes('gobuildcache: warning:'));
      assert.equal(warnings.length, 1, next.stderr);
      // From the marker the first bridge left, not after a wait for a handshake.
      assert.match(warnings[0], /stopped answering earlier in this job .*runs its own cache server instead/);

      const postStarted = Date.now();
      const post = await job.step('post', inputs);
      const postMs = Date.now() - postStarted;
      assert.equal(post.code, 0, post.stdout + post.stderr);
      const postWarnings = annotations(post.stdout, 'warning');
      assert.ok(
        postWarnings.some((w) =>
          /the job server at unix:.* is stopped or wedged .*It was ended \(SIGKILL, with its process group\)/.test(w),
        ),
        post.stdout,
      );
      // Before: drain-timeout + 30 s waiting for the finish, then the drain.
      assert.ok(postMs < drainTimeoutMs + 25_000, `post step took ${postMs} ms`);
      assert.deepEqual(await jobProcesses(job), [], 'pgrep -f finds nothing of the job');
      stopped.delete(pid);
      t.diagnostic(
        `go command ended ${endedMs} ms after SIGSTOP; next go command ${nextMs} ms; post step ${postMs} ms (drain-timeout ${drainTimeoutMs} ms)`,
      );

      // What the stopped server owed was in its journal: the post step's drain uploaded it.
      const fresh = await withStd(
        new Job({ AWS_ACCESS_KEY_ID: s3.accessKey, AWS_SECRET_ACCESS_KEY: s3.secretKey }, job.workspace),
      );
      assert.equal((await fresh.step('main', inputs)).code, 0);
      const warm = await fresh.go(['build', '-x', './...']);
      assert.equal(warm.code, 0, warm.stderr);
      assert.equal(warm.compiles, 0, 'a fresh machine compiles nothing');
      assert.equal((await fresh.step('post', inputs)).code, 0);
    },
  );

  it(
    'a job server stopped before its first answer to a go command (SIGSTOP): that go command finishes through its own cache server, green and with the right binary; the next falls back at once',
    { timeout: TIMEOUT },
    async (t) => {
      const bucket = 'lifecycle-stop-early';
      await s3.createBucket(bucket);
      const proxy = await stopOnFirstRequest(s3.port);
      t.after(() => proxy.close());
      // Not listed at start: an empty bucket's listing would answer every miss without a request.
      const job = await withStd(
        new Job({
          AWS_ACCESS_KEY_ID: s3.accessKey,
          AWS_SECRET_ACCESS_KEY: s3.secretKey,
          GOBUILDCACHE_LIST_KEYS: 'false',
        }),
      );
      generateModule(job.workspace, { packages: 6 });
      const inputs: Partial<Record<Inputs, string>> = {
        [Inputs.S3Bucket]: bucket,
        [Inputs.S3Endpoint]: proxy.endpoint,
        [Inputs.S3PathStyle]: 'true',
        [Inputs.S3Region]: s3.region,
        [Inputs.DrainTimeout]: '5s',
        [Inputs.Prefetch]: 'false',
        [Inputs.CacheModules]: 'false',
      };
      const main = await job.step('main', inputs);
      assert.equal(main.code, 0, main.stdout + main.stderr);
      const pid = serverPid(job);
      // std is local (the bridge answers it), so the server's first GET of an entry is the lookup
      // of go's first miss: stopped there, it has answered nothing of this go command.
      proxy.arm(pid);
      const bin = path.join(tempDir('bin'), 'demo');
      const build = await job.go(['build', '-o', bin, './cmd/demo']);
      assert.ok(proxy.stoppedAt() > 0, 'the server was stopped during the build');
      const endedMs = Date.now() - proxy.stoppedAt();
      assert.equal(build.code, 0, build.stderr);
      assert.doesNotMatch(build.stderr, /gobuildcache: error/);
      const warnings = build.stderr.split('\n').filter((l) => l.includes('gobuildcache: warning:'));
      assert.equal(warnings.length, 1, build.stderr);
      assert.match(
        warnings[0],
        /the job's cache server at unix:.* stopped answering \(.*\) before its first answer to this go command; this go command runs its own cache server instead/,
      );
      // The binary is the one go builds without any cache.
      const reference = path.join(tempDir('bin'), 'demo');
      const plain = await runGo(['build', '-o', reference, './cmd/demo'], {
        cwd: job.workspace,
        gocache: tempDir('gocache'),
        cacheprog: null,
      });
      assert.equal(plain.code, 0, plain.stderr);
      const runBin = async (file: string): Promise<string> =>
        (await promisify(execFile)(file, [], { timeout: 30_000 })).stdout;
      assert.equal(await runBin(bin), await runBin(reference));

      const nextStarted = Date.now();
      const next = await job.go(['build', './...']);
      const nextMs = Date.now() - nextStarted;
      assert.equal(next.code, 0, next.stderr);
      const nextWarnings = next.stderr.split('\n').filter((l) => l.includes('gobuildcache: warning:'));
      assert.equal(nextWarnings.length, 1, next.stderr);
      assert.match(nextWarnings[0], /stopped answering earlier in this job .*runs its own cache server instead/);

      const post = await job.step('post', inputs);
      assert.equal(post.code, 0, post.stdout + post.stderr);
      assert.deepEqual(await jobProcesses(job), [], 'pgrep -f finds nothing of the job');
      stopped.delete(pid);
      t.diagnostic(
        `go command finished ${endedMs} ms after SIGSTOP, through its own cache server; next go command ${nextMs} ms`,
      );
    },
  );

  it(
    "the detached job server inherits none of the runner's tokens; its statistics file follows each go command",
    { timeout: TIMEOUT },
    async () => {
      const tokens = {
        ACTIONS_RUNTIME_TOKEN: 'runtime-token-secret',
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'id-token-secret',
        ACTIONS_ID_TOKEN_REQUEST_URL: 'http://127.0.0.1:9/id-token',
        ACTIONS_CACHE_URL: 'http://127.0.0.1:9/cache/',
        ACTIONS_RESULTS_URL: 'http://127.0.0.1:9/results/',
        GITHUB_TOKEN: 'ghs_secret',
      };
      const job = await withStd(new Job({ ...tokens, NO_PROXY: '127.0.0.1' }));
      generateModule(job.workspace, { packages: 4, withTests: true });
      const inputs = { [Inputs.Backend]: 'disk', [Inputs.CacheModules]: 'false' };
      const main = await job.step('main', inputs);
      assert.equal(main.code, 0, main.stdout + main.stderr);
      const pid = serverPid(job);
      const environ = fs
        .readFileSync(`/proc/${pid}/environ`, 'utf8')
        .split('\0')
        .filter((e) => e !== '');
      const names = environ.map((e) => e.slice(0, e.indexOf('=')));
      for (const token of Object.keys(tokens)) assert.ok(!names.includes(token), `${token} reached the job server`);
      for (const secret of Object.values(tokens))
        assert.ok(!environ.some((e) => e.includes(secret)), `a token's value reached the job server`);
      // What it needs does.
      for (const needed of ['GOBUILDCACHE_CACHE_DIR', 'PATH', 'HOME', 'NO_PROXY', 'RUNNER_TEMP'])
        assert.ok(names.includes(needed), `${needed} missing: ${names.join(' ')}`);

      // The main step's stats-file output, read as a later step would (jq .hits "$STATS").
      const statsFile = job.outputs()['stats-file'];
      const read = () =>
        JSON.parse(fs.readFileSync(statsFile, 'utf8')) as {
          hits: number;
          misses: number;
          goCommands: number;
          uploadsPending: number;
          updatedAt: string;
        };
      assert.equal(read().goCommands, 0, 'written as the server starts');
      assert.equal((await job.go(['build', './...'])).code, 0);
      const first = read();
      assert.equal(first.goCommands, 1);
      assert.ok(first.misses >= 4 && first.hits > 0, `std hits, the module's misses: ${JSON.stringify(first)}`);
      const warm = await job.go(['build', '-x', './...']);
      assert.equal(warm.code, 0, warm.stderr);
      assert.equal(warm.compiles, 0);
      // Read as a later step would, right after the go command: it already counts that command.
      const second = read();
      assert.equal(second.goCommands, 2);
      assert.ok(
        second.hits > first.hits && second.misses - first.misses < 4,
        `the warm build hit: ${JSON.stringify(second)}`,
      );

      const post = await job.step('post', inputs);
      assert.equal(post.code, 0, post.stdout + post.stderr);
      // The job's own figures, written by the server as it finished: what the file said after the
      // second go command was already all of it.
      const c = aggregateStatsDir(job.state()[stateKey('statsDir')]).counters;
      const job2 = { hits: c.localHits + c.remoteHits, misses: c.misses, goCommands: c.processes };
      assert.deepEqual({ hits: second.hits, misses: second.misses, goCommands: second.goCommands }, job2);
      assert.deepEqual({ hits: read().hits, misses: read().misses, goCommands: read().goCommands }, job2);
      assert.deepEqual(await jobProcesses(job), [], 'pgrep -f finds nothing of the job');
    },
  );

  it(
    'a store that answers HeadBucket but refuses object requests under the prefix: one warning that the remote is off, job green',
    { timeout: TIMEOUT },
    async () => {
      const bucket = 'lifecycle-refused';
      await s3.createBucket(bucket);
      const user = { accessKey: 'lifecycle-refused-user', secretKey: 'lifecycle-refused-secret-0123456789' };
      await s3.createUser(user.accessKey, user.secretKey);
      // Lists the bucket; reads and writes objects only under another prefix.
      await s3.putBucketPolicy(bucket, {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: [user.accessKey] },
            Action: ['s3:ListBucket'],
            Resource: [`arn:aws:s3:::${bucket}`],
          },
          {
            Effect: 'Allow',
            Principal: { AWS: [user.accessKey] },
            Action: ['s3:GetObject', 's3:PutObject'],
            Resource: [`arn:aws:s3:::${bucket}/elsewhere/*`],
          },
        ],
      });
      const job = await withStd(new Job({ AWS_ACCESS_KEY_ID: user.accessKey, AWS_SECRET_ACCESS_KEY: user.secretKey }));
      generateModule(job.workspace, { packages: 3 });
      const inputs = {
        [Inputs.S3Bucket]: bucket,
        [Inputs.S3Endpoint]: s3.endpoint,
        [Inputs.S3PathStyle]: 'true',
        [Inputs.S3Region]: s3.region,
        [Inputs.CacheModules]: 'false',
      };
      const main = await job.step('main', inputs);
      assert.equal(main.code, 0, main.stdout + main.stderr);
      const warnings = annotations(main.stdout, 'warning');
      assert.equal(warnings.length, 1, main.stdout);
      assert.match(
        warnings[0],
        /remote unavailable::gobuildcache: the remote cache s3:\/\/lifecycle-refused\/gobuildcache\/ cannot be used: GetObject gobuildcache\/.* This job falls back to the local disk cache\./,
      );
      assert.equal(job.exported().GOBUILDCACHE_BACKEND_TYPE, 'disk');
      const build = await job.go(['build', './...']);
      assert.equal(build.code, 0, build.stderr);
      const post = await job.step('post', inputs);
      assert.equal(post.code, 0, post.stdout + post.stderr);
      assert.deepEqual(annotations(post.stdout, 'warning'), []);
    },
  );
});
