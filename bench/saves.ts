// What a run saves, for both backends (issue 21's "saves that cost what changed"): through the
// action's own steps as the runner runs them, each job a fresh machine at the same checkout path.
//
//   1. populate: the first run (empty caches) saves everything
//   2. unchanged: a fresh machine on the same commit builds nothing new: its post step's time
//   3. one package changed (a leaf): the bytes it saves, against the bytes of the whole cache
//
// github: the Actions cache service on 127.0.0.1; bytes are the archives' contents (uncompressed),
// from the post step's log. s3: versitygw on 127.0.0.1; bytes uploaded are the job's entries plus
// the pack parts its post step wrote, the whole cache is what the first run uploaded as entries.
//
// usage: node --import tsx bench/saves.ts [--packages=200] [--filler=20] [--rounds=3] [--only=github,s3]
import fs from 'node:fs';
import path from 'node:path';
import { Inputs } from '../src/action/constants.js';
import { Job } from '../__tests__/helpers/action-job.js';
import { startActionsCacheServer } from '../__tests__/helpers/actions-cache-server.js';
import { generateModule } from '../__tests__/helpers/go-module.js';
import { REPO_ROOT } from '../__tests__/helpers/proc.js';
import { startS3Server } from '../__tests__/helpers/s3-server.js';
import { arg, median } from './side-common.js';

const packages = Number(arg('packages') ?? '200');
const filler = Number(arg('filler') ?? '20');
const rounds = Number(arg('rounds') ?? '3');
const only = (arg('only') ?? 'github,s3').split(',');
const log = (m: string): void => void process.stderr.write(`bench-saves: ${m}\n`);
const MiB = (n: number): string => `${(n / 1048576).toFixed(2)} MiB`;

const base = path.join(REPO_ROOT, '.tmp', 'bench-saves');
fs.rmSync(base, { recursive: true, force: true });
const workspace = path.join(base, 'repo');
generateModule(workspace, { packages, withTests: true, filler, name: 'saves' });
const leaf = fs.readdirSync(path.join(workspace, 'pkg')).sort().at(-1) as string;
const commands = [
  ['build', './...'],
  ['vet', './...'],
  ['test', './...'],
];

const actions = await startActionsCacheServer();
const s3 = await startS3Server();
await s3.createBucket('saves');
let runId = 1;
const ci = (jobName: string): Record<string, string> => ({
  RUNNER_OS: 'Linux',
  RUNNER_ARCH: 'X64',
  GITHUB_WORKFLOW: 'bench',
  GITHUB_JOB: jobName,
  GITHUB_REF_NAME: 'main',
  GITHUB_EVENT_NAME: 'push',
  GITHUB_RUN_ID: String(runId++),
  GITHUB_RUN_ATTEMPT: '1',
  ...actions.env(),
  AWS_ACCESS_KEY_ID: s3.accessKey,
  AWS_SECRET_ACCESS_KEY: s3.secretKey,
});

const UNITS: Record<string, number> = { B: 1, KiB: 1024, MiB: 1048576, GiB: 1073741824 };
const bytesOf = (n: string, unit: string): number => Number(n) * (UNITS[unit] ?? NaN);

async function job(
  backend: 'github' | 's3',
  prefix: string,
): Promise<{ postMs: number; post: string; stats: Record<string, unknown> }> {
  const j = new Job(ci(prefix.replace(/\W/g, '')), workspace);
  const inputs: Partial<Record<Inputs, string>> =
    backend === 's3'
      ? {
          [Inputs.S3Bucket]: 'saves',
          [Inputs.S3Endpoint]: s3.endpoint,
          [Inputs.S3PathStyle]: 'true',
          [Inputs.S3Region]: s3.region,
          [Inputs.S3Prefix]: prefix,
        }
      : {};
  const main = await j.step('main', inputs);
  if (main.code !== 0) throw new Error(`main: ${main.stdout}`);
  for (const args of commands) {
    const r = await j.go(args);
    if (r.code !== 0) throw new Error(`go ${args.join(' ')}: ${r.stderr.slice(-1000)}`);
  }
  const started = Date.now();
  const post = await j.step('post', inputs);
  const postMs = Date.now() - started;
  if (post.code !== 0) throw new Error(`post: ${post.stdout}`);
  return { postMs, post: post.stdout, stats: j.stats() };
}

const rows: string[] = [];
for (const backend of ['github', 's3'] as const) {
  if (!only.includes(backend)) continue;
  const post: number[] = [];
  const ratios: number[] = [];
  for (let round = 1; round <= rounds; round++) {
    fs.writeFileSync(path.join(workspace, 'pkg', leaf, 'bench_change.go'), `package ${leaf}\n`);
    const prefix = `r${round}-${backend}/`;
    // Keys of their own per round: the github backend's by workflow name, s3's by prefix.
    const first = await job(backend, prefix);
    let whole: number;
    if (backend === 'github') {
      const m = /saved a full archive \([^)]*\): \d+ files, ([\d.]+) (B|KiB|MiB|GiB)/.exec(first.post);
      if (!m) throw new Error(`no full archive saved:\n${first.post}`);
      whole = bytesOf(m[1], m[2]);
    } else {
      // The entries the first run uploaded (its pack holds them again; that copy is not counted).
      whole = Number(first.stats.bytesUploaded ?? 0);
    }
    const same = await job(backend, prefix);
    post.push(same.postMs);
    fs.writeFileSync(
      path.join(workspace, 'pkg', leaf, 'bench_change.go'),
      `package ${leaf}\n\nfunc BenchChange${round}() int { return ${round} }\n`,
    );
    const changed = await job(backend, prefix);
    let saved: number;
    if (backend === 'github') {
      const m = /saved a (?:delta|full) archive \([^)]*\): \d+ files, ([\d.]+) (B|KiB|MiB|GiB)/.exec(changed.post);
      saved = m ? bytesOf(m[1], m[2]) : 0;
    } else {
      const pack = /uploaded ([\d.]+) (B|KiB|MiB|GiB) in \d+ new part/.exec(changed.post);
      saved = Number(changed.stats.bytesUploaded ?? 0) + (pack ? bytesOf(pack[1], pack[2]) : 0);
    }
    ratios.push(saved / whole);
    log(
      `${backend} r${round}: whole cache ${MiB(whole)}; unchanged run's post step ${same.postMs} ms; one-package change saved ${MiB(saved)} (${(saved / whole).toFixed(3)})`,
    );
  }
  rows.push(`| ${backend} | ${median(post)} ms | ${median(ratios).toFixed(3)} |`);
}
await actions.stop();
await s3.stop();
process.stdout.write(
  `| backend (${packages}-package module, filler ${filler}, build + vet + test, ${rounds} rounds, medians) | post step, nothing new | bytes saved after a one-package change ÷ whole cache |\n|---|---:|---:|\n${rows.join('\n')}\n`,
);
process.exit(0);
