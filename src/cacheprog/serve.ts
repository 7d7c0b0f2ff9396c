import { Cache } from './cache.js';
import type { Config } from './config.js';
import type { Logger } from './log.js';
import { writeActionLog } from './manifest/action-log.js';
import { RequestReader } from './protocol/reader.js';
import { ResponseWriter } from './protocol/writer.js';
import type { Backend } from './remote/backend.js';
import { startRemote } from './remote/open-remote.js';
import { Session } from './session.js';
import { formatStatsTable, Stats } from './stats.js';
import { localStoreOf, type LocalStore } from './store/local-store.js';
import { createServeLocker, type Locker } from './store/locks.js';

/** The parts every server shares: the local store, the cache over it, its statistics. */
export function openCache(
  config: Config,
  log: Logger,
  locker: Locker,
  stats = new Stats(config.backend),
  remote?: Promise<Backend | undefined>,
): { cache: Cache; stats: Stats; store: LocalStore } {
  const store = localStoreOf(config);
  store.init();
  // Per process, set up on the first miss or put, not at start: loading the SDK costs ~75 ms of
  // CPU and ~75 MB, which a build served from the local cache should not pay while go needs both cores.
  let lazy = remote;
  const backend = (): Promise<Backend | undefined> => (lazy ??= startBackend(config, stats, log));
  return { cache: new Cache({ config, store, stats, log, locker, backend }), stats, store };
}

/** Runs the GOCACHEPROG protocol on stdin/stdout until close or EOF, then exits: one go command. */
export function serve(config: Config, log: Logger): void {
  const writer = new ResponseWriter();
  const { cache, stats } = openCache(config, log, createServeLocker(config.lockType, config.lockDir));
  // go waits for the handshake with no timeout: send it before anything that can be slow.
  writer.handshake();

  let exiting = false;
  const exit = async (code: number, uploadWaitMs = config.uploadWaitMs): Promise<void> => {
    if (exiting) return;
    exiting = true;
    await cache.finish(uploadWaitMs).catch((err: unknown) => log.error(`finishing: ${(err as Error).message}`));
    logStats(config, stats, log, cache.usedActionIds());
    // Idle keep-alive sockets and timers must not keep go waiting for our stdout to close.
    process.exit(code);
  };
  const session = new Session({
    handler: cache,
    sink: writer,
    stats,
    log,
    // A go command's helper ends with its close: what it uploads must be done or spooled by then.
    // A remote slower than compiling would hold go's exit for its uploads: the drain takes them.
    beforeCloseReply: () => cache.finish(cache.remoteBypassed ? 0 : config.uploadWaitMs),
    onClosed: () => void exit(0),
  });
  const reader = new RequestReader({
    onRequest: (request) => session.onRequest(request),
    onFatal: (message) => {
      stats.add('protocolErrors');
      log.error(message);
      void exit(1);
    },
  });
  process.stdin.on('data', (chunk: Buffer) => reader.push(chunk));
  // go closed our stdin without a close request (it was killed or crashed): keep what we can.
  process.stdin.on('end', () => {
    reader.end();
    void exit(0);
  });
  // Interrupted: no time to wait for uploads, but what is pending still goes to the spool.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void exit(0, 0));
}

function startBackend(config: Config, stats: Stats, log: Logger): Promise<Backend | undefined> {
  return startRemote(config, { stats, warn: (message) => log.warn(message) }).then((remote) => remote?.backend);
}

/** The -stats table and the stats dir's files (statistics, and the action log for save-manifest). */
export function logStats(config: Config, stats: Stats, log: Logger, usedActionIds: string[], label?: string): void {
  if (config.printStats) process.stderr.write(`${formatStatsTable(stats.counters, stats.latency)}\n`);
  if (config.statsDir) {
    try {
      stats.writeFile(config.statsDir, label);
      // For save-manifest: the next run of this job prefetches what this process used.
      writeActionLog(config.statsDir, usedActionIds);
    } catch (err) {
      log.warn(`could not write stats to ${config.statsDir}: ${(err as Error).message}`);
    }
  }
}
