// @ts-check
/**
 * Local GraphQL Code Generator plugin: what a normalising client cache must know about the schema
 * beyond its types, as plain data (no client library imported), for the SDK's Apollo and urql
 * helpers to build their configuration from:
 *
 * - `connectionFields`: every field that returns a Relay connection, by the type it is on, with
 *   its arguments other than the paging ones (`first`, `after`, `last`, `before`): those name
 *   which list is paged (a search, a filter), so each gets its own pages in the cache;
 * - `typesWithoutId`: every object type without an `id` field. Their values live inside the
 *   object that holds them (a coverage row, a stage's province, a page's edges), not as entities
 *   of their own: nothing in them is a key of its own that stays the same everywhere they occur.
 */
import { getNamedType, isObjectType } from "graphql";

const pagingArguments = new Set(["first", "after", "last", "before"]);

/**
 * A connection as the Relay spec defines it: an object type named `…Connection` with `edges` and
 * `pageInfo`.
 * @param {import("graphql").GraphQLNamedType} type
 */
function isConnection(type) {
  return isObjectType(type) && type.name.endsWith("Connection") && "edges" in type.getFields() && "pageInfo" in type.getFields();
}

/** @type {import("@graphql-codegen/plugin-helpers").PluginFunction} */
export function plugin(schema) {
  /** @type {Record<string, Record<string, string[]>>} */
  const connectionFields = {};
  /** @type {string[]} */
  const typesWithoutId = [];
  const types = Object.values(schema.getTypeMap())
    .filter((type) => !type.name.startsWith("__"))
    .sort((a, b) => a.name.localeCompare(b.name));
  for (const type of types) {
    // Object types only: a client cache keeps each object under its concrete type's name.
    if (!isObjectType(type)) continue;
    const fields = Object.values(type.getFields());
    const connections = fields.filter((field) => isConnection(getNamedType(field.type)));
    if (connections.length > 0) {
      connectionFields[type.name] = Object.fromEntries(
        connections.map((field) => [field.name, field.args.map((arg) => arg.name).filter((name) => !pagingArguments.has(name)).sort()]),
      );
    }
    const isRoot = type === schema.getQueryType() || type === schema.getMutationType() || type === schema.getSubscriptionType();
    if (!isRoot && !("id" in type.getFields())) typesWithoutId.push(type.name);
  }
  return [
    "/** Fields returning a Relay connection, by type, with the arguments that are not paging ones. */",
    `export const connectionFields: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = ${JSON.stringify(connectionFields, null, 2)};`,
    "",
    "/** Object types without an `id`: values held inside their parent, never entities of their own. */",
    `export const typesWithoutId: readonly string[] = ${JSON.stringify(typesWithoutId, null, 2)};`,
    "",
  ].join("\n");
}
