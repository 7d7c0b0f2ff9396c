// The GCS object store against a real GCS server (fake-gcs-server), and through the remote chain.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseCommandLine } from '../../src/cacheprog/config.js';
import type { EntryMeta } from '../../src/cacheprog/remote/backend.js';
import { MISSING_CREDENTIALS_HINT } from '../../src/cacheprog/remote/gcs/errors.js';
import { openGcsStore } from '../../src/cacheprog/remote/gcs/index.js';
import { openRemote } from '../../src/cacheprog/remote/open-remote.js';
import { startGcsServer, type GcsServer } from '../helpers/gcs-server.js';
import { freePort, tempDir } from '../helpers/proc.js';

const BUCKET = 'gcs-store-tests';
const TIMEOUT_MS = 3000;
/** Slack on top of a deadline for a loaded CI machine; far below "hung". */
const SLACK_MS = 3000;

let gcs: GcsServer;

before(async () => {
  gcs = await startGcsServer();
  await gcs.createBucket(BUCKET);
});

after(async () => {
  await gcs?.stop();
});

function store(prefix: string, opts: { bucket?: string; endpoint?: string; listPageSize?: number } = {}) {
  return openGcsStore({
    gcs: { bucket: opts.bucket ?? BUCKET, prefix },
    remoteTimeoutMs: TIMEOUT_MS,
    env: { STORAGE_EMULATOR_HOST: opts.endpoint ?? gcs.endpoint },
    listPageSize: opts.listPageSize,
  });
}

describe('GcsObjectStore on fake-gcs-server', () => {
  it('puts, gets (whole and in parts), and reads a missing object as undefined', async () => {
    const s = store('rw/');
    await s.check();
    assert.equal(s.name, `gs://${BUCKET}/rw/`);
    assert.equal(await s.get('nothing/here'), undefined);
    const body = crypto.randomBytes(300_000);
    assert.deepEqual(await s.put('a/one', body), { transferredBytes: body.length });
    await s.put('a/parts', [Buffer.from('he'), Buffer.from('llo')]);
    assert.deepEqual(await s.get('a/one'), body);
    assert.equal((await s.get('a/parts'))?.toString(), 'hello');
    assert.deepEqual(await gcs.getObject(BUCKET, 'rw/a/one'), body);
    // The sink receives the announced length and the bytes as they arrive.
    let announced = -1;
    const chunks: Buffer[] = [];
    const got = await s.get('a/one', {
      sink: (length) => {
        announced = length;
        return { push: (c) => chunks.push(c), end: async () => Buffer.concat(chunks), abort: () => {} };
      },
    });
    assert.equal(announced, body.length);
    assert.deepEqual(got, body);
    assert.throws(() => s.get('../escape'), /invalid object key/);
  });

  it('lists page by page within its prefix, views a sub-prefix, deletes', async () => {
    const s = store('ls/', { listPageSize: 2 });
    for (const k of ['x/1', 'x/2', 'x/3', 'xy/4', 'y/5']) await s.put(k, Buffer.from(k));
    const pages: string[][] = [];
    for await (const page of s.list('x/')) pages.push(page.map((o) => o.key));
    assert.deepEqual(pages, [['x/1', 'x/2'], ['x/3']]);
    const [first] = await (async () => {
      for await (const page of s.list('y/')) return page;
      return [];
    })();
    assert.equal(first?.size, 3);
    assert.ok(first?.lastModified instanceof Date);

    const view = s.view('x/');
    assert.equal(view.name, `gs://${BUCKET}/ls/x/`);
    assert.equal((await view.get('2'))?.toString(), 'x/2');
    assert.throws(() => s.view('nope'), /must end in '\/'/);

    assert.equal(await s.delete(['x/1', 'x/2', 'x/3', 'already-gone']), 4);
    assert.deepEqual(await gcs.listKeys(BUCKET, 'ls/'), ['ls/xy/4', 'ls/y/5']);
  });

  it('probe passes on a missing key; a missing bucket fails check, probe and put with the bucket named', async () => {
    await store('p/').probe('not/there');
    const missing = store('p/', { bucket: 'no-such-bucket' });
    for (const attempt of [missing.check(), missing.put('k', Buffer.from('x'))]) {
      await assert.rejects(attempt, (err: Error) => {
        assert.equal(err.name, 'GcsRequestError');
        assert.match(err.message, /HTTP 404.*bucket "no-such-bucket" does not exist/);
        assert.match(err.message, new RegExp(`on the emulator at ${gcs.endpoint}`));
        return true;
      });
    }
  });

  it('a store that is down fails within the deadline, naming it', async () => {
    const down = `http://127.0.0.1:${await freePort()}`;
    const s = store('down/', { endpoint: down });
    for (const attempt of [() => s.check(), () => s.get('k'), () => s.put('k', Buffer.from('x'))]) {
      const started = performance.now();
      await assert.rejects(attempt(), (err: Error) => {
        assert.match(
          err.message,
          new RegExp(
            `on the emulator at ${down}: (cannot reach the endpoint: ECONNREFUSED|no answer within ${TIMEOUT_MS} ms)`,
          ),
        );
        return true;
      });
      assert.ok(performance.now() - started < TIMEOUT_MS + SLACK_MS, 'bounded by -remote-timeout');
    }
  });

  it('the remote chain, with STORAGE_EMULATOR_HOST in the process env as a workflow sets it: entries round-trip, clear empties the prefix', async () => {
    const env = { ...gcs.env(BUCKET, { prefix: 'chain/' }), GOBUILDCACHE_REMOTE_TIMEOUT: `${TIMEOUT_MS}ms` };
    const { config } = parseCommandLine([], env);
    // The client reads the variable from process.env itself, as the base of its JSON API.
    process.env.STORAGE_EMULATOR_HOST = gcs.endpoint;
    assert.equal(config.backend, 'gcs');
    assert.deepEqual(config.gcs, { bucket: BUCKET, prefix: 'chain/' });
    const warnings: string[] = [];
    const remote = await openRemote(config, { warn: (m) => warnings.push(m) });
    assert.ok(remote);
    try {
      await remote.checkAccess();
      const body = crypto.randomBytes(5000);
      const meta: EntryMeta = {
        outputId: crypto.createHash('sha256').update(body).digest('hex'),
        size: body.length,
        time: new Date('2026-03-04T05:06:07.089Z'),
      };
      const id = crypto.randomBytes(32).toString('hex');
      await remote.backend.put(id, meta, body);
      const got = await remote.backend.get(id);
      assert.deepEqual(got?.body, body);
      assert.equal(got?.outputId, meta.outputId);
      assert.ok((await gcs.listKeys(BUCKET, 'chain/')).length > 0);
      assert.ok((await remote.backend.clear()) > 0);
      assert.deepEqual(await gcs.listKeys(BUCKET, 'chain/'), []);
      assert.deepEqual(warnings, []);
    } finally {
      await remote.close();
      delete process.env.STORAGE_EMULATOR_HOST;
    }
  });
});

describe('GCS credentials', () => {
  it('without an emulator or any Application Default Credentials: one error naming what is missing', async () => {
    // A child process, so that neither this machine's credentials nor the client's cached
    // metadata-server answer play a part: no GOOGLE_APPLICATION_CREDENTIALS, an empty gcloud
    // config, and the metadata server not probed (METADATA_SERVER_DETECTION=none, what a
    // runner off GCP finds after its probe).
    const home = tempDir('gcs-no-creds');
    const script = path.join(home, 'check.mts');
    const storeModule = path.resolve('src/cacheprog/remote/gcs/index.ts');
    fs.writeFileSync(
      script,
      `import { openGcsStore } from ${JSON.stringify(storeModule)};\n` +
        `const s = openGcsStore({ gcs: { bucket: 'b', prefix: 'p/' }, remoteTimeoutMs: 10000 });\n` +
        `try { await s.check(); console.log('no error'); } catch (e) { console.log(e.name + ': ' + e.message); }\n`,
    );
    const { execFileSync } = await import('node:child_process');
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: home,
      CLOUDSDK_CONFIG: path.join(home, 'gcloud'),
      METADATA_SERVER_DETECTION: 'none',
    };
    const out = execFileSync(process.execPath, ['--import', 'tsx', script], { env, encoding: 'utf8', timeout: 30_000 });
    assert.match(out, /^GcsRequestError: objects\.list gs:\/\/b\/p\/ on storage\.googleapis\.com: /);
    assert.ok(out.includes(MISSING_CREDENTIALS_HINT), out);
    assert.doesNotMatch(out, /\n\s+at /, 'no stack trace');
  });
});
