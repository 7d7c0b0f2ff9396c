// Everything the GCS remote loads at run time, behind one dynamic import (open-remote.ts): Google's
// client and its auth library load only for backend gcs, in a chunk of their own.
import { Storage } from '@google-cloud/storage';
import { GcsObjectStore, type GcsStoreOptions } from './gcs-store.js';

export { GcsObjectStore, type GcsStoreOptions } from './gcs-store.js';

/**
 * The client with Application Default Credentials (GOOGLE_APPLICATION_CREDENTIALS, gcloud's
 * application-default login, the metadata server), or none against an emulator
 * (STORAGE_EMULATOR_HOST, the standard variable, which the client reads too). Sends nothing:
 * credentials are looked up before the first request, whose error then says what was missing.
 */
export function openGcsStore(options: GcsStoreOptions): GcsObjectStore {
  const env = options.env ?? process.env;
  // fake-gcs-server documents the bare host, some setups add the JSON API's path: take both.
  const emulator = env.STORAGE_EMULATOR_HOST?.replace(/\/+$/, '').replace(/\/storage\/v1$/, '') || undefined;
  const storage = new Storage({
    ...(emulator !== undefined ? { apiEndpoint: emulator } : {}),
    retryOptions: {
      // One retry (a connection reset, a 503) within our deadline (-remote-timeout); the upload
      // layer and the circuit breaker decide what happens after that. The client also retries a
      // refused connection this many times, so a store that is down fails within ~2 s.
      maxRetries: 1,
      maxRetryDelay: 2,
      totalTimeout: Math.max(1, Math.ceil(options.remoteTimeoutMs / 1000)),
    },
  });
  // The client uses STORAGE_EMULATOR_HOST of process.env verbatim as its JSON API base (no
  // /storage/v1 added), and apiEndpoint as the upload host: set the base for the value read here.
  if (emulator !== undefined) storage.baseUrl = `${emulator}/storage/v1`;
  const endpointText = emulator !== undefined ? `the emulator at ${emulator}` : 'storage.googleapis.com';
  const lookup = emulator !== undefined ? undefined : () => storage.authClient.getClient();
  return new GcsObjectStore(storage.bucket(options.gcs.bucket), options, { lookup }, endpointText);
}
