import crypto from 'node:crypto';

/**
 * Manifest keys are '/'-separated paths under <prefix>manifests/v1/. Each segment keeps
 * letters, digits, '.', '_' and '-'; anything else (spaces, a branch's '/', quotes) becomes '_',
 * so a key is always one safe object key however odd the workflow, job or branch name.
 * A key ending in '/' is a restore prefix: it matches the newest manifest under it. That is how
 * actions/cache restore keys behave, with '/' as the only boundary because S3 Express One Zone
 * lists only by '/'-terminated prefixes.
 */
const MAX_KEY_LENGTH = 512;

export function sanitizeManifestKey(key: string): string {
  const prefix = key.trim().endsWith('/');
  const segments = key
    .trim()
    .split('/')
    .filter((s) => s !== '')
    .map((s) => sanitizeSegment(s));
  if (segments.length === 0) return '';
  let out = segments.join('/');
  if (out.length > MAX_KEY_LENGTH) {
    // Still unique: the cut-off part is represented by its hash.
    const hash = crypto.createHash('sha256').update(out).digest('hex').slice(0, 16);
    out = `${out.slice(0, MAX_KEY_LENGTH - 17)}-${hash}`;
  }
  return prefix ? `${out}/` : out;
}

export function sanitizeSegment(segment: string): string {
  const s = segment.replace(/[^A-Za-z0-9._-]/g, '_');
  // '.' and '..' are path tricks, not names.
  return /^\.+$/.test(s) ? s.replace(/\./g, '_') : s;
}

export function isRestorePrefix(key: string): boolean {
  return key.endsWith('/');
}
