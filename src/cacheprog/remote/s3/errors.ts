import { redactUrlCredentials } from '../../redact.js';
import type { Deadline } from '../deadline.js';
import { unreachableCode } from '../object-store.js';

/** A failed S3 request, with what a user needs to act: operation, target, endpoint, status, code. */
export class S3RequestError extends Error {
  override readonly name = 'S3RequestError';

  constructor(
    message: string,
    readonly operation: string,
    readonly status?: number,
    readonly code?: string,
    readonly timedOut = false,
  ) {
    super(message);
  }
}

/** The shape every SDK service error has; duck-typed because the classes live in the lazy module. */
export interface ServiceErrorLike {
  name: string;
  message: string;
  $metadata?: { httpStatusCode?: number };
  $response?: { headers?: Record<string, string | undefined> };
}

export function isServiceError(err: unknown): err is ServiceErrorLike {
  return typeof err === 'object' && err !== null && '$fault' in err && '$metadata' in err;
}

/** An HTTP answer that came without an SDK error (the direct path's), in the SDK's shape. */
export function serviceErrorOf(status: number, code: string | undefined): ServiceErrorLike & { $fault: string } {
  return {
    name: code ?? 'UnknownError',
    message: '',
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status },
  };
}

/**
 * Turns any failure of a request on one bucket into an S3RequestError that says what to do
 * (a hint per status and code) and holds no secret (credentials, signatures, URL userinfo).
 */
export class S3ErrorTranslator {
  constructor(
    private readonly bucket: string,
    /** The endpoint as users may see it (displayEndpoint). */
    readonly endpointText: string,
    /** Values cut out of every message, longest first (see secretsIn). */
    private readonly secrets: readonly string[],
  ) {}

  describe(
    err: unknown,
    operation: string,
    target: string,
    deadline: Deadline,
    signal: AbortSignal | undefined,
  ): S3RequestError {
    const what = `${operation} ${target} on ${this.endpointText}`;
    if (deadline.stalled) {
      return new S3RequestError(
        `${what}: the transfer stalled, no bytes for ${deadline.stallMs} ms (-remote-timeout)`,
        operation,
        undefined,
        'Timeout',
        true,
      );
    }
    if (deadline.timedOut) {
      return new S3RequestError(
        `${what}: no answer within ${deadline.ms} ms (-remote-timeout)`,
        operation,
        undefined,
        'Timeout',
        true,
      );
    }
    if (signal?.aborted) return new S3RequestError(`${what}: cancelled`, operation, undefined, 'Cancelled');
    if (err instanceof S3RequestError) return err;
    const message = err instanceof Error ? err.message : isServiceError(err) ? err.message : String(err);
    if (isServiceError(err)) {
      const status = err.$metadata?.httpStatusCode;
      const code = err.name;
      const detail = message && message !== code && message !== 'UnknownError' ? `: ${message}` : '';
      const hint = this.hintFor(status, code, err);
      return new S3RequestError(
        this.redact(`${what} failed: HTTP ${status ?? '?'} ${code}${detail}${hint ? ` (${hint})` : ''}`),
        operation,
        status,
        code,
      );
    }
    const name = err instanceof Error ? err.name : 'Error';
    const errno =
      typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
    if (name === 'CredentialsProviderError') {
      return new S3RequestError(
        `${what}: no AWS credentials found (set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or GOBUILDCACHE_AWS_*, or configure a role)`,
        operation,
        undefined,
        'NoCredentials',
      );
    }
    if (/region is missing/i.test(message)) {
      return new S3RequestError(`${what}: no region configured (set AWS_REGION)`, operation, undefined, 'NoRegion');
    }
    if (unreachableCode(errno)) {
      return new S3RequestError(
        this.redact(`${what}: cannot reach the endpoint: ${errno}`),
        operation,
        undefined,
        errno,
      );
    }
    return new S3RequestError(this.redact(`${what} failed: ${name}: ${message}`), operation, undefined, errno ?? name);
  }

  private hintFor(status: number | undefined, code: string, err: ServiceErrorLike): string | undefined {
    switch (code) {
      case 'NoSuchBucket':
        return `bucket "${this.bucket}" does not exist`;
      case 'InvalidAccessKeyId':
      case 'SignatureDoesNotMatch':
        return 'check the access key and secret';
      case 'ExpiredToken':
      case 'TokenRefreshRequired':
        return 'the session credentials have expired';
      case 'PermanentRedirect':
      case 'AuthorizationHeaderMalformed': {
        const region = err.$response?.headers?.['x-amz-bucket-region'];
        return `the bucket is in another region${region ? ` (${region})` : ''}: set AWS_REGION`;
      }
      default:
        break;
    }
    if (status === 301) return 'the bucket is in another region: set AWS_REGION';
    if (status === 403) return 'check the credentials and that the IAM policy allows this operation on the bucket';
    if (status === 404) return `bucket "${this.bucket}" does not exist or the endpoint is wrong`;
    return undefined;
  }

  redact(text: string): string {
    let out = redactUrlCredentials(text).replace(/(X-Amz-(?:Signature|Credential|Security-Token))=[^&\s]+/gi, '$1=***');
    for (const secret of this.secrets) out = out.split(secret).join('***');
    return out;
  }
}
