import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { parseSocketAddress, type Config, type SocketAddress } from './config.js';
import type { Cache } from './cache.js';
import { WEDGED_SUFFIX } from './job-client.js';
import { LiveStatsFile, liveStats } from './live-stats.js';
import type { Logger } from './log.js';
import { RequestReader } from './protocol/reader.js';
import { HEX_ID, type ParsedRequest, type Response } from './protocol/types.js';
import { encodeResponse, HANDSHAKE, type ResponseSink } from './protocol/writer.js';
import { startRemote, type Remote } from './remote/open-remote.js';
import { openCache, logStats } from './serve.js';
import { Session, type ControlHandler } from './session.js';
import { Stats } from './stats.js';
import { NoopLocker } from './store/locks.js';
import { writeFileAtomic } from './store/atomic-file.js';

/** What a job server leaves for its clients once it listens (0600, beside the socket). */
export interface ServerFile {
  socket: string;
  /** tcp only: the first line a client sends is {"Token": token}. */
  token?: string;
  pid: number;
}

/** Past this many keys the bucket is not listed: memory, and a listing slower than asking. */
const LIST_CAP = 500_000;

/** Longest wait for a tcp client's token line: a client that says nothing is not ours. */
const TOKEN_WAIT_MS = 5_000;

/**
 * The job's cache server: one process for every go command of a job, each connection (made by the
 * bridge GOCACHEPROG names) its own protocol session over one shared Cache: one in-memory index,
 * one S3 client with warm connections, one upload queue, one set of known-absent keys, the
 * prefetcher. A go command's close is answered once its puts are on local disk; uploads go on
 * across go commands until `finish` (the post step) or a signal.
 */
export async function runJobServer(config: Config, log: Logger): Promise<void> {
  const address = parseSocketAddress(config.socket as string);
  const stats = new Stats(config.backend);
  // Counted per go command that connects, not per server.
  stats.counters.processes = 0;
  // One process: its fetches are shared in memory, and the prefetcher runs here too.
  // Set up at start: the job server starts before any go command, so nobody waits for the SDK.
  const remote = startRemote(config, {
    stats,
    warn: (m) => log.warn(m),
    debug: (m) => log.debug(m),
    who: 'job',
    listCap: config.listKeys ? LIST_CAP : undefined,
  });
  const { cache, store } = openCache(
    config,
    log,
    new NoopLocker(),
    stats,
    remote.then((r) => r?.backend),
  );
  void store
    .createShards()
    .catch((err: unknown) => log.debug(`creating the shard directories: ${(err as Error).message}`));
  const handshake = encodeResponse({ ...HANDSHAKE, CacheDir: store.dir });
  const token = address.kind === 'tcp' ? crypto.randomBytes(32).toString('hex') : undefined;
  const live = config.statsFile
    ? new LiveStatsFile(config.statsFile, () => liveStats(stats, cache.pendingUploads), log)
    : undefined;
  const stop = new AbortController();
  let prefetch: Promise<void> = Promise.resolve();

  const server = net.createServer({ noDelay: true }, (socket) => {
    if (token) authenticate(socket, token, (rest) => converse(socket, rest));
    else converse(socket);
  });

  let finishing: Promise<Response> | undefined;
  const finish = (id: number, waitMs: number): Promise<Response> =>
    (finishing ??= (async () => {
      stop.abort(new Error('finishing'));
      server.close();
      await prefetch;
      await cache.finish(waitMs).catch((err: unknown) => log.error(`finishing: ${(err as Error).message}`));
      logStats(config, stats, log, cache.usedActionIds(), 'server');
      live?.update();
      return { ID: id, Pending: cache.pendingUploads };
    })());

  /**
   * One go command's session, over the bridge's socket. The handshake names the local store's
   * directory: the bridge answers the gets it holds itself and reports them (served); this process
   * sees go's misses, puts and close.
   */
  const converse = (socket: net.Socket, first?: Buffer): void => {
    socket.on('error', (err) => log.debug(`connection: ${err.message}`));
    const sink: ResponseSink = { send: (line) => void (socket.writable && socket.write(line)) };
    let counted = false;
    const control: ControlHandler = async (request) => {
      if (request.command === 'served') {
        recordServed(cache, request);
        return undefined;
      }
      if (request.command !== 'finish')
        throw new Error(`unknown command "${request.command}" (known: get, put, close, served, finish)`);
      const wait = Number(request.fields?.get('waitms'));
      const response = await finish(request.id, Number.isFinite(wait) && wait >= 0 ? wait : config.drainTimeoutMs);
      // Answered (the session writes the response before this runs), then gone: keep-alive
      // sockets of the S3 client must not keep the process alive.
      setImmediate(() => socket.end(() => process.exit(0)));
      setTimeout(() => process.exit(0), 1_000).unref();
      return response;
    };
    const session = new Session({
      handler: cache,
      sink,
      stats,
      log,
      control,
      // Before close is answered: a step after this go command reads figures that include it.
      beforeCloseReply: async () => live?.update(),
      onClosed: () => socket.end(),
    });
    const reader = new RequestReader({
      onRequest: (request) => {
        if (
          !counted &&
          (request.command === 'get' ||
            request.command === 'put' ||
            request.command === 'close' ||
            request.command === 'served')
        ) {
          counted = true;
          stats.add('processes');
        }
        return session.onRequest(request);
      },
      onFatal: (message) => {
        stats.add('protocolErrors');
        log.error(message);
        socket.destroy();
      },
    });
    socket.on('data', (chunk: Buffer) => {
      // Requests that arrive together are answered together.
      socket.cork();
      reader.push(chunk);
      socket.uncork();
    });
    // A go command that ended without close (killed): its puts are stored, nothing is owed to it.
    socket.on('end', () => {
      reader.end();
      if (counted) live?.update();
    });
    sink.send(handshake);
    if (first && first.length > 0) reader.push(first);
  };

  await listen(server, address);
  // A marker a bridge left for an earlier server on this socket is not about this one.
  for (const marker of [address.kind === 'unix' ? address.path : undefined, config.serverFile]) {
    if (marker) fs.rmSync(`${marker}${WEDGED_SUFFIX}`, { force: true });
  }
  const socketText =
    address.kind === 'unix'
      ? `unix:${address.path}`
      : `tcp:${address.host}:${(server.address() as net.AddressInfo).port}`;
  if (config.serverFile) {
    const info: ServerFile = { socket: socketText, token, pid: process.pid };
    // Private from its first byte: it holds the tcp token.
    writeFileAtomic(config.serverFile, JSON.stringify(info), 0o600);
  }
  live?.update();
  log.info(`job server listening on ${socketText} (pid ${process.pid})`);
  prefetch = startPrefetch(config, log, stats, cache, remote, stop.signal);

  // Interrupted (the runner's cleanup, a person's ^C): no time to wait for uploads, but what is
  // owed still goes to the spool.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => void finish(0, 0).then(() => process.exit(0)));
  }
}

/**
 * The bridge's notice of the hits it answered from the local store's files:
 * {"Command":"served","ActionIDs":[hex…],"Bytes":n}. Counted as this server's own local hits.
 */
export function recordServed(cache: Pick<Cache, 'servedElsewhere'>, request: ParsedRequest): void {
  const ids = request.fields?.get('actionids');
  const bytes = request.fields?.get('bytes');
  if (
    !Array.isArray(ids) ||
    !ids.every((id) => typeof id === 'string' && HEX_ID.test(id)) ||
    typeof bytes !== 'number' ||
    !Number.isSafeInteger(bytes) ||
    bytes < 0
  ) {
    throw new Error('served: ActionIDs must be a list of hex action ids and Bytes a byte count');
  }
  cache.servedElsewhere(ids as string[], bytes);
}

async function startPrefetch(
  config: Config,
  log: Logger,
  stats: Stats,
  cache: Cache,
  opened: Promise<Remote | undefined>,
  signal: AbortSignal,
): Promise<void> {
  if (!config.manifestKey) return;
  const remote = await opened;
  if (!remote) return;
  try {
    const { prefetchManifest } = await import('./manifest/commands.js');
    await prefetchManifest({ config, log, stats, cache, objects: remote.objects, signal });
  } catch (err) {
    if (!signal.aborted) log.warn(`prefetch failed: ${(err as Error).message}; go fetches entries on demand instead`);
  }
}

/** A tcp client proves it is this job's by sending the token first; anything else is dropped. */
function authenticate(socket: net.Socket, token: string, onOk: (rest: Buffer) => void): void {
  let buffered = Buffer.alloc(0);
  const timer = setTimeout(() => socket.destroy(), TOKEN_WAIT_MS);
  const onData = (chunk: Buffer): void => {
    buffered = Buffer.concat([buffered, chunk]);
    const newline = buffered.indexOf(0x0a);
    if (newline === -1) {
      if (buffered.length > 4096) socket.destroy();
      return;
    }
    socket.off('data', onData);
    clearTimeout(timer);
    let presented = '';
    try {
      const { Token } = JSON.parse(buffered.subarray(0, newline).toString()) as { Token?: unknown };
      presented = typeof Token === 'string' ? Token : '';
    } catch {
      // not a token line
    }
    const a = Buffer.from(presented);
    const b = Buffer.from(token);
    if (a.length !== b.length || !crypto.timingSafeEqual(a, b)) {
      socket.destroy();
      return;
    }
    onOk(buffered.subarray(newline + 1));
  };
  socket.on('data', onData);
  socket.on('error', () => {});
}

/** Listens on a Unix socket in a directory only this user can enter, or on loopback tcp. */
async function listen(server: net.Server, address: SocketAddress): Promise<void> {
  if (address.kind === 'unix') {
    const dir = path.dirname(address.path);
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const st = fs.statSync(dir);
    if (typeof process.getuid === 'function' && st.uid !== process.getuid()) {
      throw new Error(`the socket directory ${dir} belongs to another user`);
    }
    if ((st.mode & 0o077) !== 0) fs.chmodSync(dir, 0o700);
    // A socket file left by a server that died: nobody answers on it, so it can go.
    if (fs.existsSync(address.path)) {
      if (await answers(address.path)) throw new Error(`another job server is already listening on ${address.path}`);
      fs.rmSync(address.path, { force: true });
    }
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    if (address.kind === 'unix') server.listen(address.path, () => resolve());
    else server.listen(address.port, address.host, () => resolve());
  });
}

function answers(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.connect(socketPath);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
}
