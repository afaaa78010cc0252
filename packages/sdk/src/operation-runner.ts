import type { TypedDocument } from "./typed-document.js";

/** Options of one call, given after its variables: `client.province({ code }, { signal })`. */
export interface CallOptions {
  /** Cancels this call: the request in flight and any wait before a retry. */
  signal?: AbortSignal | undefined;
  /**
   * Retry this call like a query although it is a mutation. Queries are retried on transient
   * failures; a mutation is sent once unless marked idempotent, as a retry after a lost response
   * could apply it twice. Mark only mutations that are safe to repeat.
   */
  idempotent?: boolean | undefined;
}

/**
 * The variables argument of an operation, as a parameter list: optional when the operation has no
 * required variables (so `client.stages()` and `client.provinces()` need no argument), required
 * otherwise (so `client.province()` without a code does not compile).
 */
// `{}` is deliberate: an operation's variables are optional exactly when an empty object fits them.
export type VariablesArgs<Variables> = {} extends Variables ? [variables?: Variables] : [variables: Variables];

/** The arguments of an operation: its variables, then the options of the call. */
export type OperationArgs<Variables> = [...VariablesArgs<Variables>, options?: CallOptions];

/** Sends one typed document and resolves to its `data`, typed by the document. */
export type RunOperation = <Result, Variables extends object>(
  document: TypedDocument<Result, Variables>,
  ...args: OperationArgs<Variables>
) => Promise<Result>;
