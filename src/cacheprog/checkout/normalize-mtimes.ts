// Sets the modification time of every file and directory git tracks in a checkout to a function
// of its content, so that a test result cached on one runner is found again on the next.
//
// Why: the go command keys a cached test result on the size, mode and modification time of every
// file and directory the test opened (cmd/go/internal/test hashOpen/hashWriteStat; a directory
// also by the stat of each entry), never on their content (golang/go#58571). A fresh checkout
// stamps every file with the time of the checkout, so without this every test that reads
// testdata runs again on every CI run even when the shared cache holds its result.
//
// What a time is made of:
//   - a file or symlink: the blob id git records for it in the index (`git ls-files -s`). A file
//     whose working-tree content differs from the index (`git ls-files -m`: modified, or merge
//     conflicts) is hashed here from its bytes in git's blob format, so its time follows what is
//     on disk, not what was committed.
//   - a directory: a hash of its tracked entries (name, mode and id of each, like a git tree),
//     so adding, removing or changing anything below it changes its time. Untracked and ignored
//     files are never touched and do not take part.
//   - a submodule that is checked out: normalised with its own index, its root time from its
//     own listing. One that is not checked out is left alone.
// The id picks a microsecond in a fixed range of past years (content-time.ts); what git lists and
// the blob ids of modified files come from git-index.ts.
//
// git's index is not refreshed afterwards: it remembers each file's old time, so the first later
// git command that compares the working tree (git status, go build's VCS stamping) re-reads every
// file once and rewrites the index. Doing that here would cost seconds for 100k files on every
// run; left to git it costs the same only where a job runs such a command.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { timeForId, utimesSeconds } from './content-time.js';
import { GITLINK, SYMLINK, TREE, blobIdOnDisk, listIndex, notAWorkTree } from './git-index.js';

export interface NormalizeLog {
  /** Something the user may want to act on (not a git checkout, a submodule not checked out). */
  notice(message: string): void;
}

export interface NormalizeResult {
  /** false: nothing was touched (see reason). */
  normalized: boolean;
  reason?: string;
  files: number;
  symlinks: number;
  directories: number;
  /** Tracked files whose working-tree content differs from the index, hashed from disk. */
  hashedFromDisk: number;
  /** Tracked paths absent from the working tree (deleted, sparse checkout): left alone. */
  missing: number;
  /** Paths whose time could not be set (permissions...); the first error is in firstError. */
  failed: number;
  firstError?: string;
  submodules: number;
  /** Submodules not checked out, left alone (paths relative to the top directory). */
  skippedSubmodules: string[];
  /** The id the top directory's time was made from. */
  rootId?: string;
  elapsedMs: number;
  /** Where the time went: git listing, and setting times (with hashing modified files). */
  phasesMs: { list: number; times: number };
}

/**
 * A path of the listing (latin1, one char per byte: see listIndex) as fs takes it. base is '' when
 * the process is in the work tree's top directory (see enter), else that directory and a slash. A
 * path that is not ASCII (only possible when the listing is not) goes to fs as its bytes.
 */
function fsPath(base: string, rel: string, ascii: boolean): string | Buffer {
  if (rel === '') return base === '' ? '.' : base;
  if (ascii) return base + rel;
  return Buffer.concat([Buffer.from(base), Buffer.from(rel, 'latin1')]);
}

/**
 * Relative paths halve the cost of setting times (measured: the kernel walks the whole absolute
 * path on every call), so the loop runs from inside root. Returns the prefix for fsPath: '' there,
 * or root itself where the process cannot change directory (a worker thread).
 */
function enter(root: string): string {
  try {
    process.chdir(root);
    return '';
  } catch {
    return `${root}/`;
  }
}

function display(rel: string): string {
  return Buffer.from(rel, 'latin1').toString('utf8');
}

interface Entry {
  name: string;
  mode: string;
  id: string;
}

/** Sets the times of every tracked file and directory under dir (a git work tree or a directory in one). */
export function normalizeMtimes(dir: string, log: NormalizeLog): NormalizeResult {
  const started = performance.now();
  const result: NormalizeResult = {
    normalized: false,
    files: 0,
    symlinks: 0,
    directories: 0,
    hashedFromDisk: 0,
    missing: 0,
    failed: 0,
    submodules: 0,
    skippedSubmodules: [],
    elapsedMs: 0,
    phasesMs: { list: 0, times: 0 },
  };
  const root = path.resolve(dir);
  const notTree = notAWorkTree(root);
  if (notTree !== undefined) {
    result.reason = notTree;
    log.notice(`normalize-mtimes: ${result.reason}; nothing was changed.`);
    result.elapsedMs = performance.now() - started;
    return result;
  }
  const cwd = process.cwd();
  try {
    normalizeTree(root, '', result, log);
  } finally {
    enter(cwd);
  }
  result.normalized = true;
  result.elapsedMs = performance.now() - started;
  return result;
}

/** One work tree (the top one or a submodule); returns the id of its top directory. */
function normalizeTree(root: string, prefix: string, result: NormalizeResult, log: NormalizeLog): string {
  const t0 = performance.now();
  const { entries, fromDisk, ascii } = listIndex(root);

  let t1 = performance.now();
  result.phasesMs.list += t1 - t0;

  let base = enter(root);
  // Directory → its present tracked entries; every ancestor of an entry is registered.
  const dirs = new Map<string, Entry[]>([['', []]]);
  const listed = (rel: string): Entry[] => {
    let list = dirs.get(rel);
    if (!list) {
      list = [];
      dirs.set(rel, list);
      const slash = rel.lastIndexOf('/');
      listed(slash < 0 ? '' : rel.slice(0, slash)); // ensure the parent exists too
    }
    return list;
  };

  // Paths come sorted, so most entries share the previous one's directory.
  let lastParent: string | undefined;
  let lastList: Entry[] = [];
  const listOf = (parent: string): Entry[] => {
    if (parent !== lastParent) {
      lastParent = parent;
      lastList = listed(parent);
    }
    return lastList;
  };

  for (const entry of entries) {
    const { rel } = entry;
    const slash = rel.lastIndexOf('/');
    const parent = slash < 0 ? '' : rel.slice(0, slash);
    const name = rel.slice(slash + 1);
    const target = fsPath(base, rel, ascii);
    let { id } = entry;
    if (entry.mode === GITLINK) {
      const sub = path.join(root, display(rel));
      if (!fs.existsSync(path.join(sub, '.git'))) {
        result.skippedSubmodules.push(display(prefix + rel));
        log.notice(
          `normalize-mtimes: submodule ${display(prefix + rel)} is not checked out; its times were left alone.`,
        );
        continue;
      }
      result.submodules++;
      result.phasesMs.times += performance.now() - t1;
      // Its own index knows its files; its id follows what is checked out, not the recorded commit.
      id = normalizeTree(sub, `${prefix}${rel}/`, result, log);
      base = enter(root);
      t1 = performance.now();
      listOf(parent).push({ name, mode: GITLINK, id });
      continue;
    }
    if (fromDisk.size > 0 && fromDisk.has(rel)) {
      const hashed = blobIdOnDisk(target);
      if (hashed === undefined) {
        result.missing++;
        continue;
      }
      id = hashed;
      result.hashedFromDisk++;
    }
    const t = utimesSeconds(timeForId(id));
    try {
      // Never through a symlink: its own time, not its target's (which may not be ours to touch).
      if (entry.mode === SYMLINK) fs.lutimesSync(target, t, t);
      else fs.utimesSync(target, t, t);
      if (entry.mode === SYMLINK) result.symlinks++;
      else result.files++;
    } catch (err) {
      if (!stillThere(err, result)) continue;
    }
    listOf(parent).push({ name, mode: entry.mode, id });
  }

  // Deepest first, so each directory's id is known before its parent's listing is hashed.
  const order = [...dirs.keys()].sort((a, b) => depth(b) - depth(a));
  let rootId = '';
  for (const rel of order) {
    const list = dirs.get(rel) as Entry[];
    list.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    let text = '';
    for (const e of list) text += `${e.mode} ${e.name}\0${e.id}\n`;
    const id = crypto.createHash('sha1').update(text, 'latin1').digest('hex');
    if (rel === '') rootId = id;
    else {
      const slash = rel.lastIndexOf('/');
      (dirs.get(slash < 0 ? '' : rel.slice(0, slash)) as Entry[]).push({ name: rel.slice(slash + 1), mode: TREE, id });
    }
    const t = utimesSeconds(timeForId(id));
    try {
      fs.utimesSync(fsPath(base, rel, ascii), t, t);
      result.directories++;
    } catch (err) {
      stillThere(err, result);
    }
  }
  if (prefix === '') result.rootId = rootId;
  result.phasesMs.times += performance.now() - t1;
  return rootId;
}

function depth(rel: string): number {
  if (rel === '') return 0;
  let n = 1;
  for (let i = rel.indexOf('/'); i >= 0; i = rel.indexOf('/', i + 1)) n++;
  return n;
}

/**
 * Counts a failed utimes: false when the path is absent (missing; it takes no part in its
 * directory's listing), true when it is there but could not be changed (permissions...).
 */
function stillThere(err: unknown, result: NormalizeResult): boolean {
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'ENOENT' || e.code === 'ENOTDIR') {
    result.missing++;
    return false;
  }
  result.failed++;
  result.firstError ??= e.message;
  return true;
}

/** One line for the log: what was set, and anything the user may want to know about. */
export function describeResult(r: NormalizeResult): string {
  if (!r.normalized) return `normalize-mtimes: nothing changed: ${r.reason ?? 'not a git checkout'}`;
  const parts = [
    `set the times of ${r.files} files, ${r.symlinks} symlinks and ${r.directories} directories from their content in ${Math.round(r.elapsedMs)} ms`,
  ];
  if (r.hashedFromDisk > 0) parts.push(`${r.hashedFromDisk} modified since checkout, timed by their current content`);
  if (r.submodules > 0) parts.push(`${r.submodules} submodules included`);
  if (r.skippedSubmodules.length > 0)
    parts.push(`${r.skippedSubmodules.length} submodules not checked out, left alone`);
  if (r.missing > 0) parts.push(`${r.missing} tracked paths absent from the working tree`);
  if (r.failed > 0) parts.push(`${r.failed} could not be changed (first: ${r.firstError ?? 'unknown error'})`);
  return `normalize-mtimes: ${parts.join('; ')}`;
}
