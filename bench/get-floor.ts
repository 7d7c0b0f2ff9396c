// The floor under an on-demand remote hit: one GET of a cache object through the same Toxiproxy
// link, by curl (C, one keep-alive connection), by Node's own HTTP client (node:http, headers
// signed beforehand) and by our S3 backend (signed GET; then with decode and verify).
// Objects are std's entries (the warm std cache of the tests), requested one at a time in the
// same order by each client, as go asks for them on an empty local dir.
//   node --import tsx bench/get-floor.ts [--n=300] [--ms=0,5] [--rounds=2]
import { spawnSync } from 'node:child_process';
import http from 'node:http';
import { arg, median, startRemote } from './side-common.js';
import { parseCommandLine } from '../src/cacheprog/config.js';
import { EntryBackend } from '../src/cacheprog/remote/entry-backend.js';
import { objectKey } from '../src/cacheprog/remote/object-format.js';
import { openS3Store } from '../src/cacheprog/remote/s3/index.js';
import { configuredRegion } from '../src/cacheprog/remote/s3/client.js';
import { SignedObjectClient } from '../src/cacheprog/remote/s3/signed-object-client.js';
import { seedBucket } from '../__tests__/helpers/warm-std.js';

const N = Number(arg('n') ?? 300);
const LATENCIES = (arg('ms') ?? '0,5').split(',').map(Number);
const ROUNDS = Number(arg('rounds') ?? 2);
const PREFIX = 'floor/';

const remote = await startRemote('getfloor', [...new Set([0, ...LATENCIES])]);
const ids = (await seedBucket(remote.env(0, PREFIX))).slice(0, N);
const ms = (t: number): string => `${t.toFixed(2)} ms`;

for (const latency of LATENCIES) {
  const env = remote.env(latency, PREFIX);
  const { config } = parseCommandLine([], env);
  if (!config.s3) throw new Error('no S3 configuration');
  const s3 = new EntryBackend(
    await openS3Store({
      s3: config.s3,
      remoteTimeoutMs: config.remoteTimeoutMs,
      warn: (m) => process.stderr.write(`${m}\n`),
      env,
    }),
    { compression: config.compression },
  );
  // The same signed path the backend takes, on a client of its own.
  const credentials = async () => ({
    accessKeyId: env.GOBUILDCACHE_AWS_ACCESS_KEY_ID,
    secretAccessKey: env.GOBUILDCACHE_AWS_SECRET_ACCESS_KEY,
  });
  const direct = SignedObjectClient.create(config.s3, configuredRegion(config.s3), credentials, env, 1);
  if (!direct) throw new Error('the backend has no direct request path for this endpoint');
  const url = new URL(env.GOBUILDCACHE_AWS_ENDPOINT_URL_S3);
  const keyOf = (id: string): string => objectKey(config.s3?.prefix ?? PREFIX, id);
  const signed = (id: string) => direct.sign('GET', keyOf(id));
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const nodeGet = (path: string, headers: Record<string, string>): Promise<void> =>
    new Promise((resolve, reject) => {
      const req = http.request({ agent, hostname: url.hostname, port: url.port, path, headers }, (res) => {
        if (res.statusCode !== 200) reject(new Error(`node:http got ${res.statusCode}`));
        res.on('data', () => {});
        res.on('end', () => resolve());
      });
      req.on('error', reject);
      req.end();
    });

  const times: Record<string, number[]> = {
    curl: [],
    'node:http': [],
    'ours, signed GET': [],
    'ours, get (GET, decode, verify)': [],
  };
  for (let round = 0; round < ROUNDS; round++) {
    // curl: every object on one connection, the time of each transfer as curl measures it.
    const curlArgs = ids.flatMap((id) => [
      '-s',
      '-o',
      '/dev/null',
      '-w',
      '%{time_total} %{http_code}\\n',
      '-H',
      'x-amz-content-sha256: UNSIGNED-PAYLOAD',
      '--aws-sigv4',
      `aws:amz:${config.s3?.region}:s3`,
      '--user',
      `${env.GOBUILDCACHE_AWS_ACCESS_KEY_ID}:${env.GOBUILDCACHE_AWS_SECRET_ACCESS_KEY}`,
      `${url.origin}/${config.s3?.bucket}/${keyOf(id)}`,
      '--next',
    ]);
    const curl = spawnSync('curl', curlArgs.slice(0, -1), { encoding: 'utf8' });
    for (const line of curl.stdout.trim().split('\n')) {
      const [seconds, code] = line.split(' ');
      if (code !== '200') throw new Error(`curl got ${code}: ${curl.stderr.slice(0, 300)}`);
      times.curl?.push(Number(seconds) * 1000);
    }
    for (const id of ids) {
      const time = async (name: string, fn: () => Promise<unknown>): Promise<void> => {
        const t = performance.now();
        await fn();
        times[name]?.push(performance.now() - t);
      };
      const a = await signed(id);
      await time('node:http', () => nodeGet(a.path, a.headers));
      await time('ours, signed GET', () => direct.send('GET', keyOf(id), undefined, new AbortController().signal));
      await time('ours, get (GET, decode, verify)', () => s3.get(id));
    }
  }
  const floor = median(times.curl ?? []);
  process.stdout.write(`\n${latency} ms added each way, ${ids.length} objects × ${ROUNDS} rounds, median per GET:\n`);
  for (const [name, values] of Object.entries(times))
    process.stdout.write(
      `  ${name.padEnd(34)} ${ms(median(values)).padStart(9)}  (+${ms(median(values) - floor)} over curl)\n`,
    );
  agent.destroy();
  direct.close();
  await s3.close();
}
await remote.stop();
