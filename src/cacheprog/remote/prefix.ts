/**
 * Why an S3 key prefix would leave the namespace it names, or undefined. Stores differ on what
 * `..`, a leading '/' or '//' mean in a key (some resolve them like a path, some reject every
 * request with HTTP 400), so a prefix with them could reach another tool's keys or silently
 * disable the cache. Empty is the whole bucket; one trailing '/' is optional.
 */
export function prefixProblem(prefix: string): string | undefined {
  const shown = JSON.stringify(prefix.slice(0, 120));
  if (prefix === '') return undefined;
  if (prefix.startsWith('/')) return `${shown} is absolute; write it without the leading '/' (e.g. gobuildcache/)`;
  // eslint-disable-next-line no-control-regex -- control characters are what this rejects
  if (/[\u0000-\u001f\u007f\\]/.test(prefix)) return `${shown} contains a control character or '\\'`;
  const segments = prefix.replace(/\/$/, '').split('/');
  if (segments.some((s) => s === '..' || s === '.'))
    return `${shown} has a '.' or '..' segment, which would leave the prefix's namespace`;
  if (segments.some((s) => s === '')) return `${shown} has an empty segment ('//')`;
  return undefined;
}
