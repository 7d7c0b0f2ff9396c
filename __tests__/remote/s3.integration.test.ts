// The remote chain against a real S3 server (versitygw) and real network faults (Toxiproxy).
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { parseCommandLine, type Config } from '../../src/cacheprog/config.js';
import { IntegrityError, type Backend, type EntryMeta } from '../../src/cacheprog/remote/backend.js';
import { CircuitBreakerBackend, RemoteDisabledError } from '../../src/cacheprog/remote/circuit-breaker.js';
import { EntryBackend } from '../../src/cacheprog/remote/entry-backend.js';
import { MAGIC, objectKey } from '../../src/cacheprog/remote/object-format.js';
import { openRemote, type RemoteHooks } from '../../src/cacheprog/remote/open-remote.js';
import { S3RequestError } from '../../src/cacheprog/remote/s3/errors.js';
import { openS3Store, type S3ObjectStore } from '../../src/cacheprog/remote/s3/index.js';
import { Stats } from '../../src/cacheprog/stats.js';
import { startS3Server, type S3Server } from '../helpers/s3-server.js';
import { startToxiproxy, type Proxy, type Toxiproxy } from '../helpers/toxiproxy.js';

const BUCKET = 'remote-tests';
const TIMEOUT_MS = 1500;
/** Slack on top of a deadline for a loaded CI machine; far below "hung". */
const SLACK_MS = 3000;

let s3: S3Server;
let toxiproxy: Toxiproxy;
const opened: Backend[] = [];

before(async () => {
  s3 = await startS3Server();
  await s3.createBucket(BUCKET);
  toxiproxy = await startToxiproxy();
});

after(async () => {
  for (const b of opened) await b.close().catch(() => {});
  await toxiproxy?.stop();
  await s3?.stop();
});

function actionId(): string {
  return crypto.randomBytes(32).toString('hex');
}

function entry(body: Buffer): EntryMeta {
  return {
    outputId: crypto.createHash('sha256').update(body).digest('hex'),
    size: body.length,
    time: new Date('2026-03-04T05:06:07.089Z'),
  };
}

interface Setup {
  backend: Backend;
  config: Config;
  env: Record<string, string>;
  warnings: string[];
  stats: Stats;
}

/** The whole chain, as a process opens it. */
async function createBackend(config: Config, hooks: RemoteHooks): Promise<Backend | undefined> {
  return (await openRemote(config, hooks))?.backend;
}

/** The bare entries of one S3 store, no decorators. */
async function bareEntries(
  config: Config,
  env: Record<string, string>,
  listPageSize?: number,
): Promise<{ backend: EntryBackend; store: S3ObjectStore }> {
  assert.ok(config.s3);
  const store = await openS3Store({ s3: config.s3, remoteTimeoutMs: TIMEOUT_MS, warn: () => {}, env, listPageSize });
  const backend = new EntryBackend(store, { compression: true });
  opened.push(backend);
  return { backend, store };
}

async function setup(opts: {
  prefix: string;
  endpoint?: string;
  flags?: string[];
  env?: Record<string, string>;
  breaker?: RemoteHooks['breaker'];
}): Promise<Setup> {
  const env = { ...s3.env(BUCKET, { prefix: opts.prefix, endpoint: opts.endpoint }), ...opts.env };
  const { config } = parseCommandLine(['-remote-timeout', `${TIMEOUT_MS}ms`, ...(opts.flags ?? [])], env);
  const warnings: string[] = [];
  const stats = new Stats('s3');
  const backend = await createBackend(config, { stats, warn: (m) => warnings.push(m), env, breaker: opts.breaker });
  assert.ok(backend instanceof CircuitBreakerBackend, 'backend s3 builds a chain with the breaker outermost');
  opened.push(backend);
  return { backend, config, env, warnings, stats };
}

async function timed<T>(p: Promise<T>): Promise<{ ms: number; result: PromiseSettledResult<T> }> {
  const started = performance.now();
  const [result] = await Promise.allSettled([p]);
  return { ms: performance.now() - started, result: result };
}

function rejection(r: PromiseSettledResult<unknown>): Error {
  assert.equal(r.status, 'rejected', 'expected a rejection');
  return r.reason as Error;
}

describe('S3 backend against versitygw', () => {
  it('round-trips small, empty and compressible entries and stores self-describing objects', async () => {
    const { backend, warnings } = await setup({ prefix: 'rt/' });
    await backend.check();
    const cases = [
      Buffer.from('stdout of a test\n'),
      Buffer.alloc(0),
      Buffer.from('archive line\n'.repeat(10_000)),
      crypto.randomBytes(300 * 1024),
    ];
    for (const body of cases) {
      const id = actionId();
      const meta = entry(body);
      const up = await backend.put(id, meta, body);
      const got = await backend.get(id);
      assert.ok(got, 'a hit');
      assert.ok(got.body.equals(body));
      assert.equal(got.outputId, meta.outputId);
      assert.equal(got.size, body.length);
      assert.equal(got.time.toISOString(), meta.time.toISOString());
      assert.equal(got.transferredBytes, up.transferredBytes, 'the same object went up and came down');
      const stored = fs.readFileSync(s3.objectPath(BUCKET, objectKey('rt/', id)));
      assert.equal(stored.subarray(0, MAGIC.length).toString(), MAGIC);
      assert.equal(stored.length, up.transferredBytes);
    }
    const compressible = cases[2];
    const id = actionId();
    const up = await backend.put(id, entry(compressible), compressible);
    assert.ok(
      up.transferredBytes < compressible.length / 5,
      `gzip shrank ${compressible.length} to ${up.transferredBytes}`,
    );
    assert.deepEqual(warnings, []);
  });

  it('misses on an absent key without counting a failure', async () => {
    const { backend, warnings } = await setup({ prefix: 'miss/' });
    for (let i = 0; i < 5; i++) assert.equal(await backend.get(actionId()), undefined);
    assert.equal((backend as CircuitBreakerBackend).state, 'closed');
    assert.deepEqual(warnings, []);
  });

  it('lets the newer output of an action win', async () => {
    const { backend } = await setup({ prefix: 'newer/' });
    const id = actionId();
    await backend.put(id, entry(Buffer.from('first build')), Buffer.from('first build'));
    await backend.put(id, entry(Buffer.from('second build')), Buffer.from('second build'));
    assert.equal((await backend.get(id))?.body.toString(), 'second build');
  });

  it('stores nothing in read-only mode but still reads', async () => {
    const writer = await setup({ prefix: 'ro/' });
    const reader = await setup({ prefix: 'ro/', flags: ['-read-only'] });
    const id = actionId();
    const body = Buffer.from('shared');
    await writer.backend.put(id, entry(body), body);
    assert.equal((await reader.backend.get(id))?.body.toString(), 'shared');
    const other = actionId();
    assert.deepEqual(await reader.backend.put(other, entry(body), body), { transferredBytes: 0 });
    assert.deepEqual(await s3.listKeys(BUCKET, 'ro/'), [objectKey('ro/', id)]);
  });

  it('keeps connections alive: misses, puts and hits reuse a socket', async () => {
    const { backend } = await setup({ prefix: 'keepalive/' });
    await backend.check();
    let connections = 0;
    const original = http.Agent.prototype.createConnection;
    http.Agent.prototype.createConnection = function (this: http.Agent, ...args: Parameters<typeof original>) {
      connections++;
      return original.apply(this, args);
    };
    try {
      const body = crypto.randomBytes(20_000);
      for (let i = 0; i < 20; i++) {
        const id = actionId();
        assert.equal(await backend.get(id), undefined);
        await backend.put(id, entry(body), body);
        assert.ok((await backend.get(id))?.body.equals(body));
      }
    } finally {
      http.Agent.prototype.createConnection = original;
    }
    // 60 requests one after another: a new connection each (a TLS handshake each, on S3) would
    // cost more than the requests themselves.
    assert.ok(connections <= 1, `${connections} new connections for 60 sequential requests`);
  });

  it('works with the SDK default checksums too', async () => {
    const { backend, config } = await setup({
      prefix: 'crc/',
      env: { GOBUILDCACHE_S3_CHECKSUM_WHEN_REQUIRED: 'false' },
    });
    assert.equal(config.s3?.checksumWhenRequired, false);
    const id = actionId();
    const body = crypto.randomBytes(5000);
    await backend.put(id, entry(body), body);
    assert.ok((await backend.get(id))?.body.equals(body));
    assert.equal(await backend.clear(), 1);
  });

  describe('rejects tampered objects as IntegrityError, never as an outage', () => {
    const tamperCases: [string, (file: string, other: string) => void, RegExp][] = [
      [
        'a flipped payload byte',
        (file) => {
          const b = fs.readFileSync(file);
          b[b.length - 1] = b[b.length - 1] ^ 0x01;
          fs.writeFileSync(file, b);
        },
        /sha256 is .* expected|gzip payload does not decode/,
      ],
      ['a truncated object', (file) => fs.truncateSync(file, fs.statSync(file).size - 7), /truncated/],
      ['an object cut inside its header', (file) => fs.truncateSync(file, MAGIC.length + 10), /header line is missing/],
      ['an object that is not ours', (file) => fs.writeFileSync(file, 'hello'), /does not start with/],
      ['another action’s object', (file, other) => fs.copyFileSync(other, file), /wrong key/],
      [
        'a flipped byte in the header size',
        (file) => {
          const b = fs.readFileSync(file);
          fs.writeFileSync(file, Buffer.from(b.toString('latin1').replace('"size":2000', '"size":2001'), 'latin1'));
        },
        /bytes but the header says|bytes, expected 2001/,
      ],
    ];
    for (const [name, tamper, pattern] of tamperCases) {
      it(name, async () => {
        const { backend, warnings } = await setup({ prefix: 'tamper/', flags: ['-compression=false'] });
        const id = actionId();
        const other = actionId();
        const body = crypto.randomBytes(2000);
        await backend.put(id, entry(body), body);
        await backend.put(other, entry(Buffer.from('other')), Buffer.from('other'));
        tamper(s3.objectPath(BUCKET, objectKey('tamper/', id)), s3.objectPath(BUCKET, objectKey('tamper/', other)));
        for (let i = 0; i < 4; i++) {
          await assert.rejects(backend.get(id), (err: unknown) => {
            assert.ok(err instanceof IntegrityError, `IntegrityError expected, got ${String(err)}`);
            assert.match(err.message, pattern);
            return true;
          });
        }
        assert.equal((backend as CircuitBreakerBackend).state, 'closed', 'corrupt objects are answers, not outages');
        assert.deepEqual(warnings, []);
      });
    }
  });

  it('reports a missing bucket as a failure that names bucket, status and code', async () => {
    const env = { ...s3.env('no-such-bucket', { prefix: 'x/' }) };
    const { config } = parseCommandLine(['-remote-timeout', `${TIMEOUT_MS}ms`], env);
    const warnings: string[] = [];
    const backend = await createBackend(config, { warn: (m) => warnings.push(m), env });
    assert.ok(backend);
    opened.push(backend);
    const err = rejection((await timed(backend.get(actionId()))).result);
    assert.ok(err instanceof S3RequestError);
    assert.match(
      err.message,
      /GetObject x\/v1\/[0-9a-f]{64} on http:\/\/127\.0\.0\.1:\d+ failed: HTTP 404 NoSuchBucket/,
    );
    await assert.rejects(backend.check(), /HeadBucket bucket no-such-bucket .* HTTP 404/);
    assert.equal(warnings.length, 1, 'the failed check opened the breaker with one warning');
    assert.match(warnings[0], /disabled for this go command: remote check failed: .*404/);
  });

  it('never puts credentials in errors or warnings', async () => {
    const wrongSecret = 'WRONG-secret-value-that-must-not-leak';
    const { backend, warnings, stats } = await setup({
      prefix: 'creds/',
      env: { GOBUILDCACHE_AWS_SECRET_ACCESS_KEY: wrongSecret },
    });
    const messages: string[] = [];
    for (const call of [() => backend.check(), () => backend.get(actionId())]) {
      try {
        await call();
        assert.fail('expected a rejection');
      } catch (err) {
        messages.push((err as Error).message, String((err as Error).stack));
      }
    }
    messages.push(...warnings);
    assert.match(messages[0], /HTTP 403 SignatureDoesNotMatch|HTTP 403/);
    for (const m of messages) {
      assert.ok(!m.includes(wrongSecret), `secret leaked: ${m}`);
      assert.ok(!m.includes(s3.accessKey), `access key leaked: ${m}`);
    }
    assert.equal(stats.counters.remoteDisabled, 1);
  });

  describe('clear()', () => {
    it('deletes everything under the prefix, across pages, and nothing outside it', async () => {
      const body = Buffer.from('c');
      const target = await setup({ prefix: 'clr/' });
      const lookalike = await setup({ prefix: 'clr-other/' });
      const ids = Array.from({ length: 23 }, actionId);
      await Promise.all(ids.map((id) => target.backend.put(id, entry(body), body)));
      const keep = actionId();
      await lookalike.backend.put(keep, entry(body), body);

      const { backend: paged } = await bareEntries(target.config, target.env, 5);
      assert.equal(await paged.clear(), 23);
      assert.deepEqual(await s3.listKeys(BUCKET, 'clr/'), []);
      assert.deepEqual(await s3.listKeys(BUCKET, 'clr-other/'), [objectKey('clr-other/', keep)]);
      assert.equal(await target.backend.clear(), 0, 'clearing an empty prefix is a no-op');
      assert.equal(await lookalike.backend.get(keep).then((e) => e?.body.toString()), 'c');
    });

    it('is refused in read-only mode', async () => {
      const { backend } = await setup({ prefix: 'clr-ro/', flags: ['-read-only'] });
      await assert.rejects(backend.clear(), /read-only/);
    });
  });
});

describe('S3 backend behind Toxiproxy', () => {
  let proxy: Proxy;
  let seq = 0;

  before(async () => {
    proxy = await toxiproxy.createProxy('s3', s3.port);
  });

  async function fresh(prefix: string, breaker?: RemoteHooks['breaker']): Promise<Setup> {
    await proxy.removeToxics();
    await proxy.enable();
    return setup({ prefix: `${prefix}-${++seq}/`, endpoint: proxy.endpoint, breaker });
  }

  it('serves through the proxy when the network is healthy', async () => {
    const { backend } = await fresh('ok');
    const id = actionId();
    await backend.put(id, entry(Buffer.from('via proxy')), Buffer.from('via proxy'));
    assert.equal((await backend.get(id))?.body.toString(), 'via proxy');
  });

  it('fails fast while the server is down and opens the breaker after three failures', async () => {
    const { backend, warnings, stats } = await fresh('down');
    const id = actionId();
    await backend.put(id, entry(Buffer.from('x')), Buffer.from('x'));
    await proxy.disable();
    for (let i = 0; i < 3; i++) {
      const { ms, result } = await timed(backend.get(id));
      const err = rejection(result);
      assert.match(err.message, /cannot reach the endpoint: ECONNREFUSED|ECONNRESET|socket hang up/);
      assert.ok(ms < TIMEOUT_MS, `connection refused should fail well within the deadline, took ${ms} ms`);
    }
    assert.equal((backend as CircuitBreakerBackend).state, 'open');
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /disabled for this go command: 3 remote requests failed in a row/);
    assert.equal(stats.counters.remoteDisabled, 1);
    const { ms, result } = await timed(backend.get(id));
    assert.deepEqual(result, { status: 'fulfilled', value: undefined }, 'an open breaker answers a miss');
    assert.ok(ms < 50, `and at once (${ms} ms)`);
    await assert.rejects(backend.put(id, entry(Buffer.from('y')), Buffer.from('y')), RemoteDisabledError);
    await proxy.enable();
  });

  it('gives up on a hung connection at the deadline (timeout toxic)', async () => {
    const { backend, warnings } = await fresh('hang', { threshold: 100 });
    const id = actionId();
    const body = Buffer.from('before the hang');
    await backend.put(id, entry(body), body);
    // Upstream: the request never reaches the server, which therefore never answers or closes.
    // (Downstream, versitygw's side of the link gets reset within milliseconds: not a hang.)
    await proxy.addToxic({ type: 'timeout', stream: 'upstream', attributes: { timeout: 0 } });
    for (const op of [() => backend.get(id), () => backend.put(actionId(), entry(body), body)]) {
      const { ms, result } = await timed(op());
      const err = rejection(result);
      assert.match(err.message, new RegExp(`no answer within \\d+ ms`));
      assert.ok(ms >= TIMEOUT_MS - 50, `the deadline, not something else, ended it (${ms} ms)`);
      assert.ok(ms < TIMEOUT_MS + SLACK_MS, `rejected within the deadline plus slack (${ms} ms)`);
    }
    assert.deepEqual(warnings, []);
    await proxy.removeToxics();
    assert.equal(
      (await backend.get(id))?.body.toString(),
      'before the hang',
      'the pool recovers once the network does',
    );

    await proxy.addToxic({ type: 'timeout', stream: 'upstream', attributes: { timeout: 0 } });
    const { ms, result } = await timed(backend.check());
    assert.match(rejection(result).message, /HeadBucket .* no answer within/);
    assert.ok(ms < TIMEOUT_MS + SLACK_MS, `check rejected within the deadline plus slack (${ms} ms)`);
    assert.equal(warnings.length, 1, 'a failed check disables the remote with one warning');
  });

  it('gives up on a body that stops mid-stream once no byte has come for the timeout', async () => {
    const { backend } = await fresh('stall', { threshold: 100 });
    const id = actionId();
    const body = crypto.randomBytes(512 * 1024);
    await backend.put(id, entry(body), body);
    // 64 KB/s: headers and the first bytes arrive; then the link stops carrying anything.
    await proxy.addToxic({ type: 'bandwidth', attributes: { rate: 64 } });
    const started = performance.now();
    const get = timed(backend.get(id));
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await proxy.addToxic({ type: 'timeout', attributes: { timeout: 0 } });
    const { result } = await get;
    const ms = performance.now() - started;
    assert.match(rejection(result).message, /stalled, no bytes for \d+ ms/);
    assert.ok(ms < 1_000 + TIMEOUT_MS + SLACK_MS, `rejected within a stall timeout of the stop, plus slack (${ms} ms)`);
    await proxy.removeToxics();
    assert.ok((await backend.get(id))?.body.equals(body));
  });

  it('a 3 MB object crosses a 200 KB/s link both ways: deadlines grow with the transfer, not a fixed total', async () => {
    const { backend } = await fresh('slowlink', { threshold: 100 });
    const id = actionId();
    // Random bytes do not compress: 3 MB really crosses the link, ~15 s each way at 200 KB/s,
    // ten times the request timeout of these tests.
    const body = crypto.randomBytes(3 * 1024 * 1024);
    await proxy.addToxic({ type: 'bandwidth', stream: 'upstream', attributes: { rate: 200 } });
    await proxy.addToxic({ type: 'bandwidth', stream: 'downstream', attributes: { rate: 200 } });
    const put = await timed(backend.put(id, entry(body), body));
    assert.equal(put.result.status, 'fulfilled', `the upload arrives (${put.ms.toFixed(0)} ms)`);
    assert.ok(put.ms > 5 * TIMEOUT_MS, `and it was slow: ${put.ms.toFixed(0)} ms`);
    const got = await timed(backend.get(id));
    assert.equal(got.result.status, 'fulfilled', `the download arrives (${got.ms.toFixed(0)} ms)`);
    assert.ok(got.result.value?.body.equals(body));
    assert.ok(got.ms > 5 * TIMEOUT_MS, `and it was slow: ${got.ms.toFixed(0)} ms`);
    await proxy.removeToxics();
  });

  it('survives connection resets: the SDK retries or the request fails cleanly', async () => {
    const { backend } = await fresh('reset', { threshold: 100 });
    const id = actionId();
    await backend.put(id, entry(Buffer.from('r')), Buffer.from('r'));
    await proxy.addToxic({ type: 'reset_peer', attributes: { timeout: 0 } });
    const { ms, result } = await timed(backend.get(id));
    assert.match(rejection(result).message, /ECONNRESET|socket hang up|cannot reach/);
    assert.ok(ms < TIMEOUT_MS + SLACK_MS);
    await proxy.removeToxics();
    assert.equal((await backend.get(id))?.body.toString(), 'r');
  });

  it('adds latency without failing', async () => {
    const { backend } = await fresh('slow');
    const id = actionId();
    await backend.put(id, entry(Buffer.from('s')), Buffer.from('s'));
    await proxy.addToxic({ type: 'latency', attributes: { latency: 200 } });
    const { ms, result } = await timed(backend.get(id));
    assert.equal(result.status, 'fulfilled');
    assert.ok(ms >= 200, `latency applied (${ms} ms)`);
    await proxy.removeToxics();
  });
});

describe('S3 backend with a key that may read but not write (versitygw user + bucket policy)', () => {
  it('a denied PUT switches writes off with one warning; reads and the check go on', async () => {
    const bucket = 'read-only-key';
    await s3.createBucket(bucket);
    const user = await s3.readOnlyUser(bucket);
    const writerEnv = s3.env(bucket, { prefix: 'ro/' });
    const { config: writerConfig } = parseCommandLine([], writerEnv);
    const writer = await createBackend(writerConfig, { warn: () => {}, env: writerEnv });
    assert.ok(writer);
    opened.push(writer);
    const id = actionId();
    const body = Buffer.from('written by a key that may write');
    await writer.put(id, entry(body), body);

    const env = s3.env(bucket, { prefix: 'ro/', accessKey: user.accessKey, secretKey: user.secretKey });
    const { config } = parseCommandLine(['-remote-timeout', `${TIMEOUT_MS}ms`], env);
    const warnings: string[] = [];
    const stats = new Stats('s3');
    const reader = await createBackend(config, { stats, warn: (m) => warnings.push(m), env });
    assert.ok(reader instanceof CircuitBreakerBackend);
    opened.push(reader);
    await reader.check();
    assert.ok((await reader.get(id))?.body.equals(body), 'the key reads');
    for (let i = 0; i < 4; i++) {
      await assert.rejects(
        reader.put(actionId(), entry(body), body),
        (err: unknown) => (err as Error).name === 'WritesDeniedError',
      );
    }
    assert.equal(warnings.length, 1, `one warning: ${warnings.join(' | ')}`);
    assert.match(warnings[0], /may read but not write .*403 AccessDenied.*reads continue/);
    assert.equal(stats.counters.writesDenied, 1);
    assert.equal(reader.state, 'closed');
    assert.ok((await reader.get(id))?.body.equals(body), 'still reads after the denials');
    assert.equal(await reader.get(actionId()), undefined, 'a missing key is a miss (the policy grants ListBucket)');
  });
});

describe('S3 backend against a store that denies reads', () => {
  it('treats 403 AccessDenied on GET as a miss and warns once, hinting at s3:ListBucket', async () => {
    // versitygw's root user cannot be denied, so a tiny HTTP server plays the part of an S3
    // bucket whose policy lacks s3:ListBucket (S3 then answers 403 for missing keys).
    const server = http.createServer((req, res) => {
      req.resume();
      res.writeHead(403, { 'content-type': 'application/xml' });
      res.end(
        '<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message><RequestId>1</RequestId></Error>',
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const { backend, warnings } = await setup({ prefix: 'denied/', endpoint });
      for (let i = 0; i < 4; i++) assert.equal(await backend.get(actionId()), undefined);
      assert.equal(warnings.length, 1);
      assert.match(warnings[0], /HTTP 403 AccessDenied.*s3:ListBucket/);
      assert.equal((backend as CircuitBreakerBackend).state, 'closed');
      await backend.close();
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('S3 backend: direct signed requests', () => {
  const s3Of = async (
    prefix: string,
    flags: string[] = [],
    endpoint?: string,
  ): Promise<{ backend: EntryBackend; store: S3ObjectStore }> => {
    const env = s3.env(BUCKET, { prefix, endpoint });
    const { config } = parseCommandLine(['-remote-timeout', `${TIMEOUT_MS}ms`, ...flags], env);
    return bareEntries(config, env);
  };

  it('sign keys with any characters a prefix may hold exactly as S3 wants them', async () => {
    // A wrong canonical URI is a SignatureDoesNotMatch, which would switch the direct path off.
    const { backend, store } = await s3Of("odd prefix+=!'()*~é/");
    assert.equal(store.directRequests, true);
    const id = actionId();
    const body = crypto.randomBytes(3000);
    assert.equal(await backend.get(id), undefined);
    await backend.put(id, entry(body), body);
    assert.ok((await backend.get(id))?.body.equals(body));
    assert.equal(store.directRequests, true, 'the store accepted every direct request');
    assert.deepEqual(await s3.listKeys(BUCKET, "odd prefix+=!'()*~é/"), [objectKey("odd prefix+=!'()*~é/", id)]);
  });

  it('-s3-direct-requests=false keeps every request on the SDK', async () => {
    const { backend, store } = await s3Of('sdk-only/', ['-s3-direct-requests=false']);
    assert.equal(store.directRequests, false);
    const id = actionId();
    const body = Buffer.from('through the SDK');
    await backend.put(id, entry(body), body);
    assert.ok((await backend.get(id))?.body.equals(body));
  });

  it('a store that refuses a direct request gets the same request from the SDK, and only the SDK from then on', async () => {
    // Forwards to versitygw, but answers requests without the SDK's user agent the way a store
    // that wants other signing or addressing would.
    let refused = 0;
    const proxy = http.createServer((req, res) => {
      if (!/aws-sdk-js/.test(req.headers['user-agent'] ?? '')) {
        refused++;
        req.resume();
        res.writeHead(400, { 'content-type': 'application/xml' });
        res.end('<Error><Code>AuthorizationHeaderMalformed</Code><Message>no</Message></Error>');
        return;
      }
      const upstream = http.request(
        { host: '127.0.0.1', port: s3.port, method: req.method, path: req.url, headers: req.headers },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const { backend, store } = await s3Of(
        'refused/',
        [],
        `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
      );
      assert.equal(store.directRequests, true);
      const id = actionId();
      const body = crypto.randomBytes(2000);
      await backend.put(id, entry(body), body);
      assert.equal(store.directRequests, false, 'switched off by the refusal');
      assert.ok((await backend.get(id))?.body.equals(body));
      assert.equal(await backend.get(actionId()), undefined);
      assert.equal(refused, 1, 'one refused request, then the SDK only');
    } finally {
      proxy.closeAllConnections();
      await new Promise((resolve) => proxy.close(resolve));
    }
  });
});
