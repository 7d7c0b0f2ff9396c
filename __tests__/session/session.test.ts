// The protocol session and the cache handler in-process: requests as go frames them, through the
// real reader, over a real local store in a temp dir and an in-memory remote. No dist/, no go.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { Cache } from '../../src/cacheprog/cache.js';
import type { Settings } from '../../src/cacheprog/cache.js';
import { Logger } from '../../src/cacheprog/log.js';
import { RequestReader } from '../../src/cacheprog/protocol/reader.js';
import type { Response } from '../../src/cacheprog/protocol/types.js';
import { recordServed } from '../../src/cacheprog/job-server.js';
import { Session, type ControlHandler } from '../../src/cacheprog/session.js';
import { Stats } from '../../src/cacheprog/stats.js';
import { LocalStore } from '../../src/cacheprog/store/local-store.js';
import { NoopLocker } from '../../src/cacheprog/store/locks.js';
import { readJournal } from '../../src/cacheprog/uploads/pending.js';
import { Spool } from '../../src/cacheprog/uploads/spool.js';
import { tempDir } from '../helpers/proc.js';
import { MemoryBackend } from '../remote/memory-backend.js';

const b64 = (hex: string): string => Buffer.from(hex, 'hex').toString('base64');
const randomId = (): string => crypto.randomBytes(32).toString('hex');
const sha = (body: Buffer): string => crypto.createHash('sha256').update(body).digest('hex');

interface Rig {
  cache: Cache;
  stats: Stats;
  remote: MemoryBackend;
  spoolDir: string;
  store: LocalStore;
  /** A new go command's connection: frames in, responses out. */
  connect(): Conn;
}

interface Conn {
  send(text: string): void;
  responses: Response[];
  /** Resolves with the response of this ID once it has been sent. */
  answer(id: number): Promise<Response>;
  closed: boolean;
}

function rig(
  settings: Partial<Settings> = {},
  remote: MemoryBackend | undefined = new MemoryBackend(),
  dir = tempDir('session'),
  control?: (cache: Cache) => ControlHandler,
): Rig {
  const spoolDir = path.join(dir, 'spool');
  const config: Settings = {
    backend: remote ? 's3' : 'disk',
    readOnly: false,
    asyncBackend: true,
    uploadConcurrency: 4,
    remoteTimeoutMs: 1_000,
    spoolDir,
    ...settings,
  };
  const store = new LocalStore(path.join(dir, 'cache'));
  store.init();
  const stats = new Stats('test');
  const log = new Logger(false, () => {});
  const cache = new Cache({ config, store, stats, log, locker: new NoopLocker(), backend: async () => remote });
  const connect = (): Conn => {
    const responses: Response[] = [];
    const waiters = new Map<number, (r: Response) => void>();
    const conn: Conn = {
      responses,
      closed: false,
      send: (text) => reader.push(Buffer.from(text)),
      answer: (id) => {
        const found = responses.find((r) => r.ID === id);
        return found ? Promise.resolve(found) : new Promise((resolve) => waiters.set(id, resolve));
      },
    };
    const session = new Session({
      handler: cache,
      stats,
      log,
      sink: {
        send: (line) => {
          assert.ok(line.endsWith('\n') && !line.slice(0, -1).includes('\n'), `one line per response: ${line}`);
          const r = JSON.parse(line) as Response;
          responses.push(r);
          waiters.get(r.ID)?.(r);
        },
      },
      onClosed: () => (conn.closed = true),
      control: control?.(cache),
    });
    const reader = new RequestReader({ onRequest: (r) => session.onRequest(r), onFatal: (m) => assert.fail(m) });
    return conn;
  };
  return { cache, stats, remote: remote, spoolDir, store, connect };
}

const get = (id: number, actionId: string): string =>
  `${JSON.stringify({ ID: id, Command: 'get', ActionID: b64(actionId) })}\n`;
function put(id: number, actionId: string, body: Buffer): string {
  const head = JSON.stringify({
    ID: id,
    Command: 'put',
    ActionID: b64(actionId),
    OutputID: b64(sha(body)),
    BodySize: body.length,
  });
  return body.length === 0 ? `${head}\n` : `${head}\n"${body.toString('base64')}"\n`;
}

describe('session over a shared cache', () => {
  it('answers a miss, stores a put, then serves it to a second session from memory', async () => {
    const { connect, stats } = rig({}, undefined);
    const a = connect();
    const action = randomId();
    a.send(get(1, action));
    assert.equal((await a.answer(1)).Miss, true);
    const body = Buffer.from('compiled package archive');
    a.send(put(2, action, body));
    const stored = await a.answer(2);
    assert.ok(stored.DiskPath && fs.readFileSync(stored.DiskPath).equals(body), 'DiskPath holds the body');
    a.send(`${JSON.stringify({ ID: 3, Command: 'close' })}\n`);
    await a.answer(3);
    assert.equal(a.closed, true);

    const b = connect();
    b.send(get(1, action));
    const hit = await b.answer(1);
    assert.equal(hit.OutputID, b64(sha(body)));
    assert.equal(hit.Size, body.length);
    assert.equal(hit.DiskPath, stored.DiskPath);
    assert.equal(stats.counters.localHits, 1);
    assert.equal(stats.counters.misses, 1);
  });

  it('answers a local hit before onRequest returns, in the bytes encodeResponse would write', async () => {
    const { connect } = rig({}, undefined);
    const a = connect();
    const action = randomId();
    const body = Buffer.from('archive');
    a.send(put(1, action, body));
    await a.answer(1);
    a.send(get(2, action));
    // No await between the request and its answer: a warm build's gets never wait on a promise.
    const hit = a.responses.find((r) => r.ID === 2);
    assert.ok(hit, 'answered synchronously');
    assert.deepEqual(Object.keys(hit), ['ID', 'OutputID', 'Size', 'Time', 'DiskPath']);
    assert.equal(hit.OutputID, b64(sha(body)));
    a.send(get(3, action));
    assert.deepEqual(
      { ...a.responses.find((r) => r.ID === 3), ID: 2 },
      hit,
      'the cached encoding answers the next get alike',
    );
  });

  it("a job server counts the bridge's notice of the hits it served as its own, and answers nothing to it", async () => {
    const { connect, cache, stats } = rig({}, undefined, tempDir('session-served'), (c) => async (request) => {
      recordServed(c, request);
      return undefined;
    });
    const a = connect();
    const ids = [randomId(), randomId()];
    a.send(`${JSON.stringify({ ID: 0, Command: 'served', ActionIDs: ids, Bytes: 300 })}\n`);
    a.send(`${JSON.stringify({ ID: 0, Command: 'served', ActionIDs: ['not-hex'], Bytes: 1 })}\n`);
    a.send(`${JSON.stringify({ ID: 1, Command: 'close' })}\n`);
    await a.answer(1);
    assert.deepEqual(
      a.responses.map((r) => r.ID),
      [0, 1],
      'only the bad notice and close are answered',
    );
    assert.match(a.responses[0]?.Err ?? '', /served: ActionIDs must be/);
    assert.equal(stats.counters.gets, 2);
    assert.equal(stats.counters.localHits, 2);
    assert.equal(stats.counters.bytesServedLocal, 300);
    assert.deepEqual(cache.usedActionIds(), ids, 'the next run prefetches what the bridge served too');
  });

  it('answers close only after every get and put before it', async () => {
    const remote = new MemoryBackend();
    let release!: () => void;
    const slow = new Promise<void>((resolve) => (release = resolve));
    const inner = remote.get.bind(remote);
    remote.get = async (actionId, signal) => {
      await slow;
      return inner(actionId, signal);
    };
    const { connect } = rig({}, remote);
    const a = connect();
    a.send(get(1, randomId()) + `${JSON.stringify({ ID: 2, Command: 'close' })}\n`);
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(a.responses.length, 0, 'nothing is answered while the get waits for the remote');
    release();
    const close = await a.answer(2);
    assert.deepEqual(close, { ID: 2 });
    const order = a.responses.map((r: Response) => r.ID);
    assert.deepEqual(order, [1, 2], 'the get is answered before the close');
  });

  it('fetches an entry once for concurrent gets and remembers remote misses', async () => {
    const { connect, remote, stats } = rig();
    const body = Buffer.from('remote body');
    const present = randomId();
    remote.entries.set(present, { meta: { outputId: sha(body), size: body.length, time: new Date() }, body });
    const absent = randomId();
    const a = connect();
    const b = connect();
    a.send(get(1, present) + get(2, absent));
    b.send(get(1, present) + get(2, absent));
    for (const c of [a, b]) {
      assert.equal((await c.answer(1)).OutputID, b64(sha(body)));
      assert.equal((await c.answer(2)).Miss, true);
    }
    assert.equal(remote.calls.filter((c) => c === `get ${present.slice(0, 4)}`).length, 1, 'one download for two gets');
    a.send(get(3, absent));
    assert.equal((await a.answer(3)).Miss, true);
    assert.equal(
      remote.calls.filter((c) => c === `get ${absent.slice(0, 4)}`).length,
      1,
      'a known miss is not asked again',
    );
    assert.equal(stats.counters.remoteHits, 2, 'both gets were answered by the one download');
  });

  it('a get of an entry whose pack part is arriving waits for it; one the part did not bring is downloaded', async () => {
    const { connect, remote, cache } = rig();
    const bodyA = Buffer.from('from the part');
    const bodyB = Buffer.from('not in the part after all');
    const a = randomId();
    const b = randomId();
    for (const [id, body] of [
      [a, bodyA],
      [b, bodyB],
    ] as const)
      remote.entries.set(id, { meta: { outputId: sha(body), size: body.length, time: new Date() }, body });
    let land!: () => void;
    const part = new Promise<void>((resolve) => (land = resolve));
    cache.expect(a, part);
    cache.expect(b, part);
    const c = connect();
    c.send(get(1, a) + get(2, b));
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(c.responses.length, 0, 'both gets wait for the part');
    assert.deepEqual(remote.calls, [], 'nothing downloaded while the part is on its way');
    cache.adopt(a, { outputId: sha(bodyA), size: bodyA.length, time: new Date() }, bodyA);
    land();
    assert.equal((await c.answer(1)).OutputID, b64(sha(bodyA)));
    assert.equal((await c.answer(2)).OutputID, b64(sha(bodyB)));
    assert.deepEqual(remote.calls, [`get ${b.slice(0, 4)}`], 'only the entry the part did not bring was downloaded');
  });

  it('verifies a put body against its OutputID and refuses a mismatch', async () => {
    const { connect } = rig({}, undefined);
    const a = connect();
    const action = randomId();
    const head = JSON.stringify({
      ID: 1,
      Command: 'put',
      ActionID: b64(action),
      OutputID: b64(randomId()),
      BodySize: 3,
    });
    a.send(`${head}\n"${Buffer.from('abc').toString('base64')}"\n`);
    const refused = await a.answer(1);
    assert.match(refused.Err ?? '', /hashes to sha256/);
    a.send(get(2, action));
    assert.equal((await a.answer(2)).Miss, true, 'nothing was stored');
  });

  it('journals a put before answering it, and a journal left by a dead process reaches the spool', async () => {
    const remote = new MemoryBackend();
    remote.behaviour = 'hang';
    const { connect, spoolDir, cache } = rig({}, remote);
    const a = connect();
    const action = randomId();
    a.send(put(1, action, Buffer.from('owed to the remote')));
    await a.answer(1);
    const journals = fs.readdirSync(spoolDir).filter((n) => n.startsWith('journal-'));
    assert.equal(journals.length, 1);
    const owed = readJournal(path.join(spoolDir, journals[0]));
    assert.deepEqual(
      owed.map((p) => p.actionId),
      [action],
    );
    assert.equal(cache.pendingUploads, 1);
    // As if this process had been killed: rename the journal to a pid that is not running.
    fs.renameSync(path.join(spoolDir, journals[0]), path.join(spoolDir, 'journal-999999999-00000000.jsonl'));
    const spool = new Spool(spoolDir);
    assert.equal(spool.count(), 1);
    assert.equal(spool.adopt(), 1);
    assert.deepEqual(
      spool.list().map((p) => p.actionId),
      [action],
    );
  });

  it('settles the journal once an upload lands, and spools what is left at finish', async () => {
    const { connect, spoolDir, cache, remote } = rig();
    const a = connect();
    const uploaded = randomId();
    a.send(put(1, uploaded, Buffer.from('uploads fine')));
    await a.answer(1);
    for (let i = 0; i < 100 && !remote.entries.has(uploaded); i++) await new Promise((r) => setTimeout(r, 5));
    assert.ok(remote.entries.has(uploaded));
    remote.behaviour = 'fail';
    const failing = randomId();
    a.send(put(2, failing, Buffer.from('fails to upload')));
    await a.answer(2);
    await cache.finish(2_000);
    const spool = new Spool(spoolDir);
    assert.deepEqual(
      spool.list().map((p) => p.actionId),
      [failing],
    );
    assert.equal(
      fs.readdirSync(spoolDir).filter((n) => n.startsWith('journal-')).length,
      0,
      'a clean finish removes its journal',
    );
  });

  it('read-only owes the remote nothing', async () => {
    const { connect, spoolDir, remote, cache } = rig({ readOnly: true });
    const a = connect();
    a.send(put(1, randomId(), Buffer.from('local only')));
    await a.answer(1);
    await cache.finish(100);
    assert.equal(remote.calls.filter((c) => c.startsWith('put')).length, 0);
    assert.equal(fs.existsSync(spoolDir) ? fs.readdirSync(spoolDir).length : 0, 0);
  });

  it("answers a command that is not go's with an error naming the known ones", async () => {
    const { connect } = rig({}, undefined);
    const a = connect();
    a.send(`${JSON.stringify({ ID: 7, Command: 'frobnicate' })}\n`);
    assert.match((await a.answer(7)).Err ?? '', /unknown command "frobnicate"/);
  });
});
