// A real GitHub Actions cache service of the v2 protocol, the one github.com speaks: Twirp JSON
// calls (/twirp/github.actions.results.api.v1.CacheService/…) and archives moved through signed
// blob URLs. cirruslabs/omni-cache's `sidecar` (built into .tools/ by scripts/install-tools.sh
// from scripts/tools/actions-cache-v2), storing entries in a bucket of the versitygw the tests
// run anyway. It checks no token and keeps no branch scopes (GitHub's rules, not the protocol's).
import fs from 'node:fs';
import path from 'node:path';
import type { ActionsCacheServer } from './actions-cache-server.js';
import {
  fetchWithTimeout,
  freePort,
  startManaged,
  tempDir,
  toolPath,
  waitUntilReady,
  type ManagedProcess,
} from './proc.js';
import { startS3Server, type S3Server } from './s3-server.js';

const START_ATTEMPTS = 3;
const TWIRP = '/twirp/github.actions.results.api.v1.CacheService/';
let instances = 0;

/**
 * `s3`: a running versitygw to keep the entries in (a bucket of its own per instance); without
 * one, the service starts its own and stops it with itself.
 */
export async function startActionsCacheV2(s3?: S3Server): Promise<ActionsCacheServer> {
  const binary = toolPath('omni-cache');
  const store = s3 ?? (await startS3Server());
  const bucket = `actions-cache-${process.pid}-${++instances}`;
  const root = tempDir('actions-cache-v2');
  // omni-cache also listens on $HOME/.cirruslabs/omni-cache.sock: one HOME per instance.
  const home = path.join(root, 'home');
  fs.mkdirSync(home);
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    AWS_ACCESS_KEY_ID: store.accessKey,
    AWS_SECRET_ACCESS_KEY: store.secretKey,
    AWS_REGION: store.region,
  };
  let proc: ManagedProcess | undefined;
  let port = 0;
  let lastError: unknown;
  // A free port can be taken between probing and binding; try a few times.
  for (let attempt = 1; attempt <= START_ATTEMPTS && !proc; attempt++) {
    port = await freePort();
    const args = ['sidecar', '--bucket', bucket, '--s3-endpoint', store.endpoint, '--listen-addr', `127.0.0.1:${port}`];
    const p = startManaged(binary, args, { env, logFile: path.join(root, `omni-cache-${attempt}.log`) });
    try {
      // A lookup of a key nobody saved answers 200 {"ok":false}: the Twirp service is up.
      await waitUntilReady('omni-cache', p, async () => {
        const res = await fetchWithTimeout(
          `http://127.0.0.1:${port}${TWIRP}GetCacheEntryDownloadURL`,
          {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: '{"key":"probe","version":"probe"}',
          },
          2_000,
        );
        return res.status === 200;
      });
      proc = p;
    } catch (err) {
      lastError = err;
      await p.stop();
    }
  }
  if (!proc) {
    if (!s3) await store.stop();
    throw lastError;
  }
  const server = proc;
  const url = `http://127.0.0.1:${port}/`;
  return {
    protocol: 'v2',
    url,
    port,
    dataDir: path.join(store.dataDir, bucket),
    env(override?: string) {
      // GITHUB_SERVER_URL stays unset (github.com): on any other host @actions/cache speaks v1.
      return {
        ACTIONS_CACHE_SERVICE_V2: 'true',
        ACTIONS_RESULTS_URL: override ?? url,
        ACTIONS_RUNTIME_TOKEN: 'test-runtime-token',
      };
    },
    async stop() {
      await server.stop();
      if (!s3) await store.stop();
    },
  };
}
