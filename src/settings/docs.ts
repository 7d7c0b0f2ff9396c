// The settings table as the documents show it: action.yml's inputs, the README's inputs table and
// docs/cli.md's settings table are written from table.ts and descriptions.ts, and a unit test
// (__tests__/settings/) fails when a committed document differs from what this renders.
// `node --import tsx scripts/settings-docs.ts` rewrites them.
import fs from 'node:fs';
import path from 'node:path';
import { FLAG_TEXT, INPUT_TEXT } from './descriptions.js';
import { INPUT_DEFAULTS, SETTINGS, type FlagSettingName, type Inputs, type Setting } from './table.js';

/** action.yml's `inputs:` section, in the order of INPUT_TEXT. */
export function renderActionInputs(): string {
  const lines = ['inputs:'];
  for (const [input, text] of Object.entries(INPUT_TEXT) as [Inputs, string][]) {
    lines.push(`  ${input}:`, '    description: >-');
    // Folded: YAML joins these lines with spaces, so the description reads as one paragraph.
    for (const line of wrap(plain(text), 96)) lines.push(`      ${line}`);
    lines.push('    required: false', `    default: '${INPUT_DEFAULTS[input].replace(/'/g, "''")}'`);
  }
  return `${lines.join('\n')}\n`;
}

/** The README's inputs table, header included. */
export function renderReadmeInputs(): string {
  const rows = ['| input | default | meaning |', '|---|---|---|'];
  for (const [input, text] of Object.entries(INPUT_TEXT) as [Inputs, string][]) {
    const value = INPUT_DEFAULTS[input];
    rows.push(`| \`${input}\` | \`${value === '' ? "''" : value}\` | ${text} |`);
  }
  return `${rows.join('\n')}\n`;
}

/** docs/cli.md's settings table, header included. */
export function renderCliSettings(): string {
  const rows = ['| flag | env key | default | meaning |', '|---|---|---|---|'];
  for (const [name, text] of Object.entries(FLAG_TEXT) as [FlagSettingName, string][]) {
    const s: Setting = SETTINGS[name];
    const env = s.env.length > 0 ? s.env.map((k) => `\`${k}\``).join(', ') : '(flag only)';
    rows.push(`| \`-${s.flag}\` | ${env} | ${cliDefault(s)} | ${text} |`.replace(' |  | ', ' | | '));
  }
  return `${rows.join('\n')}\n`;
}

function cliDefault(s: Setting): string {
  const value = s.default === undefined ? '' : `\`${s.default}\``;
  return [value, s.defaultNote ?? ''].filter((p) => p !== '').join(' ');
}

/** Where markdown is not rendered, a link to a README section shows as its title. */
function plain(text: string): string {
  return text.replace(/\[([^\]]+)\]\(#[^)]+\)/g, '$1 in the README');
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

interface Section {
  file: string;
  /** Where the rendered text starts and ends in the file (end: the first line that is not part of it). */
  find(text: string): { start: number; end: number } | undefined;
  render(): string;
}

const SECTIONS: Section[] = [
  {
    file: 'action.yml',
    find: (text) => between(text, /^inputs:\n/m, /^\S/m),
    render: renderActionInputs,
  },
  { file: 'README.md', find: (text) => markdownTable(text, '| input | default |'), render: renderReadmeInputs },
  { file: 'docs/cli.md', find: (text) => markdownTable(text, '| flag | env key |'), render: renderCliSettings },
];

function between(text: string, start: RegExp, next: RegExp): { start: number; end: number } | undefined {
  const m = start.exec(text);
  if (!m) return undefined;
  const rest = text.slice(m.index + m[0].length);
  const after = next.exec(rest);
  // Keep the blank line before the next section out of the rendered block.
  const end = after ? m.index + m[0].length + after.index : text.length;
  const body = text.slice(m.index, end).replace(/\n+$/, '\n');
  return { start: m.index, end: m.index + body.length };
}

function markdownTable(text: string, header: string): { start: number; end: number } | undefined {
  const start = text.indexOf(`\n${header}`);
  if (start < 0) return undefined;
  let end = start + 1;
  while (end < text.length && text[end] === '|') end = text.indexOf('\n', end) + 1 || text.length;
  return { start: start + 1, end };
}

/**
 * Compares (or, with write, rewrites) every document the settings table renders. Returns the
 * files that differed, each with what it should hold.
 */
export function syncSettingsDocs(root: string, write = false): { file: string; expected: string; actual: string }[] {
  const out = [];
  for (const section of SECTIONS) {
    const file = path.join(root, section.file);
    const text = fs.readFileSync(file, 'utf8');
    const where = section.find(text);
    if (!where) throw new Error(`${section.file}: the settings section was not found`);
    const actual = text.slice(where.start, where.end);
    const expected = section.render();
    if (actual === expected) continue;
    out.push({ file: section.file, expected, actual });
    if (write) fs.writeFileSync(file, text.slice(0, where.start) + expected + text.slice(where.end));
  }
  return out;
}
