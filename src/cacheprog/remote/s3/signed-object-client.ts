import crypto from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { SignatureV4 } from '@smithy/signature-v4';
import type { S3Config } from '../../config.js';
import { MemorySink, type ResponseSink } from '../spill-sink.js';
import { isDirectoryBucket } from './client.js';
import type { ObjectAnswer, ObjectRequest, ObjectTransport } from './transport.js';

/**
 * GET and PUT of one object as a single SigV4-signed HTTP request over a keep-alive agent.
 *
 * The SDK spends ~1.2 ms of CPU on each request (a middleware stack resolved per call, endpoint
 * rules, checksum and retry plumbing); this path spends ~0.4 ms, and a build makes one request per
 * cache miss on the event loop that also answers go. It covers only what it can do exactly like
 * the SDK: plain general-purpose buckets on AWS or on an S3-compatible endpoint. S3 Express
 * directory buckets (session auth), FIPS and dual-stack endpoints stay on the SDK, and so does
 * every request this path cannot answer for certain (FallbackTransport asks the SDK again on
 * anything but a 200, a NoSuchKey or an AccessDenied).
 */
export class SignedObjectClient implements ObjectTransport {
  private constructor(
    private readonly signer: SignatureV4,
    private readonly target: Target,
    private readonly agent: http.Agent,
  ) {}

  /** undefined when the target needs the SDK's own request path. */
  static create(
    s3: S3Config,
    region: string | undefined,
    credentials: CredentialProvider,
    env: NodeJS.ProcessEnv,
    maxSockets: number,
  ): SignedObjectClient | undefined {
    const target = targetOf(s3, region, env);
    if (!target || !region) return undefined;
    const signer = new SignatureV4({
      service: 's3',
      region,
      credentials,
      sha256: NodeHash,
      uriEscapePath: false,
      applyChecksum: false,
    });
    const options = { keepAlive: true, maxSockets, noDelay: true };
    const agent = target.protocol === 'https:' ? new https.Agent(options) : new http.Agent(options);
    return new SignedObjectClient(signer, target, agent);
  }

  get(
    key: string,
    { signal, progress }: ObjectRequest,
    sink?: (length: number) => ResponseSink,
  ): Promise<ObjectAnswer> {
    return this.send(
      'GET',
      key,
      undefined,
      signal,
      progress,
      sink &&
        ((status: number, length: number): ResponseSink => (status === 200 ? sink(length) : new MemorySink(length))),
    );
  }

  /** No progress: an upload's deadline covers its whole transfer (see uploadDeadlineMs). */
  put(key: string, body: Buffer | readonly Buffer[], { signal }: ObjectRequest): Promise<ObjectAnswer> {
    return this.send('PUT', key, body, signal);
  }

  /**
   * Sends one request; resolves with any HTTP answer, rejects only on network failure or abort.
   * progress is called when the headers and each chunk of the answer arrive (the caller's stall
   * timeout).
   */
  async send(
    method: 'GET' | 'PUT',
    key: string,
    body: Buffer | readonly Buffer[] | undefined,
    signal: AbortSignal,
    progress?: () => void,
    sinkFor: (status: number, length: number) => ResponseSink = (_status, length) => new MemorySink(length),
  ): Promise<ObjectAnswer> {
    // A body in parts is sent part after part: an object's header and payload need no joined copy.
    const parts = body === undefined ? [] : Buffer.isBuffer(body) ? [body] : body;
    const length = body === undefined ? undefined : parts.reduce((n, p) => n + p.length, 0);
    const { path, headers } = await this.sign(method, key, length);
    return new Promise<ObjectAnswer>((resolve, reject) => {
      const request = (this.target.protocol === 'https:' ? https : http).request(
        {
          agent: this.agent,
          method,
          protocol: this.target.protocol,
          hostname: this.target.hostname,
          port: this.target.port,
          path,
          headers,
          signal,
        },
        (response) => {
          progress?.();
          const status = response.statusCode ?? 0;
          const sink = sinkFor(status, Number(response.headers['content-length']));
          const fail = (err: Error): void => {
            sink.abort();
            reject(err);
          };
          response.on('data', (chunk: Buffer) => {
            progress?.();
            try {
              sink.push(chunk);
            } catch (err) {
              response.destroy();
              fail(err as Error);
            }
          });
          response.once('error', fail);
          response.once('end', () => {
            sink
              .end()
              .then((data) => resolve({ status, body: data, code: status >= 300 ? errorCode(data) : undefined }), fail);
          });
        },
      );
      request.once('error', reject);
      for (const part of parts.slice(0, -1)) request.write(part);
      request.end(parts.at(-1));
    });
  }

  /** The path and SigV4-signed headers of a request for one object (what send sends). */
  async sign(
    method: 'GET' | 'PUT',
    key: string,
    bodyLength?: number,
  ): Promise<{ path: string; headers: Record<string, string> }> {
    const path = `${this.target.pathPrefix}/${encodeKey(key)}`;
    const headers: Record<string, string> = { host: this.target.host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' };
    if (bodyLength !== undefined) {
      headers['content-length'] = String(bodyLength);
      headers['content-type'] = 'application/octet-stream';
    }
    const signed = await this.signer.sign({
      method,
      protocol: this.target.protocol,
      hostname: this.target.hostname,
      port: this.target.port,
      path,
      headers,
      query: {},
    });
    return { path, headers: signed.headers };
  }

  close(): void {
    this.agent.destroy();
  }
}

interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}
export type CredentialProvider = () => Promise<Credentials>;

interface Target {
  protocol: 'http:' | 'https:';
  hostname: string;
  port?: number;
  /** The Host header: hostname, and the port when it is not the protocol's default. */
  host: string;
  /** '/<bucket>' for path-style addressing, '' for virtual-hosted. */
  pathPrefix: string;
}

/** Where requests for the bucket go, or undefined when only the SDK knows (see the class comment). */
function targetOf(s3: S3Config, region: string | undefined, env: NodeJS.ProcessEnv): Target | undefined {
  const on = (name: string): boolean => /^true$/i.test(env[name] ?? '');
  if (
    isDirectoryBucket(s3.bucket) ||
    on('AWS_USE_FIPS_ENDPOINT') ||
    on('AWS_USE_DUALSTACK_ENDPOINT') ||
    on('AWS_S3_USE_ARN_REGION')
  )
    return undefined;
  // Bucket names that are not one DNS label cannot be virtual-hosted (and break TLS names).
  const dnsLabel = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(s3.bucket);
  let url: URL;
  if (s3.endpoint === undefined) {
    if (!region || !/^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(region) || region.startsWith('cn-') || !dnsLabel)
      return undefined;
    url = new URL(`https://s3.${region}.amazonaws.com`);
  } else {
    try {
      url = new URL(s3.endpoint);
    } catch {
      return undefined;
    }
    if (
      (url.protocol !== 'http:' && url.protocol !== 'https:') ||
      (url.pathname !== '/' && url.pathname !== '') ||
      url.search ||
      url.username
    )
      return undefined;
  }
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  // As the SDK's endpoint rules do: an IP address or localhost cannot take a bucket subdomain.
  const pathStyle = s3.pathStyle || !dnsLabel || net.isIP(hostname) !== 0 || hostname === 'localhost';
  const port = url.port === '' ? undefined : Number(url.port);
  const portSuffix = port === undefined ? '' : `:${port}`;
  const protocol = url.protocol as 'http:' | 'https:';
  if (pathStyle)
    return {
      protocol,
      hostname,
      port,
      host: `${url.hostname}${portSuffix}`,
      pathPrefix: `/${encodeSegment(s3.bucket)}`,
    };
  const virtualHost = `${s3.bucket}.${hostname}`;
  return { protocol, hostname: virtualHost, port, host: `${virtualHost}${portSuffix}`, pathPrefix: '' };
}

/** RFC 3986 unreserved characters stay, everything else is %XX: what SigV4's canonical URI wants. */
function encodeSegment(segment: string): string {
  return encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function encodeKey(key: string): string {
  return key.split('/').map(encodeSegment).join('/');
}

function errorCode(xml: Buffer): string | undefined {
  return /<Code>([^<]{1,100})<\/Code>/.exec(xml.subarray(0, 4096).toString('utf8'))?.[1];
}

type SourceData = string | ArrayBuffer | ArrayBufferView;

function toBuffer(data: SourceData): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}

/** The signer's sha256 and HMAC on node:crypto (as @smithy/hash-node does, without the package). */
class NodeHash {
  private readonly hash: crypto.Hash | crypto.Hmac;

  constructor(secret?: SourceData) {
    this.hash = secret === undefined ? crypto.createHash('sha256') : crypto.createHmac('sha256', toBuffer(secret));
  }

  update(data: SourceData): void {
    this.hash.update(toBuffer(data));
  }

  async digest(): Promise<Uint8Array> {
    return this.hash.digest();
  }
}
