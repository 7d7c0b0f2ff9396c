// normalize-mtimes on real git repositories made here: which paths get which times, and which
// are never touched.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { TIME_FROM_US, TIME_RANGE_US, timeForId, utimesSeconds } from '../../src/cacheprog/checkout/content-time.js';
import { blobId } from '../../src/cacheprog/checkout/git-index.js';
import { normalizeMtimes, type NormalizeLog } from '../../src/cacheprog/checkout/normalize-mtimes.js';
import { git, stampCheckout } from '../helpers/git.js';
import { tempDir } from '../helpers/proc.js';

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

/** Modification time in microseconds (what Node can set; see timeForId). */
function mtimeUs(file: string): number {
  return Number(fs.lstatSync(file, { bigint: true }).mtimeNs / 1000n);
}

function mtimeNs(file: string): bigint {
  return fs.lstatSync(file, { bigint: true }).mtimeNs;
}

/** Collects notices so a test can check what the user was told. */
function recorder(): NormalizeLog & { notices: string[] } {
  const notices: string[] = [];
  return { notices, notice: (m) => notices.push(m) };
}

/** The origin: files, a copy with the same content, nested dirs, a symlink, an ignore rule. */
function origin(): string {
  const dir = tempDir('nm-origin');
  git(dir, 'init', '-q');
  write(path.join(dir, 'a.txt'), 'alpha\n');
  write(path.join(dir, 'dir', 'b.txt'), 'bravo\n');
  write(path.join(dir, 'dir', 'same.txt'), 'alpha\n');
  write(path.join(dir, 'dir', 'sub', 'c.txt'), 'charlie\n');
  write(path.join(dir, 'other', 'd.txt'), 'delta\n');
  write(path.join(dir, '.gitignore'), '*.log\n/build/\n');
  fs.symlinkSync('a.txt', path.join(dir, 'link'));
  fs.symlinkSync('untracked.txt', path.join(dir, 'link-to-untracked'));
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'origin');
  return dir;
}

/** A fresh clone with its own checkout time, plus untracked and ignored files next to the tracked ones. */
function checkout(from: string, stampedAt: number): string {
  const dir = path.join(tempDir('nm-clone'), 'repo');
  git(path.dirname(dir), 'clone', '-q', from, dir);
  write(path.join(dir, 'untracked.txt'), 'not ours\n');
  write(path.join(dir, 'dir', 'debug.log'), 'ignored\n');
  write(path.join(dir, 'build', 'out.bin'), 'ignored dir\n');
  stampCheckout(dir, stampedAt);
  return dir;
}

const TRACKED_FILES = [
  'a.txt',
  'dir/b.txt',
  'dir/same.txt',
  'dir/sub/c.txt',
  'other/d.txt',
  '.gitignore',
  'link',
  'link-to-untracked',
];
const TRACKED_DIRS = ['.', 'dir', 'dir/sub', 'other'];
const UNTRACKED = ['untracked.txt', 'dir/debug.log', 'build', 'build/out.bin'];
const nowSeconds = (): number => Math.floor(Date.now() / 1000);

describe('the time function', () => {
  it('is deterministic, in the fixed past range, and differs for different ids', () => {
    const a = blobId(Buffer.from('alpha\n'));
    assert.equal(
      a,
      execFileSync('git', ['hash-object', '--stdin'], { input: 'alpha\n', encoding: 'utf8' }).trim(),
      'git blob format',
    );
    assert.equal(timeForId(a), timeForId(a));
    const times = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const t = timeForId(blobId(Buffer.from(`content ${i}`)));
      assert.ok(t >= TIME_FROM_US && t < TIME_FROM_US + TIME_RANGE_US);
      times.add(t);
    }
    assert.equal(times.size, 2000, 'no two of 2000 contents share a time');
    // Far older than go's 2 s "file too new" cutoff, whatever the clock says.
    assert.ok(TIME_FROM_US + TIME_RANGE_US < Date.UTC(2021, 0, 1) * 1000);
  });

  it('sets exactly the intended microsecond (Node cannot set finer; see utimesSeconds)', () => {
    const file = path.join(tempDir('nm-precision'), 'f');
    fs.writeFileSync(file, '');
    for (let i = 0; i < 500; i++) {
      const us = timeForId(blobId(Buffer.from(String(i))));
      const s = utimesSeconds(us);
      fs.utimesSync(file, s, s);
      assert.equal(mtimeUs(file), us, `time ${us}`);
    }
  });
});

describe('normalizeMtimes', () => {
  it('gives every tracked file, symlink and directory the same time on two checkouts made at different times', () => {
    const from = origin();
    const one = checkout(from, nowSeconds() - 3600);
    const two = checkout(from, nowSeconds() - 60);
    assert.notEqual(
      mtimeNs(path.join(one, 'a.txt')),
      mtimeNs(path.join(two, 'a.txt')),
      'the checkouts start with different times',
    );
    const untouched = new Map(UNTRACKED.map((rel) => [rel, mtimeNs(path.join(one, rel))]));

    const log = recorder();
    const r1 = normalizeMtimes(one, log);
    const r2 = normalizeMtimes(two, log);
    assert.deepEqual(log.notices, []);
    assert.equal(r1.normalized, true);
    assert.equal(r1.files, 6);
    assert.equal(r1.symlinks, 2);
    assert.equal(r1.directories, 4);
    assert.equal(r1.rootId, r2.rootId);

    for (const rel of [...TRACKED_FILES, ...TRACKED_DIRS]) {
      assert.equal(mtimeNs(path.join(one, rel)), mtimeNs(path.join(two, rel)), `${rel}: same time on both checkouts`);
      assert.ok(mtimeUs(path.join(one, rel)) < TIME_FROM_US + TIME_RANGE_US, `${rel} is in the past range`);
    }
    // Files: from git's blob id; a symlink from its own blob (the link text), never its target's.
    for (const rel of TRACKED_FILES) {
      assert.equal(mtimeUs(path.join(one, rel)), timeForId(git(one, 'rev-parse', `HEAD:${rel}`).trim()), rel);
    }
    assert.equal(
      mtimeUs(path.join(one, 'a.txt')),
      mtimeUs(path.join(one, 'dir', 'same.txt')),
      'same content, same time',
    );
    assert.notEqual(
      mtimeUs(path.join(one, 'a.txt')),
      mtimeUs(path.join(one, 'dir', 'b.txt')),
      'other content, other time',
    );
    assert.notEqual(mtimeUs(path.join(one, 'link')), mtimeUs(path.join(one, 'a.txt')), 'the link has its own time');
    const dirTimes = new Set(TRACKED_DIRS.map((rel) => mtimeUs(path.join(one, rel))));
    assert.equal(dirTimes.size, TRACKED_DIRS.length, 'each directory has its own listing, so its own time');

    // Untracked and ignored paths keep their times; the symlink to an untracked file was not followed.
    for (const [rel, before] of untouched) assert.equal(mtimeNs(path.join(one, rel)), before, `${rel} untouched`);
  });

  it("moves a directory's time, and its parents', when its tracked listing changes; untracked files do not count", () => {
    const from = origin();
    const dir = checkout(from, nowSeconds() - 600);
    normalizeMtimes(dir, recorder());
    const before = new Map([...TRACKED_FILES, ...TRACKED_DIRS].map((rel) => [rel, mtimeNs(path.join(dir, rel))]));

    // An untracked file in a tracked directory changes nothing we compute.
    write(path.join(dir, 'dir', 'sub', 'scratch.txt'), 'untracked\n');
    normalizeMtimes(dir, recorder());
    for (const [rel, t] of before)
      assert.equal(mtimeNs(path.join(dir, rel)), t, `${rel} after an untracked file appeared`);

    write(path.join(dir, 'dir', 'sub', 'new.txt'), 'new\n');
    git(dir, 'add', 'dir/sub/new.txt');
    git(dir, 'commit', '-q', '-m', 'new file');
    normalizeMtimes(dir, recorder());
    for (const rel of ['dir/sub', 'dir', '.'])
      assert.notEqual(mtimeNs(path.join(dir, rel)), before.get(rel), `${rel} follows the new listing`);
    for (const rel of [...TRACKED_FILES, 'other'])
      assert.equal(mtimeNs(path.join(dir, rel)), before.get(rel), `${rel} unchanged`);
  });

  it('times a file modified since checkout by its current content, not the committed one', () => {
    const from = origin();
    const dir = checkout(from, nowSeconds() - 600);
    write(path.join(dir, 'dir', 'b.txt'), 'alpha\n'); // now the same bytes as a.txt
    const r = normalizeMtimes(dir, recorder());
    assert.equal(r.hashedFromDisk, 1);
    assert.equal(mtimeUs(path.join(dir, 'dir', 'b.txt')), mtimeUs(path.join(dir, 'a.txt')));
    assert.equal(mtimeUs(path.join(dir, 'dir', 'b.txt')), timeForId(blobId(Buffer.from('alpha\n'))));

    // A tracked file deleted from the working tree is counted and skipped, not an error.
    fs.rmSync(path.join(dir, 'other', 'd.txt'));
    const again = normalizeMtimes(dir, recorder());
    assert.equal(again.missing, 1);
    assert.equal(again.failed, 0);
  });

  it('only touches what is below the directory it is given', () => {
    const from = origin();
    const dir = checkout(from, nowSeconds() - 600);
    const top = mtimeNs(path.join(dir, 'a.txt'));
    const r = normalizeMtimes(path.join(dir, 'dir'), recorder());
    assert.equal(r.files, 3);
    assert.equal(mtimeNs(path.join(dir, 'a.txt')), top);
    assert.equal(mtimeUs(path.join(dir, 'dir', 'b.txt')), timeForId(git(dir, 'rev-parse', 'HEAD:dir/b.txt').trim()));
  });

  it('handles names that are not ASCII, and names that are not even UTF-8', () => {
    const dir = tempDir('nm-names');
    git(dir, 'init', '-q');
    write(path.join(dir, 'café', 'naïve.txt'), 'utf-8 name\n');
    const raw = Buffer.concat([Buffer.from(`${dir}/latin1-`), Buffer.from([0xe9]), Buffer.from('.txt')]);
    fs.writeFileSync(raw, 'latin-1 name\n');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'names');
    const r = normalizeMtimes(dir, recorder());
    assert.equal(r.files, 2);
    assert.equal(r.failed + r.missing, 0);
    assert.equal(mtimeUs(path.join(dir, 'café', 'naïve.txt')), timeForId(blobId(Buffer.from('utf-8 name\n'))));
    assert.equal(
      Number(fs.statSync(raw, { bigint: true }).mtimeNs / 1000n),
      timeForId(blobId(Buffer.from('latin-1 name\n'))),
    );
    assert.ok(mtimeUs(path.join(dir, 'café')) < TIME_FROM_US + TIME_RANGE_US);
  });

  it('outside a git checkout: a notice, and nothing is touched', () => {
    const dir = tempDir('nm-plain');
    write(path.join(dir, 'f.txt'), 'x');
    fs.mkdirSync(path.join(dir, 'sub'));
    stampCheckout(dir, nowSeconds() - 100);
    const before = [mtimeNs(dir), mtimeNs(path.join(dir, 'f.txt')), mtimeNs(path.join(dir, 'sub'))];
    const log = recorder();
    const r = normalizeMtimes(dir, log);
    assert.equal(r.normalized, false);
    assert.equal(log.notices.length, 1);
    assert.match(log.notices[0] ?? '', /is not a git checkout .*nothing was changed/);
    assert.deepEqual([mtimeNs(dir), mtimeNs(path.join(dir, 'f.txt')), mtimeNs(path.join(dir, 'sub'))], before);
  });

  it('normalises a checked-out submodule with its own index, and leaves one that is not checked out with a notice', () => {
    const lib = tempDir('nm-lib');
    git(lib, 'init', '-q');
    write(path.join(lib, 'lib.go'), 'package lib\n');
    write(path.join(lib, 'testdata', 'x.txt'), 'x\n');
    git(lib, 'add', '-A');
    git(lib, 'commit', '-q', '-m', 'lib');
    const from = origin();
    git(from, 'submodule', 'add', '-q', lib, 'third_party/lib');
    git(from, 'commit', '-q', '-m', 'submodule');

    const with1 = path.join(tempDir('nm-sub'), 'repo');
    git(path.dirname(with1), 'clone', '-q', '--recurse-submodules', from, with1);
    stampCheckout(with1, nowSeconds() - 600);
    const log = recorder();
    const r = normalizeMtimes(with1, log);
    assert.deepEqual(log.notices, []);
    assert.equal(r.submodules, 1);
    const sub = path.join(with1, 'third_party', 'lib');
    assert.equal(
      mtimeUs(path.join(sub, 'testdata', 'x.txt')),
      timeForId(git(sub, 'rev-parse', 'HEAD:testdata/x.txt').trim()),
    );
    assert.ok(mtimeUs(path.join(sub, 'testdata')) < TIME_FROM_US + TIME_RANGE_US);
    assert.ok(mtimeUs(sub) < TIME_FROM_US + TIME_RANGE_US, 'the submodule directory itself');
    assert.ok(mtimeUs(path.join(with1, 'third_party')) < TIME_FROM_US + TIME_RANGE_US);

    const without = path.join(tempDir('nm-nosub'), 'repo');
    git(path.dirname(without), 'clone', '-q', from, without);
    const emptyDir = mtimeNs(path.join(without, 'third_party', 'lib'));
    const log2 = recorder();
    const r2 = normalizeMtimes(without, log2);
    assert.deepEqual(r2.skippedSubmodules, ['third_party/lib']);
    assert.match(log2.notices.join('\n'), /submodule third_party\/lib is not checked out/);
    assert.equal(mtimeNs(path.join(without, 'third_party', 'lib')), emptyDir);
    assert.equal(
      mtimeUs(path.join(without, 'a.txt')),
      mtimeUs(path.join(with1, 'a.txt')),
      'the rest is normalised as usual',
    );
  });
});
