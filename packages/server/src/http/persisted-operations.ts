import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import {
  defaultExtractPersistedOperationId,
  usePersistedOperations as usePersistedOperationsPlugin,
} from "@graphql-yoga/plugin-persisted-operations";
import { createGraphQLError, type Plugin } from "graphql-yoga";
import type { ArbitraryOperationsPolicy } from "./arbitrary-operations-policy.js";
import { RegisteredOperations, useOperationRegistration } from "./automatic-persisted-queries.js";

export type { ArbitraryOperationsPolicy } from "./arbitrary-operations-policy.js";

/**
 * The contract's codegen writes the manifest (sha256 hash → operation text) beside the operations it
 * hashes, so the server knows exactly the curated operations of the SDK in the same release.
 */
const manifestSpecifier = "@p3pd/contract/persisted-operations.json";

/**
 * Runs a request that names a persisted operation by hash (`extensions.persistedQuery
 * { version: 1, sha256Hash }`, as the SDK and Apollo clients send it) as the operation's text,
 * and lets `allowArbitraryOperations` decide who may send text instead.
 *
 * A hash names a curated operation of the contract's manifest, which every caller may run, or
 * else a text that automatic persisted queries registered in this process, which only a caller
 * that may send text can register or run: a caller limited to persisted operations stays limited
 * to the curated ones, whatever another caller registered.
 *
 * The hash is swapped for the text before parsing, so a persisted operation is parsed, validated,
 * limited and authorised exactly like the same text sent in `query`.
 */
export function usePersistedOperations(allowArbitraryOperations: ArbitraryOperationsPolicy): Plugin[] {
  const manifest = loadManifest();
  const registered = new RegisteredOperations();
  const runPersistedOperations = usePersistedOperationsPlugin({
    allowArbitraryOperations,
    getPersistedOperation: async (sha256Hash, request) =>
      manifest.get(sha256Hash) ?? ((await allowArbitraryOperations(request)) ? registered.get(sha256Hash) : undefined) ?? null,
    customErrors: {
      notFound: ({ params, request, context }) =>
        requestError(
          `No persisted operation has the hash ${JSON.stringify(defaultExtractPersistedOperationId(params, request, context))}: ` +
            `this server may be older than the client, or has not seen the text yet. Send the document's text in "query" instead ` +
            `(with the hash too, and this server registers it for the caller's next requests).`,
          "PERSISTED_QUERY_NOT_FOUND",
        ),
      persistedQueryOnly: () =>
        requestError(
          "This caller may send persisted operations only: send the sha256 hash of a curated operation " +
            'in "extensions": { "persistedQuery": { "version": 1, "sha256Hash": … } } instead of "query".',
          "PERSISTED_QUERY_ONLY",
        ),
      // Neither text nor hash: what Yoga answers without this plugin, naming both ways to send one.
      keyNotFound: () =>
        requestError(
          'Must provide a query string in "query" or a persisted operation\'s hash in "extensions.persistedQuery".',
          "BAD_REQUEST",
        ),
    },
  });
  // Registration first: it sees the text and the hash sent together, before the text is checked.
  return [useOperationRegistration(registered, allowArbitraryOperations), runPersistedOperations];
}

/**
 * The contract's curated operations as a map (sha256 hash → operation text), read once when the
 * server is created so a missing file stops start-up.
 */
export function loadManifest(): ReadonlyMap<string, string> {
  const path = createRequire(import.meta.url).resolve(manifestSpecifier);
  const parsed: unknown = JSON.parse(readFileSync(path, "utf8"));
  const entries = typeof parsed === "object" && parsed !== null ? Object.entries(parsed) : [];
  if (entries.length === 0 || !entries.every((entry): entry is [string, string] => typeof entry[1] === "string")) {
    throw new Error(`${path} is not a persisted-operations manifest (sha256 hash → operation text): run \`npm run codegen\`.`);
  }
  return new Map(entries);
}

/** Refused before parsing, like an invalid request: 400 for graphql-response+json, 200 for JSON clients. */
function requestError(message: string, code: string): Error {
  return createGraphQLError(message, { extensions: { code, http: { spec: true, status: 400 } } });
}
