import { classifyError } from "./classify-error.js";
import { AbortedError, TimeoutError, type P3pdError } from "./errors.js";
import { retryDelayMs, type RetryOptions } from "./retry-policy.js";

/** How one call runs: whether it may be retried, how long an attempt may take, who may cancel it. */
export interface CallPolicy {
  /** False when this call is sent once: retries are off, or it is a mutation not marked idempotent. */
  retry: RetryOptions | false;
  /** The longest one attempt may take; 0 for no limit. */
  timeoutMs: number;
  /** The caller's cancellation: the client-wide and the per-call signal together. */
  signal: AbortSignal | undefined;
}

type Outcome<Result> = { data: Result } | { error: P3pdError };

/**
 * Sends with `send` until it succeeds, the error is not transient, or the attempts are spent;
 * rejects with a P3pdError in every case. `send` gets the signal of one attempt.
 */
export async function callWithRetries<Result>(
  send: (signal: AbortSignal | undefined) => Promise<Result>,
  policy: CallPolicy,
): Promise<Result> {
  for (let attempt = 1; ; attempt++) {
    if (policy.signal?.aborted) throw abortedError(policy.signal);
    const outcome = await attemptOnce(send, policy);
    if ("data" in outcome) return outcome.data;
    const delay =
      policy.retry && attempt < policy.retry.attempts ? retryDelayMs(outcome.error, attempt, policy.retry) : undefined;
    if (delay === undefined) throw outcome.error;
    await wait(delay, policy.signal);
  }
}

async function attemptOnce<Result>(
  send: (signal: AbortSignal | undefined) => Promise<Result>,
  { signal, timeoutMs }: CallPolicy,
): Promise<Outcome<Result>> {
  const timeout = timeoutMs > 0 ? AbortSignal.timeout(timeoutMs) : undefined;
  const signals = [signal, timeout].filter((each) => each !== undefined);
  try {
    return { data: await send(signals.length > 0 ? AbortSignal.any(signals) : undefined) };
  } catch (error) {
    // What fetch throws on abort differs between runtimes; the signals say reliably which fired.
    if (signal?.aborted) return { error: abortedError(signal) };
    if (timeout?.aborted) {
      return { error: new TimeoutError(`The API did not answer within ${timeoutMs} ms.`, { cause: error }) };
    }
    return { error: classifyError(error) };
  }
}

function abortedError(signal: AbortSignal): AbortedError {
  return new AbortedError("The call was aborted.", { cause: signal.reason });
}

/** Resolves after `ms`, or as soon as `signal` aborts (the loop then rejects). */
function wait(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}
