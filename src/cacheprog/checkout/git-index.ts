// What git says of a work tree, as normalize-mtimes reads it: the tracked paths with their modes
// and blob ids (`git ls-files -s`), the ones whose working-tree content differs from that, and
// the blob id of what is on disk for those.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';

export const GITLINK = '160000';
export const SYMLINK = '120000';
export const TREE = '40000';

/** git's blob id of these bytes (sha1 of "blob <size>\0<bytes>"), as `git hash-object --no-filters` computes it. */
export function blobId(content: Buffer): string {
  return crypto.createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
}

/** Runs git in dir and returns stdout; throws with git's own first line of stderr. */
function git(dir: string, args: string[]): Buffer {
  try {
    return execFileSync('git', args, {
      cwd: dir,
      // Read-only commands: never take index.lock behind the user's back while listing.
      env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' },
      maxBuffer: 1 << 30,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: Buffer };
    if (e.code === 'ENOENT') throw new Error('git is not installed (not found on PATH)', { cause: err });
    const first = e.stderr?.toString('utf8').trim().split('\n')[0];
    throw new Error(first || e.message, { cause: err });
  }
}

/** undefined when dir is inside a git work tree, else why not. */
export function notAWorkTree(dir: string): string | undefined {
  let inside: string;
  try {
    inside = git(dir, ['rev-parse', '--is-inside-work-tree']).toString('utf8').trim();
  } catch (err) {
    inside = (err as Error).message;
  }
  if (inside === 'true') return undefined;
  return `${dir} is not a git checkout (${inside === 'false' ? 'inside a .git directory' : inside})`;
}

export interface IndexEntry {
  rel: string;
  mode: string;
  id: string;
}

export interface IndexListing {
  /** Sorted by path; one entry per path. */
  entries: IndexEntry[];
  /** Paths whose working-tree content is not what the index says (modified, in a merge conflict). */
  fromDisk: Set<string>;
  /** Whether every path is ASCII (then a path string can go to fs as it is). */
  ascii: boolean;
}

/**
 * The tracked paths under root, relative to it and limited to it, even when root is a directory
 * inside the work tree. Paths come from git as bytes; they are kept as latin1 strings (one char
 * per byte) so that any name, UTF-8 or not, round-trips exactly, and sorted by those bytes.
 */
export function listIndex(root: string): IndexListing {
  const listing = git(root, ['ls-files', '-s', '-z']).toString('latin1');
  const fromDisk = new Set(
    git(root, ['ls-files', '-m', '-z'])
      .toString('latin1')
      .split('\0')
      .filter((p) => p !== ''),
  );
  const entries = parseStage(listing, fromDisk);
  // eslint-disable-next-line no-control-regex
  return { entries, fromDisk, ascii: /^[\x00-\x7f]*$/.test(listing) };
}

/**
 * Parses `git ls-files -s -z` ("<mode> <id> <stage>\t<path>\0", sorted by path, the stages of
 * one path together). A path in a merge conflict is added to fromDisk: only the working tree
 * says what is there. Hand-rolled because split/destructuring cost several times more at 100k.
 */
function parseStage(text: string, fromDisk: Set<string>): IndexEntry[] {
  const out: IndexEntry[] = [];
  let last: IndexEntry | undefined;
  for (let pos = 0; pos < text.length;) {
    const end = text.indexOf('\0', pos);
    const sp1 = text.indexOf(' ', pos);
    const sp2 = text.indexOf(' ', sp1 + 1);
    const tab = text.indexOf('\t', sp2 + 1);
    if (end < 0 || sp1 < 0 || sp2 < 0 || tab < 0 || tab > end)
      throw new Error(`unexpected git ls-files output near "${text.slice(pos, pos + 80)}"`);
    const rel = text.slice(tab + 1, end);
    const mode = text.slice(pos, sp1);
    const id = text.slice(sp1 + 1, sp2);
    const conflicted = text.charCodeAt(sp2 + 1) !== 48; // stage other than '0'
    pos = end + 1;
    if (conflicted) fromDisk.add(rel);
    if (last !== undefined && last.rel === rel) continue;
    last = { rel, mode, id };
    out.push(last);
  }
  return out;
}

/** The blob id of what is on disk at target, or undefined when there is no file or symlink there. */
export function blobIdOnDisk(target: string | Buffer): string | undefined {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(target);
  } catch {
    return undefined;
  }
  if (stat.isSymbolicLink()) return blobId(fs.readlinkSync(target, { encoding: 'buffer' }));
  if (stat.isFile()) return blobId(fs.readFileSync(target));
  return undefined;
}
