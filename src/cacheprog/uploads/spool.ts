import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../store/atomic-file.js';

/** An upload handed over to a later process (the post step's drain): it points at a local file. */
export interface SpoolEntry {
  actionId: string;
  outputId: string;
  size: number;
  /** ISO time of the entry. */
  time: string;
  /** Absolute path of the output in the local cache. */
  path: string;
}

/** One small JSON file per pending upload, named by action id so a newer put replaces an older one. */
export class Spool {
  constructor(readonly dir: string) {}

  add(entry: SpoolEntry): void {
    writeFileAtomic(path.join(this.dir, `${entry.actionId}.json`), JSON.stringify(entry));
  }

  /** Every readable entry; unreadable ones are reported and removed (they can never be uploaded). */
  list(onBad: (file: string, why: string) => void = () => {}): SpoolEntry[] {
    let names: string[];
    try {
      names = fs.readdirSync(this.dir).filter((n) => n.endsWith('.json'));
    } catch {
      return [];
    }
    const entries: SpoolEntry[] = [];
    for (const name of names) {
      const file = path.join(this.dir, name);
      try {
        const entry = JSON.parse(fs.readFileSync(file, 'utf8')) as SpoolEntry;
        if (!/^[0-9a-f]{64}$/.test(entry.actionId) || !/^[0-9a-f]{64}$/.test(entry.outputId)) throw new Error('bad ids');
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
  remove(entry: SpoolEntry): void {
    const file = path.join(this.dir, `${entry.actionId}.json`);
    try {
      const current = JSON.parse(fs.readFileSync(file, 'utf8')) as SpoolEntry;
      if (current.outputId === entry.outputId) fs.rmSync(file, { force: true });
    } catch {
      // Already gone: another drain got there first.
    }
  }

  count(): number {
    try {
      return fs.readdirSync(this.dir).filter((n) => n.endsWith('.json')).length;
    } catch {
      return 0;
    }
  }
}
