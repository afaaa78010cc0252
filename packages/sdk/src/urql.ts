/**
 * `@p3pd/sdk/urql`: what urql's normalised cache (`@urql/exchange-graphcache`) needs to know about
 * this API, built from its schema. A module of its own, so it enters only the bundles of apps that
 * import it; it imports nothing from urql.
 *
 * ```ts
 * import { Client, fetchExchange } from "@urql/core";
 * import { cacheExchange } from "@urql/exchange-graphcache";
 * import { relayPagination } from "@urql/exchange-graphcache/extras";
 * import { connectionResolvers, keys, schema } from "@p3pd/sdk/urql";
 *
 * const client = new Client({ url, exchanges: [cacheExchange({ schema, keys, resolvers: connectionResolvers(relayPagination) }), fetchExchange] });
 * ```
 */
import { connectionFields, typesWithoutId } from "./generated/cache-shape.js";

/** The API's schema, introspected and minified, so graphcache knows the interfaces, unions and which fields may be null. */
export { default as schema } from "./generated/introspection.js";

/**
 * A key for every type without an `id`: none (`null`), so graphcache keeps its values inside the
 * object that holds them, as intended, instead of warning about an invalid key. None of them has
 * a key of its own: a coverage row depends on the arguments it was asked with, a stage's province
 * on its stage, a viewer on the key that sent the request.
 */
export const keys: Readonly<Record<string, () => null>> = Object.fromEntries(typesWithoutId.map((typename) => [typename, () => null]));

/**
 * The resolvers that page every connection field of the schema with the pagination helper given,
 * called once per field: `connectionResolvers(relayPagination)` with graphcache's own, which merges
 * `edges` and `nodes` alike and tells lists apart by their other arguments.
 */
export function connectionResolvers<Resolver>(pagination: () => Resolver): Record<string, Record<string, Resolver>> {
  return Object.fromEntries(
    Object.entries(connectionFields).map(([typename, fields]) => [typename, Object.fromEntries(Object.keys(fields).map((field) => [field, pagination()]))]),
  );
}
