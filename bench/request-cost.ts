// CPU per remote request of our S3 client, in this process, against versitygw on loopback:
//   node --import tsx bench/request-cost.ts [n]
// Separates the SDK's request path from our object codec and the local store's writes.
import crypto from 'node:crypto';
import { parseCommandLine } from '../src/cacheprog/config.js';
import { createS3Backend } from '../src/cacheprog/remote/create-backend.js';
import { LocalStore } from '../src/cacheprog/store/local-store.js';
import { startS3Server } from '../__tests__/helpers/s3-server.js';
import { tempDir } from '../__tests__/helpers/proc.js';

const n = Number(process.argv[2] ?? 300);
const s3 = await startS3Server();
await s3.createBucket('cost');
const env = s3.env('cost');
const { config } = parseCommandLine([], env);
const backend = await createS3Backend(config, { warn: (m) => process.stderr.write(`${m}\n`), env });
const ids = Array.from({ length: n }, () => crypto.randomBytes(32).toString('hex'));
// Compressible like a package archive: ~16 KB, half text.
const bodies = ids.map((_, i) => Buffer.concat([Buffer.from(`package p${i}\n`.repeat(600)), crypto.randomBytes(8_000)]));
await Promise.all(ids.map((id, i) => {
  const body = bodies[i] as Buffer;
  return backend.put(id, { outputId: crypto.createHash('sha256').update(body).digest('hex'), size: body.length, time: new Date() }, body);
}));

async function measure(name: string, fn: (i: number) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < 20; i++) await fn(i); // warm up
  const cpu = process.cpuUsage();
  const t = performance.now();
  for (let i = 0; i < n; i++) await fn(i);
  const wall = performance.now() - t;
  const used = process.cpuUsage(cpu);
  process.stdout.write(`${name.padEnd(34)} wall ${(wall / n).toFixed(3)} ms/req  cpu user ${(used.user / 1000 / n).toFixed(3)} + sys ${(used.system / 1000 / n).toFixed(3)} ms/req\n`);
}

const store = new LocalStore(tempDir('cost-store'));
store.init();
const missing = Array.from({ length: n }, () => crypto.randomBytes(32).toString('hex'));
await measure('get (hit), SDK + decode', (i) => backend.get(ids[i] as string));
await measure('get (miss, 404)', (i) => backend.get(missing[i] as string));
await measure('getRaw (hit), SDK only', (i) => backend.getRaw(`v1/${ids[i]}`));
await measure('get + store in the local cache', async (i) => {
  const e = await backend.get(ids[i] as string);
  if (e) { store.putOutput(e.outputId, e.body); store.putEntry(ids[i] as string, e); }
});
await backend.close();
await s3.stop();
process.exit(0);
