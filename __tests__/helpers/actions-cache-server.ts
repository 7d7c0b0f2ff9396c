// A real GitHub Actions cache service for tests: nektos/act's artifactcache (the v1 protocol
// that @actions/cache speaks when ACTIONS_CACHE_SERVICE_V2 is unset) behind the small main in
// ../shared/tools/actions-cache-server, built into .tools/ by scripts/install-tools.sh. It
// serves on 127.0.0.1 under a random token path it prints at start.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fetchWithTimeout, freePort, startManaged, tempDir, toolPath, waitUntilReady, type ManagedProcess } from './proc.js';

export interface ActionsCacheServer {
  /** The base URL with its token path and trailing slash, as ACTIONS_CACHE_URL wants it. */
  url: string;
  port: number;
  dataDir: string;
  /** What the runner gives a JS action step to reach the cache (v1 protocol). */
  env(url?: string): Record<string, string>;
  stop(): Promise<void>;
}

const START_ATTEMPTS = 3;

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
    url,
    port,
    dataDir,
    env(override?: string) {
      return { ACTIONS_CACHE_URL: override ?? url, ACTIONS_RUNTIME_TOKEN: 'test-runtime-token' };
    },
    stop: () => server.stop(),
  };
}

/**
 * A proxy in front of the service that answers 429 (with Retry-After) to chosen requests and
 * passes everything else through: the rate limit GitHub applies beyond ~200 new entries a
 * minute. `hits` counts the refused requests, so a test can prove there was no retry storm.
 */
export interface RateLimitProxy {
  url: string;
  refused: number;
  stop(): Promise<void>;
}

export async function startRateLimitProxy(target: ActionsCacheServer, refuse: (req: http.IncomingMessage) => boolean): Promise<RateLimitProxy> {
  const upstream = new URL(target.url);
  const state = { refused: 0 };
  const server = http.createServer((req, res) => {
    if (refuse(req)) {
      state.refused++;
      req.resume();
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '60' });
      res.end(JSON.stringify({ message: 'Too Many Requests: cache entry creation rate limit exceeded' }));
      return;
    }
    const forward = http.request(
      { host: '127.0.0.1', port: upstream.port, path: req.url, method: req.method, headers: req.headers, timeout: 30_000 },
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
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
