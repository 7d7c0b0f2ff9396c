// Issue 12 end to end: test results that read files stay cached across fresh checkouts. The real
// go command, our bundle as GOCACHEPROG with the S3 backend (versitygw), and a git checkout that
// is deleted and cloned again at the same path with an empty cache dir and GOCACHE, as on a new
// runner. The normalisation runs through the bundle's normalize-mtimes subcommand.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { git, stampCheckout } from '../helpers/git.js';
import { generateModule } from '../helpers/go-module.js';
import { ENTRYPOINT, runGo, tempDir, testResults } from '../helpers/go.js';
import { newMachine, type Machine } from '../helpers/machine.js';
import { seedStd } from '../helpers/warm-std.js';
import { startS3Server, type S3Server } from '../helpers/s3-server.js';

const run = promisify(execFile);
const MOD = 'example.com/nmt';
const READS_FILE = `${MOD}/pkg/p0`; // os.ReadFile("testdata/fruit.txt")
const READS_DIR = `${MOD}/pkg/p1`; // os.ReadDir("testdata/colors")
const READS_NOTHING = [`${MOD}/pkg/p2`, `${MOD}/pkg/p3`, `${MOD}/cmd/nmt`];
const ALL = [READS_FILE, READS_DIR, ...READS_NOTHING];
const FRUIT = 'pkg/p0/testdata/fruit.txt';

let s3: S3Server;
let bucketSeq = 0;
before(async () => {
  s3 = await startS3Server();
});
after(async () => {
  await s3?.stop();
});

async function newBucket(): Promise<string> {
  const name = `gbc-nmt-${++bucketSeq}`;
  await s3.createBucket(name);
  return name;
}

/**
 * A new runner of this bucket whose local dir already holds std (helpers/warm-std.ts): the claims
 * are about the module's test results, and compiling std on every machine would take most of the time.
 */
async function stdMachine(bucket: string): Promise<Machine> {
  const m = newMachine(s3, bucket);
  await seedStd(m.cacheDir);
  return m;
}

/** A repository with the module committed, and a bare copy to clone checkouts from. */
function origin(): { work: string; bare: string } {
  const work = tempDir('nmt-work');
  generateModule(work, { packages: 4, withTests: true, testReadsFile: true, testReadsDir: true, name: 'nmt' });
  git(work, 'init', '-q');
  git(work, 'add', '-A');
  git(work, 'commit', '-q', '-m', 'module');
  const bare = path.join(tempDir('nmt-bare'), 'origin.git');
  git(work, 'clone', '-q', '--bare', work, bare);
  return { work, bare };
}

/**
 * Deletes dir and clones it again, as a new runner would. The times are then set explicitly to
 * `ageSeconds` ago: distinct for every checkout (a clone's own times could coincide within the
 * filesystem's granularity), and older than go's 2 s cutoff, so a re-run below is never just go
 * refusing to cache a result because its input files are too new.
 */
function freshCheckout(bare: string, dir: string, ageSeconds: number): void {
  fs.rmSync(dir, { recursive: true, force: true });
  git(path.dirname(dir), 'clone', '-q', bare, dir);
  stampCheckout(dir, Math.floor(Date.now() / 1000) - ageSeconds);
}

async function normalize(dir: string): Promise<void> {
  const { stderr } = await run(process.execPath, [ENTRYPOINT, 'normalize-mtimes'], { cwd: dir });
  assert.match(stderr, /normalize-mtimes: set the times of \d+ files, 0 symlinks and \d+ directories/);
}

/** `go test ./...` on a machine of its own (a cache dir holding only std, empty GOCACHE): package → cached? */
async function goTestOnNewMachine(dir: string, bucket: string): Promise<Map<string, boolean>> {
  const machine = await stdMachine(bucket);
  const res = await runGo(['test', './...'], { cwd: dir, env: machine.env, timeoutMs: 240_000 });
  assert.equal(res.code, 0, `go test failed:\n${res.stdout}\n${res.stderr}`);
  const results = testResults(res.stdout);
  assert.deepEqual([...results.keys()].sort(), [...ALL].sort(), res.stdout);
  return new Map([...results].map(([pkg, tail]) => [pkg, tail.includes('(cached)')]));
}

function cachedOnes(results: Map<string, boolean>): string[] {
  return [...results]
    .filter(([, cached]) => cached)
    .map(([pkg]) => pkg)
    .sort();
}

function mtimeNs(file: string): bigint {
  return fs.statSync(file, { bigint: true }).mtimeNs;
}

describe('test results across fresh checkouts (S3 backend)', () => {
  it('with normalize-mtimes every package is (cached) on a new checkout; a changed testdata file re-runs only its package', async () => {
    const { work, bare } = origin();
    const bucket = await newBucket();
    const checkout = path.join(tempDir('nmt-runner'), 'src');

    freshCheckout(bare, checkout, 600);
    const firstTime = mtimeNs(path.join(checkout, FRUIT));
    await normalize(checkout);
    const first = await goTestOnNewMachine(checkout, bucket);
    assert.deepEqual(cachedOnes(first), [], 'the first run runs every test');

    freshCheckout(bare, checkout, 300);
    assert.notEqual(mtimeNs(path.join(checkout, FRUIT)), firstTime, 'the new checkout has new times');
    await normalize(checkout);
    const second = await goTestOnNewMachine(checkout, bucket);
    assert.deepEqual(cachedOnes(second), [...ALL].sort(), 'every result, file-reading ones too, comes from the cache');

    // Same size, other content: only the time can tell go that the file changed.
    const fruit = fs.readFileSync(path.join(work, FRUIT), 'utf8');
    const reordered = 'fig\napple\npear\n\n';
    assert.equal(reordered.length, fruit.length);
    assert.notEqual(reordered, fruit);
    fs.writeFileSync(path.join(work, FRUIT), reordered);
    git(work, 'commit', '-q', '-am', 'reorder the fruit');
    git(work, 'push', '-q', bare, 'HEAD:main');

    freshCheckout(bare, checkout, 120);
    await normalize(checkout);
    const third = await goTestOnNewMachine(checkout, bucket);
    assert.equal(third.get(READS_FILE), false, 'the package whose testdata changed runs again');
    assert.deepEqual(
      cachedOnes(third),
      ALL.filter((p) => p !== READS_FILE).sort(),
      'every other result is still cached',
    );
  });

  it('without it, the packages whose tests read testdata run again on a new checkout', async () => {
    const { bare } = origin();
    const bucket = await newBucket();
    const checkout = path.join(tempDir('nmt-runner'), 'src');

    freshCheckout(bare, checkout, 600);
    const machine = await stdMachine(bucket);
    const first = await runGo(['test', './...'], { cwd: checkout, env: machine.env, timeoutMs: 240_000 });
    assert.equal(first.code, 0, first.stderr);
    // The results were cacheable: the same checkout on the same machine gets every one from the cache.
    const again = await runGo(['test', './...'], { cwd: checkout, env: machine.env, timeoutMs: 240_000 });
    assert.deepEqual(
      [...testResults(again.stdout).values()].filter((t) => !t.includes('(cached)')),
      [],
      again.stdout,
    );

    freshCheckout(bare, checkout, 300);
    const second = await goTestOnNewMachine(checkout, bucket);
    assert.equal(second.get(READS_FILE), false, `${READS_FILE} runs again`);
    assert.equal(second.get(READS_DIR), false, `${READS_DIR} runs again`);
    assert.deepEqual(cachedOnes(second), [...READS_NOTHING].sort(), 'tests that read no files are cached either way');
  });
});
