// Entry of `npm run bench`: runs the TypeScript benchmark driver with tsx.
//   npm run bench -- --quick        a few minutes on 2 cores: fewer runs, smaller modules
//   npm run bench                   the full suite (about 25 minutes on 2 cores)
//   npm run bench -- --help         every option
// Results go to bench/results/*.json (git-ignored); BENCHMARKS.md and bench/chart.svg are
// regenerated from them (the text outside the generated block of BENCHMARKS.md is kept).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const child = spawn(
  process.execPath,
  ['--import', 'tsx', path.join(root, 'bench', 'main.ts'), ...process.argv.slice(2)],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
