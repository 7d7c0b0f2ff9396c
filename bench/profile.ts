// CPU profiles of the entrypoint during `go build std` (or a go command given after --):
// populating (S3 backend, uploads waited for), warm local, and empty local with a warm remote.
//   node --import tsx bench/profile.ts [--worktree] [--top=N] [-- go args...]
// Prints the top functions by self time and where the wall time of a process went; the
// .cpuprofile files stay in the printed directory (open them in Chrome DevTools).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { runGo } from '../__tests__/helpers/go.js';
import { REPO_ROOT, tempDir } from '../__tests__/helpers/proc.js';
import { startS3Server } from '../__tests__/helpers/s3-server.js';

const argv = process.argv.slice(2);
const dashdash = argv.indexOf('--');
const goArgs = dashdash >= 0 ? argv.slice(dashdash + 1) : ['build', 'std'];
const top = Number(argv.find((a) => a.startsWith('--top='))?.split('=')[1] ?? 18);

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

function sh(cmd: string, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: 'inherit' });
    child.once('error', reject);
    child.once('close', (code) => resolve(code ?? 1));
  });
}

function summarize(file: string): string {
  const p = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  p.samples.forEach((id, i) => {
    const dt = (p.timeDeltas[i] ?? 0) / 1000;
    total += dt;
    const n = byId.get(id);
    if (!n) return;
    const f = n.callFrame;
    const where = f.url ? `${path.basename(f.url)}:${f.lineNumber + 1}` : '';
    const key = `${f.functionName || '(anonymous)'} ${where}`.trim();
    self.set(key, (self.get(key) ?? 0) + dt);
  });
  const idle = self.get('(idle)') ?? 0;
  const lines = [
    `  wall ${((p.endTime - p.startTime) / 1000).toFixed(0)} ms, sampled ${total.toFixed(0)} ms, idle ${idle.toFixed(0)} ms, busy ${(total - idle).toFixed(0)} ms`,
  ];
  for (const [k, v] of [...self]
    .filter(([k]) => k !== '(idle)')
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)) {
    lines.push(
      `  ${v.toFixed(1).padStart(8)} ms  ${((v / Math.max(1, total - idle)) * 100).toFixed(1).padStart(5)}%  ${k}`,
    );
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const root = tempDir('bench-profile');
  const out = fs.mkdtempSync(path.join(REPO_ROOT, 'bench', 'results', 'profile-'));
  if (argv.includes('--worktree'))
    fs.cpSync(path.join(REPO_ROOT, 'dist', 'cacheprog'), path.join(root, 'dist', 'cacheprog'), { recursive: true });
  else {
    await sh('git', ['-C', REPO_ROOT, 'archive', '-o', path.join(root, 'b.tar'), 'HEAD', 'dist/cacheprog']);
    await sh('tar', ['-x', '-f', path.join(root, 'b.tar'), '-C', root]);
  }
  const entry = path.join(root, 'dist', 'cacheprog', 'index.js');
  const s3 = await startS3Server();
  await s3.createBucket('prof');
  const cwd = tempDir('bench-profile-cwd');
  const warmLocal = tempDir('bench-profile-local');
  try {
    const run = async (name: string, flags: string[], env: Record<string, string> = {}): Promise<void> => {
      const dir = path.join(out, name);
      fs.mkdirSync(dir);
      const cacheprog = [process.execPath, '--cpu-prof', `--cpu-prof-dir=${dir}`, entry, ...flags].join(' ');
      const started = performance.now();
      const r = await runGo(goArgs, { cwd, cacheprog, env, timeoutMs: 900_000 });
      if (r.code !== 0) throw new Error(`${name}: go exited ${r.code}: ${r.stderr.slice(-2000)}`);
      process.stdout.write(
        `\n${name}: go ${goArgs.join(' ')} took ${((performance.now() - started) / 1000).toFixed(2)} s\n`,
      );
      for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.cpuprofile')))
        process.stdout.write(`${summarize(path.join(dir, f))}\n`);
    };
    const s3env = s3.env('prof', { prefix: 'p/' });
    await run('populate', ['-backend', 's3', '-cache-dir', warmLocal, '-lock-dir', path.join(root, 'locks')], s3env);
    await run('local-warm', ['-cache-dir', warmLocal, '-lock-dir', path.join(root, 'locks')]);
    const empty = tempDir('bench-profile-empty');
    await run('remote-warm', ['-backend', 's3', '-cache-dir', empty, '-lock-dir', path.join(root, 'locks')], s3env);
    process.stdout.write(`\nprofiles in ${path.relative(REPO_ROOT, out)}\n`);
  } finally {
    await s3.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`profile: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);
