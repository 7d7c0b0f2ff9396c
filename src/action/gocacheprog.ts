import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** A path that go's GOCACHEPROG splitting cannot carry. */
export class QuotingError extends Error {
  override readonly name = 'QuotingError';
}

/**
 * Quotes one field the way go's cmd/internal/quoted.Split reads it: a field may be wrapped in
 * '…' or "…" with no escapes inside, so the only safe quote is one the text doesn't contain.
 */
export function quoteField(field: string): string {
  if (!field.includes('"')) return `"${field}"`;
  if (!field.includes("'")) return `'${field}'`;
  throw new QuotingError(
    `the path ${field} contains both ' and ", which GOCACHEPROG cannot quote (go splits it with no escapes); ` +
      'move the runner tool cache or the action to a directory without quotes in its path',
  );
}

/** The GOCACHEPROG value that runs argv[0] with the rest as arguments. */
export function goCommandLine(argv: readonly string[]): string {
  return argv.map(quoteField).join(' ');
}

/**
 * The server bundle ships next to the step bundles: dist/main/index.js → dist/cacheprog/index.js.
 * Computed at run time from the bundle's own URL so ncc doesn't treat it as an asset to copy.
 */
export function cacheprogScript(moduleUrl: string): string {
  const here = path.dirname(fileURLToPath(moduleUrl));
  return path.resolve(here, '..', 'cacheprog', 'index.js');
}

/**
 * Reverse of goCommandLine, with go's rules (blanks separate fields, '…'/"…" wrap one with no
 * escapes). Used to check what go will see; kept here so tests can prove the round trip.
 */
export function splitGoCommandLine(s: string): string[] {
  const fields: string[] = [];
  let i = 0;
  const blank = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r';
  while (i < s.length) {
    while (i < s.length && blank(s[i])) i++;
    if (i >= s.length) break;
    const c = s[i];
    if (c === '"' || c === "'") {
      const end = s.indexOf(c, i + 1);
      if (end < 0) throw new QuotingError(`unterminated ${c} string`);
      fields.push(s.slice(i + 1, end));
      i = end + 1;
      continue;
    }
    let j = i;
    while (j < s.length && !blank(s[j])) j++;
    fields.push(s.slice(i, j));
    i = j;
  }
  return fields;
}
