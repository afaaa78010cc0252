// @ts-check
/**
 * Local GraphQL Code Generator plugin: the hash the client sends for each curated operation, keyed
 * by its `…Document` constant (emitted by typed-document-node), so that a curated document goes
 * out as its hash however it is called: by its method, `request` or `paginate`.
 */
import { persistedOperationsOf } from "./persisted-operations.js";

/**
 * @typedef {object} PersistedOperationHashesConfig
 * @property {string} documentsModule Module exporting the `…Document` constants, relative to the output.
 */

/** @type {import("@graphql-codegen/plugin-helpers").PluginValidateFn<PersistedOperationHashesConfig>} */
export function validate(_schema, _documents, config) {
  if (!config.documentsModule) throw new Error("persisted-operation-hashes: set `documentsModule` in its config.");
}

/** @type {import("@graphql-codegen/plugin-helpers").PluginFunction<PersistedOperationHashesConfig>} */
export function plugin(_schema, documents, config) {
  const operations = persistedOperationsOf(documents);
  return [
    `import type { DocumentNode } from "graphql";`,
    `import {\n${operations.map(({ name }) => `  ${name}Document,`).join("\n")}\n} from "${config.documentsModule}";`,
    "",
    "/** The sha256 hash of each curated operation's text: its key in persisted-operations.json. */",
    "export const persistedOperationHashes: ReadonlyMap<DocumentNode, string> = new Map<DocumentNode, string>([",
    ...operations.map(({ name, sha256Hash }) => `  [${name}Document, "${sha256Hash}"],`),
    "]);",
    "",
  ].join("\n");
}
