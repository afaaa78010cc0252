import type { P3pdError } from "./errors.js";
import type { TypedDocument } from "./typed-document.js";

/** One call of a client, as its retry part sees it. */
export interface Call<Result> {
  document: TypedDocument<Result, never>;
  /** The caller marked this call safe to repeat (`{ idempotent: true }`). */
  idempotent: boolean;
  /** The caller's cancellation: the client-wide and the per-call signal together. */
  signal: AbortSignal;
  /** Sends the request once with `signal`; rejects with what the transport threw. */
  send(signal: AbortSignal): Promise<Result>;
  /** The P3pdError for what `send` threw: AbortedError when the caller aborted, else its class. */
  fail(error: unknown): P3pdError;
}

/**
 * What `createRequestClient` is composed with to retry and time out calls: `retries()` makes one.
 * Without it a call is sent once, with no time limit but the caller's signal.
 */
export type RetryPart = <Result>(call: Call<Result>) => Promise<Result>;
