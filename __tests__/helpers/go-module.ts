// Generates a Go module shaped like a real project: packages in a DAG (each imports a few
// earlier ones and some of std), a command, and optionally a real passing test per package.
// Every value the tests check is computed here independently, so a test that passes proves the
// compiled code (possibly served from our cache) is right.
import fs from 'node:fs';
import path from 'node:path';
import { stampCheckout } from './git.js';

export interface ModuleOptions {
  packages: number;
  withTests?: boolean;
  /** One test reads a testdata file, so its cached result depends on that file's mtime and size. */
  testReadsFile?: boolean;
  /** Another test (package 1) lists a testdata directory: its result depends on the directory's and entries' stat. */
  testReadsDir?: boolean;
  name?: string;
  /**
   * Extra exported functions per package, so each one costs about what a real package costs to
   * compile (the DAG's own code compiles in a few milliseconds); 0 by default.
   */
  filler?: number;
}

const MOD = 1_000_003;

function pkgName(i: number, width: number): string {
  return `p${String(i).padStart(width, '0')}`;
}

/** The earlier packages package i imports: a few, at different distances, so the DAG has depth and width. */
function depsOf(i: number): number[] {
  return [...new Set([i - 1, Math.floor(i / 2), Math.floor(i / 3)])]
    .filter((d) => d >= 0 && d < i)
    .sort((a, b) => a - b);
}

function seedOf(i: number, seeds: number[]): number {
  let s = i * 7919 + 1;
  depsOf(i).forEach((d, k) => {
    s += (seeds[d] ?? 0) * (k + 3);
  });
  return s % MOD;
}

/** Mirrors the Go function Checksum below. */
function checksum(s: string): number {
  let sum = 0;
  for (let k = 0; k < s.length; k++) sum = (sum * 31 + s.charCodeAt(k) * (k + 1)) % MOD;
  return sum;
}

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

function packageSource(mod: string, name: string, i: number, deps: string[]): string {
  const std = ['fmt', 'sort', ...(i % 2 === 1 ? ['strconv'] : []), 'strings'];
  const imports = [...std.map((s) => `\t"${s}"`), '', ...deps.map((d) => `\t"${mod}/pkg/${d}"`)];
  const seedTerms = deps.map((d, k) => ` + ${d}.Seed*${k + 3}`).join('');
  const describeDeps = deps.map((d) => `${d}.Name`).join(', ');
  return `// Package ${name} is generated: part of a dependency DAG used to test build caching.
package ${name}

import (
${imports.join('\n')}
)

// Name identifies the package in outputs.
const Name = "${name}"

// Seed depends on the seeds of the imported packages, so initialization order is exercised.
var Seed = (${i}*7919 + 1${seedTerms}) % ${MOD}

// Value mixes n into the seed.
func Value(n int) int {
	return (n*Seed + ${i}) % ${MOD}
}

// Checksum is a position-weighted rolling sum of the bytes of s.
func Checksum(s string) int {
	sum := 0
	for k := 0; k < len(s); k++ {
		sum = (sum*31 + int(s[k])*(k+1)) % ${MOD}
	}
	return sum
}

// Words returns the names this package knows, sorted.
func Words(n int) []string {
	w := []string{${[`Name`, `fmt.Sprintf("n%d", n)`, describeDeps].filter(Boolean).join(', ')}}
	sort.Strings(w)
	return w
}

// Describe renders the package for the command's output.
func Describe(n int) string {
	${i % 2 === 1 ? 'return strings.Join(Words(n), ",") + "=" + strconv.Itoa(Value(n))' : 'return strings.Join(Words(n), ",") + "=" + fmt.Sprint(Value(n))'}
}

// SortLines splits text into non-empty lines, sorted.
func SortLines(text string) []string {
	var out []string
	for _, l := range strings.Split(text, "\\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	sort.Strings(out)
	return out
}
`;
}

function fillerSource(name: string, count: number): string {
  const funcs = Array.from(
    { length: count },
    (_, k) => `
// Filler${k} is generated bulk: it makes the package cost what real code costs to compile.
func Filler${k}(xs []int, key string) (int, map[string]int) {
	m := make(map[string]int, len(xs))
	total := ${k}
	for i, x := range xs {
		switch {
		case x%3 == 0:
			total += x * ${k + 1}
		case x%5 == ${k % 5}:
			total -= i
		default:
			total ^= x << (i % 7)
		}
		m[key+string(rune('a'+i%26))] = total
	}
	return total % ${MOD}, m
}
`,
  );
  return `package ${name}
${funcs.join('')}`;
}

function packageTest(name: string, i: number, seed: number, readsFile: boolean, readsDir: boolean): string {
  const sample = `sample-${name}`;
  const fileTest = readsFile
    ? `
func TestSortLinesFromFile(t *testing.T) {
	data, err := os.ReadFile("testdata/fruit.txt")
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(SortLines(string(data)), " ")
	if got != "apple fig pear" {
		t.Fatalf("SortLines(testdata/fruit.txt) = %q", got)
	}
}
`
    : '';
  const dirTest = readsDir
    ? `
func TestListColors(t *testing.T) {
	entries, err := os.ReadDir("testdata/colors")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if got := strings.Join(names, " "); got != "green.txt red.txt" {
		t.Fatalf("os.ReadDir(testdata/colors) = %q", got)
	}
}
`
    : '';
  return `package ${name}

import (
${readsFile || readsDir ? '\t"os"\n' : ''}\t"sort"
	"strings"
	"testing"
)

func TestSeed(t *testing.T) {
	if Seed != ${seed} {
		t.Fatalf("Seed = %d, want ${seed}", Seed)
	}
	if got, want := Value(3), (3*${seed}+${i})%${MOD}; got != want {
		t.Fatalf("Value(3) = %d, want %d", got, want)
	}
}

func TestChecksum(t *testing.T) {
	if got := Checksum("${sample}"); got != ${checksum(sample)} {
		t.Fatalf("Checksum = %d, want ${checksum(sample)}", got)
	}
}

func TestWordsSorted(t *testing.T) {
	w := Words(7)
	if !sort.StringsAreSorted(w) || !strings.Contains(Describe(7), Name) {
		t.Fatalf("Words(7) = %v, Describe(7) = %q", w, Describe(7))
	}
}
${fileTest}${dirTest}`;
}

export function generateModule(dir: string, opts: ModuleOptions): void {
  const name = opts.name ?? 'demo';
  if (!/^[a-z][a-z0-9]*$/.test(name)) throw new Error(`module name "${name}" must be lower-case letters and digits`);
  if (!Number.isInteger(opts.packages) || opts.packages < 1) throw new Error('packages must be a whole number >= 1');
  const mod = `example.com/${name}`;
  const width = String(opts.packages - 1).length;
  const names = Array.from({ length: opts.packages }, (_, i) => pkgName(i, width));
  const seeds: number[] = [];
  for (let i = 0; i < opts.packages; i++) seeds.push(seedOf(i, seeds));

  // go 1.24 is the oldest version with GOCACHEPROG on by default; any newer local toolchain builds it.
  write(path.join(dir, 'go.mod'), `module ${mod}\n\ngo 1.24\n`);
  names.forEach((pkg, i) => {
    const pkgDir = path.join(dir, 'pkg', pkg);
    const deps = depsOf(i).map((d) => names[d]);
    write(path.join(pkgDir, `${pkg}.go`), packageSource(mod, pkg, i, deps));
    if (opts.filler) write(path.join(pkgDir, 'filler.go'), fillerSource(pkg, opts.filler));
    if (!opts.withTests) return;
    const readsFile = opts.testReadsFile === true && i === 0;
    const readsDir = opts.testReadsDir === true && i === 1;
    write(path.join(pkgDir, `${pkg}_test.go`), packageTest(pkg, i, seeds[i], readsFile, readsDir));
    if (readsFile) write(path.join(pkgDir, 'testdata', 'fruit.txt'), 'pear\napple\n\nfig\n');
    if (readsDir) {
      write(path.join(pkgDir, 'testdata', 'colors', 'red.txt'), 'red\n');
      write(path.join(pkgDir, 'testdata', 'colors', 'green.txt'), 'green\n');
    }
  });

  // The command uses the last few packages, which pull in the whole DAG below them.
  const used = names.slice(-3);
  const cmdDir = path.join(dir, 'cmd', name);
  write(
    path.join(cmdDir, 'main.go'),
    `// Command ${name} prints a line per package it uses.
package main

import (
	"fmt"
	"os"
	"strings"

${used.map((u) => `\t"${mod}/pkg/${u}"`).join('\n')}
)

func render(n int) string {
	return strings.Join([]string{${used.map((u) => `${u}.Describe(n)`).join(', ')}}, "\\n")
}

func main() {
	fmt.Fprintln(os.Stdout, render(len(os.Args)))
}
`,
  );
  if (opts.withTests) {
    const last = used[used.length - 1];
    write(
      path.join(cmdDir, 'main_test.go'),
      `package main

import (
	"strings"
	"testing"
)

func TestRender(t *testing.T) {
	out := render(2)
	if lines := strings.Split(out, "\\n"); len(lines) != ${used.length} || !strings.Contains(out, "${last}") {
		t.Fatalf("render(2) = %q", out)
	}
}
`,
    );
  }
  // A generated module stands for a checkout made before the job ran. Left with the times of
  // this moment, a go command started within 2 s would not index the module's packages
  // (cmd/go/internal/modindex skips directories holding files newer than that and writes their
  // "go index" entries only on a later run), so a second job would miss entries the first one
  // never wrote, for reasons no runner sees.
  stampCheckout(dir, Math.floor(Date.now() / 1000) - 60);
}
