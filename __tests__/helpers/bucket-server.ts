// The bucket servers the remote end-to-end cases run against, behind one shape: S3 on versitygw
// and GCS on fake-gcs-server. A case parametrised over BUCKET_KINDS proves the same claim on both
// backends through the same steps; what only one store has (S3 users and bucket policies, the
// posix files behind versitygw's objects) stays on S3Server and GcsServer.
import fs from 'node:fs';
import { Inputs } from '../../src/action/constants.js';
import { startGcsServer, type GcsServer } from './gcs-server.js';
import { startS3Server, type S3Server } from './s3-server.js';

export type BucketKind = 's3' | 'gcs';
export const BUCKET_KINDS: readonly BucketKind[] = ['s3', 'gcs'];

export interface BucketServer {
  kind: BucketKind;
  /** For test names: "S3 on versitygw", "GCS on fake-gcs-server". */
  label: string;
  /** s3:// or gs://, as the action's messages name a bucket. */
  scheme: string;
  endpoint: string;
  port: number;
  createBucket(name: string): Promise<void>;
  listKeys(bucket: string, prefix?: string): Promise<string[]>;
  getObject(bucket: string, key: string): Promise<Buffer | undefined>;
  /** Writes an object as any writer with access to the bucket can (tampering, planting). */
  putObject(bucket: string, key: string, body: Buffer): Promise<void>;
  /** GOBUILDCACHE_-prefixed settings (and the emulator's address) that point our entrypoint at this server, or at `endpoint` (a proxy). */
  env(bucket: string, opts?: { prefix?: string; endpoint?: string }): Record<string, string>;
  /**
   * A job of the action on this store: its inputs (bucket, prefix) and the job env the workflow
   * gives every step (credentials, the emulator's address), reaching it at `endpoint` (a proxy).
   */
  action(
    bucket: string,
    opts?: { prefix?: string; endpoint?: string },
  ): { inputs: Partial<Record<Inputs, string>>; env: Record<string, string> };
  stop(): Promise<void>;
}

export async function startBucketServer(kind: BucketKind): Promise<BucketServer> {
  return kind === 's3' ? fromS3(await startS3Server()) : fromGcs(await startGcsServer());
}

/** The S3 server behind the common shape; the S3Server itself stays reachable as `s3`. */
export function fromS3(s3: S3Server): BucketServer & { s3: S3Server } {
  return {
    s3,
    kind: 's3',
    label: 'S3 on versitygw',
    scheme: 's3',
    endpoint: s3.endpoint,
    port: s3.port,
    createBucket: (name) => s3.createBucket(name),
    listKeys: (bucket, prefix) => s3.listKeys(bucket, prefix),
    getObject: async (bucket, key) => {
      const file = s3.objectPath(bucket, key);
      return fs.existsSync(file) ? fs.readFileSync(file) : undefined;
    },
    putObject: (bucket, key, body) => s3.putObject(bucket, key, body),
    env: (bucket, opts) => s3.env(bucket, opts),
    action: (bucket, opts = {}) => ({
      inputs: {
        [Inputs.S3Bucket]: bucket,
        ...(opts.prefix !== undefined ? { [Inputs.S3Prefix]: opts.prefix } : {}),
        [Inputs.S3Endpoint]: opts.endpoint ?? s3.endpoint,
        [Inputs.S3PathStyle]: 'true',
        [Inputs.S3Region]: s3.region,
      },
      // What aws-actions/configure-aws-credentials leaves in the job's environment.
      env: { AWS_ACCESS_KEY_ID: s3.accessKey, AWS_SECRET_ACCESS_KEY: s3.secretKey },
    }),
    stop: () => s3.stop(),
  };
}

function fromGcs(gcs: GcsServer): BucketServer {
  return {
    kind: 'gcs',
    label: 'GCS on fake-gcs-server',
    scheme: 'gs',
    endpoint: gcs.endpoint,
    port: gcs.port,
    createBucket: (name) => gcs.createBucket(name),
    listKeys: (bucket, prefix) => gcs.listKeys(bucket, prefix),
    getObject: (bucket, key) => gcs.getObject(bucket, key),
    putObject: (bucket, key, body) => gcs.putObject(bucket, key, body),
    env: (bucket, opts) => gcs.env(bucket, opts),
    action: (bucket, opts = {}) => ({
      inputs: {
        [Inputs.GcsBucket]: bucket,
        ...(opts.prefix !== undefined ? { [Inputs.GcsPrefix]: opts.prefix } : {}),
      },
      // The emulator is reached the standard way; a workflow sets it for every step.
      env: { STORAGE_EMULATOR_HOST: opts.endpoint ?? gcs.endpoint },
    }),
    stop: () => gcs.stop(),
  };
}
