import type { S3Client } from '@aws-sdk/client-s3';
import type { S3Config } from '../../config.js';
import { urlCredentials } from '../../redact.js';

/** The SDK's module, loaded lazily (see index.ts): this file imports its types only. */
export type S3Module = typeof import('@aws-sdk/client-s3');

/**
 * Whether a bucket is an S3 Express One Zone directory bucket (<name>--<zone id>--x-s3): it wants
 * session auth and virtual-hosted requests, and lists only '/'-terminated prefixes.
 */
export function isDirectoryBucket(bucket: string): boolean {
  return bucket.endsWith('--x-s3');
}

/** Sockets per client: ~-p gets at once, plus background uploads; the default 50 would queue them. */
export const MAX_SOCKETS = 128;

/** Attempts per request, the first included. */
const MAX_ATTEMPTS = 3;

/** The region to sign for: the configured one, else 'us-east-1' for a custom endpoint, else the SDK's chain decides. */
export function configuredRegion(s3: S3Config): string | undefined {
  // Custom endpoints (versitygw, Tigris, R2) ignore or want 'auto'; AWS resolves it from the SDK chain.
  return s3.region ?? (s3.endpoint !== undefined ? 'us-east-1' : undefined);
}

/** Credentials given as GOBUILDCACHE_AWS_*, which keeps them out of the environment of the tests go runs. */
function prefixedCredentials(
  env: NodeJS.ProcessEnv,
): { accessKeyId: string; secretAccessKey: string; sessionToken?: string } | undefined {
  const accessKeyId = env.GOBUILDCACHE_AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.GOBUILDCACHE_AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) return undefined;
  return { accessKeyId, secretAccessKey, sessionToken: env.GOBUILDCACHE_AWS_SESSION_TOKEN || undefined };
}

/** Values that must never reach a log line, longest first so a token containing a key is cut whole. */
export function secretsIn(env: NodeJS.ProcessEnv, endpoint: string | undefined): string[] {
  const names = ['AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_ACCESS_KEY_ID'];
  const values = [...names.flatMap((n) => [env[n], env[`GOBUILDCACHE_${n}`]]), ...urlCredentials(endpoint)];
  return values.filter((v): v is string => typeof v === 'string' && v.length >= 8).sort((a, b) => b.length - a.length);
}

/** The SDK client for the bucket: region, endpoint, credentials, addressing, checksums, retries, sockets. */
export function createS3Client(sdk: S3Module, s3: S3Config, env: NodeJS.ProcessEnv, remoteTimeoutMs: number): S3Client {
  const whenRequired = s3.checksumWhenRequired ? ('WHEN_REQUIRED' as const) : undefined;
  const agent = { keepAlive: true, maxSockets: MAX_SOCKETS };
  return new sdk.S3Client({
    region: configuredRegion(s3),
    endpoint: s3.endpoint,
    forcePathStyle: s3.pathStyle,
    credentials: prefixedCredentials(env),
    // The SDK's standard backoff is fine for one or two retries; its default budget is not,
    // on a build's critical path. The store's deadline bounds the total either way.
    maxAttempts: MAX_ATTEMPTS,
    retryMode: 'standard',
    requestChecksumCalculation: whenRequired,
    responseChecksumValidation: whenRequired,
    // Options, not a NodeHttpHandler instance: @smithy/node-http-handler is the SDK's
    // dependency, not ours, and the SDK builds the handler from this object itself.
    requestHandler: {
      connectionTimeout: Math.min(3000, remoteTimeoutMs),
      httpAgent: agent,
      httpsAgent: agent,
    },
  });
}
