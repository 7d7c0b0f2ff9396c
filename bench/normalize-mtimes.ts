// How long normalize-mtimes takes on a checkout of 100,000 tracked files (issue 12: at most 2 s):
//   node --import tsx bench/normalize-mtimes.ts [runs] [files]
// The repository is generated once under .tmp/bench/ (git add + commit of 100k files takes a
// while) and reused. Before each timed run the checkout is put back in the state a fresh clone
// leaves (new times, index stat data matching them), untimed; the figure is the median.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { normalizeMtimes } from '../src/cacheprog/checkout/normalize-mtimes.js';

const runs = Number(process.argv[2] ?? 5);
const files = Number(process.argv[3] ?? 100_000);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const repo = path.join(root, '.tmp', 'bench', `normalize-${files}`);
const PER_DIR = 100;

function git(args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.com', ...args], {
    cwd: repo,
    maxBuffer: 1 << 30,
    encoding: 'utf8',
  });
}

/** Two levels of directories, PER_DIR files each, small distinct contents: a large monorepo's shape. */
function generate(): void {
  const started = performance.now();
  fs.rmSync(repo, { recursive: true, force: true });
  fs.mkdirSync(repo, { recursive: true });
  for (let i = 0; i < files; i++) {
    const d = Math.floor(i / PER_DIR);
    const dir = path.join(repo, `d${Math.floor(d / 100)}`, `e${d % 100}`);
    if (i % PER_DIR === 0) fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(
      path.join(dir, `f${i % PER_DIR}.go`),
      `package e${d % 100}\n\n// file ${i}\nconst F${i % PER_DIR} = ${i}\n`,
    );
  }
  git(['init', '-q']);
  git(['add', '-A']);
  git(['commit', '-q', '-m', 'generated']);
  fs.writeFileSync(path.join(repo, '.git', 'bench-complete'), '');
  process.stderr.write(
    `generated ${files} files in ${repo} in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
  );
}

/** New times on every tracked file and directory, then the index updated to them: as after a clone. */
function freshCheckoutState(): void {
  const now = Date.now() / 1000 - 60;
  const tracked = git(['ls-files', '-z'])
    .split('\0')
    .filter((p) => p !== '');
  const dirs = new Set<string>();
  for (const rel of tracked) {
    fs.utimesSync(path.join(repo, rel), now, now);
    dirs.add(path.dirname(rel));
  }
  for (const rel of dirs) fs.utimesSync(path.join(repo, rel), now, now);
  git(['update-index', '-q', '--refresh']);
}

if (!fs.existsSync(path.join(repo, '.git', 'bench-complete'))) generate();
const load = os.loadavg()[0]?.toFixed(1);
const quiet = { notice: (m: string) => process.stderr.write(`${m}\n`) };
/**
 * CPU seconds of this process and of its waited-for children (git), from /proc: with five agents
 * on two cores, wall time mostly measures the neighbours, CPU time what the work itself costs.
 */
function cpuSeconds(): number {
  const fields = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ') ?? [];
  // After "pid (comm) ": utime, stime, cutime, cstime are fields 14-17 of stat(5), here 11-14.
  const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0);
  return ticks / 100;
}

const results: ReturnType<typeof normalizeMtimes>[] = [];
const cpu: number[] = [];
for (let run = 0; run < runs; run++) {
  freshCheckoutState();
  const cpuBefore = cpuSeconds();
  const result = normalizeMtimes(repo, quiet);
  cpu.push((cpuSeconds() - cpuBefore) * 1000);
  if (!result.normalized || result.files !== files) throw new Error(`unexpected result: ${JSON.stringify(result)}`);
  results.push(result);
  const p = result.phasesMs;
  process.stderr.write(
    `run ${run + 1}: ${result.elapsedMs.toFixed(0)} ms, cpu ${cpu[run]?.toFixed(0)} ms (${result.files} files, ${result.directories} directories; ` +
      `git listing ${p.list.toFixed(0)} ms, setting times ${p.times.toFixed(0)} ms)\n`,
  );
}
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const totals = results.map((r) => r.elapsedMs);
const phase = (k: 'list' | 'times'): string => median(results.map((r) => r.phasesMs[k])).toFixed(0);
process.stdout.write(
  `normalize-mtimes on ${files} tracked files: median ${median(totals).toFixed(0)} ms over ${runs} runs ` +
    `(min ${Math.min(...totals).toFixed(0)}, max ${Math.max(...totals).toFixed(0)}); median CPU time ${median(cpu).toFixed(0)} ms ` +
    `(this process and git; load average before the runs ${load}); medians of the phases: ` +
    `git listing ${phase('list')} ms, setting times ${phase('times')} ms\n`,
);
