// A job server as the action's main step starts it (serve -socket … -server-file …), and the
// GOCACHEPROG that reaches it through the committed bridge binary.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { connectJobServer, readServerFile } from '../../src/cacheprog/job-client.js';
import { cacheprogCommand, ENTRYPOINT, runGo, type GoResult, type RunGoOptions } from './go.js';
import { REPO_ROOT, startManaged, tempDir, waitUntilReady, type ManagedProcess } from './proc.js';

const run = promisify(execFile);

export const BRIDGE = path.join(
  REPO_ROOT,
  'dist',
  'bridge',
  `${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch === 'x64' ? 'amd64' : process.arch}`,
  'gobuildcache-bridge',
);

export interface TestJobServer {
  proc: ManagedProcess;
  socket: string;
  serverFile: string;
  /** GOCACHEPROG for go commands of this job. */
  command: string;
  /** The `finish` subcommand, as the post step asks it; resolves with its exit code and stderr. */
  finish(waitMs?: number): Promise<{ code: number; stderr: string }>;
  /** Peak RSS of the server so far, from /proc (Linux). */
  peakRssKB(): number;
}

/**
 * Starts `serve -socket` with the given env (GOBUILDCACHE_* settings) and flags and waits until a
 * client can connect. tcp: true listens on loopback tcp with a token (the Windows shape).
 */
export async function startTestJobServer(
  opts: {
    env?: Record<string, string>;
    flags?: string[];
    tcp?: boolean;
    dist?: { entry: string; bridge: string };
  } = {},
): Promise<TestJobServer> {
  const { entry, bridge } = opts.dist ?? { entry: ENTRYPOINT, bridge: BRIDGE };
  const dir = tempDir('jobserver');
  fs.chmodSync(dir, 0o700);
  const socket = opts.tcp ? 'tcp:127.0.0.1:0' : `unix:${path.join(dir, 's')}`;
  const serverFile = path.join(dir, 'server.json');
  const proc = startManaged(
    process.execPath,
    [entry, 'serve', '-socket', socket, '-server-file', serverFile, ...(opts.flags ?? [])],
    {
      env: { ...scrubbed(), ...opts.env },
      logFile: path.join(dir, 'server.log'),
    },
  );
  await waitUntilReady('job server', proc, async () => {
    const target = readServerFile(serverFile);
    if (!target) return false;
    (await connectJobServer(target, 1_000)).destroy();
    return true;
  });
  const where = opts.tcp ? ['-server-file', serverFile] : ['-socket', socket];
  return {
    proc,
    socket,
    serverFile,
    command: [bridge, ...where, '-node', process.execPath, '-script', entry].join(' '),
    async finish(waitMs = 60_000) {
      try {
        const r = await run(
          process.execPath,
          [entry, 'finish', '-server-file', serverFile, '-drain-timeout', `${waitMs}ms`],
          { timeout: waitMs + 60_000 },
        );
        await proc.exited;
        return { code: 0, stderr: r.stderr };
      } catch (err) {
        const e = err as { code?: number; stderr?: string };
        return { code: typeof e.code === 'number' ? e.code : 1, stderr: e.stderr ?? String(err) };
      }
    },
    peakRssKB() {
      try {
        return Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${proc.child.pid}/status`, 'utf8'))?.[1] ?? 0);
      } catch {
        return 0;
      }
    },
  };
}

/** The test process's env without our settings: the server must see only what the test gives it. */
function scrubbed(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env))
    if (!k.startsWith('GOBUILDCACHE_') && !k.startsWith('AWS_')) env[k] = v;
  return env;
}

/** The two shapes an e2e test runs the server in: per go command (the CLI's) or one job server behind the bridge (the action's). */
export const SERVER_MODES = ['per-process', 'job server'] as const;
export type ServerMode = (typeof SERVER_MODES)[number];

/** The go commands of one job on one machine, in either server mode. */
export interface ModeJob {
  readonly mode: ServerMode;
  /** The go command with this job's GOCACHEPROG and settings (env: GOBUILDCACHE_*). */
  go(args: string[], opts: Omit<RunGoOptions, 'cacheprog' | 'env'>): Promise<GoResult>;
  /**
   * The end of the job: the job server's finish (uploads drained, stats written), asserted to
   * succeed; nothing per process. spoolOk: uploads the remote could not take may be handed to
   * the spool (finish then exits 1, which the post step answers with a drain).
   */
  finish(opts?: { spoolOk?: boolean }): Promise<void>;
  /** What the server said: the job server's log (its warnings are not on go's stderr); '' per process. */
  serverLog(): string;
}

/** A job whose settings are `env`; in job-server mode the server starts with the first go command. */
export function modeJob(mode: ServerMode, env: Record<string, string>, flags: string[] = []): ModeJob {
  let server: Promise<TestJobServer> | undefined;
  let started: TestJobServer | undefined;
  let finished = false;
  return {
    mode,
    async go(args, opts) {
      if (mode === 'per-process')
        return runGo(args, { ...opts, env, cacheprog: flags.length > 0 ? cacheprogCommand(flags) : undefined });
      if (finished) throw new Error('this job has finished');
      server ??= startTestJobServer({ env, flags }).then((s) => (started = s));
      // env too: the bridge's fallback (a per-process server) must see the same settings.
      return runGo(args, { ...opts, env, cacheprog: (await server).command });
    },
    async finish(opts = {}) {
      finished = true;
      if (!server) return;
      const done = await (await server).finish();
      const spooled = done.code === 1 && /handing \d+ upload\(s\) to the spool/.test(done.stderr);
      if (done.code !== 0 && !(opts.spoolOk && spooled))
        throw new Error(`job server finish exited ${done.code}:\n${done.stderr}`);
    },
    serverLog() {
      return started ? fs.readFileSync(started.proc.logFile, 'utf8') : '';
    },
  };
}
