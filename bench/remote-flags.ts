// The flag experiment of BENCHMARKS.md (finding 3): `go build std` with an empty local cache and a
// warm remote (versitygw, no proxy), with one CPU-saving flag at a time; 4 interleaved runs each.
//   node --import tsx bench/remote-flags.ts
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { runGo } from '../__tests__/helpers/go.js';
import { REPO_ROOT, tempDir } from '../__tests__/helpers/proc.js';
import { startS3Server } from '../__tests__/helpers/s3-server.js';
const root = tempDir('exp');
spawnSync('sh', ['-c', `cd ${REPO_ROOT} && git archive HEAD dist/cacheprog | tar -x -C ${root}`]);
const entry = path.join(root, 'dist/cacheprog/index.js');
const wrap = path.join(root, 'w.sh');
fs.writeFileSync(wrap, `#!/bin/sh\nexec /usr/bin/time -o "$RSSF" -f '%M %U %S' ${process.execPath} ${entry} "$@"\n`, {
  mode: 0o755,
});
const s3 = await startS3Server();
await s3.createBucket('expbucket');
const cwd = tempDir('exp-cwd');
const run = async (flags: string[], prefix: string) => {
  const local = tempDir('exp-local');
  const rssf = path.join(root, `rss-${Math.random()}`);
  const t = performance.now();
  const r = await runGo(['build', 'std'], {
    cwd,
    cacheprog: [wrap, '-backend', 's3', '-cache-dir', local, '-lock-dir', path.join(local, 'l'), ...flags].join(' '),
    env: { ...s3.env('expbucket', { prefix }), RSSF: rssf },
  });
  const s = (performance.now() - t) / 1000;
  if (r.code !== 0) throw new Error(r.stderr);
  fs.rmSync(local, { recursive: true, force: true });
  const [kb, u, sy] = fs.readFileSync(rssf, 'utf8').trim().split(/\s+/).map(Number);
  return { s, cpu: (u ?? 0) + (sy ?? 0), mb: (kb ?? 0) / 1024 };
};
await run(['-upload-wait', '120s'], 'gz/');
await run(['-upload-wait', '120s', '-compression=false'], 'raw/');
const variants: [string, string[], string][] = [
  ['baseline (gzip objects)', [], 'gz/'],
  ['-s3-checksum-when-required', ['-s3-checksum-when-required'], 'gz/'],
  ['-lock-type memory', ['-lock-type', 'memory'], 'gz/'],
  ['uncompressed objects', [], 'raw/'],
  ['all three', ['-s3-checksum-when-required', '-lock-type', 'memory'], 'raw/'],
];
const res = new Map<string, { s: number; cpu: number; mb: number }[]>();
for (let i = 0; i < 4; i++)
  for (const [name, f, p] of [...variants.slice(i % 5), ...variants.slice(0, i % 5)]) {
    const x = await run(f, p);
    (res.get(name) ?? res.set(name, []).get(name)!).push(x);
    console.log(name, x.s.toFixed(2), 's cpu', x.cpu.toFixed(2), 'rss', x.mb.toFixed(0));
  }
const med = (a: number[]) => {
  const s = [...a].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
for (const [k, v] of res)
  console.log(
    `SUMMARY | ${k} | ${med(v.map((x) => x.s)).toFixed(2)} s | cpu ${med(v.map((x) => x.cpu)).toFixed(2)} s | rss ${Math.max(...v.map((x) => x.mb)).toFixed(0)} MiB |`,
  );
await s3.stop();
process.exit(0);
