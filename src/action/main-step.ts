import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as core from '@actions/core';
import { ConfigError, parseCommandLine, remoteLocation, type Config } from '../cacheprog/config.js';
import { sanitizeManifestKey } from '../cacheprog/manifest/manifest-key.js';
import { displayEndpoint } from '../cacheprog/redact.js';
import { isRemoteBackend, settingsEnv, type BackendType } from '../settings/table.js';
import { GOCACHEPROG, Outputs, setOutputs } from './constants.js';
import { checkGo, GoSetupError } from './go-version.js';
import { checkRemote } from './remote-check.js';
import { restoreActionsCaches } from './actions-cache-steps.js';
import { beginGithubBackend } from './github-step.js';
import { cacheprogScript, goCommandLine, QuotingError } from './gocacheprog.js';
import { InputError, readInputs, type ActionInputs } from './inputs.js';
import { bridgeBinary, serverLogFile, socketFor, startJobServer } from './start-job-server.js';
import { jobManifestKeys } from './manifest-keys.js';
import { normalizeCheckout } from './normalize-checkout.js';
import { prefetchLogFile, startPrefetcher } from '../cacheprog/prefetch/background.js';
import { localStoreDirs } from './shared-cache-dir.js';
import { deriveScopes, describeScopes, type ScopeDecision } from './event-scopes.js';
import { saveStepState } from './step-state.js';
import { errorMessage, sentence } from '../util/text.js';

/**
 * The server's settings for this job, as the environment the job server and each go command's
 * server read (settingsEnv). Credentials are not among them: they stay in the standard AWS chain
 * (configure-aws-credentials, instance roles) or Google's Application Default Credentials.
 */
export function cacheEnvironment(
  inputs: ActionInputs,
  job: {
    backend: BackendType;
    spoolDir: string;
    statsDir: string;
    debug: boolean;
    sharedCacheDir?: string;
    scopes?: ScopeDecision;
  },
): Record<string, string> {
  const { s3, gcs } = inputs;
  const { scopes } = job;
  return settingsEnv({
    backend: job.backend,
    cacheDir: inputs.cacheDir,
    sharedCacheDir: job.sharedCacheDir,
    cacheMaxSize: inputs.cacheMaxBytes,
    spoolDir: job.spoolDir,
    statsDir: job.statsDir,
    // The stats-file output: the job server keeps it current, the post step completes it.
    statsFile: path.join(path.dirname(job.statsDir), 'stats.json'),
    debug: job.debug,
    // The post step's summary replaces the per-process table, except when debugging.
    printStats: job.debug,
    readOnly: inputs.readOnly,
    compression: inputs.compression,
    uploadWait: inputs.uploadWaitMs,
    s3Bucket: s3?.bucket,
    s3Prefix: s3?.prefix,
    s3PathStyle: s3?.pathStyle,
    s3Region: s3?.region,
    s3Endpoint: s3?.endpoint,
    gcsBucket: gcs?.bucket,
    gcsPrefix: gcs?.prefix,
    // Read-only travels in the read-only setting, like the input's.
    scope: scopes?.write,
    readScopes: scopes?.read.slice(1),
  });
}

/** Masks credentials someone put in an endpoint URL (user:secret@host): they'd show in every log line naming it. */
function maskUrlCredentials(endpoint: string | undefined): void {
  if (!endpoint) return;
  try {
    const url = new URL(endpoint);
    if (url.username) core.setSecret(decodeURIComponent(url.username));
    if (url.password) core.setSecret(decodeURIComponent(url.password));
  } catch {
    // Validated already; nothing to mask in a string that isn't a URL.
  }
}

function deriveJobScopes(inputs: ActionInputs): ScopeDecision {
  return deriveScopes({
    env: process.env,
    scope: inputs.scope,
    trustedBranches: inputs.trustedBranches,
    readOnly: inputs.readOnly,
  });
}

function workspace(): string {
  const dir = process.env.GITHUB_WORKSPACE;
  return dir && fs.existsSync(dir) ? dir : process.cwd();
}

/** The main step: validate, check Go, point GOCACHEPROG at our server. Fails the step only for a wrong setup. */
export async function run(moduleUrl: string = import.meta.url): Promise<void> {
  try {
    await setup(moduleUrl);
  } catch (err) {
    // Anything unforeseen is a cache problem, not the user's: go keeps its default cache.
    core.warning(`gobuildcache: setup failed, go keeps its default local cache: ${errorMessage(err)}`);
  }
}

async function setup(moduleUrl: string): Promise<void> {
  let inputs: ActionInputs;
  try {
    inputs = readInputs();
  } catch (err) {
    if (err instanceof InputError) {
      core.setFailed(err.message);
      return;
    }
    throw err;
  }
  maskUrlCredentials(inputs.s3?.endpoint);
  // Before anything reads inputs.readOnly: a pull request from a fork is read-only whatever the input says.
  const trust = inputs.backend === 'github' ? undefined : deriveJobScopes(inputs);
  const scopes = isRemoteBackend(inputs.backend) ? trust : undefined;
  if (scopes) inputs = { ...inputs, readOnly: scopes.readOnly };
  // First: before any go command could open (and time-stamp the results of) a test input.
  if (inputs.normalizeMtimes) normalizeCheckout(workspace());

  // A GOCACHEPROG left by an earlier use of this action must not start a server just to tell the version.
  const goEnv = { ...process.env };
  delete goEnv[GOCACHEPROG];
  let goVersion: string;
  try {
    const version = await checkGo({ cwd: workspace(), env: goEnv });
    goVersion = version.text;
    core.info(`Go: ${version.text}`);
  } catch (err) {
    if (err instanceof GoSetupError) {
      core.setFailed(err.message);
      return;
    }
    throw err;
  }

  // One directory per use of the action, so the post step reports and drains only its own processes.
  const base = path.join(process.env.RUNNER_TEMP || os.tmpdir(), 'gobuildcache');
  fs.mkdirSync(base, { recursive: true });
  const runDir = fs.mkdtempSync(path.join(base, 'run-'));

  if (inputs.backend === 'github') {
    await beginGithubBackend({ inputs, goVersion, runDir, workspace: workspace(), goEnv });
    return;
  }

  const server = cacheprogScript(moduleUrl);
  if (!fs.existsSync(server)) {
    core.warning(
      `gobuildcache: the cache server ${server} is missing from the action; go keeps its default local cache.`,
    );
    return;
  }
  let command: string;
  try {
    command = goCommandLine([process.execPath, server]);
  } catch (err) {
    if (err instanceof QuotingError) {
      core.setFailed(`gobuildcache: cannot set GOCACHEPROG: ${err.message}`);
      return;
    }
    throw err;
  }

  const dirs = { spoolDir: path.join(runDir, 'spool'), statsDir: path.join(runDir, 'stats') };
  for (const dir of Object.values(dirs)) fs.mkdirSync(dir, { recursive: true });
  fs.mkdirSync(inputs.cacheDir, { recursive: true });
  const local = trust
    ? localStoreDirs(inputs.cacheDir, runDir, trust, process.env.RUNNER_TEMP)
    : { cacheDir: inputs.cacheDir };

  const debug = inputs.debug || core.isDebug();
  let backend: BackendType = isRemoteBackend(inputs.backend) ? inputs.backend : 'disk';
  const job = { backend, ...dirs, debug, sharedCacheDir: local.sharedCacheDir, scopes };
  const env = cacheEnvironment({ ...inputs, cacheDir: local.cacheDir }, job);

  let config: Config;
  try {
    // The exact parse the server will do in every go process, so a bad setting fails here once.
    config = parseCommandLine([], { ...process.env, ...env }).config;
  } catch (err) {
    if (err instanceof ConfigError) {
      core.setFailed(`gobuildcache: the cache settings are invalid: ${err.message}`);
      return;
    }
    throw err;
  }

  let fallback: string | undefined;
  const where = remoteLocation(config);
  if (isRemoteBackend(config.backend) && where !== undefined) {
    fallback = await checkRemote(config, inputs.remoteCheckTimeoutMs);
    if (fallback === undefined) {
      core.info(
        `Remote cache: ${where}${config.s3?.endpoint ? ` at ${displayEndpoint(config.s3.endpoint)}` : ''}${inputs.readOnly ? ' (read-only)' : ''}`,
      );
    } else {
      core.warning(
        `gobuildcache: the remote cache ${where} cannot be used: ${sentence(fallback)} This job falls back to the local disk cache.`,
        {
          title: 'Go build cache: remote unavailable',
        },
      );
      backend = 'disk';
      Object.assign(env, settingsEnv({ backend }));
    }
  }
  if (scopes) core.info(`Trust scope: ${describeScopes(scopes)} (${scopes.why})`);
  core.info(`Local cache: ${local.note ?? inputs.cacheDir}`);
  const restored = await restoreActionsCaches({ inputs, goVersion, runDir, workspace: workspace(), goEnv });
  // Loaded only here: the restore's code (prefetch, packs, the remote) is no start-up cost for others.
  const native = isRemoteBackend(backend) ? await import('./native-cache.js') : undefined;
  if (native?.useNativeCache(inputs)) {
    const { beginNativeCache } = native;
    const keys = manifestKeys(inputs, goVersion);
    const modulesRestored = Boolean(restored.modules?.restoredKey);
    await beginNativeCache({ inputs, config, env, scopes, runDir, statsDir: dirs.statsDir, keys, modulesRestored });
    return;
  }
  setOutputs({
    [Outputs.Backend]: backend,
    [Outputs.BackendReason]: fallback !== undefined ? `the remote cannot be used: ${fallback}` : inputs.backendReason,
    [Outputs.CacheHit]: 'false',
    [Outputs.RestoredKey]: '',
    [Outputs.RestoredEntries]: '0',
    [Outputs.RestoredBytes]: '0',
    [Outputs.ModulesRestored]: String(Boolean(restored.modules?.restoredKey)),
    [Outputs.Scope]: scopes && !inputs.readOnly && isRemoteBackend(backend) ? scopes.write : '',
    [Outputs.StatsFile]: config.statsFile ?? '',
  });

  // The per-process server keeps the same settings in the environment: it is what the bridge
  // runs when the job server cannot be reached, and what go runs when there is no job server.
  for (const [name, value] of Object.entries(env)) core.exportVariable(name, value);
  saveStepState({
    cacheEnv: env,
    statsDir: dirs.statsDir,
    spoolDir: dirs.spoolDir,
    backend,
    remoteLocation: where,
    remoteFallback: fallback,
    drainTimeoutMs: inputs.drainTimeoutMs,
    summary: inputs.summary,
  });

  const keys = isRemoteBackend(backend) && inputs.prefetch ? manifestKeys(inputs, goVersion) : undefined;
  if (keys && !inputs.readOnly) saveStepState({ manifestKey: keys.key });
  const cacheEnv = { ...process.env, ...env };
  const jobCommand = inputs.jobServer ? await beginJobServer(server, runDir, keys, cacheEnv) : undefined;
  if (jobCommand) command = jobCommand;
  else if (keys) beginPrefetch(keys, server, cacheEnv, dirs.statsDir);

  // Last: only a fully set-up cache is handed to go.
  core.exportVariable(GOCACHEPROG, command);
  core.info(`GOCACHEPROG=${command}`);
}

type ManifestKeys = { key: string; restoreKeys: string[] };

/** The manifest this job prefetches from and records, or undefined (with a warning) when the input is unusable. */
function manifestKeys(inputs: ActionInputs, goVersion: string): ManifestKeys | undefined {
  const keys = inputs.manifestKey
    ? { key: sanitizeManifestKey(inputs.manifestKey), restoreKeys: inputs.manifestRestoreKeys.map(sanitizeManifestKey) }
    : jobManifestKeys({ env: process.env, goVersion, matrix: inputs.matrix });
  if (keys.key === '' || keys.key.endsWith('/')) {
    core.warning(
      `gobuildcache: manifest-key "${inputs.manifestKey ?? ''}" is not usable (empty, or ends in '/'); not prefetching.`,
    );
    return undefined;
  }
  core.info(
    `Manifest: ${keys.key}${keys.restoreKeys.length > 0 ? ` (restore keys: ${keys.restoreKeys.join(', ')})` : ''}`,
  );
  return keys;
}

/**
 * Starts the job's cache server and returns the GOCACHEPROG that reaches it through the bridge,
 * or undefined (one server per go command) when this platform has no bridge or the server does
 * not come up. The server prefetches the manifest itself.
 */
async function beginJobServer(
  server: string,
  runDir: string,
  keys: ManifestKeys | undefined,
  env: NodeJS.ProcessEnv,
): Promise<string | undefined> {
  const bridge = bridgeBinary(path.dirname(path.dirname(server)));
  if (!bridge) {
    core.info(
      `gobuildcache: no bridge for ${process.platform}/${process.arch}; each go command starts its own cache server.`,
    );
    return undefined;
  }
  const serverFile = path.join(runDir, 'server.json');
  const flags = keys
    ? [
        '-manifest-key',
        keys.key,
        ...(keys.restoreKeys.length > 0 ? ['-manifest-restore-keys', keys.restoreKeys.join(',')] : []),
      ]
    : [];
  try {
    const started = await startJobServer({
      node: process.execPath,
      script: server,
      socket: socketFor(runDir),
      serverFile,
      flags,
      env,
      logFile: serverLogFile(runDir),
      readyTimeoutMs: 15_000,
    });
    saveStepState({ serverFile });
    core.info(`Job cache server: pid ${started.pid} on ${started.target.socket}`);
    // A token (tcp) stays in the 0600 server file, never on a command line other processes can read.
    const where = started.target.token ? ['-server-file', serverFile] : ['-socket', started.target.socket];
    return goCommandLine([bridge, ...where, '-node', process.execPath, '-script', server]);
  } catch (err) {
    core.warning(
      `gobuildcache: the job's cache server did not start (${errorMessage(err)}); each go command starts its own cache server instead.`,
    );
    return undefined;
  }
}

/**
 * Without a job server: starts downloading what this job used last time in a process of its own
 * while the workflow gets to its go commands. Never fails the step: without a prefetch, go simply
 * fetches each entry when it needs it.
 */
function beginPrefetch(keys: ManifestKeys, server: string, env: NodeJS.ProcessEnv, statsDir: string): void {
  try {
    const pid = startPrefetcher({
      server,
      key: keys.key,
      restoreKeys: keys.restoreKeys,
      env,
      logFile: prefetchLogFile(statsDir),
    });
    if (pid !== undefined) saveStepState({ prefetchPid: pid });
  } catch (err) {
    core.info(`gobuildcache: could not start the prefetch: ${errorMessage(err)}; go fetches entries on demand.`);
  }
}
