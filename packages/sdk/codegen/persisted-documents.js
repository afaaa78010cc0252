// @ts-check
/**
 * Local GraphQL Code Generator plugin: every curated operation as a `…Document` constant holding
 * its text, typed with its result and variables, and registered as curated, so that it goes out as
 * its hash however it is called: by its method, `request` or `paginate`.
 *
 * The text is the one the contract's manifest holds under its hash (the operation followed by the
 * fragments it uses, as `persistedOperationsOf` prints it), so the client sends either the hash or
 * the very text the hash is of. The hash itself is not emitted: the client computes it from the
 * text (64 hex digits per document would be the bundle's least compressible bytes). Text rather than a syntax tree: graphql-request sends a string as
 * it is, and a string is a fifth of the tree's size in a bundle.
 *
 * One registration per document, each marked pure, rather than one table of them all: a bundler
 * drops the registration of every document an app never uses, and with it the document (a table
 * would keep every document of the SDK in every partner's bundle).
 */
import { Kind } from "graphql";
import { persistedOperationsOf } from "@p3pd/contract/codegen/persisted-operations.js";

/**
 * @typedef {object} PersistedDocumentsConfig
 * @property {string} typesModule Module exporting the result and variable types, relative to the output.
 * @property {string} registryModule Module exporting `persisted(text)`, relative to the output.
 */

/** @type {import("@graphql-codegen/plugin-helpers").PluginValidateFn<PersistedDocumentsConfig>} */
export function validate(_schema, _documents, config) {
  if (!config.typesModule || !config.registryModule) {
    throw new Error("persisted-documents: set `typesModule` and `registryModule` in its config.");
  }
}

/**
 * The result type's suffix of each operation (`Query`, `Mutation`), by name, as typescript-operations names them.
 * @param {import("@graphql-codegen/plugin-helpers").Types.DocumentFile[]} documents
 */
function resultSuffixes(documents) {
  return new Map(
    documents
      .flatMap((file) => file.document?.definitions ?? [])
      .filter((definition) => definition.kind === Kind.OPERATION_DEFINITION)
      .map((operation) => [operation.name?.value ?? "", operation.operation.charAt(0).toUpperCase() + operation.operation.slice(1)]),
  );
}

/** @type {import("@graphql-codegen/plugin-helpers").PluginFunction<PersistedDocumentsConfig>} */
export function plugin(_schema, documents, config) {
  const operations = persistedOperationsOf(documents);
  const suffixes = resultSuffixes(documents);
  const typed = operations.map((operation) => {
    const result = `${operation.name}${suffixes.get(operation.name) ?? ""}`;
    return { ...operation, result, variables: `${result}Variables` };
  });
  return [
    `import { persisted } from "${config.registryModule}";`,
    `import type {\n${typed.flatMap(({ result, variables }) => [`  ${result},`, `  ${variables},`]).join("\n")}\n} from "${config.typesModule}";`,
    "",
    "// The result and variable types and the enums.",
    `export type * from "${config.typesModule}";`,
    "",
    ...typed.flatMap(({ name, text, result, variables }) => [
      `/** The \`${name}\` operation's text, sent as its sha256 hash (its key in persisted-operations.json). */`,
      `export const ${name}Document = /* @__PURE__ */ persisted<${result}, ${variables}>(\n  ${JSON.stringify(text)},\n);`,
    ]),
    "",
  ].join("\n");
}
