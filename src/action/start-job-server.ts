import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { connectJobServer, readServerFile, request, type ServerTarget } from '../cacheprog/job-client.js';
import { isRunning } from '../util/process.js';

/** dist/bridge/<os>-<arch>/gobuildcache-bridge[.exe] for this runner, if the action ships one. */
export function bridgeBinary(
  distDir: string,
  platform: NodeJS.Platform = process.platform,
  arch: string = process.arch,
): string | undefined {
  const goos = { linux: 'linux', darwin: 'darwin', win32: 'windows' }[platform as string];
  const goarch = { x64: 'amd64', arm64: 'arm64' }[arch];
  if (!goos || !goarch) return undefined;
  const file = path.join(
    distDir,
    'bridge',
    `${goos}-${goarch}`,
    goos === 'windows' ? 'gobuildcache-bridge.exe' : 'gobuildcache-bridge',
  );
  return fs.existsSync(file) ? file : undefined;
}

/**
 * What a process that outlives the step (the job server, the prefetcher) may inherit: our own
 * settings, the AWS credential chain, Google's Application Default Credentials (the file
 * google-github-actions/auth writes holds what it needs) and emulator, where home and temp files
 * are, proxies and CAs. Not the
 * runner's tokens (ACTIONS_RUNTIME_TOKEN, ACTIONS_ID_TOKEN_REQUEST_*, GITHUB_TOKEN), which `run:`
 * steps do not get and which any later step could read from /proc/<pid>/environ.
 */
const INHERITED = [
  /^GOBUILDCACHE_/,
  /^AWS_/,
  /^(GOOGLE_APPLICATION_CREDENTIALS|GOOGLE_CLOUD_PROJECT|GCLOUD_PROJECT|CLOUDSDK_CONFIG|STORAGE_EMULATOR_HOST)$/,
  /^(GCE_METADATA_HOST|GCE_METADATA_IP|METADATA_SERVER_DETECTION)$/,
  /^(HOME|USERPROFILE|PATH|TMPDIR|TMP|TEMP|RUNNER_TEMP|SYSTEMROOT|SystemRoot|COMSPEC|PATHEXT|WINDIR)$/,
  /^(HTTPS?_PROXY|NO_PROXY|ALL_PROXY|https?_proxy|no_proxy|all_proxy)$/,
  /^(NODE_EXTRA_CA_CERTS|NODE_USE_ENV_PROXY|SSL_CERT_FILE|SSL_CERT_DIR)$/,
];

export function inheritedEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(env).filter(([name, value]) => value !== undefined && INHERITED.some((p) => p.test(name))),
  );
}

/** Unix sockets take paths of at most 104 bytes (macOS) to 108 (Linux). */
const MAX_SOCKET_PATH = 100;

/**
 * Where the job server listens: a Unix socket in a 0700 directory of this run, or, on Windows,
 * loopback tcp with a token (the bridge reads both from the server file).
 */
export function socketFor(runDir: string, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return 'tcp:127.0.0.1:0';
  let dir = path.join(runDir, 'sock');
  if (path.join(dir, 's').length > MAX_SOCKET_PATH) dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gbc-'));
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700);
  return `unix:${path.join(dir, 's')}`;
}

export interface StartOptions {
  node: string;
  script: string;
  socket: string;
  serverFile: string;
  /** Extra flags for the server (the manifest it prefetches). */
  flags: string[];
  env: NodeJS.ProcessEnv;
  logFile: string;
  readyTimeoutMs: number;
}

/**
 * Starts the job server detached (its own process group, stdio on a log file, unref'd) so it
 * outlives this step and serves every later one, and waits until it answers a handshake.
 * Rejects with the reason when it does not, after stopping what was started.
 */
export async function startJobServer(opts: StartOptions): Promise<{ pid: number; target: ServerTarget }> {
  fs.rmSync(opts.serverFile, { force: true });
  const log = fs.openSync(opts.logFile, 'a');
  let pid: number | undefined;
  let exited: string | undefined;
  try {
    const child = spawn(
      opts.node,
      [opts.script, 'serve', '-socket', opts.socket, '-server-file', opts.serverFile, ...opts.flags],
      {
        detached: true,
        stdio: ['ignore', log, log],
        env: inheritedEnvironment(opts.env),
        windowsHide: true,
      },
    );
    child.on('error', (err) => (exited = err.message));
    child.on('exit', (code, signal) => (exited = `it exited (${signal ?? `code ${code}`})`));
    child.unref();
    pid = child.pid;
  } finally {
    fs.closeSync(log);
  }
  const deadline = Date.now() + opts.readyTimeoutMs;
  while (Date.now() < deadline && exited === undefined) {
    const target = readServerFile(opts.serverFile);
    if (target) {
      try {
        const socket = await connectJobServer(target, Math.max(1, deadline - Date.now()));
        // The handshake (ID 0) proves a session works end to end.
        await request(socket, { ID: 0 }, Math.max(1, deadline - Date.now())).finally(() => socket.destroy());
        return { pid: pid as number, target };
      } catch {
        // not ready yet
      }
    }
    await sleep(20);
  }
  if (pid !== undefined && exited === undefined) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // gone already
    }
  }
  let tail = '';
  try {
    tail = fs.readFileSync(opts.logFile, 'utf8').trim().split('\n').slice(-3).join(' | ');
  } catch {
    // no log
  }
  throw new Error(`${exited ?? `it did not answer within ${opts.readyTimeoutMs} ms`}${tail ? `: ${tail}` : ''}`);
}

/** In the run's own directory, beside the server file. */
export function serverLogFile(runDir: string): string {
  return path.join(runDir, 'server.log');
}

/** On Linux, refuses to signal a pid that was reused by something other than a job server. */
function looksLikeJobServer(pid: number): boolean {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes('serve');
  } catch {
    return true;
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  // Detached, so it leads its own process group (not on Windows, which has none to signal).
  for (const target of process.platform === 'win32' ? [pid] : [-pid, pid]) {
    try {
      process.kill(target, signal);
    } catch {
      // gone already
    }
  }
}

/**
 * Ends the job server started by the main step whatever its state: it gets graceMs to exit after
 * answering finish, then it and its process group are killed (a stopped process too). Resolves
 * 'exited' when it had gone by itself, 'killed' when it had to be ended.
 */
export async function endJobServer(pid: number, graceMs: number): Promise<'exited' | 'killed'> {
  for (const deadline = Date.now() + graceMs; Date.now() < deadline && isRunning(pid);) await sleep(50);
  if (!isRunning(pid) || !looksLikeJobServer(pid)) return 'exited';
  signalGroup(pid, 'SIGKILL');
  for (const deadline = Date.now() + 2_000; Date.now() < deadline && isRunning(pid);) await sleep(20);
  return 'killed';
}
