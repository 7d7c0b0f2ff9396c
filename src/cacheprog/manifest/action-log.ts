import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../store/atomic-file.js';
import { HEX_ID } from '../protocol/types.js';

/**
 * Each go process leaves the action ids it used in the stats dir as actions-<pid>-<rand>.txt (hex,
 * one per line, in first-use order); save-manifest adds them up into the job's manifest. Plain
 * text because a big `go test ./...` uses tens of thousands of ids and this costs nothing to write.
 */
const LOG_NAME = /^actions-\d+-[0-9a-f]+\.txt$/;

/** Writes this process's ids; nothing when there are none. Returns the file written. */
export function writeActionLog(dir: string, ids: readonly string[]): string | undefined {
  if (ids.length === 0) return undefined;
  const file = path.join(dir, `actions-${process.pid}-${crypto.randomBytes(4).toString('hex')}.txt`);
  writeFileAtomic(file, `${ids.join('\n')}\n`);
  return file;
}

/**
 * The union of every action log in dir, at most `cap` ids. Files are taken oldest first (a
 * process finishing earlier mostly started earlier), so the order is roughly the job's first use:
 * what the first go command needs is prefetched first. Unreadable files and lines are skipped.
 */
export function readActionLogs(
  dir: string,
  cap: number,
  onSkip: (file: string, why: string) => void = () => {},
): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => LOG_NAME.test(n));
  } catch {
    return [];
  }
  const files = names
    .map((name) => {
      const file = path.join(dir, name);
      return { file, mtimeMs: fs.statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0 };
    })
    .sort((a, b) => a.mtimeMs - b.mtimeMs || a.file.localeCompare(b.file));
  const union = new Set<string>();
  for (const { file } of files) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (err) {
      onSkip(file, (err as Error).message);
      continue;
    }
    for (const line of text.split('\n')) {
      if (union.size >= cap) return [...union];
      if (HEX_ID.test(line)) union.add(line);
    }
  }
  return [...union];
}
