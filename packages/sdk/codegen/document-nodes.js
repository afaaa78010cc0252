// @ts-check
/**
 * Local GraphQL Code Generator plugin: the curated operations and fragments as `DocumentNode`s,
 * for `@p3pd/sdk/apollo` (Apollo Client takes syntax trees, not text). Each operation's tree is
 * parsed from the main entry's `…Document` text, so Apollo sends the same text the manifest holds;
 * each fragment's from its text and the fragments it spreads (`…FragmentDoc`, for
 * `cache.readFragment`). Every parse is marked pure: a bundler drops the documents an app never
 * imports, and with them their parse.
 */
import { Kind, print, visit } from "graphql";
import { persistedOperationsOf } from "@p3pd/contract/codegen/persisted-operations.js";

/**
 * @typedef {object} DocumentNodesConfig
 * @property {string} typesModule Module exporting the result and variable types, relative to the output.
 * @property {string} documentsModule Module exporting the curated `…Document` texts, relative to the output.
 */

/** @type {import("@graphql-codegen/plugin-helpers").PluginValidateFn<DocumentNodesConfig>} */
export function validate(_schema, _documents, config) {
  if (!config.typesModule || !config.documentsModule) {
    throw new Error("document-nodes: set `typesModule` and `documentsModule` in its config.");
  }
}

/**
 * The names of the fragments `node` spreads, directly or through other fragments.
 * @param {import("graphql").ASTNode} node
 * @param {Map<string, import("graphql").FragmentDefinitionNode>} fragments
 * @param {Set<string>} found
 */
function spreadClosure(node, fragments, found = new Set()) {
  visit(node, {
    FragmentSpread: (spread) => {
      const name = spread.name.value;
      const fragment = fragments.get(name);
      if (found.has(name) || !fragment) return;
      found.add(name);
      spreadClosure(fragment, fragments, found);
    },
  });
  return found;
}

/** @param {string} kind */
const capitalised = (kind) => kind.charAt(0).toUpperCase() + kind.slice(1);

/** @type {import("@graphql-codegen/plugin-helpers").PluginFunction<DocumentNodesConfig>} */
export function plugin(_schema, documents, config) {
  const definitions = documents.flatMap((file) => file.document?.definitions ?? []);
  const kinds = new Map(definitions.flatMap((definition) => (definition.kind === Kind.OPERATION_DEFINITION ? [[definition.name?.value ?? "", capitalised(definition.operation)]] : [])));
  const fragments = new Map(definitions.flatMap((definition) => (definition.kind === Kind.FRAGMENT_DEFINITION ? [[definition.name.value, definition]] : [])));
  const operations = persistedOperationsOf(documents).map(({ name }) => ({ name, result: `${name}${kinds.get(name) ?? ""}` }));
  const fragmentDocs = [...fragments.values()]
    .map((fragment) => {
      const spread = [...spreadClosure(fragment, fragments)].filter((name) => name !== fragment.name.value).sort();
      const text = print({ kind: Kind.DOCUMENT, definitions: [fragment, ...spread.flatMap((name) => fragments.get(name) ?? [])] });
      return { name: fragment.name.value, text };
    })
    .sort((a, b) => a.name.localeCompare(b.name));

  return [
    `import type { TypedDocumentNode } from "@graphql-typed-document-node/core";`,
    `import { parse } from "graphql";`,
    `import type {\n${[...operations.flatMap(({ result }) => [result, `${result}Variables`]), ...fragmentDocs.map(({ name }) => `${name}Fragment`)].map((type) => `  ${type},`).join("\n")}\n} from "${config.typesModule}";`,
    `import {\n${operations.map(({ name }) => `  ${name}Document as ${name}Text,`).join("\n")}\n} from "${config.documentsModule}";`,
    "",
    ...operations.flatMap(({ name, result }) => [
      `/** The \`${name}\` operation as a syntax tree, parsed from the main entry's \`${name}Document\`. */`,
      `export const ${name}Document: TypedDocumentNode<${result}, ${result}Variables> = /* @__PURE__ */ parse(${name}Text, { noLocation: true });`,
    ]),
    ...fragmentDocs.flatMap(({ name, text }) => [
      `/** The \`${name}\` fragment and the fragments it spreads, for \`cache.readFragment\`. */`,
      `export const ${name}FragmentDoc: TypedDocumentNode<${name}Fragment, unknown> = /* @__PURE__ */ parse(\n  ${JSON.stringify(text)},\n  { noLocation: true },\n);`,
    ]),
    "",
  ].join("\n");
}
