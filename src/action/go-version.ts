import { execFile } from 'node:child_process';

export interface GoVersion {
  /** As go printed it, e.g. go1.26.8, go1.24rc1, devel go1.27-abc123. */
  text: string;
  major: number;
  minor: number;
  patch: number;
  /** rc1, beta2, or undefined for a release. */
  prerelease?: string;
  /** A toolchain built from a development tree: newer than any release it names. */
  devel: boolean;
}

/** Go is missing or too old: the workflow has to change, so the main step fails with this message. */
export class GoSetupError extends Error {
  override readonly name = 'GoSetupError';
}

export const MIN_GO = { major: 1, minor: 24 } as const;

export const GO_NOT_FOUND = 'Go not found on PATH: run actions/setup-go before gobuildcache-action';

/**
 * Parses `go env GOVERSION` (go1.26.8, go1.24rc1, go1.25.0 X:jsonv2, devel go1.27-abc Tue …)
 * or a whole `go version` line. Returns undefined when there is no version in the text.
 */
export function parseGoVersion(output: string): GoVersion | undefined {
  const text =
    output
      .trim()
      .replace(/^go version\s+/, '')
      .split('\n')[0]
      ?.trim() ?? '';
  const devel = /^devel\b/.test(text);
  const m = /\bgo(\d+)(?:\.(\d+))?(?:\.(\d+))?((?:rc|beta|alpha)\d+)?/.exec(text);
  if (!m) {
    if (!devel) return undefined;
    // "devel +abcdef": a development toolchain that does not name its release.
    return { text: text.split(/\s+/).slice(0, 2).join(' '), major: 0, minor: 0, patch: 0, devel: true };
  }
  return {
    text: devel ? `devel ${m[0]}` : m[0],
    major: Number(m[1]),
    minor: Number(m[2] ?? 0),
    patch: Number(m[3] ?? 0),
    prerelease: m[4],
    devel,
  };
}

/**
 * GOCACHEPROG is on by default from Go 1.24 (including its release candidates). Older releases
 * only had it in toolchains built with GOEXPERIMENT=cacheprog and silently ignore the variable.
 */
export function supportsCacheProg(v: GoVersion): boolean {
  if (v.devel && v.major === 0) return true;
  if (v.major !== MIN_GO.major) return v.major > MIN_GO.major;
  return v.minor >= MIN_GO.minor;
}

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

function runGo(args: string[], opts: GoCheckOptions): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    execFile(
      'go',
      args,
      // A go.mod that asks for a newer toolchain makes go download it here: allow for that.
      { cwd: opts.cwd, env: opts.env, timeout: opts.timeoutMs ?? 300_000, maxBuffer: 1 << 20 },
      (err, stdout, stderr) => {
        if (err && (err as NodeJS.ErrnoException).code === 'ENOENT') {
          reject(new GoSetupError(GO_NOT_FOUND));
          return;
        }
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
}

export interface GoCheckOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

/** Finds the go that later steps will run and checks that it speaks GOCACHEPROG. */
export async function checkGo(opts: GoCheckOptions = {}): Promise<GoVersion> {
  // Run where the build runs: a go.mod toolchain line can select another Go than the one on PATH.
  let result = await runGo(['env', 'GOVERSION'], opts);
  let version = result.code === 0 ? parseGoVersion(result.stdout) : undefined;
  if (!version) {
    // Before Go 1.16 there was no GOVERSION, and a broken go.mod makes `go env` fail: `go version` still answers.
    result = await runGo(['version'], opts);
    version = result.code === 0 ? parseGoVersion(result.stdout) : undefined;
  }
  if (!version) {
    const said = (result.stderr || result.stdout).trim().split('\n').slice(0, 3).join(' / ');
    throw new GoSetupError(
      `Could not determine the Go version (go version exited ${result.code}${said ? `: ${said}` : ''}); run actions/setup-go before gobuildcache-action`,
    );
  }
  if (!supportsCacheProg(version)) {
    throw new GoSetupError(
      `${version.text} is too old: GOCACHEPROG needs Go ${MIN_GO.major}.${MIN_GO.minor} or newer (earlier releases ignore it). ` +
        `Use actions/setup-go with go-version: '>=${MIN_GO.major}.${MIN_GO.minor}' (or a newer go/toolchain line in go.mod).`,
    );
  }
  return version;
}
