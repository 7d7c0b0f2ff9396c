// The modification time normalize-mtimes gives a path: a function of a git object id (a blob's,
// or its own hash of a directory's listing). The id picks a microsecond in a fixed range of past
// years, far older than go's "file too new" cutoff (2 s: results of tests that open files newer
// than that are never cached).

/** 2000-01-01T00:00:00Z in microseconds: every time we set is at or after it... */
export const TIME_FROM_US = Date.UTC(2000, 0, 1) * 1000;
/** ...and less than 20 years (of 365 days) later: about 2^49 distinct microseconds. */
export const TIME_RANGE_US = 20 * 365 * 86_400 * 1_000_000;

/**
 * The time (microseconds since the epoch) for an object id given as hex (a git blob or our own
 * directory hash). Microseconds because that is what Node can set: fs.utimes takes seconds as a
 * double and libuv truncates them to whole microseconds before utimensat, even on filesystems that
 * store nanoseconds.
 */
export function timeForId(idHex: string): number {
  // 13 hex digits = 52 bits: exact in a double, and plenty for a 2^49 range.
  const n = Number.parseInt(idHex.slice(0, 13), 16);
  if (!Number.isFinite(n)) throw new Error(`not a hex object id: "${idHex}"`);
  return TIME_FROM_US + (n % TIME_RANGE_US);
}

/**
 * Seconds as fs.utimes wants them. Half a microsecond is added so the double's rounding error
 * (about 0.1 µs at these magnitudes) can never tip libuv's truncation to the microsecond below.
 */
export function utimesSeconds(us: number): number {
  const seconds = Math.floor(us / 1_000_000);
  return seconds + (us - seconds * 1_000_000 + 0.5) / 1_000_000;
}
