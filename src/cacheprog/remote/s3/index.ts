// Everything the S3 remote loads at run time, behind one dynamic import (open-remote.ts): the go
// handshake is answered before it loads (it is ~1.4 MB of code), a build served locally never
// loads it, and the SDK and the direct request path share one chunk, so their common modules load once.
import * as sdk from '@aws-sdk/client-s3';
import { createS3Client, MAX_SOCKETS } from './client.js';
import { SdkTransport } from './sdk-transport.js';
import { S3ObjectStore, type S3StoreOptions } from './s3-store.js';
import { SignedObjectClient } from './signed-object-client.js';
import { FallbackTransport } from './transport.js';

export { S3ObjectStore, type S3StoreOptions } from './s3-store.js';

/** Builds the client and both request paths; sends nothing but what resolving the region needs. */
export async function openS3Store(options: S3StoreOptions): Promise<S3ObjectStore> {
  const env = options.env ?? process.env;
  const client = createS3Client(sdk, options.s3, env, options.remoteTimeoutMs);
  const sdkTransport = new SdkTransport(sdk, client, options.s3.bucket);
  let direct: SignedObjectClient | undefined;
  if (options.s3.directRequests) {
    // The SDK's own region resolution (env, profile) so both paths sign for the same region.
    const region = await client.config.region().catch(() => undefined);
    direct = SignedObjectClient.create(options.s3, region, async () => client.config.credentials(), env, MAX_SOCKETS);
  }
  return S3ObjectStore.create(new FallbackTransport(direct, sdkTransport), sdkTransport, options);
}
