// What trust scopes cost a miss: one remote lookup of an action id nobody stored, through the
// full remote chain (breaker ▶ verifying ▶ scopes ▶ S3), against versitygw on loopback behind
// Toxiproxy with a fixed latency each way. Scopes are asked at once, so a pull request's miss
// (own scope, then default) should cost one round trip, not two.
//   node --import tsx bench/scope-miss-cost.ts [misses per layout] [latency ms each way]
import crypto from 'node:crypto';
import { parseCommandLine } from '../src/cacheprog/config.js';
import { openRemote } from '../src/cacheprog/remote/open-remote.js';
import { startS3Server } from '../__tests__/helpers/s3-server.js';
import { startToxiproxy } from '../__tests__/helpers/toxiproxy.js';

const n = Number(process.argv[2] ?? 200);
const latency = Number(process.argv[3] ?? 5);
const s3 = await startS3Server();
const toxi = await startToxiproxy();
try {
  await s3.createBucket('scopes');
  const proxy = await toxi.createProxy('scopes', s3.port);
  await proxy.addToxic({ type: 'latency', stream: 'downstream', attributes: { latency } });
  const layouts: [string, Record<string, string>][] = [
    ['unscoped (reference layout)', {}],
    ['default branch: default', { GOBUILDCACHE_SCOPE: 'default' }],
    ['pull request: pr-7, default', { GOBUILDCACHE_SCOPE: 'pr-7', GOBUILDCACHE_READ_SCOPES: 'default' }],
    [
      'pull request: pr-7, branch-dev, default',
      { GOBUILDCACHE_SCOPE: 'pr-7', GOBUILDCACHE_READ_SCOPES: 'branch-dev,default' },
    ],
  ];
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const results: Record<string, { sequential: number[]; cpu: number[]; parallel: number[] }> = {};
  for (const [label] of layouts) results[label] = { sequential: [], cpu: [], parallel: [] };
  // Interleaved rounds, so load from other processes on the machine falls on every layout alike.
  for (let round = 0; round < 5; round++) {
    for (const [label, extra] of layouts) {
      const env = { ...s3.env('scopes', { endpoint: proxy.endpoint }), ...extra };
      const { config } = parseCommandLine([], env);
      const backend = (await openRemote(config, { warn: (m) => process.stderr.write(`${m}\n`), env }))?.backend;
      if (!backend) throw new Error('no backend');
      for (let i = 0; i < 10; i++) await backend.get(crypto.randomBytes(32).toString('hex')); // warm the connections
      const cpu = process.cpuUsage();
      const t = performance.now();
      for (let i = 0; i < n / 5; i++) await backend.get(crypto.randomBytes(32).toString('hex'));
      const wall = (performance.now() - t) / (n / 5);
      const used = process.cpuUsage(cpu);
      // go asks for up to GOMAXPROCS packages at once: 8 misses in flight.
      const t2 = performance.now();
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          for (let i = 0; i < n / 40; i++) await backend.get(crypto.randomBytes(32).toString('hex'));
        }),
      );
      const parallel = (performance.now() - t2) / (n / 5);
      const r = results[label];
      r.sequential.push(wall);
      r.cpu.push((used.user + used.system) / 1000 / (n / 5));
      r.parallel.push(parallel);
      await backend.close();
    }
  }
  const base = results[layouts[0][0]];
  process.stdout.write(
    `${n} misses per layout in 5 interleaved rounds, +${latency} ms latency on responses; medians of the rounds\n`,
  );
  process.stdout.write(
    `${'layout'.padEnd(42)} ${'ms/miss one at a time'.padStart(22)} ${'ratio'.padStart(6)} ${'ms/miss 8 in flight'.padStart(20)} ${'ratio'.padStart(6)} ${'CPU ms/miss'.padStart(12)}\n`,
  );
  for (const [label] of layouts) {
    const r = results[label];
    const seq = median(r.sequential);
    const par = median(r.parallel);
    process.stdout.write(
      `${label.padEnd(42)} ${seq.toFixed(2).padStart(22)} ${(seq / median(base.sequential)).toFixed(2).padStart(6)} ${par.toFixed(2).padStart(20)} ${(par / median(base.parallel)).toFixed(2).padStart(6)} ${median(r.cpu).toFixed(3).padStart(12)}\n`,
    );
  }
} finally {
  await toxi.stop();
  await s3.stop();
}
process.exit(0);
