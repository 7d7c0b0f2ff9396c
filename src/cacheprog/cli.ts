import { describeSetting, SETTINGS, type FlagSettingName, type Setting } from '../settings/table.js';
import { ConfigError, parseCommandLine, remoteLocation, type Config, type ParsedCommandLine } from './config.js';
import { Logger } from './log.js';
import { openRemote } from './remote/open-remote.js';
import { SCOPES_DIR } from './remote/scopes.js';
import { serve } from './serve.js';
import { formatBytes } from './stats.js';
import { LocalStore } from './store/local-store.js';
import { drainSpool } from './uploads/drain.js';

/** The command line: serve the protocol (the default) or one of the maintenance subcommands. */
export async function main(argv: readonly string[]): Promise<void> {
  let parsed: ParsedCommandLine;
  try {
    parsed = parseCommandLine(argv);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`gobuildcache: error: ${err.message}\n`);
    process.exit(2);
  }
  const { config } = parsed;
  const log = new Logger(config.debug);
  switch (parsed.subcommand) {
    case 'serve':
      try {
        if (config.socket !== undefined) await (await import('./job-server.js')).runJobServer(config, log);
        else serve(config, log);
      } catch (err) {
        log.error((err as Error).message);
        process.exit(1);
      }
      return;
    case 'finish':
      await finishCommand(config, log);
      return;
    case 'help':
      // Not a GOCACHEPROG run: a person asked, so stdout is theirs.
      process.stdout.write(`${usage()}\n`);
      return;
    case 'clear-local':
      clearLocal(config.cacheDir, log);
      return;
    case 'clear-remote':
      await clearRemote(parsed, log);
      return;
    case 'clear':
      clearLocal(config.cacheDir, log);
      await clearRemote(parsed, log);
      return;
    case 'drain':
      await drain(parsed, log);
      return;
    case 'prefetch':
      requireManifestKey(parsed);
      // Loaded here only: the serve path (every go command) never pays for these modules.
      await (await import('./manifest/commands.js')).runPrefetch(config, log);
      // Keep-alive sockets must not keep a detached prefetcher around after its work.
      process.exit(0);
    case 'save-manifest':
      await saveManifestCommand(requireManifestKey(parsed), config, log);
      process.exit(0);
    case 'normalize-mtimes':
      await normalizeMtimesCommand(log);
      return;
    case 'trim':
      await trim(config, log);
      return;
  }
}

/** Asks a job server to finish; exits 0 when it did (or was already gone), 1 when uploads are left over. */
async function finishCommand(config: Config, log: Logger): Promise<void> {
  const { finishJobServer, readServerFile } = await import('./job-client.js');
  const target = config.serverFile
    ? readServerFile(config.serverFile)
    : config.socket
      ? { socket: config.socket }
      : undefined;
  if (!target) {
    log.error('finish needs -socket or -server-file');
    process.exit(2);
  }
  const outcome = await finishJobServer(target, config.drainTimeoutMs + 30_000, config.drainTimeoutMs);
  log.info(`finish: ${outcome.message}`);
  process.exit(outcome.pending > 0 ? 1 : 0);
}

function requireManifestKey({ subcommand, config }: ParsedCommandLine): string {
  if (!config.manifestKey) {
    process.stderr.write(`gobuildcache: error: ${subcommand} needs -manifest-key (or GOBUILDCACHE_MANIFEST_KEY)\n`);
    process.exit(2);
  }
  return config.manifestKey;
}

/** A manifest only speeds up the next run: failing to save one is a warning, never an exit code. */
async function saveManifestCommand(key: string, config: Config, log: Logger): Promise<void> {
  const { saveManifest } = await import('./manifest/commands.js');
  try {
    const outcome = await saveManifest(config, key, (m) => log.info(m));
    if (outcome.saved)
      log.info(
        `save-manifest: saved ${outcome.ids} action ids as manifest ${outcome.key} (${formatBytes(outcome.bytes)})`,
      );
    else log.info(`save-manifest: not saved: ${outcome.reason}`);
  } catch (err) {
    log.warn(`save-manifest failed: ${(err as Error).message}`);
  }
}

/** Like the action's step, never an exit code: at worst the next run's tests run again. */
async function normalizeMtimesCommand(log: Logger): Promise<void> {
  // Loaded here only, like the manifest commands: serve never pays for it.
  const { describeResult, normalizeMtimes } = await import('./checkout/normalize-mtimes.js');
  try {
    const result = normalizeMtimes(process.cwd(), { notice: (m) => log.info(m) });
    if (result.normalized) log.info(describeResult(result));
  } catch (err) {
    log.warn(`normalize-mtimes failed: ${(err as Error).message}`);
  }
}

async function trim(config: Config, log: Logger): Promise<void> {
  if (config.cacheMaxBytes <= 0) {
    log.error(`trim needs a size cap: ${describeSetting('cacheMaxSize')}, e.g. 10GiB`);
    process.exit(2);
  }
  // Loaded here only: the serve path never pays for it.
  const { describeTrim, trimLocalCache } = await import('./store/trim.js');
  const result = await trimLocalCache(config.cacheDir, config.cacheMaxBytes);
  log.info(describeTrim(config.cacheDir, config.cacheMaxBytes, result));
}

function clearLocal(dir: string, log: Logger): void {
  new LocalStore(dir).clear();
  log.info(`cleared the local cache ${dir}`);
}

async function clearRemote({ config, yes }: ParsedCommandLine, log: Logger): Promise<void> {
  const where = remoteLocation(config);
  const prefix = config.s3?.prefix ?? config.gcs?.prefix;
  if (where === undefined) {
    log.error('clear-remote needs a bucket: -backend s3 and -s3-bucket, or -backend gcs and -gcs-bucket');
    process.exit(2);
  }
  if (prefix === '' && !yes) {
    log.error(`refusing to delete every object in ${where}: the prefix is empty; pass -yes to confirm`);
    process.exit(2);
  }
  const remote = await openRemote({ ...config, readOnly: false }, { warn: (m) => log.warn(m) });
  try {
    const deleted = (await remote?.backend.clear()) ?? 0;
    // With -scope, only that scope's objects: a scoped writer may be allowed nothing else.
    const scope = config.scopes ? `${SCOPES_DIR}${config.scopes.write}/` : '';
    log.info(`deleted ${deleted} object(s) under ${where}${scope}`);
  } catch (err) {
    log.error(`clear-remote failed: ${(err as Error).message}`);
    process.exit(1);
  } finally {
    await remote?.close();
  }
}

async function drain({ config }: ParsedCommandLine, log: Logger): Promise<void> {
  const result = await drainSpool(config, {
    deadlineMs: config.drainTimeoutMs,
    log: (m) => log.info(m),
    warn: (m) => log.warn(m),
  });
  const dropped = result.dropped > 0 ? `, ${result.dropped} dropped (writes denied)` : '';
  log.info(
    `drain: ${result.uploaded} uploaded, ${result.failed} failed${dropped}, ${result.remaining} left in ${config.spoolDir}`,
  );
  process.exit(result.remaining === 0 ? 0 : 1);
}

export function usage(): string {
  const lines = [
    'gobuildcache-action: a GOCACHEPROG server with a local disk cache and an optional S3 or GCS remote.',
    '',
    'Usage: GOCACHEPROG="node /path/to/dist/cacheprog/index.js [flags]" go build ./...',
    '       node dist/cacheprog/index.js <subcommand> [flags]',
    '',
    'Subcommands:',
    '  (none), serve   speak the GOCACHEPROG protocol on stdin/stdout (one go command); with -socket,',
    "                  be the job's cache server there, for every go command that connects through the bridge",
    '  finish          ask the job server at -socket (or -server-file) to finish: wait for uploads up to',
    '                  -drain-timeout, spool the rest, write its statistics, exit',
    '  clear-local     delete the local cache directory',
    "  clear-remote    delete every object under the bucket prefix, or only -scope's (an empty prefix needs -yes)",
    '  clear           both of the above',
    '  drain           upload everything waiting in the spool; exits 0 only when it is empty',
    '  prefetch        download the entries a manifest (-manifest-key, then -manifest-restore-keys) lists',
    '                  into the local cache before go asks for them; once its flags parse it exits 0',
    '  save-manifest   record the action ids the go processes used (read from -stats-dir) as the',
    "                  manifest -manifest-key, for the next run's prefetch",
    '  normalize-mtimes',
    '                  set the modification time of every file and directory git tracks under the',
    '                  current directory to a function of its content, so test results go cached',
    '                  on one checkout are found again on a fresh one (golang/go#58571)',
    '  trim            remove least recently used entries from the local cache until it takes at',
    '                  most 90% of -cache-max-size; entries used within the last hour stay',
    '  help            this text',
    '',
    'Flags (each also read from GOBUILDCACHE_<KEY>, then <KEY>; docs/cli.md says what each does):',
  ];
  for (const [name, s] of Object.entries(SETTINGS) as [FlagSettingName, Setting][]) {
    if (s.flag === undefined) continue;
    lines.push(`  ${describeSetting(name)}${s.default === undefined ? '' : `, default ${s.default}`}`);
  }
  return lines.join('\n');
}
