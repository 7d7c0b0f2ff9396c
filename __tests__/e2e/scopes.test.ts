// Trust scopes end to end (issue 13): a pull request's job plants an object, in our own format
// with a consistent header and sha256, under the action id of the default branch's `cmd/app`
// compile; the default branch's next build on a fresh machine must not use it. The same attack
// without scopes is served, which is what makes the scoped assertions mean something.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { generateModule } from '../helpers/go-module.js';
import { ENTRYPOINT, runGo, tempDir } from '../helpers/go.js';
import { newMachine, type Machine } from '../helpers/machine.js';
import { fromS3, startBucketServer, type BucketKind, type BucketServer } from '../helpers/bucket-server.js';
import { startS3Server, type S3Server } from '../helpers/s3-server.js';
import { encodeObject } from '../../src/cacheprog/remote/object-format.js';
import { aggregateStatsDir } from '../../src/cacheprog/stats.js';
import { LocalStore } from '../../src/cacheprog/store/local-store.js';
import { seedStd, warmStd } from '../helpers/warm-std.js';

const run = promisify(execFile);
const PWNED = 'PWNED by an untrusted PR job';
const MOD = 'example.com/demo';
const APP = `${MOD}/cmd/demo`;
let s3: S3Server;
let gcs: BucketServer | undefined;
/** The store each bucket lives in: S3 unless newBucket was asked for another. */
const stores = new Map<string, BucketServer>();
let bucketSeq = 0;
let goOwnCache: string | undefined;
/** One GOCACHE for the builds that use go's own cache only (the reference), holding std from the start. */
const GO_OWN_CACHE = async (): Promise<string> => {
  if (!goOwnCache) {
    goOwnCache = tempDir('gocache-own');
    fs.cpSync((await warmStd()).gocache, goOwnCache, { recursive: true });
  }
  return goOwnCache;
};

/**
 * A fresh machine of this bucket whose local dir already holds std (helpers/warm-std.ts): what
 * the scopes decide is which module entries a job may read and write, and compiling std on
 * every machine would take most of the test's time.
 */
async function machine(bucket: string, opts: { env?: Record<string, string> } = {}): Promise<Machine> {
  const m = newMachine(storeOf(bucket), bucket, opts);
  await seedStd(m.cacheDir);
  return m;
}

before(async () => {
  s3 = await startS3Server();
});
after(async () => {
  await Promise.all([s3?.stop(), gcs?.stop()]);
});

function storeOf(bucket: string): BucketServer {
  return stores.get(bucket) ?? fromS3(s3);
}

async function newBucket(kind: BucketKind = 's3'): Promise<string> {
  const name = `gbc-scopes-${++bucketSeq}`;
  const server = kind === 's3' ? fromS3(s3) : (gcs ??= await startBucketServer('gcs'));
  await server.createBucket(name);
  stores.set(name, server);
  return name;
}

const DEFAULT_BRANCH = { GOBUILDCACHE_SCOPE: 'default' };
const PULL_REQUEST = { GOBUILDCACHE_SCOPE: 'pr-7', GOBUILDCACHE_READ_SCOPES: 'default' };

/** go's own hash of the compile action of `pkg`, as GODEBUG=gocachehash=1 prints it: the key go asks GOCACHEPROG for. */
function compileActionId(stderr: string, pkg: string): string {
  // Each hash prints its inputs as quoted lines first, then the sum as bare hex.
  const head = `HASH[build ${pkg}]: `;
  const ids = stderr
    .split('\n')
    .filter((l) => l.startsWith(head))
    .map((l) => l.slice(head.length).trim())
    .filter((v) => /^[0-9a-f]{64}$/.test(v));
  const near = stderr
    .split('\n')
    .filter((l) => l.includes(`[build ${pkg}]`))
    .slice(-5);
  assert.equal(
    ids.length,
    1,
    `one action id for ${pkg} in the gocachehash output, got ${ids.length}; its last lines naming the package:\n${near.join('\n')}\nstderr tail:\n${stderr.slice(-1500)}`,
  );
  return ids[0];
}

async function buildAndRun(dir: string, env: Record<string, string>, extraEnv: Record<string, string> = {}) {
  const bin = path.join(tempDir('bin'), 'app');
  const build = await runGo(['build', '-o', bin, './cmd/demo'], {
    cwd: dir,
    env: { ...env, ...extraEnv },
    timeoutMs: 240_000,
  });
  if (build.code !== 0) return { build, output: undefined };
  const { stdout } = await run(bin, [], { timeout: 30_000 });
  return { build, output: stdout.trim() };
}

interface Plant {
  cleanId: string;
  plantedOutputId: string;
  /** What the clean source prints, built with go's own cache and no GOCACHEPROG. */
  expected: string;
}

/**
 * The attack, as a pull request's job can run it with the job's credentials: build a variant of
 * cmd/demo that prints PWNED (in the same checkout path, so its archive links with the clean
 * dependencies), take the compile output from the job's local cache, and PUT it as an object of
 * ours under the action id of the clean source's compile (which anyone can compute: the source
 * is public) at `key(actionId)`.
 */
async function plant(dir: string, pr: Machine, bucket: string, key: (actionId: string) => string): Promise<Plant> {
  const mainGo = path.join(dir, 'cmd', 'demo', 'main.go');
  const clean = fs.readFileSync(mainGo, 'utf8');
  const refBin = path.join(tempDir('bin'), 'ref');
  const reference = await runGo(['build', '-o', refBin, './cmd/demo'], {
    cwd: dir,
    cacheprog: null,
    gocache: await GO_OWN_CACHE(),
    env: { GODEBUG: 'gocachehash=1' },
  });
  assert.equal(reference.code, 0, reference.stderr);
  const cleanId = compileActionId(reference.stderr, APP);
  const expected = (await run(refBin, [], { timeout: 30_000 })).stdout.trim();
  assert.doesNotMatch(expected, /PWNED/);

  const evil = clean.replace(
    'fmt.Fprintln(os.Stdout, render(len(os.Args)))',
    `fmt.Fprintln(os.Stdout, ${JSON.stringify(PWNED)})`,
  );
  assert.notEqual(evil, clean, 'the variant differs from the clean source');
  fs.writeFileSync(mainGo, evil);
  let evilId: string;
  try {
    // The action id hashes the inputs, not the cache, so go's own cache names it as the pull
    // request's job does. Read from that build: under load, a build through GOCACHEPROG printed
    // no gocachehash line for this package in two full-suite runs (2026-12-03), never alone.
    const id = await runGo(['build', '-o', path.join(tempDir('bin'), 'evil'), './cmd/demo'], {
      cwd: dir,
      cacheprog: null,
      gocache: await GO_OWN_CACHE(),
      env: { GODEBUG: 'gocachehash=1' },
    });
    assert.equal(id.code, 0, id.stderr);
    evilId = compileActionId(id.stderr, APP);
    const built = await buildAndRun(dir, pr.env);
    assert.equal(built.output, PWNED, built.build.stderr.slice(-2000));
  } finally {
    fs.writeFileSync(mainGo, clean);
  }
  assert.notEqual(evilId, cleanId);
  const entry = new LocalStore(pr.cacheDir).get(evilId);
  assert.ok(entry, "the variant compile is in the pull request job's local cache");
  const body = await new LocalStore(pr.cacheDir).readOutput(entry);
  // Self-consistent: header, size and sha256 all match the planted payload.
  const object = await encodeObject(cleanId, { outputId: entry.outputId, size: entry.size, time: entry.time }, body, {
    compression: true,
  });
  await storeOf(bucket).putObject(bucket, key(cleanId), object);
  return { cleanId, plantedOutputId: entry.outputId, expected };
}

describe('trust scopes with the real go command', () => {
  for (const kind of ['s3', 'gcs'] as const) {
    it(`a pull request plants an entry under the default branch's action id (${kind}): the default branch builds clean source correctly, only pr-7 sees it`, async () => {
      const bucket = await newBucket(kind);
      const dir = tempDir('module');
      generateModule(dir, { packages: 4 });

      // The default branch has built before: its scope holds the dependencies, not cmd/demo's new compile.
      const warm = await machine(bucket, { env: DEFAULT_BRANCH });
      assert.equal((await runGo(['build', './pkg/...'], { cwd: dir, env: warm.env })).code, 0);

      const pr = await machine(bucket, { env: PULL_REQUEST });
      const planted = await plant(dir, pr, bucket, (id) => `gobuildcache/scopes/pr-7/v1/${id}`);
      const keys = await storeOf(bucket).listKeys(bucket);
      assert.ok(
        keys.every((k) => k.startsWith('gobuildcache/scopes/default/') || k.startsWith('gobuildcache/scopes/pr-7/')),
        keys.join('\n'),
      );
      assert.ok(
        keys.some((k) => k.startsWith('gobuildcache/scopes/pr-7/v1/')),
        'the pull request job uploaded into its own scope',
      );

      // The default branch's next build, on a fresh machine.
      const main = await machine(bucket, { env: DEFAULT_BRANCH });
      const built = await buildAndRun(dir, main.env);
      assert.equal(built.build.code, 0, built.build.stderr);
      assert.equal(built.output, planted.expected, 'the default branch linked its own compile of the clean source');
      const used = new LocalStore(main.cacheDir).get(planted.cleanId);
      assert.ok(used, 'the default branch looked up (and stored) the very action id that was planted');
      assert.notEqual(used.outputId, planted.plantedOutputId, '0 planted entries served');
      const c = aggregateStatsDir(main.statsDir).counters;
      assert.ok(c.remoteHits > 0, 'the dependencies still came from the default scope');
      assert.equal(c.verifyRejects, 0);

      // The same plant is live in its own scope: another job of the pull request is served it.
      const prAgain = await machine(bucket, { env: PULL_REQUEST });
      const poisoned = await buildAndRun(dir, prAgain.env);
      assert.equal(
        poisoned.output,
        PWNED,
        'pr-7 reads its own scope first: the plant is valid, just not trusted by the default branch',
      );
    });
  }

  it('without scopes the same plant is served to the default branch (the attack the scopes stop)', async () => {
    const bucket = await newBucket();
    const dir = tempDir('module');
    generateModule(dir, { packages: 4 });
    const warm = await machine(bucket);
    assert.equal((await runGo(['build', './pkg/...'], { cwd: dir, env: warm.env })).code, 0);

    const pr = await machine(bucket);
    const planted = await plant(dir, pr, bucket, (id) => `gobuildcache/v1/${id}`);

    const main = await machine(bucket);
    const built = await buildAndRun(dir, main.env);
    // Either the planted code is linked and runs, or (a plant that does not link) the build breaks.
    assert.ok(built.output === PWNED || built.build.code !== 0, `expected the plant to be served, got ${built.output}`);
    assert.equal(
      new LocalStore(main.cacheDir).get(planted.cleanId)?.outputId,
      planted.plantedOutputId,
      'the planted entry was served',
    );
    assert.equal(
      aggregateStatsDir(main.statsDir).counters.verifyRejects,
      0,
      'and it passed verification: sha256 proves self-consistency, not provenance',
    );
  });

  it("manifests follow the scopes: a pull request's manifest under the default branch's key is not restored by the default branch", async () => {
    const bucket = await newBucket();
    const dir = tempDir('module');
    generateModule(dir, { packages: 3 });
    const pr = await machine(bucket, { env: PULL_REQUEST });
    assert.equal((await runGo(['build', './...'], { cwd: dir, env: pr.env })).code, 0);
    const saved = await run(process.execPath, [ENTRYPOINT, 'save-manifest', '-manifest-key', 'job/main'], {
      env: { ...process.env, ...pr.env },
    });
    assert.match(saved.stderr, /saved/i);
    const manifests = (await s3.listKeys(bucket)).filter((k) => k.includes('/manifests/') || k.includes('/packs/'));
    assert.ok(manifests.length >= 2, manifests.join('\n'));
    assert.ok(
      manifests.every((k) => k.startsWith('gobuildcache/scopes/pr-7/')),
      manifests.join('\n'),
    );

    const main = await machine(bucket, { env: DEFAULT_BRANCH });
    const restored = await run(process.execPath, [ENTRYPOINT, 'prefetch', '-manifest-key', 'job/main'], {
      env: { ...process.env, ...main.env },
    });
    assert.match(restored.stderr, /no manifest under job\/main/);
    assert.equal(aggregateStatsDir(main.statsDir).counters.prefetched, 0);

    // A pull request's next job reads its own scope, then the default branch's.
    const prAgain = await machine(bucket, { env: PULL_REQUEST });
    const own = await run(
      process.execPath,
      [ENTRYPOINT, 'prefetch', '-manifest-key', 'job/pr-x', '-manifest-restore-keys', 'job/main'],
      { env: { ...process.env, ...prAgain.env } },
    );
    assert.match(own.stderr, /manifest job\/main lists/);
    assert.ok(aggregateStatsDir(prAgain.statsDir).counters.prefetched > 0, own.stderr);
  });

  it('credentials enforce the scope: a pull-request key allowed to write only scopes/pr-7/ is denied everywhere else, and the build stays green', async () => {
    const bucket = await newBucket();
    const [access, secret] = ['pr-writer-key', 'pr-writer-secret-0123456789'];
    await s3.createUser(access, secret);
    // The policy the README shows for the pull-request role, as a bucket policy on the test server.
    const cache = `arn:aws:s3:::${bucket}/gobuildcache`;
    await s3.putBucketPolicy(bucket, {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: [access] },
          Action: ['s3:ListBucket'],
          Resource: [`arn:aws:s3:::${bucket}`],
        },
        { Effect: 'Allow', Principal: { AWS: [access] }, Action: ['s3:GetObject'], Resource: [`${cache}/scopes/*`] },
        {
          Effect: 'Allow',
          Principal: { AWS: [access] },
          Action: ['s3:PutObject'],
          Resource: [`${cache}/scopes/pr-7/*`],
        },
      ],
    });
    const prKey = { GOBUILDCACHE_AWS_ACCESS_KEY_ID: access, GOBUILDCACHE_AWS_SECRET_ACCESS_KEY: secret };
    const dir = tempDir('module');
    generateModule(dir, { packages: 3 });

    const pr = await machine(bucket, { env: { ...PULL_REQUEST, ...prKey } });
    const own = await runGo(['build', './...'], { cwd: dir, env: pr.env });
    assert.equal(own.code, 0, own.stderr);
    const c = aggregateStatsDir(pr.statsDir).counters;
    assert.ok(
      c.uploads > 0 && c.uploadFailures === 0,
      `the key may write its own scope (${c.uploads} uploads, ${c.uploadFailures} failures)`,
    );
    assert.ok((await s3.listKeys(bucket)).every((k) => k.startsWith('gobuildcache/scopes/pr-7/')));

    // The job's code can ignore the action's scope and aim at the default branch's: denied.
    const attacker = await machine(bucket, { env: { GOBUILDCACHE_SCOPE: 'default', ...prKey } });
    const aimed = await runGo(['build', './...'], { cwd: dir, env: attacker.env });
    assert.equal(aimed.code, 0, `a denied upload never fails the build:\n${aimed.stderr}`);
    const a = aggregateStatsDir(attacker.statsDir).counters;
    assert.equal(a.uploads, 0, 'no upload outside scopes/pr-7/ succeeded');
    // The first denied upload switches writes off for the process (issue 14): refused, never retried.
    assert.ok(
      a.writesDenied > 0 && a.uploadsDenied + a.uploadFailures + a.spooled > 0,
      'the uploads were attempted and refused',
    );
    const unscoped = await machine(bucket, { env: prKey });
    assert.equal((await runGo(['build', './...'], { cwd: dir, env: unscoped.env })).code, 0);
    assert.equal(aggregateStatsDir(unscoped.statsDir).counters.uploads, 0, 'nor under the unscoped layout');
    const keys = await s3.listKeys(bucket);
    assert.ok(
      keys.every((k) => k.startsWith('gobuildcache/scopes/pr-7/')),
      keys.filter((k) => !k.startsWith('gobuildcache/scopes/pr-7/')).join('\n'),
    );
  });
});
