// The report of bench/ci-history.ts from its JSON result: a markdown table of the sequence, side
// by side per scenario, and an SVG chart of each run's wall time.
import fs from 'node:fs';

export const SCENARIOS = ['nocache', 'setup-go', 'github', 's3', 's3-native'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

export const SCENARIO_TITLE: Record<ScenarioName, string> = {
  nocache: 'no cache',
  'setup-go': 'setup-go cache: true (model)',
  github: 'ours, backend: github',
  s3: 'ours, S3 at 5 ms',
  's3-native': 'ours, S3 native at 5 ms',
};

export interface CommandRecord {
  args: string;
  ms: number;
  compiles: number;
}

export interface RunRecord {
  run: number;
  commit: string;
  kind: string;
  title: string;
  /** restore + go commands + save, as the job would pay them. */
  wallMs: number;
  restoreMs: number;
  goMs: number;
  saveMs: number;
  commands: CommandRecord[];
  compiles: number;
  testsRun: number;
  testsCached: number;
  /** The test packages that ran (not cached). */
  ranTests: string[];
  bytesRestored: number;
  bytesSaved: number;
  /** Warnings the steps printed, cache keys, what was not timed. */
  notes: string[];
  outputs?: Record<string, string>;
}

export interface ScenarioResult {
  startedAt: string;
  finishedAt?: string;
  /** The action bundles measured (sha256 of dist/main and dist/post) and the checkout's HEAD. */
  dist?: string;
  head?: string;
  loadAvg: number[][];
  runs: RunRecord[];
  error?: string;
}

export interface ProjectInfo {
  id: string;
  title: string;
  commands: string[];
  /** Distinct import paths `go list -deps -test` lists for the commands' packages, and its lines (test variants included). */
  packages: { distinct: number; withTestVariants: number };
  goVersion: string;
  commits: { sha: string; kind: string; title: string }[];
}

export interface Result {
  project: ProjectInfo;
  scenarios: Partial<Record<ScenarioName, ScenarioResult>>;
}

const sec = (ms: number): string => (ms / 1000).toFixed(1);
const mib = (b: number): string => (b / 1048576).toFixed(1);
const ratio = (a: number, b: number): string => (a > 0 && b > 0 ? `${(a / b).toFixed(2)}×` : '–');

export function markdown(result: Result): string {
  const names = SCENARIOS.filter((s) => result.scenarios[s]);
  const runCount = Math.max(0, ...names.map((s) => result.scenarios[s]?.runs.length ?? 0));
  const p = result.project;
  const out: string[] = [
    `# ci-history: ${p.title}`,
    '',
    `${p.packages.distinct} packages (${p.packages.withTestVariants} counting test variants and test mains) as \`go list -deps -test\` lists them; ${p.goVersion}.`,
    `Each run: ${p.commands.map((c) => `\`go ${c}\``).join(', then ')}, on a fresh machine (new HOME, empty GOCACHE, fresh clone at the same path).`,
    '',
  ];
  for (const s of names) {
    const r = result.scenarios[s] as ScenarioResult;
    const load = r.loadAvg.map((l) => (l[0] ?? 0).toFixed(1));
    out.push(
      `- ${SCENARIO_TITLE[s]}: ${r.startedAt}${r.finishedAt ? ` – ${r.finishedAt}` : ' (unfinished)'}, 1-min load at each run ${load.join(' / ')}${r.dist ? `, bundles ${r.dist}` : ''}${r.error ? `; **failed**: ${r.error.split('\n')[0]}` : ''}`,
    );
  }
  out.push(
    '',
    'Cells: job wall time (restore + go commands + save), packages compiled, test packages run / cached.',
    '',
  );
  out.push(
    `| run | commit | ${names.map((s) => SCENARIO_TITLE[s]).join(' | ')} |`,
    `|---|---|${names.map(() => '---:').join('|')}|`,
  );
  for (let i = 0; i < runCount; i++) {
    const any = names.map((s) => result.scenarios[s]?.runs[i]).find(Boolean) as RunRecord;
    const cells = names.map((s) => {
      const r = result.scenarios[s]?.runs[i];
      return r ? `${sec(r.wallMs)} s, ${r.compiles}, ${r.testsRun}/${r.testsCached}` : '–';
    });
    out.push(`| ${i} | ${any.kind}: ${any.title} | ${cells.join(' | ')} |`);
  }
  const total = (s: ScenarioName, from: number): number =>
    (result.scenarios[s]?.runs ?? []).slice(from).reduce((a, r) => a + r.wallMs, 0);
  out.push(`| total | all runs | ${names.map((s) => `${sec(total(s, 0))} s`).join(' | ')} |`);
  out.push(`| total | runs 1–${runCount - 1} | ${names.map((s) => `${sec(total(s, 1))} s`).join(' | ')} |`);

  out.push('', 'Restore / go commands / save, and bytes restored / saved (MiB):', '');
  out.push(`| run | ${names.map((s) => SCENARIO_TITLE[s]).join(' | ')} |`, `|---|${names.map(() => '---').join('|')}|`);
  for (let i = 0; i < runCount; i++) {
    const cells = names.map((s) => {
      const r = result.scenarios[s]?.runs[i];
      return r
        ? `${sec(r.restoreMs)} / ${sec(r.goMs)} / ${sec(r.saveMs)} s; ${mib(r.bytesRestored)} / ${mib(r.bytesSaved)}`
        : '–';
    });
    out.push(`| ${i} | ${cells.join(' | ')} |`);
  }

  const gh = result.scenarios.github?.runs ?? [];
  const sg = result.scenarios['setup-go']?.runs ?? [];
  if (gh.length && sg.length) {
    out.push('', 'Ours (backend: github) ÷ setup-go model:', '');
    const perRun = gh
      .map((r, i) => (sg[i] ? `run ${i} (${r.kind}) ${ratio(r.wallMs, sg[i].wallMs)}` : ''))
      .filter(Boolean);
    out.push(`- per run: ${perRun.join(', ')}`);
    out.push(
      `- total, all runs: ${ratio(total('github', 0), total('setup-go', 0))}; runs 1–${runCount - 1}: ${ratio(total('github', 1), total('setup-go', 1))}`,
    );
  }
  const notes = names.flatMap((s) =>
    (result.scenarios[s]?.runs ?? []).flatMap((r) => r.notes.map((n) => `- ${s} run ${r.run}: ${n}`)),
  );
  if (notes.length) out.push('', 'Notes:', '', ...notes);
  return `${out.join('\n')}\n`;
}

const COLORS: Record<ScenarioName, string> = {
  nocache: '#9e9e9e',
  'setup-go': '#e07b39',
  github: '#2f6fb5',
  s3: '#4a9e5c',
  's3-native': '#9b59b6',
};

/** Grouped bars: one group per run, one bar per scenario, height = wall time. */
export function svgChart(result: Result): string {
  const names = SCENARIOS.filter((s) => result.scenarios[s]?.runs.length);
  const runCount = Math.max(0, ...names.map((s) => result.scenarios[s]?.runs.length ?? 0));
  const maxS = Math.max(1, ...names.flatMap((s) => (result.scenarios[s]?.runs ?? []).map((r) => r.wallMs / 1000)));
  const step = niceStep(maxS);
  const top = Math.ceil(maxS / step) * step;
  const [w, h, left, right, upper, lower] = [760, 360, 56, 16, 40, 74];
  const plotW = w - left - right;
  const plotH = h - upper - lower;
  const groupW = plotW / Math.max(1, runCount);
  const barW = Math.min(28, (groupW * 0.8) / Math.max(1, names.length));
  const y = (s: number): number => upper + plotH - (s / top) * plotH;
  const esc = (t: string): string => t.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="sans-serif" font-size="11">`,
    `<rect width="${w}" height="${h}" fill="white"/>`,
    `<text x="${left}" y="18" font-size="13" font-weight="bold">${esc(`A week of CI on ${result.project.title}: job wall time per run (s)`)}</text>`,
  ];
  for (let v = 0; v <= top + 1e-9; v += step) {
    parts.push(
      `<line x1="${left}" x2="${w - right}" y1="${y(v)}" y2="${y(v)}" stroke="#ddd"/>`,
      `<text x="${left - 6}" y="${y(v) + 4}" text-anchor="end">${v}</text>`,
    );
  }
  for (let i = 0; i < runCount; i++) {
    const x0 = left + i * groupW + (groupW - barW * names.length) / 2;
    names.forEach((s, k) => {
      const r = result.scenarios[s]?.runs[i];
      if (!r) return;
      const v = r.wallMs / 1000;
      const bx = x0 + k * barW;
      parts.push(
        `<rect x="${bx.toFixed(1)}" y="${y(v).toFixed(1)}" width="${(barW - 2).toFixed(1)}" height="${(y(0) - y(v)).toFixed(1)}" fill="${COLORS[s]}"><title>${esc(`${SCENARIO_TITLE[s]}, run ${i}: ${v.toFixed(1)} s`)}</title></rect>`,
        // The warm runs are short next to run 0: their figures are written above the bars.
        `<text x="${(bx + (barW - 2) / 2).toFixed(1)}" y="${(y(v) - 3).toFixed(1)}" text-anchor="middle" font-size="9">${v < 10 ? v.toFixed(1) : v.toFixed(0)}</text>`,
      );
    });
    const kind = names.map((s) => result.scenarios[s]?.runs[i]?.kind).find(Boolean) ?? '';
    parts.push(
      `<text x="${left + (i + 0.5) * groupW}" y="${h - lower + 16}" text-anchor="middle">run ${i}</text>`,
      `<text x="${left + (i + 0.5) * groupW}" y="${h - lower + 30}" text-anchor="middle" fill="#555">${esc(i === 0 ? 'empty caches' : kind)}</text>`,
    );
  }
  let lx = left;
  for (const s of names) {
    parts.push(
      `<rect x="${lx}" y="${h - 22}" width="12" height="12" fill="${COLORS[s]}"/>`,
      `<text x="${lx + 16}" y="${h - 12}">${esc(SCENARIO_TITLE[s])}</text>`,
    );
    // About 6 px per character at this size, plus the swatch and a gap.
    lx += 16 + SCENARIO_TITLE[s].length * 6 + 20;
  }
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

function niceStep(max: number): number {
  for (const s of [1, 2, 5, 10, 20, 30, 60, 120, 300]) if (max / s <= 8) return s;
  return 600;
}

export function readResult(file: string): Result | undefined {
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Result) : undefined;
}
