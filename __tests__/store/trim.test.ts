import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, parseCommandLine, parseSize } from '../../src/cacheprog/config.js';
import { LocalStore, USE_RESOLUTION_MS } from '../../src/cacheprog/store/local-store.js';
import { describeTrim, trimLocalCache } from '../../src/cacheprog/store/trim.js';
import { tempDir } from '../helpers/proc.js';

const HOUR = 3_600_000;
const sha = (b: Buffer | string): string => crypto.createHash('sha256').update(b).digest('hex');

function setAge(file: string, ageMs: number): void {
  const t = new Date(Date.now() - ageMs);
  fs.utimesSync(file, t, t);
}

interface Entry {
  actionId: string;
  outputId: string;
  index: string;
  output: string;
}

/** n entries of ~8 KiB each; entry i was last used (i + 2) hours ago... unless ages says otherwise. */
function storeWith(n: number, ageOf: (i: number) => number): { store: LocalStore; entries: Entry[] } {
  const store = new LocalStore(tempDir('trim'));
  store.init();
  const entries: Entry[] = [];
  for (let i = 0; i < n; i++) {
    const body = crypto.randomBytes(8 * 1024);
    const actionId = sha(`action ${i}`);
    const meta = { outputId: sha(body), size: body.length, time: new Date() };
    store.putEntryWithOutput(actionId, meta, body);
    const index = path.join(store.dir, 'a', actionId.slice(0, 2), actionId);
    const output = store.outputPath(meta.outputId);
    setAge(index, ageOf(i));
    setAge(output, ageOf(i));
    entries.push({ actionId, outputId: meta.outputId, index, output });
  }
  return { store, entries };
}

describe('trimLocalCache', () => {
  it('removes least recently used entries first, down to 90% of the cap, index and output together', async () => {
    // Entry i was last used 100 - i hours ago: entry 0 is the oldest.
    const { store, entries } = storeWith(40, (i) => (100 - i) * HOUR);
    const before = await trimLocalCache(store.dir, Number.MAX_SAFE_INTEGER);
    assert.equal(before.entriesRemoved, 0, 'under the cap: nothing removed');
    const cap = Math.floor(before.bytesBefore / 2);
    const r = await trimLocalCache(store.dir, cap);
    assert.ok(r.entriesRemoved > 0);
    assert.ok(r.bytesAfter <= cap * 0.9, `${r.bytesAfter} <= 90% of ${cap}`);
    assert.equal(r.outputsRemoved, r.entriesRemoved, 'each removed entry took its own output with it');
    assert.equal(r.stillOver, false);
    const kept = entries.map((e) => store.get(e.actionId) !== undefined);
    const firstKept = kept.indexOf(true);
    assert.ok(
      firstKept > 0 && kept.slice(firstKept).every(Boolean),
      `the oldest went first: ${kept.map((k) => (k ? 1 : 0)).join('')}`,
    );
    for (const e of entries.slice(0, firstKept)) {
      assert.equal(fs.existsSync(e.index), false);
      assert.equal(fs.existsSync(e.output), false);
    }
    assert.match(describeTrim(store.dir, cap, r), /removed \d+ of 40 entries/);
  });

  it('never removes an entry used within the last hour, even far over the cap', async () => {
    const { store, entries } = storeWith(10, (i) => (i < 5 ? 3 * HOUR : 10 * 60_000));
    const r = await trimLocalCache(store.dir, 1);
    assert.equal(r.entriesRemoved, 5);
    assert.equal(r.stillOver, true);
    assert.deepEqual(
      entries.map((e) => store.get(e.actionId) !== undefined),
      [false, false, false, false, false, true, true, true, true, true],
    );
    assert.match(describeTrim(store.dir, 1, r), /still over the cap: everything left was used within the last 1 h/);
  });

  it('keeps an output another entry still names, removes outputs nobody names and stale temp files', async () => {
    const { store, entries } = storeWith(3, () => 5 * HOUR);
    const shared = entries[0];
    // A second action with the same output (go dedupes identical outputs), used recently.
    const twin = sha('twin');
    store.putEntry(twin, { outputId: shared.outputId, size: 8 * 1024, time: new Date() });
    setAge(shared.output, 5 * HOUR);
    // An orphan output and a temp file left by a killed writer.
    const orphanBody = crypto.randomBytes(4096);
    const orphan = store.outputPath(sha(orphanBody));
    fs.mkdirSync(path.dirname(orphan), { recursive: true });
    fs.writeFileSync(orphan, orphanBody);
    setAge(orphan, 5 * HOUR);
    const temp = path.join(path.dirname(orphan), '.tmp-999999-abcdef');
    fs.writeFileSync(temp, 'partial');
    setAge(temp, 2 * HOUR);
    const r = await trimLocalCache(store.dir, 1);
    assert.equal(r.tempFilesRemoved, 1);
    assert.equal(fs.existsSync(orphan), false, 'orphan output removed');
    assert.equal(store.get(shared.actionId), undefined, 'the old entry went');
    assert.ok(store.get(twin), 'the recent entry naming the same output still has it');
    assert.ok(fs.existsSync(shared.output));
  });

  it('an entry used or re-used during a trim keeps its files (the stat just before unlink)', async () => {
    const { store, entries } = storeWith(4, () => 5 * HOUR);
    // What a hit does between the walk and the unlink: the index file becomes young.
    const hit = entries[1];
    const originalStat = fs.statSync;
    let statted = 0;
    // Simulate the hit at the moment the trim re-checks that index file.
    (fs as { statSync: typeof fs.statSync }).statSync = ((file: fs.PathLike, opts?: fs.StatSyncOptions) => {
      if (file === hit.index && ++statted === 2) store.get(hit.actionId);
      return originalStat(file, opts as fs.StatSyncOptions & { throwIfNoEntry: false });
    }) as typeof fs.statSync;
    try {
      await trimLocalCache(store.dir, 1);
    } finally {
      (fs as { statSync: typeof fs.statSync }).statSync = originalStat;
    }
    assert.ok(store.get(hit.actionId), 'the entry hit during the trim is still there, output included');
    assert.equal(entries.filter((e) => store.get(e.actionId)).length, 1);
  });
});

describe('LocalStore records use for the trim', () => {
  it('a hit marks an entry older than an hour as used now; a recent one is left alone', () => {
    const { store, entries } = storeWith(2, (i) => (i === 0 ? 2 * HOUR : 10 * 60_000));
    const [old, recent] = entries as [Entry, Entry];
    const recentBefore = fs.statSync(recent.index).mtimeMs;
    assert.ok(store.get(old.actionId));
    assert.ok(store.get(recent.actionId));
    assert.ok(Date.now() - fs.statSync(old.index).mtimeMs < 60_000, 'old entry touched');
    assert.equal(fs.statSync(recent.index).mtimeMs, recentBefore, 'recent entry: no write');
    assert.equal(USE_RESOLUTION_MS, HOUR);
  });

  it('a new entry naming an output already on disk makes that output young again', () => {
    const { store, entries } = storeWith(1, () => 3 * HOUR);
    const e = entries[0];
    const body = fs.readFileSync(e.output);
    store.putEntryWithOutput(
      sha('another action'),
      { outputId: e.outputId, size: body.length, time: new Date() },
      body,
    );
    assert.ok(Date.now() - fs.statSync(e.output).mtimeMs < 60_000);
    setAge(e.output, 3 * HOUR);
    const w = store.beginOutput(e.outputId, body.length);
    w.write(body);
    w.finish();
    assert.ok(Date.now() - fs.statSync(e.output).mtimeMs < 60_000, 'a put of the same output too');
  });
});

describe('-cache-max-size', () => {
  it('parses sizes with binary and decimal units, 0 for no cap', () => {
    assert.equal(parseSize('10GiB', 'x'), 10 * 1024 ** 3);
    assert.equal(parseSize('500MiB', 'x'), 500 * 1024 ** 2);
    assert.equal(parseSize('1.5GB', 'x'), 1.5e9);
    assert.equal(parseSize('0', 'x'), 0);
    assert.equal(parseSize(' 2048 ', 'x'), 2048);
    for (const bad of ['', '10 parsecs', '-1GiB', 'GiB', '1e3'])
      assert.throws(() => parseSize(bad, 'x'), ConfigError, bad);
    assert.equal(parseCommandLine([], {}).config.cacheMaxBytes, 0, 'off by default for the CLI');
    assert.equal(parseCommandLine(['-cache-max-size', '1MiB'], {}).config.cacheMaxBytes, 1024 ** 2);
    assert.equal(parseCommandLine(['trim'], { GOBUILDCACHE_CACHE_MAX_SIZE: '2KiB' }).config.cacheMaxBytes, 2048);
    assert.equal(parseCommandLine(['trim'], { CACHE_MAX_SIZE: '3KiB' }).subcommand, 'trim');
  });
});
