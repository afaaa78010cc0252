import { callWithRetries } from "./call-with-retries.js";
import { createDocumentSender } from "./document-sender.js";
import { createOperationMethods, type OperationMethods } from "./generated/operation-methods.js";
import { isQueryOnly } from "./operation-kind.js";
import type { CallOptions, RunOperation } from "./operation-runner.js";
import { paginate, type Paginate } from "./paginate.js";
import { readRateLimit, type RateLimit } from "./rate-limit.js";
import { defaultRetryOptions, type RetryOptions } from "./retry-policy.js";
import type { TypedDocument } from "./typed-document.js";

// Every optional field also takes `undefined` (the same as leaving it out), so an app compiled with
// `exactOptionalPropertyTypes` can pass what may be unset: `apiKey: process.env.P3PD_API_KEY`.
export interface ClientOptions {
  /** The GraphQL endpoint, e.g. "http://127.0.0.1:4000/graphql". */
  url: string;
  /** Sent as `Authorization: Bearer <apiKey>` on every request. */
  apiKey?: string | undefined;
  /**
   * Extra headers for every request: whatever `new Headers()` takes (a Headers, a record, pairs).
   * Not spelt `HeadersInit`, a name only the DOM lib has: a Node app compiled without it could not
   * read this declaration.
   */
  headers?: ConstructorParameters<typeof Headers>[0] | undefined;
  /** A fetch to use instead of the global one (e.g. one with a proxy). */
  fetch?: typeof fetch | undefined;
  /** The longest one attempt may take before it is aborted, in ms. Default 30 s; 0 for no limit. */
  timeoutMs?: number | undefined;
  /** How transient failures are retried (defaults in `RetryOptions`), or false to never retry. */
  retry?: Partial<RetryOptions> | false | undefined;
  /** Cancels every call of this client, e.g. when the page or job that owns it goes away. */
  signal?: AbortSignal | undefined;
  /**
   * Send the curated operations as their sha256 hash, which the API looks up in its manifest,
   * rather than as their text (default true); when the API does not know a hash, the call is sent
   * again as text. Set false for an API without persisted operations. Custom documents always go
   * as text.
   */
  persistedOperations?: boolean | undefined;
}

/**
 * A client without the per-operation methods: `request` takes the documents, and the standalone
 * `paginate(client, document, …)` pages with it.
 */
export interface RequestClient {
  /**
   * Sends any typed document (a curated `…Document` or one from a `graphql()` tag) and
   * resolves to its `data`, with result and variable types taken from the document.
   */
  request: RunOperation;
  /** The rate limit the last response announced (`X-RateLimit-*`), or undefined if it sent none. */
  readonly rateLimit: RateLimit | undefined;
}

/** A method per curated operation, plus `request` for any other typed document and `paginate`. */
export interface P3pdClient extends RequestClient, OperationMethods {
  /** Every node of a connection in the document's result, fetched page by page. */
  paginate: Paginate;
}

const defaultTimeoutMs = 30_000;

/**
 * The client with a method per curated operation (`client.province({ code })`). Its methods hold
 * every curated document, so a browser app that cares for its bundle uses `createRequestClient`
 * and passes the documents it needs.
 */
export function createClient(options: ClientOptions): P3pdClient {
  const client = createRequestClient(options);
  return {
    ...createOperationMethods(client.request),
    request: client.request,
    paginate: (document, ...args) => paginate(client, document, ...args),
    get rateLimit() {
      return client.rateLimit;
    },
  };
}

/**
 * The same client without the methods: `client.request(ProvinceDocument, { code })`. A bundler
 * then keeps only the curated documents the app imports (each still sent as its persisted hash).
 */
export function createRequestClient(options: ClientOptions): RequestClient {
  let rateLimit: RateLimit | undefined;
  // Called bare: a browser's fetch throws when called as a method of another object.
  const baseFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const sendDocument = createDocumentSender(
    options.url,
    {
      headers: requestHeaders(options),
      // Every HTTP response passes here, error statuses included, so the rate limit stays current.
      fetch: async (input, init) => {
        const response = await baseFetch(input, init);
        rateLimit = readRateLimit(response.headers);
        return response;
      },
    },
    options.persistedOperations ?? true,
  );
  const retry = options.retry === false ? false : { ...defaultRetryOptions, ...options.retry };
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;

  // Variables are loosely typed here; `RunOperation` types them for callers.
  function send<Result>(
    document: TypedDocument<Result, never>,
    variables: object | undefined,
    callOptions: CallOptions | undefined,
  ): Promise<Result> {
    return callWithRetries((signal) => sendDocument({ document, variables, signal }), {
      retry: isQueryOnly(document) || callOptions?.idempotent ? retry : false,
      timeoutMs,
      signal: anySignal(options.signal, callOptions?.signal),
    });
  }

  const request: RunOperation = (document, ...[variables, callOptions]) => send(document, variables, callOptions);

  return {
    request,
    get rateLimit() {
      return rateLimit;
    },
  };
}

function requestHeaders({ apiKey, headers }: ClientOptions): Headers {
  const merged = new Headers(headers);
  // An explicit API key wins over an Authorization header passed in `headers`.
  if (apiKey) merged.set("authorization", `Bearer ${apiKey}`);
  return merged;
}

function anySignal(...signals: (AbortSignal | undefined)[]): AbortSignal | undefined {
  const given = signals.filter((signal) => signal !== undefined);
  return given.length > 1 ? AbortSignal.any(given) : given[0];
}
