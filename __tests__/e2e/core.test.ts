// The real go command using the bundled entrypoint as GOCACHEPROG with the disk backend: what a
// user sees on a laptop or in CI before any remote is configured. Every cache dir starts with
// the std entries an earlier job left (helpers/warm-std.ts): the claims here are about the
// module's packages, and compiling std from nothing (e2e/std does) would take most of the time.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import type { StatsJson } from '../../src/cacheprog/stats.js';
import { cacheprogCommand, runGo, tempDir, testResults, type GoResult } from '../helpers/go.js';
import { generateModule } from '../helpers/go-module.js';
import { startTestJobServer, type TestJobServer } from '../helpers/job-server.js';
import { seedStd, warmStd } from '../helpers/warm-std.js';

const PACKAGES = 16;
const NAME = 'core';
const TEST_TIMEOUT = 300_000;

function sha256(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

function assertOk(res: GoResult, what: string): void {
  assert.equal(res.code, 0, `${what} failed (exit ${res.code}):\n${res.stdout}\n${res.stderr}`);
}

/** Compiles of this module's packages (not std) in `-x` output. */
function moduleCompiles(res: GoResult): number {
  return res.stderr
    .split('\n')
    .filter((l) => /[/\\]compile(\.exe)?\s+-o\s/.test(l) && l.includes(` -p example.com/${NAME}/`)).length;
}

/** A cache dir holding std, as an earlier job left it. */
async function stdCacheDir(prefix: string): Promise<string> {
  return seedStd(tempDir(prefix));
}

function filesUnder(dir: string): string[] {
  return fs.existsSync(dir)
    ? fs
        .readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => path.join(e.parentPath, e.name))
    : [];
}

/**
 * What go must see from either shape of the server: per go command (the CLI default) or one job
 * server behind the bridge (the action's default). `command(flags)` gives the GOCACHEPROG for flags.
 */
function behaviour(command: (flags: string[]) => Promise<string>): void {
  const moduleDir = tempDir('core-module');
  generateModule(moduleDir, { packages: PACKAGES, withTests: true, testReadsFile: true, name: NAME });
  const cacheDir = tempDir('core-cache');
  const lockDir = tempDir('core-locks');
  const flags = ['-cache-dir', cacheDir, '-lock-dir', lockDir];
  const seeded = seedStd(cacheDir);

  // The cold and warm builds are shared by the tests that need a filled cache dir, so each test
  // can also run alone (--test-name-pattern) without paying for the cold build twice.
  let builds: Promise<{ cold: GoResult; warm: GoResult }> | undefined;
  const buildTwice = (): Promise<{ cold: GoResult; warm: GoResult }> =>
    (builds ??= (async () => {
      await seeded;
      const gocache = tempDir('core-gocache');
      const prog = await command(flags);
      const cold = await runGo(['build', '-x', './...'], { cwd: moduleDir, gocache, cacheprog: prog });
      const warm = await runGo(['build', '-x', './...'], { cwd: moduleDir, gocache, cacheprog: prog });
      return { cold, warm };
    })());

  test('a second build of the module compiles nothing', { timeout: TEST_TIMEOUT }, async () => {
    const { cold, warm } = await buildTwice();
    assertOk(cold, 'cold build');
    assert.ok(
      moduleCompiles(cold) >= PACKAGES,
      `cold build compiled ${moduleCompiles(cold)} module packages, expected >= ${PACKAGES}`,
    );
    const std = cold.stderr
      .split('\n')
      .filter(
        (l) =>
          /[/\\]compile(\.exe)?\s+-o\s/.test(l) && !l.includes(` -p example.com/${NAME}/`) && !l.includes(' -p main '),
      );
    assert.deepEqual(std, [], 'std came from the cache dir, where an earlier job left it');
    assertOk(warm, 'warm build');
    assert.equal(
      warm.compiles,
      0,
      `warm build still compiled:\n${warm.stderr
        .split('\n')
        .filter((l) => l.includes('compile -o'))
        .join('\n')}`,
    );
    assert.ok(filesUnder(path.join(cacheDir, 'o')).length > 0, 'cache dir holds no outputs');
  });

  test('a fresh GOCACHE with the same cache dir compiles nothing', { timeout: TEST_TIMEOUT }, async () => {
    assertOk((await buildTwice()).cold, 'cold build');
    const res = await runGo(['build', '-x', './...'], {
      cwd: moduleDir,
      gocache: tempDir('core-fresh'),
      cacheprog: await command(flags),
    });
    assertOk(res, 'build with a fresh GOCACHE');
    assert.equal(res.compiles, 0);
  });

  test('go test twice: the second run reports every package (cached)', { timeout: TEST_TIMEOUT }, async () => {
    await seeded;
    const prog = await command(flags);
    const first = await runGo(['test', './...'], { cwd: moduleDir, cacheprog: prog });
    assertOk(first, 'first go test');
    const firstResults = testResults(first.stdout);
    // Every package has a test, the command too.
    assert.equal(firstResults.size, PACKAGES + 1, first.stdout);
    const second = await runGo(['test', './...'], { cwd: moduleDir, cacheprog: prog });
    assertOk(second, 'second go test');
    const secondResults = testResults(second.stdout);
    assert.deepEqual([...secondResults.keys()].sort(), [...firstResults.keys()].sort());
    for (const [pkg, status] of secondResults)
      assert.equal(status, '(cached)', `${pkg} was not cached:\n${second.stdout}`);
  });

  test('go vet passes, and a second vet runs neither compile nor vet', { timeout: TEST_TIMEOUT }, async () => {
    await seeded;
    const prog = await command(flags);
    const first = await runGo(['vet', './...'], { cwd: moduleDir, cacheprog: prog });
    assertOk(first, 'first go vet');
    const second = await runGo(['vet', '-x', './...'], { cwd: moduleDir, cacheprog: prog });
    assertOk(second, 'second go vet');
    assert.equal(second.compiles, 0);
    const vetRuns = second.stderr.split('\n').filter((l) => /[/\\]vet(\.exe)?\s.*vet\.cfg/.test(l));
    assert.deepEqual(vetRuns, [], 'vet results should come from the cache');
  });

  test('go list -export names files inside the cache dir', { timeout: TEST_TIMEOUT }, async () => {
    await seeded;
    const res = await runGo(['list', '-export', '-f', '{{.ImportPath}}\t{{.Export}}', './...'], {
      cwd: moduleDir,
      cacheprog: await command(flags),
    });
    assertOk(res, 'go list -export');
    const rows = res.stdout
      .trim()
      .split('\n')
      .map((l) => l.split('\t') as [string, string]);
    assert.equal(rows.length, PACKAGES + 1, res.stdout);
    const realCache = fs.realpathSync(cacheDir);
    for (const [pkg, exportFile] of rows) {
      assert.ok(path.isAbsolute(exportFile), `${pkg}: export "${exportFile}" is not absolute`);
      assert.ok(
        fs.realpathSync(exportFile).startsWith(realCache + path.sep),
        `${pkg}: ${exportFile} is outside ${cacheDir}`,
      );
      assert.ok(fs.statSync(exportFile).size > 0, `${pkg}: ${exportFile} is empty`);
    }
  });

  test(
    '4 concurrent go commands sharing one cache dir all succeed with identical binaries',
    { timeout: TEST_TIMEOUT },
    async () => {
      const shared = await command([
        '-cache-dir',
        await stdCacheDir('core-concurrent-cache'),
        '-lock-dir',
        tempDir('core-concurrent-locks'),
      ]);
      const outDir = tempDir('core-bin');
      const runs = await Promise.all(
        [0, 1, 2, 3].map((i) =>
          runGo(['build', '-o', path.join(outDir, `bin${i}`), `./cmd/${NAME}`], { cwd: moduleDir, cacheprog: shared }),
        ),
      );
      runs.forEach((r, i) => assertOk(r, `concurrent build ${i}`));
      const hashes = [0, 1, 2, 3].map((i) => sha256(path.join(outDir, `bin${i}`)));
      assert.equal(new Set(hashes).size, 1, `binaries differ: ${hashes.join(' ')}`);

      // The cache must not change what go produces: go's own cache (holding std) builds the same bytes.
      const gocache = tempDir('core-reference-gocache');
      fs.cpSync((await warmStd()).gocache, gocache, { recursive: true });
      const reference = await runGo(['build', '-o', path.join(outDir, 'reference'), `./cmd/${NAME}`], {
        cwd: moduleDir,
        cacheprog: null,
        gocache,
      });
      assertOk(reference, "reference build with go's own cache");
      assert.equal(hashes[0], sha256(path.join(outDir, 'reference')));

      const after = await runGo(['build', '-x', '-o', path.join(outDir, 'after'), `./cmd/${NAME}`], {
        cwd: moduleDir,
        cacheprog: shared,
      });
      assertOk(after, 'build after the concurrent ones');
      assert.equal(after.compiles, 0, 'the concurrent builds should have left a complete cache');
      const output = execFileSync(path.join(outDir, 'after'), { encoding: 'utf8', timeout: 10_000 });
      assert.equal(output.trim().split('\n').length, 3, output);
    },
  );
}

describe('go with GOCACHEPROG = our entrypoint, disk backend', () => {
  behaviour(async (flags) => cacheprogCommand(flags));
});

describe('go with GOCACHEPROG = the bridge to one job server, disk backend', () => {
  const servers = new Map<string, Promise<TestJobServer>>();
  after(async () => {
    for (const server of servers.values()) assert.equal((await (await server).finish()).code, 0);
  });
  behaviour(async (flags) => {
    const key = flags.join(' ');
    if (!servers.has(key)) servers.set(key, startTestJobServer({ flags }));
    return (await (servers.get(key) as Promise<TestJobServer>)).command;
  });
});

describe('go with GOCACHEPROG = our entrypoint, disk backend: per-process settings', () => {
  const moduleDir = tempDir('core-module-settings');
  generateModule(moduleDir, { packages: PACKAGES, withTests: true, testReadsFile: true, name: NAME });
  const cacheDir = tempDir('core-cache-settings');
  const flags = ['-cache-dir', cacheDir, '-lock-dir', tempDir('core-locks-settings')];
  let cold: Promise<GoResult> | undefined;
  const buildTwice = async (): Promise<{ cold: GoResult }> => ({
    cold: await (cold ??= seedStd(cacheDir).then(() =>
      runGo(['build', './...'], { cwd: moduleDir, cacheprog: cacheprogCommand(flags) }),
    )),
  });

  for (const lockType of ['memory', 'noop'] as const) {
    test(`-lock-type ${lockType} serves a warm build`, { timeout: TEST_TIMEOUT }, async () => {
      assertOk((await buildTwice()).cold, 'cold build');
      const res = await runGo(['build', '-x', './...'], {
        cwd: moduleDir,
        cacheprog: cacheprogCommand([...flags, '-lock-type', lockType]),
      });
      assertOk(res, `build with -lock-type ${lockType}`);
      assert.equal(res.compiles, 0);
    });
  }

  test('GOBUILDCACHE_CACHE_DIR chooses the cache dir when no flag does', { timeout: TEST_TIMEOUT }, async () => {
    const dir = await stdCacheDir('core-env-cache');
    const std = filesUnder(dir).length;
    const env = { GOBUILDCACHE_CACHE_DIR: dir, GOBUILDCACHE_LOCK_DIR: tempDir('core-env-locks') };
    const first = await runGo(['build', './...'], { cwd: moduleDir, cacheprog: cacheprogCommand(), env });
    assertOk(first, 'build configured by env');
    assert.ok(filesUnder(dir).length > std, `the module's entries did not land in ${dir}`);
    const second = await runGo(['build', '-x', './...'], {
      cwd: moduleDir,
      cacheprog: cacheprogCommand(['-cache-dir', dir]),
    });
    assertOk(second, 'build configured by flag');
    assert.equal(second.compiles, 0, 'the flag and the env var should name the same cache');
  });

  test('-stats-dir receives one JSON stats file per go process', { timeout: TEST_TIMEOUT }, async () => {
    assertOk((await buildTwice()).cold, 'cold build');
    const statsDir = tempDir('core-stats');
    const res = await runGo(['build', './...'], {
      cwd: moduleDir,
      cacheprog: cacheprogCommand([...flags, '-stats-dir', statsDir]),
    });
    assertOk(res, 'build with -stats-dir');
    const files = fs.readdirSync(statsDir).filter((f) => f.endsWith('.json'));
    assert.equal(files.length, 1, `expected one stats file, found ${files.join(', ') || 'none'}`);
    const stats = JSON.parse(fs.readFileSync(path.join(statsDir, files[0]), 'utf8')) as StatsJson;
    assert.equal(stats.version, 1);
    assert.equal(stats.backend, 'disk');
    assert.equal(stats.counters.processes, 1);
    assert.ok(stats.counters.gets > 0, `gets = ${stats.counters.gets}`);
    assert.ok(stats.counters.localHits > 0, `localHits = ${stats.counters.localHits}`);
    assert.ok(stats.counters.localHits <= stats.counters.gets);
  });

  test('a bad -backend fails the go command with a message naming the flag', { timeout: TEST_TIMEOUT }, async () => {
    const res = await runGo(['build', './...'], {
      cwd: moduleDir,
      cacheprog: cacheprogCommand([...flags, '-backend', 'gcs']),
    });
    assert.notEqual(res.code, 0, 'go should fail when GOCACHEPROG cannot start');
    assert.match(res.stderr, /-backend/);
    assert.match(res.stderr, /gcs/);
  });
});
