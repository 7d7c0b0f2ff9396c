// A local cache (ours) and a GOCACHE (go's own) that already hold the standard library packages
// the generated modules import, built once per test process. Fault and trim tests copy them so
// that each scenario compiles and fetches only the module's own packages: a cold std build takes
// a minute on a loaded 2-core machine and would say nothing about the scenario.
import fs from 'node:fs';
import path from 'node:path';
import { runGo, tempDir } from './go.js';

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
  const dir = tempDir('warm-std-module');
  fs.writeFileSync(path.join(dir, 'go.mod'), 'module example.com/warm\n\ngo 1.24\n');
  fs.writeFileSync(path.join(dir, 'main.go'), MAIN);
  fs.writeFileSync(path.join(dir, 'main_test.go'), TEST);
  const cacheDir = tempDir('warm-std-cache');
  const gocache = tempDir('warm-std-gocache');
  const ours = { GOBUILDCACHE_CACHE_DIR: cacheDir, GOBUILDCACHE_LOCK_DIR: path.join(cacheDir, 'locks') };
  for (const args of [['build', './...'], ['test', './...']]) {
    for (const opts of [{ env: ours }, { cacheprog: null, gocache }]) {
      const res = await runGo(args, { cwd: dir, timeoutMs: 600_000, ...opts });
      if (res.code !== 0) throw new Error(`warming std with go ${args.join(' ')} failed:\n${res.stderr}`);
    }
  }
  return { cacheDir, gocache };
}

export function warmStd(): Promise<WarmStd> {
  warm ??= build();
  return warm;
}

/** A copy of a warm cache dir for one machine (entries only: no spool, locks or stats). */
export function copyCache(from: string, to: string): void {
  for (const sub of ['a', 'o']) fs.cpSync(path.join(from, sub), path.join(to, sub), { recursive: true });
}
