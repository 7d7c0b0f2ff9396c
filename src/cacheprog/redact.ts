/**
 * Credentials written into a URL (https://user:secret@host) must never reach a log line, an
 * error or a job summary. Every message that may name an endpoint goes through here.
 */

/** scheme://userinfo@ — userinfo cannot hold '/', '@' or blanks unencoded. */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@]+@/gi;

/** Replaces the user:password@ of every URL in text with ***@. */
export function redactUrlCredentials(text: string): string {
  return text.replace(URL_USERINFO, '$1***@');
}

/** An endpoint as shown to users: no user:password@, no query, no fragment. */
export function displayEndpoint(endpoint: string | undefined, region?: string): string {
  if (endpoint === undefined) return `AWS S3${region ? ` in ${region}` : ''}`;
  try {
    const url = new URL(endpoint);
    return `${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}`;
  } catch {
    return '(invalid endpoint)';
  }
}

/** The decoded user name and password of a URL, for the list of values a redactor cuts out. */
export function urlCredentials(endpoint: string | undefined): string[] {
  if (endpoint === undefined) return [];
  try {
    const url = new URL(endpoint);
    return [url.username, url.password]
      .filter((v) => v !== '')
      .flatMap((v) => {
        const decoded = safeDecode(v);
        return decoded === v ? [v] : [v, decoded];
      });
  } catch {
    return [];
  }
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
