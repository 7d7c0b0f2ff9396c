// The local store under a hostile machine (issue 22), through the runner simulation: a cache dir
// that loses shards, vanishes or is cleared under a live job server; a disk that is full from the
// start; a self-hosted runner's persistent cache-dir shared by a pull request and the default
// branch. Real go command, committed bundles and bridge, versitygw where a remote is needed.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { Inputs } from '../../src/action/constants.js';
import { LocalStore } from '../../src/cacheprog/store/local-store.js';
import { annotations, Job, PULL_REQUEST_7 } from '../helpers/action-job.js';
import { generateModule } from '../helpers/go-module.js';
import { ENTRYPOINT, runGo, tempDir, type GoResult } from '../helpers/go.js';
import { startS3Server, type S3Server } from '../helpers/s3-server.js';
import { seedBucket, seedStd, warmStd } from '../helpers/warm-std.js';

const run = promisify(execFile);
const TIMEOUT = 600_000;
const MOD = 'example.com/demo';
/** A push to the default branch: the trusted scope, which writes a shared cache dir. */
const DEFAULT_BRANCH = { GITHUB_EVENT_NAME: 'push', GITHUB_REF: 'refs/heads/main', GITHUB_REF_NAME: 'main' };

let s3: S3Server;
before(async () => {
  s3 = await startS3Server();
});
after(async () => {
  await s3?.stop();
});

function ok(res: GoResult, what: string): void {
  assert.equal(res.code, 0, `${what} failed (exit ${res.code}):\n${res.stdout}\n${res.stderr.slice(-3000)}`);
}

/** Builds cmd/demo into a fresh path and returns what the binary prints. */
async function buildAndRun(
  job: Job,
  what: string,
  env: Record<string, string> = {},
): Promise<{ res: GoResult; output: string }> {
  const bin = path.join(tempDir('bin'), 'demo');
  const exported = { ...job.env, ...job.exported(), ...env };
  const res = await runGo(['build', '-x', '-o', bin, './cmd/demo'], {
    cwd: job.workspace,
    env: exported,
    gocache: job.gocache,
    cacheprog: exported.GOCACHEPROG ?? null,
    timeoutMs: 300_000,
  });
  ok(res, what);
  return { res, output: (await run(bin, [], { timeout: 30_000 })).stdout };
}

/** Every file under a store's a/ and o/, relative to it. */
function storeFiles(dir: string): string[] {
  return ['a', 'o'].flatMap((sub) => {
    const root = path.join(dir, sub);
    if (!fs.existsSync(root)) return [];
    return fs
      .readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && !e.name.startsWith('.'))
      .map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
  });
}

describe('local store faults (issue 22)', { timeout: TIMEOUT }, () => {
  it('shards deleted, the cache dir removed, clear-local mid-job: every later go command is green and nothing is reported uploaded that was not', async () => {
    const bucket = 'local-faults-vanish';
    await s3.createBucket(bucket);
    // std in the bucket: after the cache dir goes, go gets it back from the remote instead of compiling it.
    await seedBucket(s3.env(bucket));
    const job = new Job({ AWS_ACCESS_KEY_ID: s3.accessKey, AWS_SECRET_ACCESS_KEY: s3.secretKey, ...DEFAULT_BRANCH });
    await seedStd(path.join(job.runnerTemp, 'gobuildcache', 'cache'), { link: false });
    generateModule(job.workspace, { packages: 4, withTests: true });
    const inputs = {
      [Inputs.Backend]: 's3',
      [Inputs.S3Bucket]: bucket,
      [Inputs.S3Endpoint]: s3.endpoint,
      [Inputs.S3PathStyle]: 'true',
      [Inputs.S3Region]: s3.region,
      [Inputs.Prefetch]: 'false',
    };
    const main = await job.step('main', inputs);
    assert.equal(main.code, 0, main.stdout + main.stderr);
    const cacheDir = job.exported().GOBUILDCACHE_CACHE_DIR;
    assert.ok(cacheDir && job.exported().GOCACHEPROG?.includes('bridge'), 'a job server behind the bridge');

    const { output: expected } = await buildAndRun(job, 'first build');
    const goCommands = async (what: string): Promise<void> => {
      const { output } = await buildAndRun(job, `go build after ${what}`);
      assert.equal(output, expected, `the binary built after ${what} prints what the first one did`);
      ok(await job.go(['vet', './...']), `go vet after ${what}`);
      ok(await job.go(['test', '-count=1', './...']), `go test after ${what}`);
    };

    // Half the shards of both halves of the store, as a cleanup cron might.
    for (const sub of ['a', 'o'])
      for (let i = 0; i < 256; i += 2)
        fs.rmSync(path.join(cacheDir, sub, i.toString(16).padStart(2, '0')), { recursive: true, force: true });
    await goCommands('half the shards were deleted');
    fs.rmSync(cacheDir, { recursive: true, force: true });
    await goCommands('the cache dir was removed');
    const cleared = await run(process.execPath, [ENTRYPOINT, 'clear-local'], {
      env: { ...process.env, ...job.exported() },
      timeout: 60_000,
    });
    assert.match(cleared.stderr, /cleared the local cache/);
    await goCommands('clear-local');

    const post = await job.step('post', inputs);
    assert.equal(post.code, 0, post.stdout + post.stderr);
    const lost = /(\d+) entr(?:y was|ies were) not uploaded because their local files were deleted/.exec(post.stdout);
    if (lost)
      assert.doesNotMatch(
        post.stdout,
        /uploaded them from the spool/,
        'no claim of a full upload when entries were lost',
      );
    assert.doesNotMatch(
      post.stdout,
      /local cache could not store/,
      'every put was stored, in a directory made again where need be',
    );

    // A fresh machine on the same bucket and checkout path: what was reported uploaded is there.
    const fresh = new Job(
      { AWS_ACCESS_KEY_ID: s3.accessKey, AWS_SECRET_ACCESS_KEY: s3.secretKey, ...DEFAULT_BRANCH },
      job.workspace,
    );
    assert.equal((await fresh.step('main', inputs)).code, 0);
    const again = await buildAndRun(fresh, 'fresh machine');
    assert.equal(again.output, expected);
    if (!lost) assert.equal(again.res.compiles, 0, 'every entry was uploaded, as the post step said');
    assert.equal((await fresh.step('post', inputs)).code, 0);
  });

  it('a disk full from the start: puts are refused, no entry handed to go is deleted, the build is green', async (t) => {
    const mount = tempDir('local-faults-tmpfs');
    const warm = await warmStd();
    // tmpfs counts whole pages, and a directory takes one too.
    const pages = (n: number): number => Math.ceil(n / 4096) * 4096 + 4096;
    const stdBytes = storeFiles(warm.cacheDir).reduce(
      (n, f) => n + pages(fs.statSync(path.join(warm.cacheDir, f)).size),
      512 * 4096,
    );
    try {
      await run('mount', ['-t', 'tmpfs', '-o', `size=${stdBytes + 4 * 1024 * 1024}`, 'tmpfs', mount], {
        timeout: 10_000,
      });
    } catch (err) {
      t.skip(`cannot mount a tmpfs here: ${(err as Error).message.split('\n')[0]}`);
      return;
    }
    try {
      await seedStd(mount, { link: false });
      // Used 30 minutes ago, by an earlier job on this runner: old enough for a trim that spares
      // only the last minutes, young enough that a hit does not mark it used again.
      const old = new Date(Date.now() - 30 * 60_000);
      const seeded = storeFiles(mount);
      for (const f of seeded) fs.utimesSync(path.join(mount, f), old, old);
      // Full: what is left goes to a file of its own, made before the job starts.
      const filler = fs.openSync(path.join(mount, 'filler'), 'w');
      try {
        const chunk = Buffer.alloc(64 * 1024, 1);
        for (;;) fs.writeSync(filler, chunk);
      } catch (err) {
        assert.equal((err as NodeJS.ErrnoException).code, 'ENOSPC');
      } finally {
        fs.closeSync(filler);
      }

      const job = new Job(DEFAULT_BRANCH);
      generateModule(job.workspace, { packages: 4, withTests: true });
      const inputs = { [Inputs.Backend]: 'disk', [Inputs.CacheDir]: mount, [Inputs.CacheMaxSize]: '0' };
      const main = await job.step('main', inputs);
      assert.equal(main.code, 0, main.stdout + main.stderr);
      assert.equal(job.exported().GOBUILDCACHE_CACHE_DIR, mount, 'the default branch writes the cache dir itself');
      const { res, output } = await buildAndRun(job, 'build on a full disk');
      assert.match(output, /p3/);
      ok(await job.go(['vet', './...']), 'go vet on a full disk');
      const post = await job.step('post', inputs);
      assert.equal(post.code, 0, post.stdout + post.stderr);
      assert.match(
        post.stdout,
        /the local cache could not store \d+ entr/,
        `the refused puts are reported:\n${post.stdout}`,
      );
      const left = new Set(storeFiles(mount));
      const gone = seeded.filter((f) => !left.has(f));
      assert.deepEqual(gone, [], 'no entry of the store was deleted while go commands were using it');
      assert.ok(res.compiles > 0, 'the module was compiled, its puts refused');
    } finally {
      await run('umount', ['-l', mount], { timeout: 10_000 }).catch(() => {});
    }
  });

  it('a persistent cache-dir: a pull request reads it but writes a store of its own; its plant is not used by the default branch', async () => {
    const shared = await seedStd(tempDir('local-faults-shared'), { link: false });
    const before = new Set(storeFiles(shared));
    const pr = new Job(PULL_REQUEST_7);
    generateModule(pr.workspace, { packages: 3 });
    const inputs = { [Inputs.Backend]: 'disk', [Inputs.CacheDir]: shared };
    const main = await pr.step('main', inputs);
    assert.equal(main.code, 0, main.stdout + main.stderr);
    const own = pr.exported().GOBUILDCACHE_CACHE_DIR;
    assert.notEqual(own, shared, 'a pull request does not write the shared cache dir');
    assert.equal(pr.exported().GOBUILDCACHE_SHARED_CACHE_DIR, shared);
    assert.match(main.stdout, /Local cache: reads .* writes /);

    // The clean build, with go's hash of each action: the compile of cmd/demo is the target.
    const clean = await buildAndRun(pr, 'pull request, clean source', { GODEBUG: 'gocachehash=1' });
    const cleanId = compileActionId(clean.res.stderr, `${MOD}/cmd/demo`);
    const mainGo = path.join(pr.workspace, 'cmd', 'demo', 'main.go');
    const source = fs.readFileSync(mainGo, 'utf8');
    fs.writeFileSync(
      mainGo,
      source.replace('fmt.Fprintln(os.Stdout, render(len(os.Args)))', 'fmt.Fprintln(os.Stdout, "PWNED")'),
    );
    const evil = await buildAndRun(pr, 'pull request, planted source', { GODEBUG: 'gocachehash=1' });
    assert.equal(evil.output.trim(), 'PWNED');
    const evilEntry = new LocalStore(own).get(compileActionId(evil.res.stderr, `${MOD}/cmd/demo`));
    assert.ok(evilEntry, 'the variant compile is in the store the pull request writes');
    fs.writeFileSync(mainGo, source);
    // The plant: the clean compile's action id names the variant's output, in the store this job writes.
    new LocalStore(own).putEntry(cleanId, evilEntry);
    assert.equal(
      (await buildAndRun(pr, 'pull request, planted entry')).output.trim(),
      'PWNED',
      'the plant works where it was written',
    );
    assert.equal((await pr.step('post', inputs)).code, 0);
    assert.deepEqual(
      storeFiles(shared).filter((f) => !before.has(f)),
      [],
      'the pull request added nothing to the shared cache dir',
    );

    const main2 = new Job(DEFAULT_BRANCH, pr.workspace);
    assert.equal((await main2.step('main', inputs)).code, 0);
    assert.equal(main2.exported().GOBUILDCACHE_CACHE_DIR, shared, 'the default branch writes the shared cache dir');
    assert.equal(main2.exported().GOBUILDCACHE_SHARED_CACHE_DIR, undefined);
    const built = await buildAndRun(main2, 'default branch');
    assert.equal(built.output, clean.output, 'the default branch builds the clean source');
    const post = await main2.step('post', inputs);
    assert.equal(post.code, 0);
    assert.deepEqual(annotations(post.stdout, 'warning'), []);
    assert.ok(
      storeFiles(shared).some((f) => !before.has(f)),
      'the default branch wrote the shared cache dir',
    );
  });
});

/** go's own hash of the compile action of `pkg`, as GODEBUG=gocachehash=1 prints it. */
function compileActionId(stderr: string, pkg: string): string {
  const head = `HASH[build ${pkg}]: `;
  const ids = stderr
    .split('\n')
    .filter((l) => l.startsWith(head))
    .map((l) => l.slice(head.length).trim())
    .filter((v) => /^[0-9a-f]{64}$/.test(v));
  assert.equal(ids.length, 1, `one action id for ${pkg} in the gocachehash output, got ${ids.length}`);
  return ids[0];
}
