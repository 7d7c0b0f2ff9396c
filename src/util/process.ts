// Whether a process still runs: the one check the lock owners, the pending-upload journal and the
// action's stops of the job server and the prefetch share.
import fs from 'node:fs';

/** Whether a process with this pid runs on this host (EPERM: it runs, as another user). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  return !isZombie(pid);
}

/**
 * A killed server whose go command exited is re-parented to PID 1, and the PID 1 of many
 * containers (and of GitHub's container jobs) never reaps it: it stays a zombie that signal 0
 * still reaches, holding no lock and finishing no upload. Linux only; elsewhere false.
 */
function isZombie(pid: number): boolean {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'latin1');
  } catch {
    return false;
  }
  // "pid (comm) S ...": comm may hold spaces and parentheses, the state follows the last ')'.
  const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  return state === 'Z' || state === 'X';
}
