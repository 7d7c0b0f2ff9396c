import { redactUrlCredentials } from '../../redact.js';
import type { Deadline } from '../deadline.js';
import { unreachableCode } from '../object-store.js';

/**
 * A failed GCS request, with what a user needs to act: operation, target, endpoint, status. A 403
 * carries the code 'AccessDenied', the one a denied write has on every store (read-only.ts), so
 * a key that may read but not write switches uploads off here as it does on S3.
 */
export class GcsRequestError extends Error {
  override readonly name = 'GcsRequestError';

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

/** What the client's errors look like (ApiError, GaxiosError, a system error); duck-typed, the classes live in the lazy chunk. */
interface ClientErrorLike {
  message?: string;
  code?: number | string;
  status?: number;
  response?: { status?: number };
  errors?: { reason?: string; message?: string }[];
}

/** The HTTP status of a client error, when it has one. */
export function statusOf(err: unknown): number | undefined {
  const e = err as ClientErrorLike | undefined;
  if (typeof e?.code === 'number') return e.code;
  if (typeof e?.status === 'number') return e.status;
  return typeof e?.response?.status === 'number' ? e.response.status : undefined;
}

/** What google-auth-library says when Application Default Credentials found nothing. */
const NO_CREDENTIALS = /could not load the default credentials|unable to detect a project id/i;

export const MISSING_CREDENTIALS_HINT =
  'no Google credentials found: GOOGLE_APPLICATION_CREDENTIALS is not set (google-github-actions/auth sets it), ' +
  'there is no gcloud application-default login, and no GCP metadata server answered; ' +
  'run google-github-actions/auth before this action, or set STORAGE_EMULATOR_HOST for an emulator';

/**
 * Turns any failure of a request on one bucket into a GcsRequestError that says what to do and
 * holds no secret: only the messages of the server and of the auth library are quoted, never a
 * request's headers (where the bearer token is).
 */
export function describeGcsError(
  err: unknown,
  context: { bucket: string; endpointText: string; operation: string; target: string },
  deadline: Deadline,
  signal: AbortSignal | undefined,
): GcsRequestError {
  const { operation, bucket } = context;
  const what = `${operation} ${context.target} on ${context.endpointText}`;
  if (deadline.stalled)
    return new GcsRequestError(
      `${what}: the transfer stalled, no bytes for ${deadline.stallMs} ms (-remote-timeout)`,
      operation,
      undefined,
      'Timeout',
      true,
    );
  if (deadline.timedOut)
    return new GcsRequestError(
      `${what}: no answer within ${deadline.ms} ms (-remote-timeout)`,
      operation,
      undefined,
      'Timeout',
      true,
    );
  if (signal?.aborted) return new GcsRequestError(`${what}: cancelled`, operation, undefined, 'Cancelled');
  if (err instanceof GcsRequestError) return err;
  const e = (typeof err === 'object' && err !== null ? err : { message: String(err) }) as ClientErrorLike;
  const message = (e.message ?? String(err)).split('\n')[0] ?? '';
  if (NO_CREDENTIALS.test(message))
    return new GcsRequestError(`${what}: ${MISSING_CREDENTIALS_HINT}`, operation, undefined, 'NoCredentials');
  if (/GOOGLE_APPLICATION_CREDENTIALS|does not exist, or it is not a file/i.test(message))
    return new GcsRequestError(
      redactUrlCredentials(
        `${what}: the credentials file GOOGLE_APPLICATION_CREDENTIALS names cannot be read: ${message}`,
      ),
      operation,
      undefined,
      'NoCredentials',
    );
  const errno = typeof e.code === 'string' ? e.code : undefined;
  if (unreachableCode(errno))
    return new GcsRequestError(`${what}: cannot reach the endpoint: ${errno}`, operation, undefined, errno);
  const status = statusOf(err);
  if (status !== undefined) {
    const reason = e.errors?.[0]?.reason;
    const hint = hintFor(status, bucket);
    return new GcsRequestError(
      redactUrlCredentials(
        `${what} failed: HTTP ${status}${reason ? ` ${reason}` : ''}: ${message}${hint ? ` (${hint})` : ''}`,
      ),
      operation,
      status,
      status === 403 ? 'AccessDenied' : (reason ?? String(status)),
    );
  }
  const name = err instanceof Error ? err.name : 'Error';
  return new GcsRequestError(
    redactUrlCredentials(`${what} failed: ${name}: ${message}`),
    operation,
    undefined,
    errno ?? name,
  );
}

function hintFor(status: number, bucket: string): string | undefined {
  if (status === 401) return 'the credentials were refused: check the workload identity provider and service account';
  if (status === 403)
    return `the credentials may not do this: grant roles/storage.objectUser (or objectViewer to read only) on bucket "${bucket}", and check any IAM condition on the prefix`;
  if (status === 404) return `bucket "${bucket}" does not exist`;
  return undefined;
}
