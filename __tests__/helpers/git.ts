// git for tests: a fixed identity and branch name so commits work on any machine, and the time
// stamp a checkout leaves, set explicitly so two checkouts are sure to differ.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export function git(cwd: string, ...args: string[]): string {
  return execFileSync(
    'git',
    // protocol.file.allow: local submodules (git >= 2.38 refuses file:// submodule clones by default).
    [
      '-c',
      'user.name=test',
      '-c',
      'user.email=test@example.com',
      '-c',
      'init.defaultBranch=main',
      '-c',
      'protocol.file.allow=always',
      ...args,
    ],
    { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
}

/** Sets every path under dir (not .git) to one time, as a checkout made at that moment would leave it. */
export function stampCheckout(dir: string, seconds: number): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const full = path.join(entry.parentPath ?? entry.path, entry.name);
    if (path.relative(dir, full).split(path.sep).includes('.git')) continue;
    fs.lutimesSync(full, seconds, seconds);
  }
  fs.utimesSync(dir, seconds, seconds);
}
