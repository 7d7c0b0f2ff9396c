// The local cache's size cap with the real go command: a cache trimmed by the `trim` subcommand
// (least recently used first) still builds a correct binary and passes the module's tests, and
// a trim running while go builds never breaks the build.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { before, describe, it } from 'node:test';
import { generateModule } from '../helpers/go-module.js';
import { ENTRYPOINT, runGo, tempDir } from '../helpers/go.js';
import { seedStd, warmStd } from '../helpers/warm-std.js';

const run = promisify(execFile);
const NAME = 'trimmed';
const HOUR = 3_600_000;

/** Every file under dir/a and dir/o made to look last used `ageMs` ago. */
function age(dir: string, ageMs: number): number {
  const t = new Date(Date.now() - ageMs);
  let n = 0;
  for (const sub of ['a', 'o']) {
    for (const entry of fs.readdirSync(path.join(dir, sub), { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      fs.utimesSync(path.join(entry.parentPath, entry.name), t, t);
      n++;
    }
  }
  return n;
}

function entries(dir: string): number {
  return fs
    .readdirSync(path.join(dir, 'a'), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && !e.name.startsWith('.')).length;
}

async function trim(cacheDir: string, size: string): Promise<string> {
  const { stderr } = await run(
    process.execPath,
    [ENTRYPOINT, 'trim', '-cache-dir', cacheDir, '-cache-max-size', size],
    { timeout: 60_000 },
  );
  return stderr;
}

describe('trim with the real go command', () => {
  const dir = tempDir('trim-module');
  const bin = path.join(tempDir('trim-bin'), NAME);
  let expected = '';

  before(async () => {
    generateModule(dir, { packages: 8, withTests: true, name: NAME });
    const warm = await warmStd();
    // The reference: go's own cache, no GOCACHEPROG.
    const ref = await runGo(['build', '-o', bin, `./cmd/${NAME}`], {
      cwd: dir,
      cacheprog: null,
      gocache: warm.gocache,
      timeoutMs: 300_000,
    });
    assert.equal(ref.code, 0, ref.stderr);
    expected = (await run(bin, [])).stdout;
    assert.ok(expected.length > 0);
  });

  async function machine(): Promise<{ cacheDir: string; env: Record<string, string> }> {
    const cacheDir = await seedStd(tempDir('trim-cache'));
    return { cacheDir, env: { GOBUILDCACHE_CACHE_DIR: cacheDir, GOBUILDCACHE_LOCK_DIR: path.join(cacheDir, 'locks') } };
  }

  it('a cache trimmed to half (least recently used first) still builds the right binary and passes the tests', async () => {
    const m = await machine();
    const first = await runGo(['build', '-o', bin, `./cmd/${NAME}`], { cwd: dir, env: m.env, timeoutMs: 300_000 });
    assert.equal(first.code, 0, first.stderr);
    const test = await runGo(['test', './...'], { cwd: dir, env: m.env, timeoutMs: 300_000 });
    assert.equal(test.code, 0, test.stderr);
    const before = entries(m.cacheDir);
    age(m.cacheDir, 3 * HOUR);
    // Size the cap from what the cache takes: half of it.
    const sizeLine = await trim(m.cacheDir, '1TiB');
    const total = parseSize(/: (\S+ \S+) in \d+ entries, nothing to remove/.exec(sizeLine)?.[1] ?? '');
    const line = await trim(m.cacheDir, `${Math.floor(total / 2)}`);
    assert.match(line, /removed (\d+) of (\d+) entries/);
    const after = entries(m.cacheDir);
    assert.ok(after < before && after > 0, `trimmed ${before} -> ${after} entries`);

    const second = await runGo(['build', '-x', '-o', bin, `./cmd/${NAME}`], {
      cwd: dir,
      env: m.env,
      timeoutMs: 300_000,
    });
    assert.equal(second.code, 0, second.stderr);
    assert.ok(second.compiles > 0, 'trimmed packages were compiled again');
    assert.equal(
      (await run(bin, [])).stdout,
      expected,
      'the binary built from a trimmed cache prints the right values',
    );
    const retest = await runGo(['test', '-count=1', './...'], { cwd: dir, env: m.env, timeoutMs: 300_000 });
    assert.equal(retest.code, 0, retest.stderr);
  });

  it('a trim to nothing while go builds and tests: the build stays green and correct', async () => {
    const m = await machine();
    const first = await runGo(['test', './...'], { cwd: dir, env: m.env, timeoutMs: 300_000 });
    assert.equal(first.code, 0, first.stderr);
    for (let round = 0; round < 1; round++) {
      age(m.cacheDir, 3 * HOUR);
      const building = runGo(['build', '-o', bin, `./cmd/${NAME}`], { cwd: dir, env: m.env, timeoutMs: 300_000 });
      const testing = runGo(['test', './...'], { cwd: dir, env: m.env, timeoutMs: 300_000 });
      // Trims race the go commands' hits: whatever a hit touched first stays, the rest goes.
      const trims = [await trim(m.cacheDir, '1'), await trim(m.cacheDir, '1')];
      const [build, test] = await Promise.all([building, testing]);
      assert.equal(build.code, 0, `build during a trim:\n${build.stderr}\n${trims.join('')}`);
      assert.equal(test.code, 0, `test during a trim:\n${test.stdout}${test.stderr}`);
      assert.equal((await run(bin, [])).stdout, expected);
    }
  });

  it('trim without a cap is refused with a clear error', async () => {
    await assert.rejects(
      run(process.execPath, [ENTRYPOINT, 'trim', '-cache-dir', tempDir('trim-none')], { timeout: 30_000 }),
      (err: { code?: number; stderr?: string }) => {
        assert.equal(err.code, 2);
        assert.match(err.stderr ?? '', /trim needs a size cap: -cache-max-size/);
        return true;
      },
    );
  });
});

/** "12.3 MiB" → bytes (what formatBytes printed). */
function parseSize(text: string): number {
  const m = /^([\d.]+) (B|KiB|MiB|GiB)$/.exec(text);
  assert.ok(m, `a size in "${text}"`);
  return Math.floor(Number(m[1]) * { B: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3 }[m[2] as 'B']);
}
