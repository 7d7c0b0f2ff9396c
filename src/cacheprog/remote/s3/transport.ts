import type { ResponseSink } from '../spill-sink.js';

/** What a store answered to one GET or PUT. */
export interface ObjectAnswer {
  status: number;
  /** The object (a GET's 200), or what an error answer's body held. */
  body: Buffer;
  /** The store's error code (the <Code> of an S3 error document, or the SDK error's name). */
  code?: string;
  /** The SDK's own error for this answer, when it came through the SDK: it says more than status and code. */
  error?: unknown;
}

export interface ObjectRequest {
  signal: AbortSignal;
  /** Called when the answer's headers and each chunk of its body arrive (the stall timeout). */
  progress: () => void;
}

/**
 * One GET or PUT of a whole object by its full key: the request paths to an S3 bucket, the SDK's
 * (sdk-transport.ts) and the direct signed one (signed-object-client.ts), and FallbackTransport,
 * which joins them. Resolves with any HTTP answer; rejects only when none came (network, abort)
 * or the body is not what it claims (IntegrityError, from a sink).
 */
export interface ObjectTransport {
  /** sink takes the body of a 200 answer as it arrives; an answer that is not one is collected. */
  get(key: string, request: ObjectRequest, sink?: (length: number) => ResponseSink): Promise<ObjectAnswer>;
  put(key: string, body: Buffer | readonly Buffer[], request: ObjectRequest): Promise<ObjectAnswer>;
  close(): void;
}

/**
 * What an answer to a GET means: the object; no such object; a denial (S3 answers 403 for a
 * missing key when the policy lacks s3:ListBucket, so a reader takes it as a miss); or a failure.
 * A missing bucket is a configuration error, not a miss.
 */
export function getOutcome(answer: Pick<ObjectAnswer, 'status' | 'code'>): 'found' | 'missing' | 'denied' | 'failed' {
  const { status, code } = answer;
  if (status === 200) return 'found';
  if ((status === 404 && code !== 'NoSuchBucket') || code === 'NoSuchKey') return 'missing';
  if (code === 'AccessDenied') return 'denied';
  return 'failed';
}

/**
 * The direct path first, the SDK whenever it cannot answer for certain. A direct request that
 * fails on the network, or whose answer is a failure, is asked again of the SDK (which retries
 * and reports the store's own error). An answer that says the direct path is addressed or signed
 * differently from what the store wants (a redirect, a 400, a 403 that is not a plain denial)
 * switches it off for good: the SDK knows better. Shared by a store and its views.
 */
export class FallbackTransport implements ObjectTransport {
  constructor(
    private direct: ObjectTransport | undefined,
    private readonly sdk: ObjectTransport,
  ) {}

  /** Whether GETs and PUTs still take the direct path (-s3-direct-requests, not switched off). */
  get directRequests(): boolean {
    return this.direct !== undefined;
  }

  async get(key: string, request: ObjectRequest, sink?: (length: number) => ResponseSink): Promise<ObjectAnswer> {
    const answer = await this.tryDirect((direct) => direct.get(key, request, sink), request.signal);
    if (answer !== undefined && getOutcome(answer) !== 'failed') return answer;
    return this.sdk.get(key, request, sink);
  }

  async put(key: string, body: Buffer | readonly Buffer[], request: ObjectRequest): Promise<ObjectAnswer> {
    const answer = await this.tryDirect((direct) => direct.put(key, body, request), request.signal);
    if (answer?.status === 200) return answer;
    return this.sdk.put(key, body, request);
  }

  close(): void {
    this.direct?.close();
    this.sdk.close();
  }

  /** The direct path's answer, or undefined when there is no direct path or no answer came. */
  private async tryDirect(
    send: (direct: ObjectTransport) => Promise<ObjectAnswer>,
    signal: AbortSignal,
  ): Promise<ObjectAnswer | undefined> {
    const direct = this.direct;
    if (direct === undefined) return undefined;
    let answer: ObjectAnswer;
    try {
      answer = await send(direct);
    } catch (err) {
      // An object that is not what its key says is an answer, not a reason to ask the SDK again.
      if (signal.aborted || (err as Error).name === 'IntegrityError') throw err;
      return undefined;
    }
    const { status, code } = answer;
    const refused = status === 301 || status === 307 || status === 400 || (status === 403 && code !== 'AccessDenied');
    if (refused && this.direct === direct) {
      this.direct = undefined;
      direct.close();
    }
    return answer;
  }
}
