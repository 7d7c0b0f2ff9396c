// The parsers of the settings table (table.ts): the CLI, the environment and the action's inputs
// all read a value through these, so they accept the same things and say so in the same words.
import path from 'node:path';
import { redactUrlCredentials } from '../cacheprog/redact.js';
import { prefixProblem } from '../cacheprog/remote/prefix.js';
import { scopeNameProblem } from '../cacheprog/remote/scopes.js';

/** Thrown for any bad flag, env or input value; the message names what was wrong. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  /** The message without the name of the setting: what the action puts after `Input "name": `. */
  readonly detail: string;
  /** With one argument, the whole message. */
  constructor(what: string, detail?: string) {
    super(detail === undefined ? what : `${what}: ${detail}`);
    this.detail = detail ?? what;
  }
}

/** Go's strconv.ParseBool and more, as the reference reads its flags and environment. */
export function parseBoolean(value: string, what: string): boolean {
  switch (value.trim().toLowerCase()) {
    case '1':
    case 't':
    case 'true':
    case 'yes':
    case 'on':
      return true;
    case '0':
    case 'f':
    case 'false':
    case 'no':
    case 'off':
      return false;
    default:
      throw new ConfigError(what, `"${value}" is not a boolean; accepted values: true, false`);
  }
}

// A workflow's `with:` follows the YAML 1.2 core schema, the same set core.getBooleanInput accepts:
// a `yes` there is a YAML 1.1 habit, and refusing it says so instead of guessing.
const YAML_TRUE = new Set(['true', 'True', 'TRUE']);
const YAML_FALSE = new Set(['false', 'False', 'FALSE']);

/** An action input's boolean: only the YAML 1.2 spellings of true and false. */
export function parseInputBoolean(value: string, what: string): boolean {
  if (YAML_TRUE.has(value)) return true;
  if (YAML_FALSE.has(value)) return false;
  throw new ConfigError(what, `"${value}" is not a boolean; accepted values: true, false`);
}

/** Parses "30s", "1500ms", "2m" or a bare number of seconds into milliseconds. */
export function parseDuration(value: string, what: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(value);
  if (!match)
    throw new ConfigError(
      what,
      `"${value}" is not a duration; accepted: a number with a unit ms, s, m or h (e.g. 500ms, 10s, 5m)`,
    );
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(match[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
  return Math.round(Number(match[1]) * unit);
}

/** A duration of at least `min` milliseconds. */
export function durationOf(min: number): (value: string, what: string) => number {
  return (value, what) => {
    const ms = parseDuration(value, what);
    if (ms < min) throw new ConfigError(what, `"${value}" is too short; it must be at least ${min} ms`);
    return ms;
  };
}

const SIZE_UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1000,
  kb: 1000,
  kib: 1024,
  m: 1000 ** 2,
  mb: 1000 ** 2,
  mib: 1024 ** 2,
  g: 1000 ** 3,
  gb: 1000 ** 3,
  gib: 1024 ** 3,
  t: 1000 ** 4,
  tb: 1000 ** 4,
  tib: 1024 ** 4,
};

/** Parses "10GiB", "500MiB", "1.5GB", "0" (bytes when there is no unit). */
export function parseSize(value: string, what: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(value);
  const unit = match ? SIZE_UNITS[(match[2] ?? '').toLowerCase()] : undefined;
  if (!match || unit === undefined)
    throw new ConfigError(
      what,
      `"${value}" is not a size; accepted: a number with a unit such as 10GiB, 500MiB or 2GB, 0 for no cap`,
    );
  const bytes = Math.floor(Number(match[1]) * unit);
  if (!Number.isSafeInteger(bytes)) throw new ConfigError(what, `"${value}" is too large`);
  return bytes;
}

export function integerOf(min: number, max: number): (value: string, what: string) => number {
  return (value, what) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new ConfigError(what, `"${value}" must be a whole number from ${min} to ${max}`);
    return n;
  };
}

export function parseFraction(value: string, what: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new ConfigError(what, `"${value}" must be a number from 0 to 1`);
  return n;
}

export function absoluteDir(value: string, what: string): string {
  if (!path.isAbsolute(value))
    throw new ConfigError(what, `"${value}" is not an absolute path; accepted: an absolute directory`);
  return path.normalize(value);
}

/** One per line, as actions/cache takes restore-keys; commas are accepted too. */
export function parseList(value: string): string[] {
  return value
    .split(/[\n,]/)
    .map((k) => k.trim())
    .filter((k) => k !== '');
}

export function parseText(value: string): string {
  return value;
}

/** One of `choices` (keys, case-insensitive) mapped to its value. */
export function choiceOf<T extends string>(
  noun: string,
  choices: Record<string, T>,
  accepted: string,
): (value: string, what: string) => T {
  return (value, what) => {
    const key = value.toLowerCase();
    if (!Object.hasOwn(choices, key))
      throw new ConfigError(what, `"${value}" is not a ${noun}; accepted values: ${accepted}`);
    return choices[key];
  };
}

/** An http(s) endpoint URL, without trailing slashes; credentials in it never reach a message. */
export function parseEndpoint(value: string, what: string): string {
  const accepted = 'accepted: an http:// or https:// URL such as https://t3.storage.dev';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(what, `"${redactUrlCredentials(value)}" is not a URL; ${accepted}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ConfigError(what, `"${redactUrlCredentials(value)}" uses ${url.protocol}; ${accepted}`);
  return value.replace(/\/+$/, '');
}

/** A key prefix that stays in its namespace: '' (the whole bucket), else ending in exactly one '/'. */
export function parsePrefix(value: string, what: string): string {
  const problem = prefixProblem(value);
  if (problem)
    throw new ConfigError(
      what,
      `${problem}; accepted: key segments separated by '/', such as gobuildcache/ or ci/my-repo/`,
    );
  return normalizePrefix(value);
}

/** '' stays '' (the whole bucket); anything else ends in exactly one '/'. */
export function normalizePrefix(prefix: string): string {
  const trimmed = prefix.replace(/^\/+/, '').replace(/\/+$/, '');
  return trimmed === '' ? '' : `${trimmed}/`;
}

export function parseScopeName(value: string, what: string): string {
  const name = value.trim();
  const problem = scopeNameProblem(name);
  if (problem) throw new ConfigError(what, problem);
  return name;
}

export function parseScopeNames(value: string, what: string): string[] {
  return parseList(value).map((name) => parseScopeName(name, what));
}
