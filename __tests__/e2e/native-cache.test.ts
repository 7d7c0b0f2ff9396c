// backend s3 with native-cache: true, end to end: the committed action bundles
// (helpers/action-job.ts), versitygw on 127.0.0.1 and the real go command reading GOCACHE
// natively between the steps. A populating job uploads what go added and saves the manifest; a
// fresh machine restores it into go's own cache, compiles nothing and uploads nothing; a pull
// request writes only its own scope; a tampered pack part is dropped; a bucket that goes away
// before the post step is one warning.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Inputs } from '../../src/action/constants.js';
import { annotations, Job, PULL_REQUEST_7, PUSH_TO_MAIN, withStd } from '../helpers/action-job.js';
import { generateModule } from '../helpers/go-module.js';
import { tempDir } from '../helpers/proc.js';
import { startS3Server, type S3Server } from '../helpers/s3-server.js';
import { startToxiproxy, type Proxy, type Toxiproxy } from '../helpers/toxiproxy.js';

const BUCKET = 's3-native';
const PREFIX = 'native/';
function allCached(stdout: string): boolean {
  const ok = stdout.split('\n').filter((l) => /^ok\s/.test(l));
  return ok.length > 0 && ok.every((l) => l.includes('(cached)'));
}

describe("action: backend s3 with go's own cache (native-cache: true)", () => {
  let s3: S3Server;
  let toxi: Toxiproxy;
  let proxy: Proxy;
  let credentials: Record<string, string>;
  const workspace = path.join(tempDir('s3-native-ws'), 'repo');

  before(async () => {
    s3 = await startS3Server();
    await s3.createBucket(BUCKET);
    toxi = await startToxiproxy();
    proxy = await toxi.createProxy('s3-native', s3.port);
    credentials = { AWS_ACCESS_KEY_ID: s3.accessKey, AWS_SECRET_ACCESS_KEY: s3.secretKey, ...PUSH_TO_MAIN };
    generateModule(workspace, { packages: 6, withTests: true, name: 'native' });
  });
  after(async () => {
    await toxi?.stop();
    await s3?.stop();
  });

  const inputs = (endpoint = s3.endpoint): Partial<Record<Inputs, string>> => ({
    [Inputs.S3Bucket]: BUCKET,
    [Inputs.S3Prefix]: PREFIX,
    [Inputs.S3Endpoint]: endpoint,
    [Inputs.S3PathStyle]: 'true',
    [Inputs.S3Region]: s3.region,
    [Inputs.NativeCache]: 'true',
  });

  /** Every object with its modification time: what a post step that uploads nothing leaves as it was. */
  const objects = async (): Promise<Map<string, number>> =>
    new Map(
      (await s3.listKeys(BUCKET, PREFIX)).map((k) => [k, fs.statSync(s3.objectPath(BUCKET, k)).mtimeMs] as const),
    );

  async function job(env: Record<string, string>, opts: { std?: boolean; endpoint?: string } = {}) {
    const j = new Job({ ...credentials, ...env }, workspace);
    if (opts.std) await withStd(j);
    const main = await j.step('main', inputs(opts.endpoint));
    assert.equal(main.code, 0, main.stdout + main.stderr);
    assert.deepEqual(annotations(main.stdout, 'error'), [], main.stdout);
    return { j, main };
  }

  async function post(j: Job, endpoint?: string) {
    const started = Date.now();
    const result = await j.step('post', inputs(endpoint));
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.deepEqual(annotations(result.stdout, 'error'), [], result.stdout);
    return { ...result, ms: Date.now() - started };
  }

  it('uploads what go added; a fresh machine compiles nothing with GOCACHEPROG empty and uploads nothing', async (t) => {
    const a = await job({ GITHUB_RUN_ID: '1' }, { std: true });
    assert.equal(a.j.exported().GOCACHEPROG, '', 'go uses its own cache');
    assert.equal(a.j.outputs()['cache-hit'], 'false');
    assert.equal((await a.j.go(['build', './...'])).code, 0);
    assert.equal((await a.j.go(['test', './...'])).code, 0);
    // go run caches the executable in go's own cache (a directory named by its content).
    const ranA = await a.j.go(['run', './cmd/native']);
    assert.equal(ranA.code, 0, ranA.stderr);
    const aPost = await post(a.j);
    assert.deepEqual(annotations(aPost.stdout, 'warning'), [], aPost.stdout);
    const stats = a.j.stats();
    assert.ok(Number(stats.uploaded) > 0 && stats.failed === 0, JSON.stringify(stats));
    const keys = [...(await objects()).keys()];
    assert.ok(
      keys.some((k) => k.startsWith(`${PREFIX}scopes/default/manifests/v1/`)),
      `a manifest was saved: ${keys.join(' ')}`,
    );
    assert.ok(
      keys.some((k) => k.startsWith(`${PREFIX}scopes/default/packs/v2/`)),
      'with a pack',
    );

    const b = await job({ GITHUB_RUN_ID: '2' });
    const exported = b.j.exported();
    assert.equal(exported.GOCACHEPROG, '');
    assert.ok(exported.GOCACHE?.endsWith(`${path.sep}go-build`), exported.GOCACHE);
    const out = b.j.outputs();
    assert.equal(out['cache-hit'], 'true');
    assert.ok(out['restored-key']?.length, 'restored-key names the manifest');
    assert.ok(Number(out['restored-entries']) > 0 && Number(out['restored-bytes']) > 0);
    assert.equal(out.scope, 'default');
    assert.deepEqual(annotations(b.main.stdout, 'warning'), [], b.main.stdout);
    const build = await b.j.go(['build', '-x', './...']);
    assert.equal(build.code, 0, build.stderr);
    assert.equal(build.compiles, 0, 'the whole build came from the restored cache');
    const test = await b.j.go(['test', './...']);
    assert.ok(allCached(test.stdout), test.stdout);
    const ranB = await b.j.go(['run', './cmd/native']);
    assert.equal(ranB.code, 0, ranB.stderr);
    assert.equal(ranB.stdout, ranA.stdout);

    const before = await objects();
    const bPost = await post(b.j);
    assert.deepEqual(annotations(bPost.stdout, 'warning'), [], bPost.stdout);
    assert.deepEqual(await objects(), before, 'nothing new: nothing uploaded, no manifest rewritten');
    assert.equal(b.j.stats().uploaded, 0);
    assert.match(b.j.summary(), /go&#39;s own cache|go's own cache/);
    t.diagnostic(`post step with nothing new: ${bPost.ms} ms (node start included)`);
    assert.ok(bPost.ms < 5_000, `post step took ${bPost.ms} ms`);
  });

  it('on a persistent cache-dir, the next job downloads nothing go already holds, and uploads nothing', async () => {
    const cacheDir = tempDir('s3-native-persistent');
    const persistent = { ...inputs(), [Inputs.CacheDir]: cacheDir };
    const runJob = async (runId: string) => {
      const j = new Job({ ...credentials, GITHUB_RUN_ID: runId }, workspace);
      const main = await j.step('main', persistent);
      assert.equal(main.code, 0, main.stdout + main.stderr);
      assert.deepEqual(annotations(main.stdout, 'warning'), [], main.stdout);
      assert.equal(j.exported().GOCACHE, path.join(cacheDir, 'go-build'));
      const build = await j.go(['build', '-x', './...']);
      assert.equal(build.compiles, 0, build.stderr);
      const result = await j.step('post', persistent);
      assert.equal(result.code, 0, result.stdout + result.stderr);
      return j.stats();
    };
    const first = await runJob('10');
    assert.ok(Number(first.bytesDownloaded) > 0);
    const before = await objects();
    const second = await runJob('11');
    assert.equal(second.bytesDownloaded, 0, JSON.stringify(second));
    assert.ok(Number(second.alreadyLocal) > 0);
    assert.equal(second.uploaded, 0);
    assert.deepEqual(await objects(), before);
  });

  it('a pull request writes only its own scope', async () => {
    const before = await objects();
    const file = path.join(workspace, 'pkg', 'p0', 'p0.go');
    const original = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, `${original}\nfunc PullRequestOnly() int { return 7 }\n`);
    try {
      const pr = await job({ ...PULL_REQUEST_7, GITHUB_RUN_ID: '3' });
      assert.equal(pr.j.outputs().scope, 'pr-7');
      const build = await pr.j.go(['build', '-x', './...']);
      assert.equal(build.code, 0, build.stderr);
      assert.ok(build.compiles >= 1, 'the changed package was compiled');
      await post(pr.j);
      assert.ok(Number(pr.j.stats().uploaded) > 0);
    } finally {
      fs.writeFileSync(file, original);
    }
    const after = await objects();
    const written = [...after.keys()].filter((k) => before.get(k) !== after.get(k));
    assert.ok(written.length > 0);
    assert.deepEqual(
      written.filter((k) => !k.startsWith(`${PREFIX}scopes/pr-7/`)),
      [],
      'nothing outside the pull request scope changed',
    );
  });

  it('drops the records of a tampered pack part: counted, one warning, the build green and right', async () => {
    const parts = (await s3.listKeys(BUCKET, `${PREFIX}scopes/default/packs/v2/`)).map((k) => s3.objectPath(BUCKET, k));
    assert.ok(parts.length > 0);
    for (const file of parts) {
      const body = fs.readFileSync(file);
      for (let at = 64; at < body.length; at += 997) body[at] ^= 0x5a;
      fs.writeFileSync(file, body);
    }
    // And some entry objects, which the prefetch fetches one by one for the records it dropped.
    const entries = (await s3.listKeys(BUCKET, `${PREFIX}scopes/default/`)).filter(
      (k) => !k.includes('/packs/') && !k.includes('/manifests/'),
    );
    assert.ok(entries.length > 0);
    for (const key of entries.slice(0, 3)) {
      const file = s3.objectPath(BUCKET, key);
      const body = fs.readFileSync(file);
      body[body.length - 1] ^= 0x5a;
      fs.writeFileSync(file, body);
    }
    const c = await job({ GITHUB_RUN_ID: '4' });
    const warnings = annotations(c.main.stdout, 'warning');
    assert.equal(warnings.length, 1, c.main.stdout);
    assert.match(warnings[0], /did not match their name \(sha256\) and were dropped/);
    assert.ok(Number(c.j.stats().rejected) > 0);
    const test = await c.j.go(['test', './...']);
    assert.equal(test.code, 0, test.stdout + test.stderr);
    await post(c.j);
  });

  it('a bucket down at the main step is the remote-unavailable warning, and the job stays green', async () => {
    await proxy.disable();
    try {
      // std in the local cache dir, as after an earlier job: the fallback builds on it.
      const j = await withStd(new Job({ ...credentials, GITHUB_RUN_ID: '6' }, workspace));
      const main = await j.step('main', { ...inputs(proxy.endpoint), [Inputs.RemoteCheckTimeout]: '2s' });
      assert.equal(main.code, 0, main.stdout + main.stderr);
      const warnings = annotations(main.stdout, 'warning');
      assert.equal(warnings.length, 1, main.stdout);
      assert.match(warnings[0], /remote unavailable/);
      assert.equal((await j.go(['build', './...'])).code, 0);
      await post(j, proxy.endpoint);
    } finally {
      await proxy.enable();
    }
  });

  it('a bucket gone before the post step is one warning, and the job stays green', async () => {
    const file = path.join(workspace, 'pkg', 'p1', 'p1.go');
    const original = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, `${original}\nfunc Offline() int { return 1 }\n`);
    try {
      const d = await job({ GITHUB_RUN_ID: '5' }, { endpoint: proxy.endpoint });
      assert.equal((await d.j.go(['build', './...'])).code, 0);
      await proxy.disable();
      try {
        const result = await d.j.step('post', { ...inputs(proxy.endpoint), [Inputs.DrainTimeout]: '5s' });
        assert.equal(result.code, 0, result.stdout + result.stderr);
        const warnings = annotations(result.stdout, 'warning');
        assert.equal(warnings.length, 1, result.stdout);
        assert.match(warnings[0], /The build was not affected/);
      } finally {
        await proxy.enable();
      }
    } finally {
      fs.writeFileSync(file, original);
    }
  });
});
