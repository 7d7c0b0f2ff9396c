// The main step's check of the remote before any go command runs (backends s3 and gcs): the
// store's check (S3: HeadBucket) and one read of a key under the prefix, within remote-check-timeout.
import * as core from '@actions/core';
import type { Config } from '../cacheprog/config.js';
import type { Remote } from '../cacheprog/remote/open-remote.js';
import { isRemoteBackend } from '../settings/table.js';
import { errorMessage } from '../util/text.js';

function withDeadline<T>(work: Promise<T>, signal: AbortSignal, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new Error(`${what} did not answer in time`));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

/**
 * The store's check and one read of a key under the prefix before any go command runs, so a wrong bucket, region or credential
 * shows up once as an annotation instead of as a slow timeout in every go process.
 * Resolves with the reason the remote can't be used, or undefined when it can.
 */
export async function checkRemote(config: Config, timeoutMs: number): Promise<string | undefined> {
  if (!isRemoteBackend(config.backend)) return undefined;
  const signal = AbortSignal.timeout(timeoutMs);
  let remote: Remote | undefined;
  try {
    // Loaded only for a bucket: a client costs a few hundred ms to load that a disk-only job needn't pay.
    const { openRemote } = await import('../cacheprog/remote/open-remote.js');
    // The chain's own warnings speak of a go command; here the outcome is reported once below.
    remote = await withDeadline(
      openRemote(config, { warn: (m) => core.info(m) }),
      signal,
      'creating the storage client',
    );
  } catch (err) {
    return errorMessage(err);
  }
  if (!remote) return undefined;
  try {
    await withDeadline(remote.checkAccess(signal), signal, `the remote check (remote-check-timeout ${timeoutMs} ms)`);
    return undefined;
  } catch (err) {
    return signal.aborted
      ? `the bucket did not answer within remote-check-timeout (${timeoutMs} ms)`
      : errorMessage(err);
  } finally {
    await remote.close().catch(() => {});
  }
}
