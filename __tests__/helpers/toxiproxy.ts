// Network faults for tests: Toxiproxy (from .tools/server) on loopback, driven through its HTTP
// API. The kernel here has no netem, so latency, hangs and resets come from this proxy.
import path from 'node:path';
import {
  fetchWithTimeout,
  freePort,
  startManaged,
  tempDir,
  toolPath,
  waitUntilReady,
  type ManagedProcess,
} from './proc.js';

export type ToxicType = 'latency' | 'timeout' | 'reset_peer' | 'bandwidth' | 'limit_data' | 'slicer';

export interface Toxic {
  type: ToxicType;
  stream?: 'upstream' | 'downstream';
  attributes: Record<string, number>;
  name?: string;
  /** Fraction of connections the toxic applies to; 1 (all) by default. */
  toxicity?: number;
}

export interface Proxy {
  name: string;
  port: number;
  /** http://127.0.0.1:port */
  endpoint: string;
  addToxic(t: Toxic): Promise<void>;
  removeToxics(): Promise<void>;
  disable(): Promise<void>;
  enable(): Promise<void>;
}

export interface Toxiproxy {
  apiUrl: string;
  createProxy(name: string, upstreamPort: number): Promise<Proxy>;
  stop(): Promise<void>;
}

const START_ATTEMPTS = 3;

async function api(apiUrl: string, method: string, route: string, body?: unknown): Promise<unknown> {
  const res = await fetchWithTimeout(`${apiUrl}${route}`, {
    method,
    headers: body === undefined ? undefined : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`toxiproxy ${method} ${route} -> ${res.status}: ${text}`);
  return text === '' ? undefined : (JSON.parse(text) as unknown);
}

async function launch(binary: string, root: string): Promise<{ proc: ManagedProcess; apiUrl: string }> {
  let lastError: unknown;
  // A free port can be taken between probing and binding; try a few times before giving up.
  for (let attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
    const port = await freePort();
    const proc = startManaged(binary, ['-host', '127.0.0.1', '-port', String(port)], {
      logFile: path.join(root, `toxiproxy-${attempt}.log`),
    });
    const apiUrl = `http://127.0.0.1:${port}`;
    try {
      await waitUntilReady('toxiproxy', proc, async () => (await fetchWithTimeout(`${apiUrl}/version`, {}, 2_000)).ok);
      return { proc, apiUrl };
    } catch (err) {
      lastError = err;
      await proc.stop();
    }
  }
  throw lastError;
}

export async function startToxiproxy(): Promise<Toxiproxy> {
  const binary = toolPath('server');
  const root = tempDir('toxiproxy');
  const { proc, apiUrl } = await launch(binary, root);
  let toxicSeq = 0;

  const createProxy = async (name: string, upstreamPort: number): Promise<Proxy> => {
    // Port 0: toxiproxy binds a free port itself and reports it, so there is no port race, and
    // it keeps that port across disable/enable.
    const created = (await api(apiUrl, 'POST', '/proxies', {
      name,
      listen: '127.0.0.1:0',
      upstream: `127.0.0.1:${upstreamPort}`,
      enabled: true,
    })) as { listen: string };
    const port = Number(created.listen.split(':').pop());
    if (!Number.isInteger(port) || port <= 0) throw new Error(`toxiproxy reported listen address "${created.listen}"`);
    const route = `/proxies/${encodeURIComponent(name)}`;
    return {
      name,
      port,
      endpoint: `http://127.0.0.1:${port}`,
      async addToxic(t) {
        const stream = t.stream ?? 'downstream';
        await api(apiUrl, 'POST', `${route}/toxics`, {
          // Unique default names let a test stack two toxics of one type on both streams.
          name: t.name ?? `${t.type}_${stream}_${++toxicSeq}`,
          type: t.type,
          stream,
          toxicity: t.toxicity ?? 1,
          attributes: t.attributes,
        });
      },
      async removeToxics() {
        const toxics = (await api(apiUrl, 'GET', `${route}/toxics`)) as { name: string }[];
        for (const t of toxics) await api(apiUrl, 'DELETE', `${route}/toxics/${encodeURIComponent(t.name)}`);
      },
      async disable() {
        await api(apiUrl, 'POST', route, { enabled: false });
      },
      async enable() {
        await api(apiUrl, 'POST', route, { enabled: true });
      },
    };
  };

  return { apiUrl, createProxy, stop: () => proc.stop() };
}
