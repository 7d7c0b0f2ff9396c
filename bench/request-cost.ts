// CPU per remote request of our S3 client, in this process, against versitygw on loopback, with
// our direct signed requests and with the SDK's request path (-s3-direct-requests=false):
//   node --import tsx bench/request-cost.ts [n]
import crypto from 'node:crypto';
import { parseCommandLine } from '../src/cacheprog/config.js';
import type { Config } from '../src/cacheprog/config.js';
import { EntryBackend } from '../src/cacheprog/remote/entry-backend.js';
import { openS3Store } from '../src/cacheprog/remote/s3/index.js';
import { LocalStore } from '../src/cacheprog/store/local-store.js';
import { startS3Server } from '../__tests__/helpers/s3-server.js';
import { tempDir } from '../__tests__/helpers/proc.js';

const n = Number(process.argv[2] ?? 300);
const s3 = await startS3Server();
await s3.createBucket('cost');
const env = s3.env('cost');
const newId = (): string => crypto.randomBytes(32).toString('hex');
const ids = Array.from({ length: n }, newId);
// Compressible like a package archive: ~16 KB, half text.
const bodies = ids.map((_, i) =>
  Buffer.concat([Buffer.from(`package p${i}\n`.repeat(600)), crypto.randomBytes(8_000)]),
);
const metaOf = (b: Buffer) => ({
  outputId: crypto.createHash('sha256').update(b).digest('hex'),
  size: b.length,
  time: new Date(),
});

async function measure(name: string, fn: (i: number) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < 20; i++) await fn(i); // warm up
  const cpu = process.cpuUsage();
  const t = performance.now();
  for (let i = 0; i < n; i++) await fn(i);
  const wall = performance.now() - t;
  const used = process.cpuUsage(cpu);
  process.stdout.write(
    `${name.padEnd(44)} wall ${(wall / n).toFixed(3)} ms/req  cpu ${((used.user + used.system) / 1000 / n).toFixed(3)} ms/req (sys ${(used.system / 1000 / n).toFixed(3)})\n`,
  );
}

/** The bare entries, no decorators: the cost of the request path itself. */
async function entries(config: Config, warn: (m: string) => void): Promise<EntryBackend> {
  if (!config.s3) throw new Error('no S3 configuration');
  return new EntryBackend(await openS3Store({ s3: config.s3, remoteTimeoutMs: config.remoteTimeoutMs, warn, env }), {
    compression: config.compression,
  });
}

for (const [label, flags] of [
  ['direct', []],
  ['SDK', ['-s3-direct-requests=false']],
] as const) {
  const { config } = parseCommandLine([...flags], env);
  const backend = await entries(config, (m) => process.stderr.write(`${m}\n`));
  const { config: raw } = parseCommandLine([...flags, '-compression=false'], env);
  const plain = await entries(raw, () => {});
  const fresh = Array.from({ length: n + 20 }, newId);
  const fresh2 = Array.from({ length: n + 20 }, newId);
  await measure(`${label}: put (gzip when smaller)`, (i) =>
    backend.put(fresh[i], metaOf(bodies[i % n]), bodies[i % n]),
  );
  await measure(`${label}: put (no compression)`, (i) => plain.put(fresh2[i], metaOf(bodies[i % n]), bodies[i % n]));
  await measure(`${label}: get (hit): request + decode`, (i) => backend.get(fresh[i]));
  await measure(`${label}: get (miss, 404)`, () => backend.get(newId()));
  const store = new LocalStore(tempDir('cost-store'));
  store.init();
  await measure(`${label}: get + store in the local cache`, async (i) => {
    const e = await backend.get(fresh[i]);
    if (e) store.putEntryWithOutput(fresh[i], e, e.body);
  });
  await plain.close();
  await backend.close();
}
await s3.stop();
process.exit(0);
