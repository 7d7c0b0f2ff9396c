// The main step's check of the remote before any go command runs (backends s3 and gcs): the
// store's check (S3: HeadBucket) and one read of a key under the prefix, within remote-check-timeout.
import * as core from '@actions/core';
import type { Config } from '../cacheprog/config.js';
import type { Remote } from '../cacheprog/remote/open-remote.js';
import { isRemoteBackend } from '../settings/table.js';
import { giveUpOn } from '../util/abort.js';
import { errorMessage } from '../util/text.js';

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
    remote = await giveUpOn(
      openRemote(config, { warn: (m) => core.info(m) }),
      signal,
      () => new Error('creating the storage client did not answer in time'),
    );
  } catch (err) {
    return errorMessage(err);
  }
  if (!remote) return undefined;
  try {
    await giveUpOn(
      remote.checkAccess(signal),
      signal,
      () => new Error(`the remote check (remote-check-timeout ${timeoutMs} ms) did not answer in time`),
    );
    return undefined;
  } catch (err) {
    return signal.aborted
      ? `the bucket did not answer within remote-check-timeout (${timeoutMs} ms)`
      : errorMessage(err);
  } finally {
    await remote.close().catch(() => {});
  }
}
