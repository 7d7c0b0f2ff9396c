import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../store/atomic-file.js';
import { isPendingUpload, orphanedJournals, readJournal, type PendingUpload } from './pending.js';

/**
 * Uploads handed over to a later process (the post step's drain): one small JSON file per
 * pending upload, named by action id so a newer put replaces an older one. The upload journals of
 * processes that died (see pending.ts) live in the same directory and are folded in by `adopt`.
 */
export class Spool {
  constructor(readonly dir: string) {}

  add(entry: PendingUpload): void {
    writeFileAtomic(path.join(this.dir, `${entry.actionId}.json`), JSON.stringify(entry));
  }

  /** Turns the journals of dead processes into spool entries; returns how many uploads they owed. */
  adopt(): number {
    let owed = 0;
    for (const file of orphanedJournals(this.dir)) {
      try {
        const pending = readJournal(file);
        for (const upload of pending) this.add(upload);
        owed += pending.length;
        fs.rmSync(file, { force: true });
      } catch {
        // Another drain took it meanwhile.
      }
    }
    return owed;
  }

  /** Every readable entry; unreadable ones are reported and removed (they can never be uploaded). */
  list(onBad: (file: string, why: string) => void = () => {}): PendingUpload[] {
    let names: string[];
    try {
      names = fs.readdirSync(this.dir).filter((n) => n.endsWith('.json'));
    } catch {
      return [];
    }
    const entries: PendingUpload[] = [];
    for (const name of names) {
      const file = path.join(this.dir, name);
      try {
        const entry: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
        if (!isPendingUpload(entry)) throw new Error('not a pending upload');
        entries.push(entry);
      } catch (err) {
        // A file vanishing under us means another drain took it: not an error.
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
        onBad(file, (err as Error).message);
        fs.rmSync(file, { force: true });
      }
    }
    return entries;
  }

  /** Removes an entry once uploaded, unless a newer put replaced it meanwhile. */
  remove(entry: PendingUpload): void {
    const file = path.join(this.dir, `${entry.actionId}.json`);
    try {
      const current = JSON.parse(fs.readFileSync(file, 'utf8')) as PendingUpload;
      if (current.outputId === entry.outputId) fs.rmSync(file, { force: true });
    } catch {
      // Already gone: another drain got there first.
    }
  }

  /** Spooled entries plus what dead processes' journals still owe. */
  count(): number {
    let n: number;
    try {
      n = fs.readdirSync(this.dir).filter((name) => name.endsWith('.json')).length;
    } catch {
      return 0;
    }
    for (const file of orphanedJournals(this.dir)) {
      try {
        n += readJournal(file).length;
      } catch {
        // gone
      }
    }
    return n;
  }
}
