// A real GCS server for tests: fake-gcs-server (the emulator Google's client libraries are tested
// against) with its memory backend, on a free loopback port, reached the standard way
// (STORAGE_EMULATOR_HOST). Unauthenticated, like any emulator: the tests of credentials run
// without it.
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

export interface GcsServer {
  /** http://127.0.0.1:PORT, the value of STORAGE_EMULATOR_HOST. */
  endpoint: string;
  port: number;
  createBucket(name: string): Promise<void>;
  listKeys(bucket: string, prefix?: string): Promise<string[]>;
  /** The object's bytes, or undefined when there is none. */
  getObject(bucket: string, key: string): Promise<Buffer | undefined>;
  /** Writes an object as any writer with access to the bucket can. */
  putObject(bucket: string, key: string, body: Buffer): Promise<void>;
  /** GOBUILDCACHE_-prefixed settings that point our entrypoint at this server (or at `endpoint`, e.g. a proxy). */
  env(bucket: string, opts?: { prefix?: string; endpoint?: string }): Record<string, string>;
  stop(): Promise<void>;
}

const START_ATTEMPTS = 3;
const REQUEST_TIMEOUT_MS = 15_000;

async function launch(binary: string, root: string): Promise<{ proc: ManagedProcess; port: number }> {
  let lastError: unknown;
  // A free port can be taken between probing and binding; try a few times before giving up.
  for (let attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
    const port = await freePort();
    const proc = startManaged(
      binary,
      [
        '-scheme',
        'http',
        '-host',
        '127.0.0.1',
        '-port',
        String(port),
        '-public-host',
        `127.0.0.1:${port}`,
        '-external-url',
        `http://127.0.0.1:${port}`,
        '-backend',
        'memory',
        '-log-level',
        'warn',
      ],
      { logFile: path.join(root, `fake-gcs-server-${attempt}.log`) },
    );
    try {
      await waitUntilReady(
        'fake-gcs-server',
        proc,
        async () => (await fetchWithTimeout(`http://127.0.0.1:${port}/storage/v1/b`, {}, 2_000)).ok,
      );
      return { proc, port };
    } catch (err) {
      lastError = err;
      await proc.stop();
    }
  }
  throw lastError;
}

export async function startGcsServer(): Promise<GcsServer> {
  const root = tempDir('fake-gcs');
  const { proc, port } = await launch(toolPath('fake-gcs-server'), root);
  const endpoint = `http://127.0.0.1:${port}`;
  const api = `${endpoint}/storage/v1`;
  const call = async (url: string, init: RequestInit = {}): Promise<Response> => {
    const res = await fetchWithTimeout(url, init, REQUEST_TIMEOUT_MS);
    if (!res.ok && res.status !== 404)
      throw new Error(`${init.method ?? 'GET'} ${url}: HTTP ${res.status} ${await res.text()}`);
    return res;
  };
  const object = (bucket: string, key: string): string =>
    `${api}/b/${encodeURIComponent(bucket)}/o/${encodeURIComponent(key)}`;

  return {
    endpoint,
    port,
    async createBucket(name) {
      await call(`${api}/b`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name }),
      });
    },
    async listKeys(bucket, prefix = '') {
      const keys: string[] = [];
      let token: string | undefined;
      // Bounded: 1,000 pages of 1,000 keys is far beyond any test's data.
      for (let page = 0; page < 1_000; page++) {
        const query = new URLSearchParams({ prefix, maxResults: '1000', ...(token ? { pageToken: token } : {}) });
        const res = await call(`${api}/b/${encodeURIComponent(bucket)}/o?${query}`);
        if (res.status === 404) return [];
        const body = (await res.json()) as { items?: { name: string }[]; nextPageToken?: string };
        for (const o of body.items ?? []) keys.push(o.name);
        if (!body.nextPageToken) return keys.sort();
        token = body.nextPageToken;
      }
      throw new Error(`listKeys(${bucket}, ${prefix}) did not finish in 1,000 pages`);
    },
    async getObject(bucket, key) {
      const res = await call(`${object(bucket, key)}?alt=media`);
      return res.status === 404 ? undefined : Buffer.from(await res.arrayBuffer());
    },
    async putObject(bucket, key, body) {
      const query = new URLSearchParams({ uploadType: 'media', name: key });
      await call(`${endpoint}/upload/storage/v1/b/${encodeURIComponent(bucket)}/o?${query}`, {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream' },
        body: new Uint8Array(body),
      });
    },
    env(bucket, opts = {}) {
      return {
        GOBUILDCACHE_BACKEND_TYPE: 'gcs',
        GOBUILDCACHE_GCS_BUCKET: bucket,
        GOBUILDCACHE_GCS_PREFIX: opts.prefix ?? 'gobuildcache/',
        STORAGE_EMULATOR_HOST: opts.endpoint ?? endpoint,
      };
    },
    async stop() {
      await proc.stop();
    },
  };
}
