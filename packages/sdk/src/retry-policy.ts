import { AbortedError, NetworkError, RateLimitedError, ServerError, type P3pdError } from "./errors.js";

/** How a client retries transient failures (see the README's "Retries and cancellation"). */
export interface RetryOptions {
  /** Attempts in all, the first included: 1 never retries. Default 3. */
  attempts: number;
  /** The backoff ceiling of the first retry, doubling for each later one. Default 200 ms. */
  baseDelayMs: number;
  /**
   * The longest wait before a retry. A `Retry-After` longer than this is not waited for: the call
   * rejects at once with a RateLimitedError saying how long to wait. Default 10 s.
   */
  maxDelayMs: number;
}

export const defaultRetryOptions: RetryOptions = { attempts: 3, baseDelayMs: 200, maxDelayMs: 10_000 };

// Gateway failures and overload: the request most likely never reached a resolver.
const transientStatuses = new Set([502, 503, 504]);

/**
 * How long to wait before retry number `retry` (1 for the first) after `error`, or undefined when
 * the error is not worth retrying. A 429 waits exactly its `Retry-After`; everything else waits a
 * random time up to an exponentially growing ceiling ("full jitter"), so many clients failing at
 * once do not all come back at once.
 */
export function retryDelayMs(error: P3pdError, retry: number, options: RetryOptions): number | undefined {
  if (error instanceof RateLimitedError && error.retryAfterMs !== undefined) {
    return error.retryAfterMs <= options.maxDelayMs ? error.retryAfterMs : undefined;
  }
  if (!isTransient(error)) return undefined;
  return Math.random() * Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (retry - 1));
}

function isTransient(error: P3pdError): boolean {
  if (error instanceof NetworkError) return !(error instanceof AbortedError);
  if (error instanceof ServerError) return error.status !== undefined && transientStatuses.has(error.status);
  return error instanceof RateLimitedError;
}
