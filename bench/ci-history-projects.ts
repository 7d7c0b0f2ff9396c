// The projects bench/ci-history.ts replays a week of CI on: run 0's tree, the go commands every
// run executes, and the commits after run 0 as scripted edits. An edit that no longer matches the
// source throws, so a changed upstream cannot silently turn a commit into a no-op.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateModule } from '../__tests__/helpers/go-module.js';

export interface Commit {
  /** leaf-body, api, test-only, docs-only, refactor: the kinds of change a week brings. */
  kind: string;
  title: string;
  apply(dir: string): void;
}

export interface Project {
  id: string;
  title: string;
  /** The workspace's directory name (a runner checks out to .../<repo>/<repo>). */
  repo: string;
  /** Writes run 0's tree into the empty dir `dir`. */
  source(dir: string, log: (l: string) => void): Promise<void>;
  /** The go commands of one CI run, in order; -x is added after the verb. */
  commands: string[][];
  commits: Commit[];
}

/** Replaces `from` in one file, exactly `count` times (a drifted source is an error, not a no-op). */
function replaceIn(dir: string, file: string, from: string, to: string, count = 1): void {
  const full = path.join(dir, file);
  const text = fs.readFileSync(full, 'utf8');
  const found = text.split(from).length - 1;
  if (found !== count)
    throw new Error(`${file}: expected ${count} occurrence(s) of ${JSON.stringify(from)}, found ${found}`);
  fs.writeFileSync(full, text.split(from).join(to));
}

/** .go files under dir (or only in it, when `deep` is false), skipping testdata and .git. */
function goFiles(dir: string, deep: boolean): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (deep && e.name !== 'testdata' && e.name !== '.git') out.push(...goFiles(full, deep));
    } else if (e.name.endsWith('.go')) out.push(full);
  }
  return out;
}

/** Replaces every whole-word match of `from` (a regexp source) in the .go files; returns the count. */
function rewriteGo(files: string[], from: string, to: string): number {
  const re = new RegExp(from, 'g');
  let n = 0;
  for (const f of files) {
    const text = fs.readFileSync(f, 'utf8');
    const hits = text.match(re)?.length ?? 0;
    if (hits === 0) continue;
    n += hits;
    fs.writeFileSync(f, text.replace(re, to));
  }
  return n;
}

function atLeast(n: number, min: number, what: string): void {
  if (n < min) throw new Error(`${what}: ${n} replacement(s), expected at least ${min}`);
}

/** A copy of a module's source from the Go module proxy (through the host's module cache). */
async function moduleSource(module: string, version: string, dir: string): Promise<void> {
  const out = execFileSync('go', ['mod', 'download', '-json', `${module}@${version}`], {
    cwd: os.tmpdir(),
    encoding: 'utf8',
    env: { ...process.env, GOFLAGS: '' },
    timeout: 600_000,
  });
  const src = (JSON.parse(out) as { Dir?: string; Error?: string }).Dir;
  if (!src) throw new Error(`go mod download ${module}@${version}: ${out}`);
  fs.cpSync(src, dir, { recursive: true });
  // The module cache's files are read-only; the scripted commits edit them.
  for (const e of fs.readdirSync(dir, { recursive: true, withFileTypes: true }))
    fs.chmodSync(path.join(e.parentPath, e.name), e.isDirectory() ? 0o755 : 0o644);
  fs.chmodSync(dir, 0o755);
}

const STATICCHECK_VERSION = 'v0.8.2';

/**
 * Staticcheck (honnef.co/go/tools): the linter's binary, vet of the module, and the tests of
 * every package but two trees: 91 test packages of 191 (the simple, stylecheck and quickfix
 * analyzers, whose tests load testdata through golang.org/x/tools/go/packages, so each runs
 * `go list`; the analysis framework; unused; the IR loader's helpers; the go command wrapper's
 * tests, which run go; lintcmd). Left out for the bench's length on 2 cores: staticcheck/
 * (analyzers like the ones kept; two of them, sa1019 and sa5008, also fail from a module zip,
 * which lacks their testdata's go.mod) and go/ir (its TestStdlib builds the IR of std and cmd:
 * 150 s a run).
 */
const staticcheck: Project = {
  id: 'staticcheck',
  title: `honnef.co/go/tools ${STATICCHECK_VERSION} (staticcheck)`,
  repo: 'go-tools',
  source: (dir) => moduleSource('honnef.co/go/tools', STATICCHECK_VERSION, dir),
  commands: [
    ['build', '-o', os.devNull, './cmd/staticcheck'],
    ['vet', './...'],
    [
      'test',
      './simple/...',
      './stylecheck/...',
      './quickfix/...',
      './analysis/...',
      './unused/...',
      './go/ir/irutil',
      './internal/...',
      './lintcmd/...',
    ],
  ],
  commits: [
    {
      kind: 'leaf-body',
      // A hint of 8 or less compiles to the same code as the literal (go's content-addressed test
      // results would call the commit a no-op); 16 does not.
      title: 'simple/s1000: size the seen map up front',
      apply: (d) =>
        replaceIn(
          d,
          'simple/s1000/s1000.go',
          'seen := map[ast.Node]struct{}{}',
          'seen := make(map[ast.Node]struct{}, 16)',
        ),
    },
    {
      kind: 'api',
      title: 'analysis/code: rename ExprToInt to ExprToInt64 (and its callers)',
      apply: (d) => {
        atLeast(
          rewriteGo(goFiles(path.join(d, 'analysis', 'code'), false), '\\bExprToInt\\b', 'ExprToInt64'),
          1,
          'analysis/code ExprToInt',
        );
        atLeast(
          rewriteGo(goFiles(d, true), '\\bcode\\.ExprToInt\\b', 'code.ExprToInt64'),
          3,
          'callers of code.ExprToInt',
        );
      },
    },
    {
      kind: 'test-only',
      title: 'analysis/code: one more case for constraintsFromName',
      apply: (d) =>
        replaceIn(
          d,
          'analysis/code/code_test.go',
          '\t{"foo_windows_amd64.go", "windows && amd64"},\n',
          '\t{"foo_windows_amd64.go", "windows && amd64"},\n\t{"foo_linux_arm64.go", "linux && arm64"},\n',
        ),
    },
    {
      kind: 'docs-only',
      title: 'README: a note on running the checks from source',
      apply: (d) =>
        fs.appendFileSync(
          path.join(d, 'README.md'),
          '\n## Running from source\n\n`go run ./cmd/staticcheck ./...` runs the checks of this checkout on itself.\n',
        ),
    },
    {
      kind: 'refactor',
      title: 'go/ir: rename emitJump to emitGoto',
      apply: (d) =>
        atLeast(
          rewriteGo(goFiles(path.join(d, 'go', 'ir'), false), '\\bemitJump\\b', 'emitGoto'),
          10,
          'go/ir emitJump',
        ),
    },
  ],
};

const SMALL_PACKAGES = 12;
const smallPkg = (i: number): string => `p${String(i).padStart(String(SMALL_PACKAGES - 1).length, '0')}`;

/**
 * A generated module (__tests__/helpers/go-module.ts) with tests, one reading a testdata file and
 * one listing a testdata dir, plus a package whose test runs `go run` on a nested module in its
 * testdata: the harness's own check, cheap enough for a busy machine.
 */
const small: Project = {
  id: 'small',
  title: `generated module of ${SMALL_PACKAGES} packages (harness check)`,
  repo: 'demo',
  source: async (dir) => {
    generateModule(dir, { packages: SMALL_PACKAGES, withTests: true, testReadsFile: true, testReadsDir: true });
    fs.writeFileSync(path.join(dir, 'README.md'), '# demo\n\nA generated module for bench/ci-history.ts.\n');
    const mid = path.join(dir, 'pkg', smallPkg(5));
    const p = smallPkg(5);
    fs.writeFileSync(
      path.join(mid, 'clamp.go'),
      `package ${p}\n\nfunc clamp(x, lo, hi int) int {\n\tif x < lo {\n\t\treturn lo\n\t}\n\tif x > hi {\n\t\treturn hi\n\t}\n\treturn x\n}\n\n// Clamped is n limited to 0..100.\nfunc Clamped(n int) int { return clamp(n, 0, 100) }\n`,
    );
    fs.writeFileSync(
      path.join(mid, 'percent.go'),
      `package ${p}\n\n// Percent is n of d in percent, limited to 0..100.\nfunc Percent(n, d int) int {\n\tif d == 0 {\n\t\treturn 0\n\t}\n\treturn clamp(n*100/d, 0, 100)\n}\n`,
    );
    const gocmd = path.join(dir, 'pkg', 'gocmd');
    fs.mkdirSync(path.join(gocmd, 'testdata', 'hello'), { recursive: true });
    // One module dependency, so the harness's module handling (downloads, restores) is exercised too.
    fs.appendFileSync(path.join(dir, 'go.mod'), '\nrequire github.com/google/uuid v1.6.0\n');
    fs.writeFileSync(
      path.join(dir, 'go.sum'),
      'github.com/google/uuid v1.6.0 h1:NIvaJDMOsjHA8n1jAhLSgzrAzy1Hgr+hNrb57e+94F0=\ngithub.com/google/uuid v1.6.0/go.mod h1:TIyPZe4MgqvfeYDBFedMoGGpEw/LqOeaOT+nhxU+yHo=\n',
    );
    fs.writeFileSync(
      path.join(gocmd, 'gocmd.go'),
      '// Package gocmd runs the go command.\npackage gocmd\n\nimport "github.com/google/uuid"\n\n// Want is what testdata/hello prints.\nconst Want = "hello from a nested module"\n\n// ID names this package.\nvar ID = uuid.NewSHA1(uuid.NameSpaceURL, []byte(Want)).String()\n',
    );
    fs.writeFileSync(path.join(gocmd, 'testdata', 'hello', 'go.mod'), 'module example.com/hello\n\ngo 1.24\n');
    fs.writeFileSync(
      path.join(gocmd, 'testdata', 'hello', 'main.go'),
      'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hello from a nested module") }\n',
    );
    fs.writeFileSync(
      path.join(gocmd, 'gocmd_test.go'),
      `package gocmd

import (
\t"os"
\t"os/exec"
\t"strings"
\t"testing"
)

// Runs the go command on a nested module, as code generator tests do.
func TestNestedModule(t *testing.T) {
\tif _, err := os.ReadFile("testdata/hello/main.go"); err != nil || len(ID) != 36 {
\t\tt.Fatal(err, ID)
\t}
\tcmd := exec.Command("go", "run", ".")
\tcmd.Dir = "testdata/hello"
\tout, err := cmd.CombinedOutput()
\tif err != nil || strings.TrimSpace(string(out)) != Want {
\t\tt.Fatalf("go run: %v: %s", err, out)
\t}
}
`,
    );
  },
  commands: [
    ['build', '-o', os.devNull, './cmd/demo'],
    ['vet', './...'],
    ['test', './...'],
  ],
  commits: [
    {
      kind: 'leaf-body',
      // Checksum, not SortLines: the package's test calls it, so the test binary changes too.
      title: `pkg/${smallPkg(SMALL_PACKAGES - 1)}: Checksum ranges over the bytes`,
      apply: (d) =>
        replaceIn(
          d,
          `pkg/${smallPkg(SMALL_PACKAGES - 1)}/${smallPkg(SMALL_PACKAGES - 1)}.go`,
          '\tfor k := 0; k < len(s); k++ {\n\t\tsum = (sum*31 + int(s[k])*(k+1))',
          '\tfor k, c := range []byte(s) {\n\t\tsum = (sum*31 + int(c)*(k+1))',
        ),
    },
    {
      kind: 'api',
      title: `pkg/${smallPkg(0)}: rename Name to PkgName (and its callers)`,
      apply: (d) => {
        atLeast(
          rewriteGo(goFiles(path.join(d, 'pkg', smallPkg(0)), false), '\\bName\\b', 'PkgName'),
          2,
          `${smallPkg(0)} Name`,
        );
        atLeast(
          rewriteGo(goFiles(path.join(d, 'pkg'), true), `\\b${smallPkg(0)}\\.Name\\b`, `${smallPkg(0)}.PkgName`),
          1,
          `callers of ${smallPkg(0)}.Name`,
        );
      },
    },
    {
      kind: 'test-only',
      title: `pkg/${smallPkg(1)}: one more test`,
      apply: (d) =>
        fs.appendFileSync(
          path.join(d, 'pkg', smallPkg(1), `${smallPkg(1)}_test.go`),
          '\nfunc TestValueZero(t *testing.T) {\n\tif Value(0) != 1 {\n\t\tt.Fatalf("Value(0) = %d", Value(0))\n\t}\n}\n',
        ),
    },
    {
      kind: 'docs-only',
      title: 'README: usage',
      apply: (d) =>
        fs.appendFileSync(path.join(d, 'README.md'), '\n## Usage\n\n`go run ./cmd/demo` prints a line per package.\n'),
    },
    {
      kind: 'refactor',
      title: `pkg/${smallPkg(5)}: rename clamp to clampTo`,
      apply: (d) =>
        atLeast(rewriteGo(goFiles(path.join(d, 'pkg', smallPkg(5)), false), '\\bclamp\\b', 'clampTo'), 3, 'clamp'),
    },
  ],
};

export const PROJECTS: Record<string, Project> = { staticcheck, small };
