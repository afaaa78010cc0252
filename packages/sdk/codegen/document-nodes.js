// @ts-check
/**
 * Local GraphQL Code Generator plugin: the curated operations and fragments as `DocumentNode`s,
 * for `@p3pd/sdk/apollo` (Apollo Client takes syntax trees, not text). Each operation's tree is
 * the main entry's `…Document` text parsed here, so Apollo prints and sends that same text; each
 * fragment's holds it and the fragments it spreads (`…FragmentDoc`, for `cache.readFragment`).
 * Trees, not texts parsed at run time: Apollo Client's bundle holds graphql's printer but not its
 * parser (about 7 kB gzipped), and a tree is a constant a bundler drops when the app never uses it.
 */
import { Kind, parse, print, visit } from "graphql";
import { persistedOperationsOf } from "@p3pd/contract/codegen/persisted-operations.js";

/**
 * @typedef {object} DocumentNodesConfig
 * @property {string} typesModule Module exporting the result and variable types, relative to the output.
 */

/** @type {import("@graphql-codegen/plugin-helpers").PluginValidateFn<DocumentNodesConfig>} */
export function validate(_schema, _documents, config) {
  if (!config.typesModule) throw new Error("document-nodes: set `typesModule` in its config.");
}

/**
 * The syntax tree of `text` as a TypeScript expression of the type given.
 * @param {string} text
 * @param {string} type
 */
function treeOf(text, type) {
  return `${JSON.stringify(parse(text, { noLocation: true }))} as unknown as ${type}`;
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
  const operations = persistedOperationsOf(documents).map(({ name, text }) => ({ name, text, result: `${name}${kinds.get(name) ?? ""}` }));
  const fragmentDocs = [...fragments.values()]
    .map((fragment) => {
      const spread = [...spreadClosure(fragment, fragments)].filter((name) => name !== fragment.name.value).sort();
      const text = print({ kind: Kind.DOCUMENT, definitions: [fragment, ...spread.flatMap((name) => fragments.get(name) ?? [])] });
      return { name: fragment.name.value, text };
    })
    .sort((a, b) => a.name.localeCompare(b.name));

  return [
    `import type { TypedDocumentNode } from "@graphql-typed-document-node/core";`,
    `import type {\n${[...operations.flatMap(({ result }) => [result, `${result}Variables`]), ...fragmentDocs.map(({ name }) => `${name}Fragment`)].map((type) => `  ${type},`).join("\n")}\n} from "${config.typesModule}";`,
    "",
    ...operations.flatMap(({ name, text, result }) => [
      `/** The \`${name}\` operation as a syntax tree: the main entry's \`${name}Document\`, parsed. */`,
      `export const ${name}Document = ${treeOf(text, `TypedDocumentNode<${result}, ${result}Variables>`)};`,
    ]),
    ...fragmentDocs.flatMap(({ name, text }) => [
      `/** The \`${name}\` fragment and the fragments it spreads, for \`cache.readFragment\`. */`,
      `export const ${name}FragmentDoc = ${treeOf(text, `TypedDocumentNode<${name}Fragment, unknown>`)};`,
    ]),
    "",
  ].join("\n");
}
