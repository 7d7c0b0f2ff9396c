// Runs the test suite with Node's built-in runner. Node 20's --test has no globs, so the files
// are found here. Usage: node scripts/run-tests.mjs [file, dir or substring ...] [node test flags]
//   npm test -- e2e/core          only files whose path contains "e2e/core"
//   npm test -- --test-name-pattern=concurrent
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

// TAP ends with "# pass N" / "# fail N" lines, which CI reads; --test-reporter overrides it.
const reporter = nodeFlags.some((f) => f.startsWith('--test-reporter')) ? [] : ['--test-reporter=tap'];
// One file at a time: the e2e files run go builds that each want both cores, and parallel files
// would only contend. The timeout is a last resort against a hang; tests set tighter ones.
const runnerArgs = ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-timeout=1200000', ...reporter, ...nodeFlags, ...files];

const started = Date.now();
const child = spawn(process.execPath, runnerArgs, { cwd: root, stdio: 'inherit' });
const forward = (signal) => () => child.kill(signal);
process.on('SIGINT', forward('SIGINT'));
process.on('SIGTERM', forward('SIGTERM'));
child.on('exit', (code, signal) => {
  console.error(`run-tests: ${files.length} file(s) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  process.exit(code ?? (signal ? 1 : 0));
});
