// @ts-check
/**
 * Local GraphQL Code Generator plugin: every curated `…Document` constant (emitted by
 * typed-document-node), registered with the hash the client sends for it, so that a curated
 * document goes out as its hash however it is called: by its method, `request` or `paginate`.
 *
 * One registration per document, each marked pure, rather than one table of them all: a bundler
 * drops the registration of every document an app never uses, and with it the document (a table
 * would keep every document of the SDK in every partner's bundle).
 */
import { persistedOperationsOf } from "@p3pd/contract/codegen/persisted-operations.js";

/**
 * @typedef {object} PersistedDocumentsConfig
 * @property {string} documentsModule Module exporting the `…Document` constants, relative to the output.
 * @property {string} registryModule Module exporting `persisted(document, sha256Hash)`, relative to the output.
 */

/** @type {import("@graphql-codegen/plugin-helpers").PluginValidateFn<PersistedDocumentsConfig>} */
export function validate(_schema, _documents, config) {
  if (!config.documentsModule || !config.registryModule) {
    throw new Error("persisted-documents: set `documentsModule` and `registryModule` in its config.");
  }
}

/** @type {import("@graphql-codegen/plugin-helpers").PluginFunction<PersistedDocumentsConfig>} */
export function plugin(_schema, documents, config) {
  const operations = persistedOperationsOf(documents);
  return [
    `import { persisted } from "${config.registryModule}";`,
    `import {\n${operations.map(({ name }) => `  ${name}Document as ${name}Text,`).join("\n")}\n} from "${config.documentsModule}";`,
    "",
    "// The result and variable types and the enums; the documents below take the place of theirs.",
    `export * from "${config.documentsModule}";`,
    "",
    ...operations.flatMap(({ name, sha256Hash }) => [
      `/** The \`${name}\` operation, sent as the sha256 hash of its text (its key in persisted-operations.json). */`,
      `export const ${name}Document = /* @__PURE__ */ persisted(${name}Text, "${sha256Hash}");`,
    ]),
    "",
  ].join("\n");
}
