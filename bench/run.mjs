// Entry of `npm run bench`: runs the TypeScript benchmark driver with tsx.
//   npm run bench -- --quick        a few minutes on 2 cores: fewer runs, smaller modules
//   npm run bench                   the full suite (about 25 minutes on 2 cores)
//   npm run bench -- --help         every option
// Results go to bench/results/*.json (git-ignored); BENCHMARKS.md and bench/chart.svg are
// regenerated from them (the text outside the generated block of BENCHMARKS.md is kept).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Every temp dir of the run (GOCACHE, our cache dirs, go's own work dir) goes under .tmp/bench
// unless TMPDIR says otherwise: on these machines creating a file in /tmp costs ~1 ms, 25 times
// what it costs elsewhere on the same disk, which would swamp what is measured. CI runners'
// temp dirs have no such cost.
const tmp = process.env.TMPDIR || path.join(root, '.tmp', 'bench');
fs.mkdirSync(tmp, { recursive: true });
const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'bench', 'main.ts'), ...process.argv.slice(2)], {
  cwd: root,
  env: { ...process.env, TMPDIR: tmp },
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
