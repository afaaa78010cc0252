import { GraphQLClient } from "graphql-request";
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { createOperationMethods, type OperationMethods } from "./generated/operation-methods.js";
import type { RunOperation, VariablesArgs } from "./operation-runner.js";

export interface ClientOptions {
  /** The GraphQL endpoint, e.g. "http://127.0.0.1:4000/graphql". */
  url: string;
  /** Sent as `Authorization: Bearer <apiKey>` on every request. */
  apiKey?: string;
  /** Extra headers for every request. */
  headers?: HeadersInit;
  /** A fetch to use instead of the global one (e.g. one with a proxy or retries). */
  fetch?: typeof fetch;
}

/** A method per curated operation, plus `request` for any other typed document. */
export interface P3pdClient extends OperationMethods {
  /**
   * Sends any TypedDocumentNode (a curated `…Document` or one from a `graphql()` tag) and
   * resolves to its `data`, with result and variable types taken from the document.
   */
  request: RunOperation;
}

export function createClient(options: ClientOptions): P3pdClient {
  const graphQLClient = new GraphQLClient(options.url, {
    headers: requestHeaders(options),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const request = <Result, Variables extends object>(
    document: TypedDocumentNode<Result, Variables>,
    ...[variables]: VariablesArgs<Variables>
  ): Promise<Result> => graphQLClient.request<Result>(document, variables);
  return { ...createOperationMethods(request), request };
}

function requestHeaders({ apiKey, headers }: ClientOptions): Headers {
  const merged = new Headers(headers);
  // An explicit API key wins over an Authorization header passed in `headers`.
  if (apiKey) merged.set("authorization", `Bearer ${apiKey}`);
  return merged;
}
