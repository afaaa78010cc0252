/**
 * `@p3pd/sdk/apollo`: what Apollo Client's `InMemoryCache` needs to know about this API, built from
 * its schema, and the curated documents as the syntax trees Apollo takes. A module of its own, so
 * it enters only the bundles of apps that import it; it imports nothing from `@apollo/client` at
 * run time (its types only).
 *
 * ```ts
 * import { ApolloClient, HttpLink, InMemoryCache } from "@apollo/client";
 * import { possibleTypes, ProvinceDocument, typePolicies } from "@p3pd/sdk/apollo";
 *
 * const client = new ApolloClient({ link: new HttpLink({ uri }), cache: new InMemoryCache({ possibleTypes, typePolicies }) });
 * const { data } = await client.query({ query: ProvinceDocument, variables: { code: "73" } });
 * ```
 */
import type { PossibleTypesMap, TypePolicies, TypePolicy } from "@apollo/client/cache";
import { connectionPagination } from "./apollo-connection-pagination.js";
import { connectionFields, typesWithoutId } from "./generated/cache-shape.js";
import generatedPossibleTypes from "./generated/possible-types.js";

export { connectionPagination } from "./apollo-connection-pagination.js";
/**
 * Every curated operation as a `TypedDocumentNode` (`ProvinceDocument`, …: the main entry's texts,
 * parsed at codegen), and every curated fragment (`RegionSummaryFragmentDoc`, …) for
 * `cache.readFragment`.
 */
export * from "./generated/document-nodes.js";

/** The object types of every interface (`Node`, `Region`, `Error`) and union (each mutation's result), for fragments on them. */
export const possibleTypes: PossibleTypesMap = generatedPossibleTypes.possibleTypes;

/**
 * A type policy for every type the cache must be told about:
 *
 * - every field that returns a connection pages with {@link connectionPagination}, keyed by its
 *   arguments other than the paging ones, so `fetchMore` adds pages whether the query selects
 *   `nodes` or `edges`;
 * - every type without an `id` (`Viewer`, `Coverage`, `StageProvince`, `Reach`, the connections,
 *   edges and `PageInfo`, the mutation results …) is kept inside the object that holds it
 *   (`keyFields: false`), and a later answer that selects other fields of it adds to it
 *   (`merge: true`) rather than replacing it, which is what Apollo warns about as "Cache data may
 *   be lost". None of them has a key of its own: a coverage row depends on the arguments it was
 *   asked with, a stage's province on its stage, a viewer on the key that sent the request.
 */
export const typePolicies: TypePolicies = buildTypePolicies();

function buildTypePolicies(): TypePolicies {
  const policies: Record<string, TypePolicy> = {};
  for (const typename of typesWithoutId) policies[typename] = { keyFields: false, merge: true };
  for (const [typename, fields] of Object.entries(connectionFields)) {
    policies[typename] = {
      ...policies[typename],
      fields: Object.fromEntries(Object.entries(fields).map(([field, keyArgs]) => [field, connectionPagination(keyArgs.length > 0 ? [...keyArgs] : false)])),
    };
  }
  return policies;
}
