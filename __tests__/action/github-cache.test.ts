import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { githubCacheKeys, keyTime } from '../../src/action/github-archive.js';
import {
  hashFiles,
  harvest,
  listCacheFiles,
  parseActionEntry,
  placeVerified,
  stageFiles,
} from '../../src/action/gocache-dir.js';
import { jobManifestKeys } from '../../src/action/manifest-keys.js';
import { tempDir } from '../helpers/proc.js';

const sha256Hex = (data: string | Buffer): string => crypto.createHash('sha256').update(data).digest('hex');

describe('github cache keys', () => {
  it('saves under the branch with run id, attempt and time, and restores by prefix in the manifest key order', () => {
    const keys = githubCacheKeys(
      {
        key: 'Linux-X64-go1.26.8-CI-test/pr-feature',
        restoreKeys: ['Linux-X64-go1.26.8-CI-test/main', 'Linux-X64-go1.26.8-CI-test/'],
      },
      { GITHUB_RUN_ID: '42', GITHUB_RUN_ATTEMPT: '2' },
      1_700_000_000_000,
    );
    assert.equal(keys.saveKey, 'gobuildcache/v2/Linux-X64-go1.26.8-CI-test/pr-feature/42-2-1700000000000');
    assert.deepEqual(keys.restoreKeys, [
      'gobuildcache/v2/Linux-X64-go1.26.8-CI-test/pr-feature/',
      'gobuildcache/v2/Linux-X64-go1.26.8-CI-test/main/',
      'gobuildcache/v2/Linux-X64-go1.26.8-CI-test/',
    ]);
    assert.equal(keyTime(keys.saveKey), 1_700_000_000_000);
    assert.equal(keyTime('gobuildcache/v2/x/main/'), undefined);
  });

  it('keeps keys within the service limits: no commas, at most 512 characters, at most 10 keys', () => {
    const long = `${'j'.repeat(600)}/main`;
    const keys = githubCacheKeys({ key: long, restoreKeys: Array.from({ length: 20 }, (_, i) => `job,${i}/`) }, {});
    assert.ok(keys.saveKey.length <= 512);
    assert.ok(keys.restoreKeys.every((k) => !k.includes(',') && k.length <= 512));
    assert.ok(keys.restoreKeys.length + 1 <= 10);
    // The run and time survive the cut, and the save key still starts with its own restore prefix.
    const again = githubCacheKeys({ key: long, restoreKeys: [] }, { GITHUB_RUN_ID: '8' }, 1_700_000_000_001);
    assert.ok(again.saveKey.endsWith('8-1-1700000000001'), again.saveKey);
    assert.ok(again.saveKey.startsWith(again.restoreKeys[0]));
    assert.notEqual(githubCacheKeys({ key: long, restoreKeys: [] }, { GITHUB_RUN_ID: '9' }).saveKey, again.saveKey);
  });

  it("a trusted job's chain reads the default branch and trusted branches, never any branch of the job", () => {
    const env = {
      RUNNER_OS: 'Linux',
      RUNNER_ARCH: 'X64',
      GITHUB_WORKFLOW: 'CI',
      GITHUB_JOB: 'test',
      GITHUB_REF_NAME: 'main',
    };
    const open = jobManifestKeys({ env, goVersion: 'go1.26.8', matrix: '', defaultBranch: 'main' });
    assert.ok(
      open.restoreKeys.some((k) => k.endsWith('/')),
      'an untrusted chain ends with the job on any branch',
    );
    const trusted = jobManifestKeys({
      env,
      goVersion: 'go1.26.8',
      matrix: '',
      defaultBranch: 'main',
      trustedChain: ['release-1', 'release/*'],
    });
    assert.deepEqual(trusted.restoreKeys, ['Linux-X64-go1.26.8-CI-test/release-1']);
    assert.ok(!trusted.restoreKeys.some((k) => k.endsWith('/')));
  });
});

/** An output and its entry in go's own format (cmd/go/internal/cache), written by hand. */
function put(dir: string, body: string, opts: { exe?: string } = {}): { actionId: string; outputId: string } {
  const outputId = sha256Hex(body);
  const actionId = sha256Hex(`action:${body}`);
  const out = path.join(dir, outputId.slice(0, 2), `${outputId}-d`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  if (opts.exe) {
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, opts.exe), body, { mode: 0o755 });
  } else {
    fs.writeFileSync(out, body);
  }
  const line = `v1 ${actionId} ${outputId} ${String(body.length).padStart(20)} ${String(Date.now() * 1e6).padStart(20)}\n`;
  fs.mkdirSync(path.join(dir, actionId.slice(0, 2)), { recursive: true });
  fs.writeFileSync(path.join(dir, actionId.slice(0, 2), `${actionId}-a`), line);
  return { actionId, outputId };
}

describe("go's cache directory", () => {
  it('parses exactly the 175-byte line go writes', () => {
    const id = 'a'.repeat(64);
    const out = 'b'.repeat(64);
    const line = `v1 ${id} ${out} ${String(12).padStart(20)} ${String(34).padStart(20)}\n`;
    assert.deepEqual(parseActionEntry(line), { actionId: id, outputId: out, size: 12 });
    assert.equal(parseActionEntry(line.slice(0, -1)), undefined);
    assert.equal(parseActionEntry(line.replace('v1', 'v2')), undefined);
  });

  it('hashes files on worker threads like crypto does', async () => {
    const dir = tempDir('hash');
    const files = Array.from({ length: 70 }, (_, i) => {
      const f = path.join(dir, String(i));
      fs.writeFileSync(f, `body ${i}`.repeat(i * 100));
      return f;
    });
    const hashes = await hashFiles([...files, path.join(dir, 'missing')]);
    assert.deepEqual(
      hashes.slice(0, -1),
      files.map((f) => sha256Hex(fs.readFileSync(f))),
    );
    assert.equal(hashes.at(-1), '');
  });

  it('places verified outputs and their entries, drops a tampered output (same size) and its entry, and dates what it placed', async () => {
    const staged = tempDir('staged');
    const good = put(staged, 'good output');
    const exe = put(staged, 'an executable', { exe: 'tool' });
    const bad = put(staged, 'honest body');
    fs.writeFileSync(path.join(staged, bad.outputId.slice(0, 2), `${bad.outputId}-d`), 'planted body');
    // An entry whose line is malformed.
    const broken = put(staged, 'broken entry');
    fs.writeFileSync(path.join(staged, broken.actionId.slice(0, 2), `${broken.actionId}-a`), 'v1 nonsense\n');
    fs.writeFileSync(path.join(staged, 'README'), 'not a cache file');

    const gocache = tempDir('gocache');
    const mark = new Date(Date.now() - 2 * 3600_000);
    const placed = await placeVerified(staged, gocache, mark);
    assert.equal(placed.rejected, 1);
    assert.equal(placed.orphaned, 2, "the tampered output's entry and the malformed one");
    assert.equal(placed.entries, 2);
    assert.equal(placed.bytes, 'good output'.length + 'an executable'.length + 'broken entry'.length);
    const names = new Set(listCacheFiles(gocache).map((f) => f.name));
    assert.ok(names.has(`${good.actionId}-a`) && names.has(`${good.outputId}-d`));
    assert.ok(
      names.has(`${exe.actionId}-a`) &&
        fs.statSync(path.join(gocache, exe.outputId.slice(0, 2), `${exe.outputId}-d`)).isDirectory(),
    );
    assert.ok(!names.has(`${bad.outputId}-d`) && !names.has(`${bad.actionId}-a`));
    assert.ok(!names.has(`${broken.actionId}-a`));
    const st = fs.statSync(path.join(gocache, good.actionId.slice(0, 2), `${good.actionId}-a`));
    assert.equal(Math.round(st.mtimeMs / 1000), Math.round(mark.getTime() / 1000));
  });

  it("reads go's use marks: restored files touched after the restore were used, unknown ones were added", async () => {
    const gocache = tempDir('gocache');
    const staged = tempDir('staged');
    const a = put(staged, 'used');
    put(staged, 'unused');
    const since = Date.now();
    const placed = await placeVerified(staged, gocache, new Date(since - 2 * 3600_000));
    // What go's markUsed does to an entry it reads, and a new entry it writes.
    const now = new Date();
    fs.utimesSync(path.join(gocache, a.actionId.slice(0, 2), `${a.actionId}-a`), now, now);
    fs.utimesSync(path.join(gocache, a.outputId.slice(0, 2), `${a.outputId}-d`), now, now);
    const fresh = put(gocache, 'built by this job');
    const h = harvest(gocache, new Set(placed.placed), since - 1000);
    assert.deepEqual(h.used.map((f) => f.name).sort(), [`${a.actionId}-a`, `${a.outputId}-d`].sort());
    assert.deepEqual(h.added.map((f) => f.name).sort(), [`${fresh.actionId}-a`, `${fresh.outputId}-d`].sort());
    assert.equal(h.files, 6);

    const out = path.join(tempDir('stage'), 'go-build');
    stageFiles(gocache, h.added, out);
    assert.deepEqual(
      listCacheFiles(out)
        .map((f) => f.name)
        .sort(),
      h.added.map((f) => f.name).sort(),
    );
  });
});
