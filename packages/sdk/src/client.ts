import type { Call, RetryPart } from "./call.js";
import { classifyError } from "./classify-error.js";
import { createDocumentSender } from "./document-sender.js";
import { createOperationMethods, type OperationMethods } from "./generated/operation-methods.js";
import type { CallOptions, RunOperation } from "./operation-runner.js";
import { paginate, type Paginate } from "./paginate.js";
import { readRateLimit, type RateLimit } from "./rate-limit.js";
import { retries } from "./retries.js";
import type { RetryOptions } from "./retry-policy.js";
import type { TypedDocument } from "./typed-document.js";

// Every optional field also takes `undefined` (the same as leaving it out), so an app compiled with
// `exactOptionalPropertyTypes` can pass what may be unset: `apiKey: process.env.P3PD_API_KEY`.
export interface RequestClientOptions {
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
  /** Cancels every call of this client, e.g. when the page or job that owns it goes away. */
  signal?: AbortSignal | undefined;
  /**
   * Send the curated operations as their sha256 hash, which the API looks up in its manifest,
   * rather than as their text (default true); when the API does not know a hash, the call is sent
   * again as text. Set false for an API without persisted operations. Custom documents always go
   * as text.
   */
  persistedOperations?: boolean | undefined;
  /**
   * Retries and timeouts, e.g. `retries({ attempts: 5 })`; without it a call is sent once, with no
   * time limit but the caller's signal.
   */
  retry?: RetryPart | undefined;
  /**
   * Reads the rate limit of every response into `client.rateLimit`: pass the SDK's `readRateLimit`.
   * Without it `client.rateLimit` stays undefined.
   */
  readRateLimit?: ((headers: Headers) => RateLimit | undefined) | undefined;
}

/** `createClient`'s options: retries, timeouts and the rate limit are always on, tuned here. */
export interface ClientOptions extends Omit<RequestClientOptions, "retry" | "readRateLimit"> {
  /** The longest one attempt may take before it is aborted, in ms. Default 30 s; 0 for no limit. */
  timeoutMs?: number | undefined;
  /** How transient failures are retried (defaults in `RetryOptions`), or false to never retry. */
  retry?: Partial<RetryOptions> | false | undefined;
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
  /**
   * The rate limit the last response announced (`X-RateLimit-*`), or undefined if it sent none (or,
   * for `createRequestClient`, when the client was made without `readRateLimit`).
   */
  readonly rateLimit: RateLimit | undefined;
}

/** A method per curated operation, plus `request` for any other typed document and `paginate`. */
export interface P3pdClient extends RequestClient, OperationMethods {
  /** Every node of a connection in the document's result, fetched page by page. */
  paginate: Paginate;
}

/**
 * The client with a method per curated operation (`client.province({ code })`). Its methods hold
 * every curated document, so a browser app that cares for its bundle uses `createRequestClient`
 * and passes the documents it needs.
 */
export function createClient({ retry, timeoutMs, ...options }: ClientOptions): P3pdClient {
  const client = createRequestClient({
    ...options,
    retry: retries({ ...(retry === false ? { attempts: 1 } : retry), timeoutMs }),
    readRateLimit,
  });
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
 * The size-conscious client: no methods, `client.request(ProvinceDocument, { code })`, so a bundler
 * keeps only the curated documents the app imports (each still sent as its persisted hash); and no
 * retries, timeouts or rate limit reading unless composed with them (`retry: retries()`,
 * `readRateLimit`).
 */
export function createRequestClient(options: RequestClientOptions): RequestClient {
  let rateLimit: RateLimit | undefined;
  const { readRateLimit: readLimit, fetch: givenFetch } = options;
  const sendDocument = createDocumentSender(
    options.url,
    {
      headers: requestHeaders(options),
      // Every HTTP response passes here, error statuses included, so the rate limit stays current.
      // Without `readRateLimit`, graphql-request calls the given fetch or the global one itself.
      fetch: readLimit
        ? async (input, init) => {
            // Called bare: a browser's fetch throws when called as a method of another object.
            const response = await (givenFetch ?? fetch)(input, init);
            rateLimit = readLimit(response.headers);
            return response;
          }
        : givenFetch,
    },
    options.persistedOperations ?? true,
  );
  const run = options.retry ?? sendOnce;

  // Variables are loosely typed here; `RunOperation` types them for callers.
  function send<Result>(
    document: TypedDocument<Result, never>,
    variables: object | undefined,
    callOptions: CallOptions | undefined,
  ): Promise<Result> {
    const signal = AbortSignal.any([options.signal, callOptions?.signal].filter((each) => each !== undefined));
    return run({
      document,
      idempotent: callOptions?.idempotent === true,
      signal,
      send: (attemptSignal) => sendDocument({ document, variables, signal: attemptSignal }),
      fail: (error) => classifyError(error, signal),
    });
  }

  return {
    request: (document, ...[variables, callOptions]) => send(document, variables, callOptions),
    get rateLimit() {
      return rateLimit;
    },
  };
}

/** A call without the retry part: sent once. */
async function sendOnce<Result>(call: Call<Result>): Promise<Result> {
  try {
    return await call.send(call.signal);
  } catch (error) {
    throw call.fail(error);
  }
}

function requestHeaders({ apiKey, headers }: RequestClientOptions): Headers {
  const merged = new Headers(headers);
  // An explicit API key wins over an Authorization header passed in `headers`.
  if (apiKey) merged.set("authorization", `Bearer ${apiKey}`);
  return merged;
}
