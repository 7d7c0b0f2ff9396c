// A local cache (ours) and a GOCACHE (go's own) that already hold the standard library packages
// the generated modules import. Fault and trim tests copy them so that each scenario compiles and
// fetches only the module's own packages: a cold std build takes one to four minutes on a loaded
// 2-core machine and would say nothing about the scenario. Built once per Go version under
// .tmp/warm-std/ (git-ignored) and reused by later runs, like the tools in .tools/.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { runGo, tempDir } from './go.js';
import { REPO_ROOT } from './proc.js';

export interface WarmStd {
  /** Our local cache dir (disk backend) holding std. */
  cacheDir: string;
  /** go's own GOCACHE holding std, for no-cache baselines. */
  gocache: string;
}

let warm: Promise<WarmStd> | undefined;

const MAIN = `package main

import (
\t"fmt"
\t"os"
\t"sort"
\t"strconv"
\t"strings"
)

func main() {
\tw := []string{"b", "a"}
\tsort.Strings(w)
\tfmt.Fprintln(os.Stdout, strings.Join(w, ",")+strconv.Itoa(len(w)))
}
`;

const TEST = `package main

import (
\t"os"
\t"strings"
\t"testing"
)

func TestNothing(t *testing.T) {
\tif strings.ToUpper("a") != "A" || os.Getpid() == 0 {
\t\tt.Fatal("std is broken")
\t}
}
`;

async function build(): Promise<WarmStd> {
  // Std's action ids depend on the toolchain (and GOROOT), not on the module: one set per go.
  const version = execFileSync('go', ['env', 'GOVERSION', 'GOROOT', 'GOARCH', 'GOOS'], {
    encoding: 'utf8',
    env: { ...process.env, GOTOOLCHAIN: 'local' },
  });
  const home = path.join(
    REPO_ROOT,
    '.tmp',
    'warm-std',
    crypto.createHash('sha256').update(version).digest('hex').slice(0, 16),
  );
  const ready = { cacheDir: path.join(home, 'cache'), gocache: path.join(home, 'gocache') };
  if (fs.existsSync(path.join(home, 'done'))) return ready;
  const dir = tempDir('warm-std-module');
  fs.writeFileSync(path.join(dir, 'go.mod'), 'module example.com/warm\n\ngo 1.24\n');
  fs.writeFileSync(path.join(dir, 'main.go'), MAIN);
  fs.writeFileSync(path.join(dir, 'main_test.go'), TEST);
  const work = `${home}.tmp-${process.pid}`;
  fs.rmSync(work, { recursive: true, force: true });
  const cacheDir = path.join(work, 'cache');
  const gocache = path.join(work, 'gocache');
  fs.mkdirSync(cacheDir, { recursive: true });
  const ours = { GOBUILDCACHE_CACHE_DIR: cacheDir, GOBUILDCACHE_LOCK_DIR: path.join(cacheDir, 'locks') };
  for (const args of [
    ['build', './...'],
    ['test', './...'],
  ]) {
    for (const opts of [{ env: ours }, { cacheprog: null, gocache }]) {
      const res = await runGo(args, { cwd: dir, timeoutMs: 600_000, ...opts });
      if (res.code !== 0) throw new Error(`warming std with go ${args.join(' ')} failed:\n${res.stderr}`);
    }
  }
  // Only the entries: the stats, locks and spool of the warming run stay behind.
  fs.rmSync(path.join(cacheDir, 'locks'), { recursive: true, force: true });
  fs.rmSync(path.join(cacheDir, 'spool'), { recursive: true, force: true });
  fs.writeFileSync(path.join(work, 'done'), version);
  try {
    fs.renameSync(work, home);
  } catch {
    // Another test process finished first: use its copy.
    fs.rmSync(work, { recursive: true, force: true });
  }
  return ready;
}

export function warmStd(): Promise<WarmStd> {
  warm ??= build();
  return warm;
}

/**
 * A warm cache dir's entries for one machine. Hard links where the filesystem allows (the store
 * replaces files by rename and never writes into one, so a machine cannot change the template's
 * content; a trim only unlinks its own names), a copy elsewhere (a tmpfs the test mounted) or
 * when link is false: tar (the github backend's save) fails on a file whose link count, and so
 * ctime, changes while it reads it, which another test linking the template at the same time does.
 */
export function copyCache(from: string, to: string, opts: { link?: boolean } = {}): void {
  for (const sub of ['a', 'o']) {
    const root = path.join(from, sub);
    for (const entry of fs.readdirSync(root, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const source = path.join(entry.parentPath, entry.name);
      const target = path.join(to, sub, path.relative(root, source));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      try {
        if (opts.link === false) throw new Error('copy');
        fs.linkSync(source, target);
      } catch {
        fs.copyFileSync(source, target);
      }
    }
  }
}

/** Puts std into a local cache dir, as an earlier job would have left it; returns the dir. */
export async function seedStd(cacheDir: string, opts: { link?: boolean } = {}): Promise<string> {
  copyCache((await warmStd()).cacheDir, cacheDir, opts);
  return cacheDir;
}

/**
 * Uploads the warm std entries into the bucket (and prefix) that `env` (GOBUILDCACHE_ settings)
 * names, through the product's own S3 backend, so the objects are what a populating build
 * would have uploaded. A machine on an empty local dir then gets std from the remote in a few
 * seconds instead of compiling it: tests whose claim is "a fresh machine compiles nothing" keep
 * an empty local dir and a bucket that holds everything, std included. Returns the ids seeded.
 */
export async function seedBucket(env: Record<string, string>): Promise<string[]> {
  const { cacheDir } = await warmStd();
  const { parseCommandLine } = await import('../../src/cacheprog/config.js');
  const { openRemote } = await import('../../src/cacheprog/remote/open-remote.js');
  const { LocalStore, listDir } = await import('../../src/cacheprog/store/local-store.js');
  const { HEX_ID } = await import('../../src/cacheprog/protocol/types.js');
  const { runInOrder } = await import('../../src/util/work-pool.js');
  const store = new LocalStore(cacheDir);
  const ids = listDir(path.join(cacheDir, 'a'))
    .flatMap((shard) => listDir(path.join(cacheDir, 'a', shard)))
    .filter((n) => HEX_ID.test(n));
  const { config } = parseCommandLine([], env);
  const remote = await openRemote(config, { warn: () => {}, env });
  if (!remote) throw new Error('seedBucket: the env names no remote');
  try {
    // A few uploads at a time, as the uploader does; versitygw on loopback takes them in ~a second.
    await runInOrder(ids.length, 8, async (i) => {
      const id = ids[i];
      const entry = store.get(id);
      if (!entry) throw new Error(`warm std entry ${id} has no output`);
      await remote.backend.put(id, entry, fs.readFileSync(entry.diskPath));
    });
  } finally {
    await remote.close();
  }
  return ids;
}
