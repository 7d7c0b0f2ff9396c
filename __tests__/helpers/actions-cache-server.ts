// Real GitHub Actions cache services for tests, one per protocol @actions/cache speaks:
// - v1 (ACTIONS_CACHE_URL, `_apis/artifactcache`; GitHub Enterprise Server): nektos/act's
//   artifactcache behind the small main in scripts/tools/actions-cache-server, here. It serves on
//   127.0.0.1 under a random token path it prints at start.
// - v2 (ACTIONS_CACHE_SERVICE_V2 + ACTIONS_RESULTS_URL, Twirp; github.com): omni-cache, in
//   actions-cache-v2.ts.
// Both are built into .tools/ by scripts/install-tools.sh.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { startActionsCacheV2 } from './actions-cache-v2.js';
import {
  fetchWithTimeout,
  freePort,
  startManaged,
  tempDir,
  toolPath,
  waitUntilReady,
  type ManagedProcess,
} from './proc.js';

export type CacheProtocol = 'v1' | 'v2';
/** Both, v2 (what github.com speaks) first. */
export const PROTOCOLS: readonly CacheProtocol[] = ['v2', 'v1'];

export interface ActionsCacheServer {
  protocol: CacheProtocol;
  /**
   * The base URL with a trailing slash: ACTIONS_CACHE_URL (v1, with its token path) or
   * ACTIONS_RESULTS_URL (v2).
   */
  url: string;
  port: number;
  /** Where the entries end up: act's data dir (v1), the bucket's directory in versitygw (v2). */
  dataDir: string;
  /** What the runner gives a JS action step to reach the cache, pointed at `url` or a proxy of it. */
  env(url?: string): Record<string, string>;
  stop(): Promise<void>;
}

const START_ATTEMPTS = 3;

export function startActionsCache(protocol: CacheProtocol): Promise<ActionsCacheServer> {
  return protocol === 'v2' ? startActionsCacheV2() : startActionsCacheServer();
}

export async function startActionsCacheServer(): Promise<ActionsCacheServer> {
  const binary = toolPath('actions-cache-server');
  const dataDir = tempDir('actions-cache');
  let proc: ManagedProcess | undefined;
  let url = '';
  let port = 0;
  let lastError: unknown;
  // A free port can be taken between probing and binding; try a few times.
  for (let attempt = 1; attempt <= START_ATTEMPTS && !url; attempt++) {
    port = await freePort();
    const logFile = path.join(dataDir, `server-${attempt}.log`);
    const p = startManaged(binary, [path.join(dataDir, 'data'), String(port)], { logFile });
    try {
      // It prints its base URL (http://127.0.0.1:PORT/<token>) on stdout once it listens.
      await waitUntilReady('actions-cache-server', p, async () => {
        const printed = /^(http:\/\/127\.0\.0\.1:\d+\/\S+)$/m.exec(fs.readFileSync(logFile, 'utf8'))?.[1];
        if (!printed) return false;
        // Any answer from the API means it serves; a find with no keys answers 204.
        const res = await fetchWithTimeout(`${printed}/_apis/artifactcache/cache?keys=probe&version=probe`, {}, 2_000);
        if (res.status > 0) url = `${printed}/`;
        return res.status > 0;
      });
      proc = p;
    } catch (err) {
      lastError = err;
      await p.stop();
    }
  }
  if (!proc) throw lastError;
  const server = proc;
  return {
    protocol: 'v1',
    url,
    port,
    dataDir,
    env(override?: string) {
      return { ACTIONS_CACHE_URL: override ?? url, ACTIONS_RUNTIME_TOKEN: 'test-runtime-token' };
    },
    stop: () => server.stop(),
  };
}

/** The request that creates an entry, which GitHub's rate limit (and quota) refuses. */
export function createsEntry(protocol: CacheProtocol): (req: http.IncomingMessage) => boolean {
  const path =
    protocol === 'v2'
      ? /\/twirp\/github\.actions\.results\.api\.v1\.CacheService\/CreateCacheEntry$/
      : /\/_apis\/artifactcache\/caches$/;
  return (req) => req.method === 'POST' && path.test(req.url ?? '');
}

/**
 * A proxy in front of the service that answers 429 (with Retry-After) to chosen requests (by
 * default the entry creation of the service's protocol) and passes everything else through: the
 * rate limit GitHub applies beyond ~200 new entries a minute. `refused` counts the refused
 * requests, so a test can prove there was no retry storm; `requests` lists every request as
 * "METHOD path", so a test can show which protocol's calls were made. On v2 only the Twirp calls
 * pass here: the archive moves through the signed URLs the service hands out, which bypass it.
 */
export interface RateLimitProxy {
  url: string;
  refused: number;
  requests: readonly string[];
  stop(): Promise<void>;
}

export async function startRateLimitProxy(
  target: ActionsCacheServer,
  refuse: (req: http.IncomingMessage) => boolean = createsEntry(target.protocol),
): Promise<RateLimitProxy> {
  const upstream = new URL(target.url);
  const state = { refused: 0, requests: [] as string[] };
  const server = http.createServer((req, res) => {
    state.requests.push(`${req.method ?? ''} ${req.url ?? ''}`);
    if (refuse(req)) {
      state.refused++;
      req.resume();
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '60' });
      // v1 clients read `message`, Twirp clients `msg`.
      const message = 'Too Many Requests: cache entry creation rate limit exceeded';
      res.end(JSON.stringify({ message, code: 'resource_exhausted', msg: message }));
      return;
    }
    const forward = http.request(
      {
        host: '127.0.0.1',
        port: upstream.port,
        path: req.url,
        method: req.method,
        headers: req.headers,
        timeout: 30_000,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}${upstream.pathname}`,
    get refused() {
      return state.refused;
    },
    get requests() {
      return state.requests;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
