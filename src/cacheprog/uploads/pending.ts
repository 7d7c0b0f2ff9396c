import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ensureDir, inDir } from '../store/atomic-file.js';
import { isRunning } from '../../util/process.js';
import type { EntryMeta } from '../remote/backend.js';
import { HEX_ID } from '../protocol/types.js';

/** An upload that has not reached the remote yet: it points at an output in the local cache. */
export interface PendingUpload {
  actionId: string;
  outputId: string;
  size: number;
  /** ISO time of the entry (go clean -testcache compares against it). */
  time: string;
  /** Absolute path of the output in the local cache. */
  path: string;
}

export function isPendingUpload(value: unknown): value is PendingUpload {
  const p = value as PendingUpload;
  return (
    typeof p === 'object' &&
    p !== null &&
    HEX_ID.test(String(p.actionId)) &&
    HEX_ID.test(String(p.outputId)) &&
    Number.isSafeInteger(p.size) &&
    p.size >= 0 &&
    typeof p.path === 'string' &&
    path.isAbsolute(p.path) &&
    !Number.isNaN(new Date(p.time).getTime())
  );
}

export function metaOf(upload: PendingUpload): EntryMeta {
  return { outputId: upload.outputId, size: upload.size, time: new Date(upload.time) };
}

const JOURNAL = /^journal-(\d+)-[0-9a-f]+\.jsonl$/;

/**
 * The uploads this process owes the remote, written to an append-only journal before the put
 * that caused them is answered: a server killed with SIGKILL (or by the OOM killer) leaves its
 * debt on disk, and the next `drain` pays it. One write(2) per put and per finished upload, with
 * no fsync: the journal must survive the process, not the machine.
 */
export class UploadJournal {
  private readonly pending = new Map<string, PendingUpload>();
  private fd: number | undefined;
  readonly file: string;

  constructor(private readonly dir: string) {
    ensureDir(dir);
    this.file = path.join(dir, `journal-${process.pid}-${crypto.randomBytes(4).toString('hex')}.jsonl`);
  }

  add(upload: PendingUpload): void {
    this.pending.set(upload.actionId, upload);
    this.append(`${JSON.stringify(upload)}\n`);
  }

  /** The upload reached the remote (or can never be made): unless a newer put replaced it, it is settled. */
  done(upload: PendingUpload): void {
    if (this.pending.get(upload.actionId)?.outputId !== upload.outputId) return;
    this.pending.delete(upload.actionId);
    this.append(`-${upload.actionId} ${upload.outputId}\n`);
  }

  list(): PendingUpload[] {
    return [...this.pending.values()];
  }

  get size(): number {
    return this.pending.size;
  }

  /** At a clean end, after what is left went to the spool: the journal has nothing more to say. */
  remove(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
    fs.rmSync(this.file, { force: true });
  }

  private append(line: string): void {
    this.fd ??= inDir(this.dir, () => fs.openSync(this.file, 'a'));
    fs.writeSync(this.fd, line);
  }
}

/** What a journal still owed when its process stopped: every added upload not marked done. */
export function readJournal(file: string): PendingUpload[] {
  const pending = new Map<string, PendingUpload>();
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (line.startsWith('-')) {
      const [actionId, outputId] = line.slice(1).split(' ');
      if (actionId !== undefined && pending.get(actionId)?.outputId === outputId) pending.delete(actionId);
      continue;
    }
    // A line cut short by the kill is the last one; any line that does not parse is skipped.
    try {
      const upload: unknown = JSON.parse(line);
      if (isPendingUpload(upload)) pending.set(upload.actionId, upload);
    } catch {
      // skipped
    }
  }
  return [...pending.values()];
}

/** Journals in dir whose process is gone (a live one is still uploading its own). */
export function orphanedJournals(dir: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .map((name) => ({ name, pid: Number(JOURNAL.exec(name)?.[1]) }))
    .filter(({ pid }) => pid > 0 && (pid === process.pid ? false : !isRunning(pid)))
    .map(({ name }) => path.join(dir, name));
}
