import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import {
  defaultExtractPersistedOperationId,
  usePersistedOperations as usePersistedOperationsPlugin,
} from "@graphql-yoga/plugin-persisted-operations";
import { createGraphQLError, type Plugin } from "graphql-yoga";

/**
 * Decides, per request, whether it may send a document's text ("arbitrary operation") rather than
 * the hash of a persisted one; a request it refuses gets PERSISTED_QUERY_ONLY for any text. Asked
 * only for requests that send text.
 */
export type ArbitraryOperationsPolicy = (request: Request) => boolean | Promise<boolean>;

/**
 * The contract's codegen writes the manifest (sha256 hash → operation text) beside the operations it
 * hashes, so the server knows exactly the curated operations of the SDK in the same release.
 */
const manifestSpecifier = "@p3pd/contract/persisted-operations.json";

/**
 * Runs a request that names a persisted operation by hash (`extensions.persistedQuery
 * { version: 1, sha256Hash }`, as the SDK and Apollo clients send it) as the operation's text
 * from the contract's manifest, and lets `allowArbitraryOperations` decide who may send text instead.
 *
 * The hash is swapped for the text before parsing, so a persisted operation is parsed, validated,
 * limited and authorised exactly like the same text sent in `query`.
 */
export function usePersistedOperations(allowArbitraryOperations: ArbitraryOperationsPolicy): Plugin {
  const manifest = loadManifest();
  return usePersistedOperationsPlugin({
    allowArbitraryOperations,
    getPersistedOperation: (sha256Hash) => manifest.get(sha256Hash) ?? null,
    customErrors: {
      notFound: ({ params, request, context }) =>
        requestError(
          `No persisted operation has the hash ${JSON.stringify(defaultExtractPersistedOperationId(params, request, context))}: ` +
            `this server may be older than the client. Send the document's text in "query" instead.`,
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
}

/** The manifest as a map, read once when the server is created so a missing file stops start-up. */
function loadManifest(): ReadonlyMap<string, string> {
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
