import type { RetryPart } from "./call.js";
import { TimeoutError, type P3pdError } from "./errors.js";
import { isQueryOnly } from "./operation-kind.js";
import { defaultRetryOptions, retryDelayMs, type RetryOptions } from "./retry-policy.js";

/** How `retries()` retries and times out calls; every field has a default. */
export interface RetriesOptions extends Partial<RetryOptions> {
  /** The longest one attempt may take before it is aborted, in ms. Default 30 s; 0 for no limit. */
  timeoutMs?: number | undefined;
}

/**
 * The retry part of a client: `createRequestClient({ url, retry: retries() })`. A query (or a
 * mutation marked idempotent) is sent again on a transient failure, until it succeeds, the error is
 * not transient, or the attempts are spent; each attempt is aborted after `timeoutMs`.
 * `createClient` is always composed with it.
 */
export function retries({ timeoutMs = 30_000, ...options }: RetriesOptions = {}): RetryPart {
  const policy = { ...defaultRetryOptions, ...options };
  return async (call) => {
    const retried = call.idempotent || isQueryOnly(call.document);
    for (let attempt = 1; ; attempt++) {
      if (call.signal.aborted) throw call.fail(call.signal.reason);
      const timeout = timeoutMs > 0 ? AbortSignal.timeout(timeoutMs) : undefined;
      let error: P3pdError;
      try {
        return await call.send(timeout ? AbortSignal.any([call.signal, timeout]) : call.signal);
      } catch (thrown) {
        // What fetch throws on abort differs between runtimes; the signals say reliably which fired.
        error =
          timeout?.aborted && !call.signal.aborted
            ? new TimeoutError(`The API did not answer within ${timeoutMs} ms.`, { cause: thrown })
            : call.fail(thrown);
      }
      const delay = retried && attempt < policy.attempts ? retryDelayMs(error, attempt, policy) : undefined;
      if (delay === undefined) throw error;
      await wait(delay, call.signal);
    }
  };
}

/** Resolves after `ms`, or as soon as `signal` aborts (the loop then rejects). */
function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}
