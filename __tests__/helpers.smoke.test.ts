// Checks the test helpers themselves against the real tools, so a broken helper shows up here
// with a plain message instead of as a mysterious failure in every e2e test.
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { cacheprogCommand, ENTRYPOINT, runGo, tempDir } from './helpers/go.js';
import { generateModule } from './helpers/go-module.js';
import { startS3Server, type S3Server } from './helpers/s3-server.js';
import { startToxiproxy, type Proxy, type Toxiproxy } from './helpers/toxiproxy.js';

function clientFor(s3: S3Server, endpoint: string): S3Client {
  return new S3Client({
    endpoint,
    region: s3.region,
    forcePathStyle: true,
    credentials: { accessKeyId: s3.accessKey, secretAccessKey: s3.secretKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    // One attempt: the fault tests must see the fault, not a retry that hides it.
    maxAttempts: 1,
  });
}

async function getText(client: S3Client, bucket: string, key: string): Promise<string> {
  const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }), {
    abortSignal: AbortSignal.timeout(10_000),
  });
  assert.ok(out.Body, 'GetObject returned no body');
  return out.Body.transformToString();
}

describe('S3 server and Toxiproxy helpers', () => {
  let s3: S3Server;
  let toxiproxy: Toxiproxy;
  let proxy: Proxy;
  const bucket = 'smoke';

  before(async () => {
    s3 = await startS3Server();
    toxiproxy = await startToxiproxy();
    await s3.createBucket(bucket);
    proxy = await toxiproxy.createProxy('s3-smoke', s3.port);
  });
  after(async () => {
    await toxiproxy?.stop();
    await s3?.stop();
  });

  test('objects round-trip and live as plain files under dataDir', async () => {
    const client = clientFor(s3, s3.endpoint);
    try {
      const body = Buffer.from('hello from the smoke test');
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'a/b/object', Body: body }), {
        abortSignal: AbortSignal.timeout(10_000),
      });
      assert.equal(await getText(client, bucket, 'a/b/object'), body.toString());
      const file = s3.objectPath(bucket, 'a/b/object');
      assert.ok(file.startsWith(s3.dataDir));
      assert.deepEqual(fs.readFileSync(file), body);
      assert.deepEqual(await s3.listKeys(bucket), ['a/b/object']);
      assert.deepEqual(await s3.listKeys(bucket, 'x/'), []);
    } finally {
      client.destroy();
    }
  });

  test('env() points our entrypoint at the server with GOBUILDCACHE_ names only', () => {
    const env = s3.env(bucket, { prefix: 'p/', endpoint: proxy.endpoint });
    assert.equal(env.GOBUILDCACHE_BACKEND_TYPE, 's3');
    assert.equal(env.GOBUILDCACHE_S3_BUCKET, bucket);
    assert.equal(env.GOBUILDCACHE_S3_PREFIX, 'p/');
    assert.equal(env.GOBUILDCACHE_AWS_ENDPOINT_URL_S3, proxy.endpoint);
    assert.equal(env.GOBUILDCACHE_AWS_S3_USE_PATH_STYLE, 'true');
    assert.ok(Object.keys(env).every((k) => k.startsWith('GOBUILDCACHE_')));
    assert.equal(s3.env(bucket).GOBUILDCACHE_AWS_ENDPOINT_URL_S3, s3.endpoint);
  });

  test('a latency toxic delays requests through the proxy', async () => {
    const client = clientFor(s3, proxy.endpoint);
    try {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'slow', Body: Buffer.from('x') }), {
        abortSignal: AbortSignal.timeout(10_000),
      });
      await proxy.addToxic({ type: 'latency', attributes: { latency: 200 } });
      const started = performance.now();
      assert.equal(await getText(client, bucket, 'slow'), 'x');
      const elapsed = performance.now() - started;
      assert.ok(elapsed >= 200, `request took ${elapsed.toFixed(0)} ms, expected the 200 ms toxic to apply`);
    } finally {
      await proxy.removeToxics();
      client.destroy();
    }
  });

  test('reset_peer makes requests fail, and removing it heals the proxy', async () => {
    const client = clientFor(s3, proxy.endpoint);
    try {
      await proxy.addToxic({ type: 'reset_peer', attributes: { timeout: 0 } });
      await assert.rejects(getText(client, bucket, 'a/b/object'));
      await proxy.removeToxics();
      assert.equal(await getText(client, bucket, 'a/b/object'), 'hello from the smoke test');
    } finally {
      await proxy.removeToxics();
      client.destroy();
    }
  });

  test('a disabled proxy refuses connections until enabled again', async () => {
    const client = clientFor(s3, proxy.endpoint);
    try {
      await proxy.disable();
      await assert.rejects(getText(client, bucket, 'a/b/object'));
      await proxy.enable();
      assert.equal(await getText(client, bucket, 'a/b/object'), 'hello from the smoke test');
    } finally {
      await proxy.enable();
      client.destroy();
    }
  });
});

describe('go and go-module helpers', () => {
  test("a generated module builds, vets and passes its tests with go's own cache", { timeout: 300_000 }, async () => {
    const dir = tempDir('smoke-module');
    generateModule(dir, { packages: 6, withTests: true, testReadsFile: true, name: 'smoke' });
    assert.ok(fs.existsSync(path.join(dir, 'pkg', 'p0', 'testdata', 'fruit.txt')));
    const gocache = tempDir('smoke-gocache');

    const build = await runGo(['build', '-x', './...'], { cwd: dir, gocache, cacheprog: null });
    assert.equal(build.code, 0, build.stderr);
    // 6 packages + the command, plus the std packages fmt/sort/strconv/strings need.
    assert.ok(build.compiles >= 7, `expected at least 7 compiles, -x showed ${build.compiles}`);
    const again = await runGo(['build', '-x', './...'], { cwd: dir, gocache, cacheprog: null });
    assert.equal(again.code, 0, again.stderr);
    assert.equal(again.compiles, 0, "go's own cache should make the second build compile nothing");

    const vet = await runGo(['vet', './...'], { cwd: dir, gocache, cacheprog: null });
    assert.equal(vet.code, 0, vet.stderr);
    const tests = await runGo(['test', './...'], { cwd: dir, gocache, cacheprog: null });
    assert.equal(tests.code, 0, tests.stdout + tests.stderr);
    assert.equal(tests.stdout.match(/^ok\s/gm)?.length, 7, tests.stdout);
  });

  test('runGo reports a failing command with its exit code and stderr', async () => {
    const dir = tempDir('smoke-broken');
    fs.writeFileSync(path.join(dir, 'go.mod'), 'module example.com/broken\n\ngo 1.24\n');
    fs.writeFileSync(path.join(dir, 'main.go'), 'package main\n\nfunc main() { undefinedName() }\n');
    const res = await runGo(['build', './...'], { cwd: dir, cacheprog: null });
    assert.notEqual(res.code, 0);
    assert.match(res.stderr, /undefinedName/);
  });

  test('cacheprogCommand quotes fields the way go splits GOCACHEPROG', () => {
    const cmd = cacheprogCommand(['-cache-dir', '/tmp/with space', '-debug']);
    assert.ok(cmd.includes(ENTRYPOINT));
    assert.ok(cmd.endsWith(` -cache-dir '/tmp/with space' -debug`), cmd);
    assert.equal(cacheprogCommand(["it's"]).split(' ').pop(), `"it's"`);
  });
});
