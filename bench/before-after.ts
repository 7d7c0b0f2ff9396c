// A change that should not change speed (a restructuring, a dependency bump), checked side by side
// in one run: the job server + bridge of an earlier commit's committed dist/ against this
// worktree's dist/, on a generated module, rounds interleaved with the order alternating.
//
//   populate  empty local dir, bucket at 5 ms (versitygw behind Toxiproxy): the build, then the
//             server's finish (its uploads) timed apart
//   warm      the populated local dir, a fresh GOCACHE: what every go command of a warm job pays
//
// usage: node --import tsx bench/before-after.ts --before=<git rev> [--rounds=5] [--packages=1000] [--out=FILE.md]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateModule } from '../__tests__/helpers/go-module.js';
import { runGo } from '../__tests__/helpers/go.js';
import { REPO_ROOT, tempDir } from '../__tests__/helpers/proc.js';
import { arg, logger, median, rm, snapshotDist, startJobServer, startRemote } from './side-common.js';

const log = logger('before-after');
const before = arg('before') ?? fail('--before=<git rev> is required');
const ROUNDS = Number(arg('rounds') ?? 5);
const PACKAGES = Number(arg('packages') ?? 1000);
const OUT = arg('out');

function fail(message: string): never {
  throw new Error(message);
}

/** The committed dist/ of `rev`, as it was: the bundles and the bridge binaries. */
function distOf(rev: string): { entry: string; bridge: string; sha: string } {
  const sha = execFileSync('git', ['rev-parse', '--short', rev], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
  const dir = tempDir(`before-${sha}`);
  execFileSync('bash', ['-c', `git archive ${sha} dist | tar -x -C "${dir}"`], { cwd: REPO_ROOT });
  return { ...snapshotDist(path.join(dir, 'dist')), sha };
}

async function main(): Promise<void> {
  const sides = {
    before: distOf(before),
    after: {
      ...snapshotDist(),
      sha: `${execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim()} (worktree dist/)`,
    },
  };
  const module = tempDir('before-after-mod');
  generateModule(module, { packages: PACKAGES });
  const remote = await startRemote('before-after', [5]);
  const samples: Record<string, number[]> = {};
  const add = (k: string, v: number): void => void (samples[k] ??= []).push(v);
  const load0 = os.loadavg();
  const started = Date.now();
  const build = async (command: string): Promise<number> => {
    const gocache = tempDir('before-after-gocache');
    const t = performance.now();
    const r = await runGo(['build', './...'], { cwd: module, cacheprog: command, gocache, timeoutMs: 1_800_000 });
    if (r.code !== 0) throw new Error(`go build failed:\n${r.stderr.split('\n').slice(-15).join('\n')}`);
    rm(gocache);
    return (performance.now() - t) / 1000;
  };
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? (['before', 'after'] as const) : (['after', 'before'] as const);
      for (const side of order) {
        const dist = sides[side];
        const cacheDir = tempDir(`before-after-${side}`);
        const populate = await startJobServer(
          dist,
          remote.env(5, `${side}-${round}-${Date.now().toString(36)}/`),
          cacheDir,
          log,
        );
        add(`populate, bucket at 5 ms: ${side}`, await build(populate.command));
        const f = performance.now();
        await populate.finish();
        add(`populate's finish (uploads): ${side}`, (performance.now() - f) / 1000);
        // One unrecorded warm build fills the page cache alike for both sides.
        for (let k = 0; k < 2; k++) {
          const warm = await startJobServer(dist, {}, cacheDir, log);
          const t = await build(warm.command);
          await warm.finish();
          if (k === 1) add(`warm local: ${side}`, t);
        }
        rm(cacheDir);
        log(`round ${round} ${side} done`);
      }
    }
  } finally {
    await remote.stop();
    rm(module);
  }
  const lines = [
    `# Before and after: ${sides.before.sha} vs ${sides.after.sha}`,
    '',
    `${new Date().toISOString()}, ${((Date.now() - started) / 60000).toFixed(0)} min, ${os.availableParallelism()} cores, load ${load0.map((l) => l.toFixed(1)).join('/')} at start, ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join('/')} at the end.`,
    `go build ./... of a generated ${PACKAGES}-package module through the job server + bridge; medians of ${ROUNDS} interleaved rounds (all samples shown).`,
    '',
    '| scenario | before | after | after ÷ before | samples before / after (s) |',
    '|---|---:|---:|---:|---|',
  ];
  for (const name of [...new Set(Object.keys(samples).map((k) => k.replace(/: (before|after)$/, '')))]) {
    const b = samples[`${name}: before`] ?? [];
    const a = samples[`${name}: after`] ?? [];
    lines.push(
      `| ${name} | ${median(b).toFixed(3)} s | ${median(a).toFixed(3)} s | ${(median(a) / median(b)).toFixed(2)}× | ${b.map((x) => x.toFixed(2)).join(', ')} / ${a.map((x) => x.toFixed(2)).join(', ')} |`,
    );
  }
  const md = `${lines.join('\n')}\n`;
  process.stdout.write(md);
  if (OUT) {
    fs.mkdirSync(path.dirname(OUT), { recursive: true });
    fs.writeFileSync(OUT, md);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    log(`failed: ${(err as Error).stack ?? String(err)}`);
    process.exit(1);
  },
);
