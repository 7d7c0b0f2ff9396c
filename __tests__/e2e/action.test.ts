// Runs the committed action bundles the way the Actions runner does (see helpers/action-job.ts),
// with a real go build/test between the main and the post step. The buckets are real servers on
// 127.0.0.1: versitygw for S3, fake-gcs-server for GCS (helpers/bucket-server.ts). Where a job's claim is about the module's packages, its machine
// starts with std in the action's local cache dir (helpers/warm-std.ts), as after an earlier job
// on the same runner, so the test does not spend a minute compiling std; jobs that must prove a
// prefetch brought everything start empty.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Inputs } from '../../src/action/constants.js';
import { splitGoCommandLine } from '../../src/action/gocacheprog.js';
import { timeForId } from '../../src/cacheprog/checkout/content-time.js';
import { git, stampCheckout } from '../helpers/git.js';
import { compiledPackages } from '../helpers/go.js';
import { generateModule } from '../helpers/go-module.js';
import { annotations, closedPort, DIST, fileCount, Job, PUSH_TO_MAIN, withStd } from '../helpers/action-job.js';
import { BUCKET_KINDS, startBucketServer, type BucketServer } from '../helpers/bucket-server.js';
import { startToxiproxy, type Proxy, type Toxiproxy } from '../helpers/toxiproxy.js';

describe('action: wrong setup fails the step with a clear message', () => {
  const cases: [string, Partial<Record<Inputs, string>>, RegExp][] = [
    [
      'unknown backend',
      { [Inputs.Backend]: 'azure' },
      /^::error::Input "backend": "azure" is not a backend; accepted values: disk, s3, gcs/,
    ],
    ['s3 without a bucket', { [Inputs.Backend]: 's3' }, /^::error::Input "s3-bucket": is required when backend is s3/],
    [
      'a bad duration',
      { [Inputs.UploadWait]: 'soon' },
      /^::error::Input "upload-wait": "soon" is not a duration; accepted: /,
    ],
    [
      'a bad boolean',
      { [Inputs.ReadOnly]: 'maybe' },
      /^::error::Input "read-only": "maybe" is not a boolean; accepted values: true, false/,
    ],
    [
      'a relative cache-dir',
      { [Inputs.CacheDir]: 'go-cache' },
      /^::error::Input "cache-dir": "go-cache" is not an absolute path/,
    ],
    [
      'an s3-prefix that leaves its namespace',
      { [Inputs.S3Bucket]: 'b-1', [Inputs.S3Prefix]: '../' },
      /^::error::Input "s3-prefix": "\.\.\/" has a '\.' or '\.\.' segment/,
    ],
  ];
  for (const [what, inputs, message] of cases) {
    it(`rejects ${what}`, async () => {
      const job = new Job();
      const main = await job.step('main', inputs);
      assert.equal(main.code, 1, main.stdout);
      const errors = annotations(main.stdout, 'error');
      assert.equal(errors.length, 1, main.stdout);
      assert.match(errors[0], message);
      assert.equal(job.exported().GOCACHEPROG, undefined);
      // The post step runs anyway (post-if: always()) and must stay quiet and green.
      const post = await job.step('post', inputs);
      assert.equal(post.code, 0, post.stdout + post.stderr);
      assert.deepEqual(annotations(post.stdout, 'warning'), []);
      assert.deepEqual(job.outputs(), {});
    });
  }

  it('says to run setup-go when go is not on PATH', async () => {
    const job = new Job();
    const main = await job.step('main', {}, { PATH: job.dir });
    assert.equal(main.code, 1);
    assert.deepEqual(annotations(main.stdout, 'error'), [
      '::error::Go not found on PATH: run actions/setup-go before gobuildcache-action',
    ]);
    assert.equal(job.exported().GOCACHEPROG, undefined);
  });

  it('says GOCACHEPROG needs Go 1.24 when go is older', async () => {
    const job = new Job();
    // A test double for the version check only: it answers like go1.23.4 would.
    const bin = path.join(job.dir, 'old-go');
    fs.mkdirSync(bin);
    fs.writeFileSync(
      path.join(bin, 'go'),
      '#!/bin/sh\nif [ "$1" = env ]; then echo go1.23.4; else echo "go version go1.23.4 linux/amd64"; fi\n',
      { mode: 0o755 },
    );
    const main = await job.step('main', {}, { PATH: `${bin}:/usr/bin:/bin` });
    assert.equal(main.code, 1);
    const errors = annotations(main.stdout, 'error');
    assert.equal(errors.length, 1, main.stdout);
    assert.match(errors[0], /^::error::go1\.23\.4 is too old: GOCACHEPROG needs Go 1\.24 or newer/);
    assert.equal(job.exported().GOCACHEPROG, undefined);
  });
});

for (const jobServer of [true, false]) {
  const mode = jobServer ? 'job server' : 'per-process';
  // The runner fills in inputs from action.yml; a job's env is where this test sets the mode.
  const modeEnv: Record<string, string> = { 'INPUT_JOB-SERVER': String(jobServer) };
  describe(`action: disk backend (${mode})`, () => {
    it('exports a working GOCACHEPROG and reports hits in outputs and summary', async () => {
      const job = await withStd(new Job(modeEnv));
      generateModule(job.workspace, { packages: 6, withTests: true });
      const main = await job.step('main');
      assert.equal(main.code, 0, main.stdout + main.stderr);
      assert.deepEqual(annotations(main.stdout, 'warning'), []);

      const env = job.exported();
      const script = path.join(DIST, 'cacheprog', 'index.js');
      if (jobServer) {
        const [bridge, ...args] = splitGoCommandLine(env.GOCACHEPROG ?? '');
        assert.equal(
          bridge,
          path.join(
            DIST,
            'bridge',
            `${process.platform}-${process.arch === 'x64' ? 'amd64' : process.arch}`,
            'gobuildcache-bridge',
          ),
        );
        assert.deepEqual(
          args.filter((a) => !a.startsWith('unix:')),
          ['-socket', '-node', process.execPath, '-script', script],
        );
        assert.ok(fs.existsSync(job.state()['server-file'] ?? ''), 'the job server left its file');
      } else {
        assert.deepEqual(splitGoCommandLine(env.GOCACHEPROG ?? ''), [process.execPath, script]);
      }
      assert.equal(env.GOBUILDCACHE_BACKEND_TYPE, 'disk');
      assert.equal(env.GOBUILDCACHE_CACHE_DIR, path.join(job.runnerTemp, 'gobuildcache', 'cache'));
      assert.equal(env.GOBUILDCACHE_UPLOAD_WAIT, '10000ms');
      for (const key of ['GOBUILDCACHE_STATS_DIR', 'GOBUILDCACHE_SPOOL_DIR']) {
        const dir = env[key] ?? '';
        assert.ok(dir.startsWith(job.runnerTemp + path.sep) && fs.statSync(dir).isDirectory(), `${key}=${dir}`);
      }
      // Settings go to the server under its own prefix only; nothing AWS_* leaks into the user's tests.
      assert.deepEqual(
        Object.keys(env).filter((k) => !k.startsWith('GOBUILDCACHE_') && k !== 'GOCACHEPROG' && !(k in modeEnv)),
        [],
      );

      const cold = await job.go(['build', '-x', './...']);
      assert.equal(cold.code, 0, cold.stderr);
      assert.ok(cold.compiles >= 6, `cold build compiled ${cold.compiles} packages`);
      const warm = await job.go(['build', '-x', './...']);
      assert.equal(warm.code, 0, warm.stderr);
      assert.equal(warm.compiles, 0, 'a second build comes entirely from the cache');
      const test = await job.go(['test', './...']);
      assert.equal(test.code, 0, test.stdout + test.stderr);

      const post = await job.step('post');
      assert.equal(post.code, 0, post.stdout + post.stderr);
      assert.deepEqual(annotations(post.stdout, 'warning'), []);
      const out = job.stats();
      const hits = Number(out.hits);
      const misses = Number(out.misses);
      assert.ok(hits > 0 && misses > 0, JSON.stringify(out));
      assert.equal(out.localHits, hits);
      assert.equal(out.remoteHits, 0);
      assert.equal(out.uploadsPending, 0);
      assert.equal(out.hitRatio, Number((hits / (hits + misses)).toFixed(4)));
      assert.equal(job.outputs().backend, 'disk');

      const summary = job.summary();
      assert.match(summary, /<h2>Go build cache \(local disk\)<\/h2>/);
      assert.match(summary, new RegExp(`${hits} of ${hits + misses} lookups were answered from the cache;`));
      assert.match(summary, /<tr><td>go processes<\/td><td>3<\/td><\/tr>/);
      assert.match(
        summary,
        new RegExp(
          `\`\`\`mermaid\\npie showData title Cache lookups\\n {2}"Local hits" : ${hits}\\n {2}"Misses" : ${misses}\\n\`\`\``,
        ),
      );
    });

    it('writes no summary when summary is false, but still completes the statistics file', async () => {
      const job = await withStd(new Job(modeEnv));
      generateModule(job.workspace, { packages: 2 });
      assert.equal((await job.step('main', { [Inputs.Summary]: 'false' })).code, 0);
      assert.equal((await job.go(['build', './...'])).code, 0);
      const post = await job.step('post', { [Inputs.Summary]: 'false' });
      assert.equal(post.code, 0);
      assert.equal(job.summary(), '');
      assert.ok(Number(job.stats().misses) > 0);
    });
  });

  for (const kind of BUCKET_KINDS) {
    describe(`action: ${kind} backend (${mode})`, () => {
      let server: BucketServer;
      const bucket = 'action-e2e';
      let toxiproxy: Toxiproxy;
      let slow: Proxy;

      before(async () => {
        server = await startBucketServer(kind);
        await server.createBucket(bucket);
        toxiproxy = await startToxiproxy();
        // A remote 100 ms away: uploads are still in flight when a go process closes.
        slow = await toxiproxy.createProxy(`action-e2e-slow-${kind}`, server.port);
        await slow.addToxic({ type: 'latency', stream: 'upstream', attributes: { latency: 100 } });
      });
      after(async () => {
        await toxiproxy?.stop();
        await server?.stop();
      });

      /** The job's inputs and env (credentials, the emulator) for this store at `endpoint`. */
      function setup(
        opts: { prefix?: string; endpoint?: string } = {},
        extra: Partial<Record<Inputs, string>> = {},
      ): { inputs: Partial<Record<Inputs, string>>; env: Record<string, string> } {
        const { inputs, env } = server.action(bucket, opts);
        return { inputs: { ...inputs, ...extra }, env: { ...env, ...modeEnv } };
      }

      it('falls back to the local cache with a warning when the bucket is unreachable, and the job stays green', async () => {
        const { inputs, env: jobEnv } = setup(
          { endpoint: `http://127.0.0.1:${await closedPort()}` },
          { [Inputs.RemoteCheckTimeout]: '3s' },
        );
        const job = await withStd(new Job(jobEnv));
        generateModule(job.workspace, { packages: 3 });
        const main = await job.step('main', inputs);
        assert.equal(main.code, 0, main.stdout + main.stderr);
        assert.deepEqual(annotations(main.stdout, 'error'), []);
        const warnings = annotations(main.stdout, 'warning');
        assert.equal(warnings.length, 1, main.stdout);
        assert.match(
          warnings[0],
          /^::warning title=Go build cache%3A remote unavailable::gobuildcache: the remote cache (s3|gs):\/\/action-e2e\/gobuildcache\/ cannot be used: .+ This job falls back to the local disk cache\./,
        );
        assert.ok(warnings[0]?.includes(`${server.scheme}://action-e2e/`), warnings[0]);

        const env = job.exported();
        assert.equal(env.GOBUILDCACHE_BACKEND_TYPE, 'disk');
        assert.ok(env.GOCACHEPROG);
        const build = await job.go(['build', './...']);
        assert.equal(build.code, 0, build.stderr);

        const post = await job.step('post', inputs);
        assert.equal(post.code, 0, post.stdout + post.stderr);
        assert.match(job.summary(), /The remote cache was not used: .+ This job used the local disk cache only\./);
        assert.equal(job.stats().remoteHits, 0);
        assert.equal(job.outputs().backend, 'disk');
      });

      it('uploads what go left in the spool from the post step, so the next job builds nothing', async () => {
        const prefix = 'spool-test/';
        // upload-wait 0s: every go process hands its pending uploads to the spool at close, and
        // the slow proxy makes sure some are pending.
        const { inputs, env: jobEnv } = setup({ prefix, endpoint: slow.endpoint }, { [Inputs.UploadWait]: '0s' });
        const first = await withStd(new Job(jobEnv));
        generateModule(first.workspace, { packages: 8, withTests: true });
        const main = await first.step('main', inputs);
        assert.equal(main.code, 0, main.stdout + main.stderr);
        assert.deepEqual(annotations(main.stdout, 'warning'), [], main.stdout);

        const env = first.exported();
        assert.equal(env.GOBUILDCACHE_BACKEND_TYPE, kind);
        if (kind === 's3') {
          assert.equal(env.GOBUILDCACHE_S3_BUCKET, bucket);
          assert.equal(env.GOBUILDCACHE_S3_PREFIX, prefix);
          assert.equal(env.GOBUILDCACHE_AWS_ENDPOINT_URL_S3, slow.endpoint);
          assert.equal(env.GOBUILDCACHE_AWS_S3_USE_PATH_STYLE, 'true');
          assert.equal(env.GOBUILDCACHE_AWS_REGION, inputs[Inputs.S3Region]);
        } else {
          assert.equal(env.GOBUILDCACHE_GCS_BUCKET, bucket);
          assert.equal(env.GOBUILDCACHE_GCS_PREFIX, prefix);
        }
        assert.equal(env.GOBUILDCACHE_UPLOAD_WAIT, '0ms');
        // Credentials stay where the workflow put them: never copied into GITHUB_ENV or the log.
        for (const secret of [jobEnv.AWS_SECRET_ACCESS_KEY].filter((v) => v !== undefined)) {
          assert.doesNotMatch(fs.readFileSync(first.files.env, 'utf8'), new RegExp(secret));
          assert.doesNotMatch(main.stdout + main.stderr, new RegExp(secret));
        }

        const build = await first.go(['build', '-x', './...']);
        assert.equal(build.code, 0, build.stderr);
        assert.ok(build.compiles >= 8, `cold build compiled ${build.compiles}`);
        const test = await first.go(['test', './...']);
        assert.equal(test.code, 0, test.stdout + test.stderr);
        const spoolDir = env.GOBUILDCACHE_SPOOL_DIR;
        // Per process, each go command hands what it could not upload to the spool at close; the job
        // server keeps uploading across go commands, owing them only in its journal.
        const spooled = fileCount(spoolDir);
        assert.ok(spooled > 0, 'uploads were owed (spool entries or the journal) when the go commands ended');

        const post = await first.step('post', inputs);
        assert.equal(post.code, 0, post.stdout + post.stderr);
        assert.deepEqual(annotations(post.stdout, 'warning'), [], post.stdout);
        const out = first.stats();
        assert.equal(out.uploadsPending, 0, JSON.stringify(out));
        assert.ok(Number(out.bytesUploaded) > 0, JSON.stringify(out));
        assert.equal(out.verificationRejects, 0);
        assert.equal(fileCount(spoolDir), 0, 'the post step emptied the spool');
        const keys = await server.listKeys(bucket, prefix);
        assert.ok(keys.length > 0, 'objects are in the bucket');
        const summary = first.summary();
        assert.ok(summary.includes(`<h2>Go build cache (${server.scheme}://action-e2e/spool-test/)</h2>`), summary);
        assert.match(summary, /<tr><td>uploaded by the post step<\/td><td>\d+ \(0 failed\)<\/td><\/tr>/);
        assert.match(summary, /<tr><td>still pending<\/td><td>0<\/td><\/tr>/);

        // A second job on a fresh machine: same bucket, a local cache holding only std. Everything
        // the first job compiled must now come from the remote, which proves the drain uploaded all of it.
        // No prefetch: this test proves the drain by counting remote hits, which a prefetch would turn into local ones.
        const { inputs: direct, env: directEnv } = setup({ prefix }, { [Inputs.Prefetch]: 'false' });
        const second = await withStd(new Job(directEnv, first.workspace));
        assert.equal((await second.step('main', direct)).code, 0);
        const warm = await second.go(['build', '-x', './...']);
        assert.equal(warm.code, 0, warm.stderr);
        assert.equal(warm.compiles, 0, 'the whole build came from the remote cache');
        const warmTest = await second.go(['test', './...']);
        assert.equal(warmTest.code, 0, warmTest.stdout + warmTest.stderr);
        assert.match(warmTest.stdout, /\(cached\)/);
        const post2 = await second.step('post', direct);
        assert.equal(post2.code, 0, post2.stdout + post2.stderr);
        const out2 = second.stats();
        // Compiles and test results are proven above; a miss or two can remain (go looks up some
        // keys it never stores), so the outputs are checked for the remote's share only.
        assert.ok(Number(out2.remoteHits) > Number(out2.misses), JSON.stringify(out2));
        assert.ok(Number(out2.bytesDownloaded) > 0, JSON.stringify(out2));
        assert.match(second.summary(), /"Remote hits" : \d+/);
      });

      /**
       * Bounded wait for the prefetch: a prefetcher process leaves prefetch-*.json in the stats dir
       * when done; the job server says so in its log.
       */
      async function prefetchDone(job: Job): Promise<void> {
        const statsDir = job.exported().GOBUILDCACHE_STATS_DIR;
        const log = path.join(path.dirname(statsDir), jobServer ? 'server.log' : 'prefetch.log');
        const done = (): boolean =>
          jobServer
            ? fs.existsSync(log) && /prefetch: (downloaded|no manifest)/.test(fs.readFileSync(log, 'utf8'))
            : fs.readdirSync(statsDir).some((n) => n.startsWith('prefetch-') && n.endsWith('.json'));
        for (let i = 0; i < 600; i++) {
          if (done()) return;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        assert.fail(`the prefetch did not finish within 60 s; its log:\n${fs.readFileSync(log, 'utf8')}`);
      }

      it('the post step records the job manifest; the next run prefetches it in the background and compiles nothing', async (t) => {
        const prefix = 'manifest-test/';
        const ci = PUSH_TO_MAIN;
        /** Manifests of every trust scope: the default branch writes scope default, pull request 7 scope pr-7. */
        const manifestKeys = async (): Promise<string[]> =>
          (await server.listKeys(bucket, prefix)).filter((k) => k.includes('/manifests/'));
        const { inputs, env: credentials } = setup({ prefix });
        const first = await withStd(new Job({ ...credentials, ...ci }));
        generateModule(first.workspace, { packages: 8, withTests: true });
        const main = await first.step('main', inputs);
        assert.equal(main.code, 0, main.stdout + main.stderr);
        const key = first.state()['manifest-key'] ?? '';
        assert.match(key, /^Linux-X64-go1\.\d+[\w.-]*-CI-test\/main$/);
        assert.match(
          main.stdout,
          new RegExp(`Manifest: ${key.replace(/[.]/g, '\\.')} \\(restore keys: .*-CI-test/\\)`),
        );
        if (jobServer) assert.ok(first.state()['server-file'], 'the job server prefetches');
        else assert.ok(Number(first.state()['prefetch-pid']) > 0, 'a prefetcher was started');
        await prefetchDone(first);
        assert.equal((await first.go(['build', './...'])).code, 0);
        const test = await first.go(['test', './...']);
        assert.equal(test.code, 0, test.stdout + test.stderr);
        const post = await first.step('post', inputs);
        assert.equal(post.code, 0, post.stdout + post.stderr);
        assert.deepEqual(annotations(post.stdout, 'warning'), [], post.stdout);
        assert.match(
          post.stdout,
          new RegExp(
            `recorded \\d+ action ids as the manifest ${key.replace(/[.]/g, '\\.')} for the next run's prefetch`,
          ),
        );
        assert.match(
          post.stdout,
          /no manifest under .*; nothing to prefetch/,
          'the prefetch log is shown in the post step',
        );
        assert.equal(first.stats().prefetched, 0);
        assert.match(
          first.summary(),
          /Nothing was prefetched: no manifest of this job existed yet; the next run prefetches from the one this run recorded\./,
        );
        assert.deepEqual(await manifestKeys(), [`${prefix}scopes/default/manifests/v1/${key}`]);
        assert.match(first.summary(), /Trust scope: wrote <code>default<\/code>; read <code>default<\/code>\./);

        // The next run on a fresh machine: the main step starts the prefetch and returns at once.
        const second = new Job({ ...credentials, ...ci }, first.workspace);
        const started = Date.now();
        const main2 = await second.step('main', inputs);
        assert.equal(main2.code, 0, main2.stdout + main2.stderr);
        const mainMs = Date.now() - started;
        await prefetchDone(second);
        const build = await second.go(['build', '-x', './...']);
        assert.equal(build.code, 0, build.stderr);
        assert.equal(
          build.compiles,
          0,
          `the prefetch brought the whole build; compiled ${compiledPackages(build.stderr).join(' ')}`,
        );
        const test2 = await second.go(['test', './...']);
        assert.equal(test2.code, 0, test2.stdout + test2.stderr);
        assert.match(test2.stdout, /\(cached\)/);
        const post2 = await second.step('post', inputs);
        assert.equal(post2.code, 0, post2.stdout + post2.stderr);
        assert.deepEqual(annotations(post2.stdout, 'warning'), [], post2.stdout);
        const out = second.stats();
        assert.ok(Number(out.prefetched) > 0, JSON.stringify(out));
        assert.equal(out.remoteHits, 0, 'go found everything on local disk');
        const summary = second.summary();
        assert.match(
          summary,
          /<tr><td>prefetched before use<\/td><td>\d+ of \d+ listed \([\d.]+ [KM]iB\) in [\d.]+ s<\/td><\/tr>/,
        );
        assert.match(summary, /entries were prefetched from the remote before go asked for them/);
        t.diagnostic(`main step ${mainMs} ms; prefetched ${out.prefetched} entries (${out.bytesDownloaded} bytes)`);

        // A pull request reads main's manifest but writes only its own pr- key, even from a branch named main.
        const mainObject = `${prefix}scopes/default/manifests/v1/${key}`;
        const mainBytes = await server.getObject(bucket, mainObject);
        assert.ok(mainBytes);
        const pr = new Job(
          {
            ...credentials,
            ...ci,
            GITHUB_EVENT_NAME: 'pull_request',
            GITHUB_REF: 'refs/pull/7/merge',
            GITHUB_HEAD_REF: 'main',
            GITHUB_BASE_REF: 'main',
            GITHUB_REF_NAME: '7/merge',
          },
          first.workspace,
        );
        assert.equal((await pr.step('main', inputs)).code, 0);
        assert.equal(pr.state()['manifest-key'], key.replace(/\/main$/, '/pr-main'));
        await prefetchDone(pr);
        assert.equal((await pr.go(['build', './...'])).code, 0);
        assert.equal((await pr.step('post', inputs)).code, 0);
        assert.ok(Number(pr.stats().prefetched) > 0, "the PR prefetched from main's manifest");
        assert.deepEqual(await server.getObject(bucket, mainObject), mainBytes, "main's manifest is untouched");
        assert.deepEqual(
          await manifestKeys(),
          [
            `${prefix}scopes/default/manifests/v1/${key}`,
            `${prefix}scopes/pr-7/manifests/v1/${key.replace(/\/main$/, '/pr-main')}`,
          ].sort(),
        );
        assert.match(
          pr.summary(),
          /Trust scope: wrote <code>pr-7<\/code>; read <code>pr-7<\/code>, then <code>default<\/code>\./,
        );
      });
    });
  }
}

describe('action: normalize-mtimes', () => {
  const FRUIT = path.join('pkg', 'p0', 'testdata', 'fruit.txt');

  /** A workspace that is a git checkout of a small module, its times those of a checkout 10 minutes ago. */
  function checkedOut(job: Job): void {
    generateModule(job.workspace, { packages: 2, withTests: true, testReadsFile: true });
    git(job.workspace, 'init', '-q');
    git(job.workspace, 'add', '-A');
    git(job.workspace, 'commit', '-q', '-m', 'module');
    stampCheckout(job.workspace, Math.floor(Date.now() / 1000) - 600);
  }

  it("the main step sets the tracked files' times from their content before go runs", async () => {
    const job = new Job();
    checkedOut(job);
    const main = await job.step('main');
    assert.equal(main.code, 0, main.stdout + main.stderr);
    assert.deepEqual(annotations(main.stdout, 'warning'), []);
    assert.match(main.stdout, /normalize-mtimes: set the times of \d+ files, 0 symlinks and \d+ directories/);
    const blob = git(job.workspace, 'rev-parse', `HEAD:${FRUIT}`).trim();
    assert.equal(
      Number(fs.statSync(path.join(job.workspace, FRUIT), { bigint: true }).mtimeNs / 1000n),
      timeForId(blob),
    );
    // The post step finishes what the main step started (the job server).
    assert.equal((await job.step('post')).code, 0);
  });

  it('normalize-mtimes: false leaves the checkout alone', async () => {
    const job = new Job();
    checkedOut(job);
    const before = fs.statSync(path.join(job.workspace, FRUIT), { bigint: true }).mtimeNs;
    const main = await job.step('main', { [Inputs.NormalizeMtimes]: 'false' });
    assert.equal(main.code, 0, main.stdout + main.stderr);
    assert.doesNotMatch(main.stdout, /normalize-mtimes/);
    assert.equal(fs.statSync(path.join(job.workspace, FRUIT), { bigint: true }).mtimeNs, before);
    assert.equal((await job.step('post', { [Inputs.NormalizeMtimes]: 'false' })).code, 0);
  });

  it('a workspace that is not a git checkout gets one notice, no warning', async () => {
    const job = new Job();
    generateModule(job.workspace, { packages: 2 });
    const main = await job.step('main');
    assert.equal(main.code, 0, main.stdout + main.stderr);
    assert.deepEqual(annotations(main.stdout, 'warning'), []);
    const notices = main.stdout.split('\n').filter((l) => l.startsWith('::notice'));
    assert.equal(notices.length, 1, main.stdout);
    assert.match(notices[0], /normalize-mtimes: .* is not a git checkout .*nothing was changed/);
    assert.equal((await job.step('post')).code, 0);
  });
});
