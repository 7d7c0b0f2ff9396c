// Runs the test suite with Node's built-in runner. Node 20's --test has no globs, so the files
// are found here. Usage: node scripts/run-tests.mjs [file, dir or substring ...] [node test flags]
//   npm test -- e2e/core          only files whose path contains "e2e/core"
//   npm test -- --test-name-pattern=concurrent
//   TEST_LANES=1 npm test         one file at a time (the default is 2 lanes)
//
// Files run in lanes: each end-to-end file is its own `node --test` run, the unit files share
// one, and up to TEST_LANES of them run at once. Most of an e2e file's time is waiting (on
// latency toxics, timeouts, a second process), so two lanes use a 2-core machine far better than
// one. A file whose first lines say `// run-tests: alone` compares wall times (the fault matrix
// against a no-cache build) and runs with no other file beside it. Each file's TAP output is
// printed whole when it finishes, then the totals of all of them.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const testsDir = path.join(root, '__tests__');
const entrypoint = path.join(root, 'dist', 'cacheprog', 'index.js');

function findTests(dir) {
  if (!fs.existsSync(dir)) return [];
  const found = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...findTests(full));
    else if (entry.isFile() && entry.name.endsWith('.test.ts')) found.push(full);
  }
  return found.sort();
}

const args = process.argv.slice(2);
const nodeFlags = args.filter((a) => a.startsWith('-'));
const filters = args.filter((a) => !a.startsWith('-'));

const all = findTests(testsDir);
let files = all;
if (filters.length > 0) {
  files = [];
  for (const filter of filters) {
    const asPath = path.resolve(filter);
    let matched;
    if (fs.existsSync(asPath) && fs.statSync(asPath).isDirectory()) matched = findTests(asPath);
    else if (fs.existsSync(asPath)) matched = [asPath];
    else matched = all.filter((f) => path.relative(root, f).includes(filter));
    if (matched.length === 0) {
      console.error(`run-tests: no test file matches "${filter}"`);
      process.exit(1);
    }
    files.push(...matched);
  }
  files = [...new Set(files)];
}
if (files.length === 0) {
  console.error('run-tests: no __tests__/**/*.test.ts files found');
  process.exit(1);
}

// The e2e tests run the go command against the committed bundle; say so plainly instead of
// letting every test fail with a go error about GOCACHEPROG.
if (!fs.existsSync(entrypoint)) {
  console.error(`run-tests: ${path.relative(root, entrypoint)} is missing: run npm run package first`);
  process.exit(1);
}

const lanes = Math.max(1, Number(process.env.TEST_LANES ?? 2) || 1);
// TAP ends with "# pass N" / "# fail N" lines, which CI reads; --test-reporter overrides it.
const customReporter = nodeFlags.some((f) => f.startsWith('--test-reporter'));
const reporter = customReporter ? [] : ['--test-reporter=tap'];
// The timeout is a last resort against a hang; tests set tighter ones.
const nodeArgs = (list) => [
  '--import',
  'tsx',
  '--test',
  '--test-concurrency=1',
  '--test-timeout=1200000',
  ...reporter,
  ...nodeFlags,
  ...list,
];

const head = (file) => fs.readFileSync(file, 'utf8').slice(0, 4_000);
const isE2e = (file) => path.relative(testsDir, file).startsWith(`e2e${path.sep}`);

/**
 * The jobs, in the order they start: e2e files that must run alone first (nothing else is
 * running yet), then the other e2e files slowest first, so the lanes end together, then the unit
 * files as one job that fills a lane's gap. Slowest by the durations the last run here recorded
 * (.tmp/test-durations.json); without them (a fresh machine), files marked `// run-tests: early`
 * (few lines, long builds) and then the largest files.
 */
const e2e = files.filter(isE2e);
const units = files.filter((f) => !isE2e(f));
const durationsFile = path.join(root, '.tmp', 'test-durations.json');
let recorded = {};
try {
  recorded = JSON.parse(fs.readFileSync(durationsFile, 'utf8'));
} catch {
  // first run on this machine
}
const jobs = e2e.map((file) => {
  const text = head(file);
  return {
    name: path.relative(root, file),
    files: [file],
    alone: /^\/\/ run-tests: alone\b/m.test(text),
    early: /^\/\/ run-tests: early\b/m.test(text),
    size: fs.statSync(file).size,
    warmStd: text.includes('warm-std.js'),
  };
});
const known = jobs.every((j) => typeof recorded[j.name] === 'number');
jobs.sort(
  (a, b) =>
    Number(b.alone) - Number(a.alone) ||
    (known ? recorded[b.name] - recorded[a.name] : Number(b.early) - Number(a.early) || b.size - a.size),
);
if (units.length > 0)
  jobs.push({ name: `${units.length} unit file(s)`, files: units, alone: false, warmStd: false, unit: true });

// Several e2e files seed their caches from helpers/warm-std.ts, built once per Go version. Build
// it first, in a lane of its own, so two files never build it side by side.
const needsWarmStd = jobs.some((j) => j.warmStd);

const totals = { tests: 0, pass: 0, fail: 0, cancelled: 0, skipped: 0, todo: 0 };
const timings = [];
let failedJobs = 0;

const running = new Set();
const forward = (signal) => () => {
  for (const child of running) child.kill(signal);
};
process.on('SIGINT', forward('SIGINT'));
process.on('SIGTERM', forward('SIGTERM'));

/**
 * Runs node with args as a child that this runner's signals reach; resolves with how it ended and,
 * when captured, what it printed (else it prints straight through).
 */
function runNode(args, { capture }) {
  return new Promise((resolve) => {
    const stdio = capture ? 'pipe' : 'inherit';
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', stdio, stdio] });
    running.add(child);
    const out = [];
    child.stdout?.on('data', (b) => out.push(b));
    child.stderr?.on('data', (b) => out.push(b));
    child.on('close', (code, signal) => {
      running.delete(child);
      resolve({ code, signal, text: Buffer.concat(out).toString('utf8') });
    });
  });
}

async function runJob(job) {
  const started = Date.now();
  const { code, signal, text } = await runNode(nodeArgs(job.files), { capture: true });
  const seconds = (Date.now() - started) / 1000;
  process.stdout.write(`\n# ==> ${job.name} (${seconds.toFixed(1)} s)\n${text}`);
  for (const key of Object.keys(totals)) {
    // The last summary line of the file's TAP stream holds its totals.
    const found = [...text.matchAll(new RegExp(`^# ${key} (\\d+)$`, 'gm'))].at(-1);
    if (found) totals[key] += Number(found[1]);
  }
  if (code !== 0) {
    failedJobs++;
    if (!/^# fail [1-9]/m.test(text)) totals.fail++; // it died without counting its failure
    process.stdout.write(`# ${job.name} exited with ${code ?? signal}\n`);
  }
  timings.push({ name: job.name, seconds });
}

const started = Date.now();

async function warmUp() {
  const script = "import('./__tests__/helpers/warm-std.ts').then((m) => m.warmStd())";
  const t = Date.now();
  const { code } = await runNode(['--import', 'tsx', '-e', script], { capture: false });
  if (code !== 0) throw new Error(`building the warm std cache failed (exit ${code})`);
  timings.push({ name: 'warm std cache (helpers/warm-std.ts)', seconds: (Date.now() - t) / 1000 });
}

/** Lanes take jobs in order; a job marked alone waits for the others and holds every lane. */
async function schedule() {
  if (needsWarmStd && lanes === 1) await warmUp();
  let warm = needsWarmStd && lanes > 1 ? warmUp() : null;
  // While std warms, the other lane runs the unit files.
  const queue = [...jobs];
  const active = new Set();
  const launch = (job) => {
    const p = runJob(job).then(() => active.delete(p));
    active.add(p);
  };
  const warmReady = warm?.then(() => (warm = null));
  while (queue.length > 0) {
    if (warm !== null) {
      // Until the warm cache exists only the unit files run beside its build: a long e2e file
      // started now would keep the file that must run alone (next in line) waiting, a lane idle.
      const idx = queue.findIndex((j) => j.unit);
      if (idx >= 0 && active.size < lanes - 1) {
        launch(queue.splice(idx, 1)[0]);
        continue;
      }
      await Promise.race([warmReady, ...active]);
      continue;
    }
    const job = queue[0];
    if (job.alone) {
      await Promise.all(active);
      queue.shift();
      launch(job);
      await Promise.all(active);
      continue;
    }
    if (active.size >= lanes) {
      await Promise.race(active);
      continue;
    }
    queue.shift();
    launch(job);
  }
  await Promise.all(active);
}

schedule().then(
  () => {
    if (!customReporter) {
      process.stdout.write(`\n# all files (${lanes} lane(s))\n`);
      for (const [key, n] of Object.entries(totals)) process.stdout.write(`# ${key} ${n}\n`);
    }
    console.error(`run-tests: ${files.length} file(s) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    try {
      fs.mkdirSync(path.dirname(durationsFile), { recursive: true });
      const merged = { ...recorded };
      for (const t of timings) merged[t.name] = Math.round(t.seconds);
      fs.writeFileSync(durationsFile, `${JSON.stringify(merged, null, 1)}\n`);
    } catch {
      // only an ordering hint
    }
    for (const t of timings.sort((a, b) => b.seconds - a.seconds))
      console.error(`run-tests: ${t.seconds.toFixed(1).padStart(7)} s  ${t.name}`);
    process.exit(failedJobs > 0 || totals.fail > 0 ? 1 : 0);
  },
  (err) => {
    console.error(`run-tests: ${err.message}`);
    for (const child of running) child.kill('SIGTERM');
    process.exit(1);
  },
);
