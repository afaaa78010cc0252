import { ClientError, GraphQLClient, type RequestMiddleware } from "graphql-request";
import { persistedHashOf } from "./persisted-hash.js";
import type { TypedDocument } from "./typed-document.js";

type RequestConfig = NonNullable<ConstructorParameters<typeof GraphQLClient>[1]>;

/** One attempt's request: a document, its variables, the signal that aborts it. */
export interface DocumentRequest<Result> {
  document: TypedDocument<Result, never>;
  variables: object | undefined;
  signal: AbortSignal | undefined;
}

/** Sends one request over HTTP and resolves to its `data`; rejects with graphql-request's errors. */
export type SendDocument = <Result>(request: DocumentRequest<Result>) => Promise<Result>;

/**
 * Sends a curated document as its persisted hash when `persisted` is on (and Web Crypto can
 * compute it), any other document (or every document, when off) as its text.
 *
 * A server that answers PERSISTED_QUERY_NOT_FOUND does not have this SDK's version of the
 * operation in its manifest (the SDK is newer than the server): the same request goes again at
 * once as text, which such a server runs unless the caller may send persisted operations only.
 * Nothing ran on the first request, so this is safe for mutations too. The fallback is decided
 * afresh on every call, so a client starts sending the hash again as soon as the server knows it.
 */
export function createDocumentSender(url: string, config: RequestConfig, persisted: boolean): SendDocument {
  const textClient = new GraphQLClient(url, config);
  return async <Result>(request: DocumentRequest<Result>) => {
    const sha256Hash = persisted ? await persistedHashOf(request.document) : undefined;
    if (sha256Hash === undefined) return textClient.request<Result, object>(request);
    const hashClient = new GraphQLClient(url, { ...config, requestMiddleware: sendHashInsteadOfText(sha256Hash) });
    try {
      return await hashClient.request<Result, object>(request);
    } catch (error) {
      if (!isPersistedQueryNotFound(error)) throw error;
      return textClient.request<Result, object>(request);
    }
  };
}

/**
 * Replaces the body graphql-request built (which carries the document's text) by the persisted-
 * query form: the operation's name, its variables, and `extensions.persistedQuery` with the hash.
 */
function sendHashInsteadOfText(sha256Hash: string): RequestMiddleware {
  return (request) => ({
    ...request,
    body: JSON.stringify({
      operationName: request.operationName,
      variables: request.variables,
      extensions: { persistedQuery: { version: 1, sha256Hash } },
    }),
  });
}

function isPersistedQueryNotFound(error: unknown): boolean {
  return (
    error instanceof ClientError &&
    (error.response.errors ?? []).some((graphQLError) => graphQLError.extensions?.["code"] === "PERSISTED_QUERY_NOT_FOUND")
  );
}
