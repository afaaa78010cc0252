// @ts-check
/**
 * The persisted form of the curated operations, shared by the two outputs that must agree on it:
 * the manifest the server loads (hash → text) and the hashes the client sends.
 *
 * An operation's text is the operation followed by every fragment it uses, printed by graphql-js,
 * with the fragments in the order typed-document-node put them in the SDK's `…Document` syntax
 * trees, which is how the hashes were first computed (another order would change every hash). The
 * SDK's `…Document` is this text itself, so it sends either the hash or the very text the hash is
 * of (packages/sdk/test/persisted-documents.test.ts checks this for every operation).
 */
import { createHash } from "node:crypto";
import { Kind, print, visit } from "graphql";

/**
 * @typedef {object} PersistedOperation
 * @property {string} name The operation's name, e.g. "Province".
 * @property {string} text The operation and the fragments it uses, as sent over HTTP.
 * @property {string} sha256Hash The hex sha256 of `text`: its key in the manifest.
 */

/**
 * Every operation of the documents in its persisted form, in name order.
 * @param {import("@graphql-codegen/plugin-helpers").Types.DocumentFile[]} documents
 * @returns {PersistedOperation[]}
 */
export function persistedOperationsOf(documents) {
  const definitions = documents.flatMap((file) => file.document?.definitions ?? []);
  const fragments = new Map(
    definitions
      .filter((definition) => definition.kind === Kind.FRAGMENT_DEFINITION)
      .map((fragment) => [fragment.name.value, fragment]),
  );
  return definitions
    .filter((definition) => definition.kind === Kind.OPERATION_DEFINITION)
    .map((operation) => {
      const text = print({ kind: Kind.DOCUMENT, definitions: [operation, ...fragmentsInDocumentOrder(operation, fragments)] });
      return { name: operation.name?.value ?? "", text, sha256Hash: createHash("sha256").update(text).digest("hex") };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The fragments `operation` uses, in typed-document-node's order: first the dependencies of each
 * used fragment (depth first, a fragment after those it spreads), then the used fragments in the
 * order they are first spread, each followed by those it spreads.
 * @param {import("graphql").OperationDefinitionNode} operation
 * @param {Map<string, import("graphql").FragmentDefinitionNode>} fragments
 */
function fragmentsInDocumentOrder(operation, fragments) {
  const used = usedBy(operation, fragments);
  const ordered = new Set([...used.flatMap((name) => dependenciesOf(name, fragments)), ...used]);
  return [...ordered].flatMap((name) => fragments.get(name) ?? []);
}

/**
 * The names of the fragments `node` spreads, each followed by those it spreads in turn.
 * @param {import("graphql").ASTNode} node
 * @param {Map<string, import("graphql").FragmentDefinitionNode>} fragments
 * @returns {string[]}
 */
function usedBy(node, fragments) {
  return spreadBy(node).flatMap((name) => {
    const fragment = fragments.get(name);
    return [name, ...(fragment ? usedBy(fragment, fragments) : [])];
  });
}

/**
 * The fragments the fragment `name` depends on, each after its own dependencies.
 * @param {string} name
 * @param {Map<string, import("graphql").FragmentDefinitionNode>} fragments
 */
function dependenciesOf(name, fragments) {
  /** @type {string[]} */
  const order = [];
  /** @param {string} current */
  const visitDependencies = (current) => {
    const fragment = fragments.get(current);
    for (const dependency of fragment ? spreadBy(fragment) : []) {
      if (dependency === name || order.includes(dependency)) continue;
      visitDependencies(dependency);
      order.push(dependency);
    }
  };
  visitDependencies(name);
  return order;
}

/**
 * The names of the fragments `node` spreads itself, in the order of their first spread.
 * @param {import("graphql").ASTNode} node
 */
function spreadBy(node) {
  /** @type {Set<string>} */
  const names = new Set();
  visit(node, { FragmentSpread: (spread) => void names.add(spread.name.value) });
  return [...names];
}
