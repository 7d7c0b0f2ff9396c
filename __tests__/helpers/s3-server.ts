// A real S3 server for tests: versitygw with its posix backend, on a free loopback port, data in
// a temp dir. Objects are plain files, which lets tests tamper with stored content directly.
import {
  CreateBucketCommand,
  ListObjectsV2Command,
  PutBucketPolicyCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import path from 'node:path';
import {
  fetchWithTimeout,
  freePort,
  startManaged,
  tempDir,
  toolPath,
  waitUntilReady,
  type ManagedProcess,
} from './proc.js';

export interface S3Server {
  endpoint: string;
  port: number;
  dataDir: string;
  accessKey: string;
  secretKey: string;
  region: string;
  createBucket(name: string): Promise<void>;
  /** The posix file behind an object, for tampering tests. */
  objectPath(bucket: string, key: string): string;
  listKeys(bucket: string, prefix?: string): Promise<string[]>;
  /** PUT through the S3 API with the root key, as any writer with access to the bucket can. */
  putObject(bucket: string, key: string, body: Buffer): Promise<void>;
  /** A user of the gateway's own IAM (role `user`): it may do only what a bucket policy grants it. */
  createUser(accessKey: string, secretKey: string): Promise<void>;
  /** A bucket policy (IAM policy JSON) as S3's PutBucketPolicy takes it. */
  putBucketPolicy(bucket: string, policy: object): Promise<void>;
  /**
   * A second user of the gateway (versitygw's internal IAM; role "user" owns nothing), who can
   * do only what a bucket policy grants it: readOnlyUser grants GetObject and ListBucket on the
   * bucket, so a PUT gets 403 AccessDenied, as for an S3 key that may read but not write.
   */
  readOnlyUser(bucket: string): Promise<{ accessKey: string; secretKey: string }>;
  /** GOBUILDCACHE_-prefixed settings that point our entrypoint at this server (or at `endpoint`, e.g. a proxy). */
  env(
    bucket: string,
    opts?: { prefix?: string; endpoint?: string; accessKey?: string; secretKey?: string },
  ): Record<string, string>;
  stop(): Promise<void>;
}

const ACCESS_KEY = 'gbc-test-access';
const SECRET_KEY = 'gbc-test-secret-0123456789';
const REGION = 'us-east-1';
const START_ATTEMPTS = 3;

async function launch(binary: string, root: string): Promise<{ proc: ManagedProcess; port: number }> {
  let lastError: unknown;
  // Object metadata lives in xattrs; a temp dir on a filesystem without user xattrs (older
  // tmpfs) makes versitygw refuse to start, and a sidecar directory then holds it instead.
  let sidecar = false;
  // A free port can be taken between probing and binding; try a few times before giving up.
  for (let attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
    const port = await freePort();
    const backendArgs = sidecar
      ? ['posix', '--sidecar', path.join(root, 'meta'), path.join(root, 'data')]
      : ['posix', path.join(root, 'data')];
    if (sidecar) fs.mkdirSync(path.join(root, 'meta'), { recursive: true });
    // --keep-alive: versitygw closes every connection after one response unless told otherwise;
    // S3, S3 Express and Tigris keep them open, and so must the server our client is measured on.
    const proc = startManaged(
      binary,
      ['--port', `127.0.0.1:${port}`, '--keep-alive', '--iam-dir', path.join(root, 'iam'), ...backendArgs],
      {
        env: { ...process.env, ROOT_ACCESS_KEY: ACCESS_KEY, ROOT_SECRET_KEY: SECRET_KEY },
        logFile: path.join(root, `versitygw-${attempt}.log`),
      },
    );
    try {
      // Any HTTP answer (an unsigned request gets 403) means the gateway is serving.
      await waitUntilReady(
        'versitygw',
        proc,
        async () => (await fetchWithTimeout(`http://127.0.0.1:${port}/`, {}, 2_000)).status > 0,
      );
      return { proc, port };
    } catch (err) {
      lastError = err;
      await proc.stop();
      if (!sidecar && proc.logTail(50).includes('xattr check failed')) sidecar = true;
    }
  }
  throw lastError;
}

export async function startS3Server(): Promise<S3Server> {
  const binary = toolPath('versitygw');
  const root = tempDir('versitygw');
  fs.mkdirSync(path.join(root, 'iam'));
  fs.mkdirSync(path.join(root, 'data'));
  const { proc, port } = await launch(binary, root);
  const endpoint = `http://127.0.0.1:${port}`;
  const dataDir = path.join(root, 'data');
  const client = new S3Client({
    endpoint,
    region: REGION,
    forcePathStyle: true,
    credentials: { accessKeyId: ACCESS_KEY, secretAccessKey: SECRET_KEY },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 2,
  });
  const deadline = (): AbortSignal => AbortSignal.timeout(15_000);

  return {
    endpoint,
    port,
    dataDir,
    accessKey: ACCESS_KEY,
    secretKey: SECRET_KEY,
    region: REGION,
    async createBucket(name) {
      await client.send(new CreateBucketCommand({ Bucket: name }), { abortSignal: deadline() });
    },
    objectPath(bucket, key) {
      return path.join(dataDir, bucket, ...key.split('/'));
    },
    async listKeys(bucket, prefix) {
      const keys: string[] = [];
      let token: string | undefined;
      // Bounded: 1,000 pages of 1,000 keys is far beyond any test's data.
      for (let page = 0; page < 1_000; page++) {
        const out = await client.send(
          new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
          { abortSignal: deadline() },
        );
        for (const o of out.Contents ?? []) if (o.Key !== undefined) keys.push(o.Key);
        if (!out.IsTruncated || !out.NextContinuationToken) return keys.sort();
        token = out.NextContinuationToken;
      }
      throw new Error(`listKeys(${bucket}, ${prefix ?? ''}) did not finish in 1,000 pages`);
    },
    async putObject(bucket, key, body) {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentLength: body.length }), {
        abortSignal: deadline(),
      });
    },
    async createUser(accessKey, secretKey) {
      await promisify(execFile)(
        binary,
        [
          'admin',
          '--access',
          ACCESS_KEY,
          '--secret',
          SECRET_KEY,
          '--endpoint-url',
          endpoint,
          'create-user',
          '--access',
          accessKey,
          '--secret',
          secretKey,
          '--role',
          'user',
        ],
        { timeout: 15_000 },
      );
    },
    async putBucketPolicy(bucket, policy) {
      await client.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: JSON.stringify(policy) }), {
        abortSignal: deadline(),
      });
    },
    async readOnlyUser(bucket) {
      const user = { accessKey: `reader-${bucket}`.slice(0, 40), secretKey: `reader-secret-${bucket}-0123456789` };
      await promisify(execFile)(
        binary,
        [
          'admin',
          '--access',
          ACCESS_KEY,
          '--secret',
          SECRET_KEY,
          '--endpoint-url',
          endpoint,
          'create-user',
          '--access',
          user.accessKey,
          '--secret',
          user.secretKey,
          '--role',
          'user',
        ],
        { timeout: 15_000 },
      );
      const policy = {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: [user.accessKey] },
            Action: ['s3:GetObject', 's3:ListBucket'],
            Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
          },
        ],
      };
      await client.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: JSON.stringify(policy) }), {
        abortSignal: deadline(),
      });
      return user;
    },
    env(bucket, opts = {}) {
      return {
        GOBUILDCACHE_BACKEND_TYPE: 's3',
        GOBUILDCACHE_S3_BUCKET: bucket,
        GOBUILDCACHE_S3_PREFIX: opts.prefix ?? 'gobuildcache/',
        GOBUILDCACHE_AWS_ENDPOINT_URL_S3: opts.endpoint ?? endpoint,
        GOBUILDCACHE_AWS_REGION: REGION,
        GOBUILDCACHE_AWS_ACCESS_KEY_ID: opts.accessKey ?? ACCESS_KEY,
        GOBUILDCACHE_AWS_SECRET_ACCESS_KEY: opts.secretKey ?? SECRET_KEY,
        GOBUILDCACHE_AWS_S3_USE_PATH_STYLE: 'true',
      };
    },
    async stop() {
      client.destroy();
      await proc.stop();
    },
  };
}
