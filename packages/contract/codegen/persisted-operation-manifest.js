// @ts-check
/**
 * Local GraphQL Code Generator plugin: the persisted-operations manifest, a JSON object from the
 * sha256 hash of each curated operation to its text. The server loads it at start-up and runs an
 * operation sent by its hash. JSON, not code, so that any server or gateway can read it as it is.
 */
import { persistedOperationsOf } from "./persisted-operations.js";

/** @type {import("@graphql-codegen/plugin-helpers").PluginFunction} */
export function plugin(_schema, documents) {
  const manifest = Object.fromEntries(persistedOperationsOf(documents).map(({ sha256Hash, text }) => [sha256Hash, text]));
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
