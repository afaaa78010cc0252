/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "query ViewerKey { viewer { role keyName keyPrefix regionCode } }": typeof types.ViewerKeyDocument,
    "query ViewerRole { viewer { role } }": typeof types.ViewerRoleDocument,
    "query CoverageHeadline($regionCode: String) { coverage(regionCode: $regionCode) { level totParticipants } }": typeof types.CoverageHeadlineDocument,
    "query PersonReach($id: ID!) { node(id: $id) { id ... on Person { reach { peopleTrained } } } }": typeof types.PersonReachDocument,
    "query StageVenues { stages { id provinces { venueCity } } }": typeof types.StageVenuesDocument,
    "query KecamatanCounts($code: String!) { kabupaten(code: $code) { id kecamatans { totalCount } } }": typeof types.KecamatanCountsDocument,
    "\n  query Stages {\n    stages {\n      number\n    }\n  }\n": typeof types.StagesDocument,
    "\n  query VillagesAndProvinces($code: String!, $first: Int, $after: String) {\n    kecamatan(code: $code) {\n      villages(first: $first, after: $after) {\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        nodes {\n          code\n          kind\n        }\n      }\n    }\n    provinces(first: $first, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        name\n      }\n    }\n  }\n": typeof types.VillagesAndProvincesDocument,
    "\n  mutation CancelTraining($id: ID!) {\n    cancelTraining(id: $id) {\n      __typename\n    }\n  }\n": typeof types.CancelTrainingDocument,
    "\n  query VillageEdgesAndProvinces($code: String!, $first: Int, $after: String) {\n    kecamatan(code: $code) {\n      villages(first: $first, after: $after) {\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            code\n          }\n        }\n      }\n    }\n    provinces(first: 3) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        code\n      }\n    }\n  }\n": typeof types.VillageEdgesAndProvincesDocument,
    "\n  query VillagesOfKecamatan($code: String!) {\n    kecamatan(code: $code) {\n      name\n      villages(first: 100) {\n        nodes {\n          name\n          kind\n        }\n      }\n    }\n  }\n": typeof types.VillagesOfKecamatanDocument,
};
const documents: Documents = {
    "query ViewerKey { viewer { role keyName keyPrefix regionCode } }": types.ViewerKeyDocument,
    "query ViewerRole { viewer { role } }": types.ViewerRoleDocument,
    "query CoverageHeadline($regionCode: String) { coverage(regionCode: $regionCode) { level totParticipants } }": types.CoverageHeadlineDocument,
    "query PersonReach($id: ID!) { node(id: $id) { id ... on Person { reach { peopleTrained } } } }": types.PersonReachDocument,
    "query StageVenues { stages { id provinces { venueCity } } }": types.StageVenuesDocument,
    "query KecamatanCounts($code: String!) { kabupaten(code: $code) { id kecamatans { totalCount } } }": types.KecamatanCountsDocument,
    "\n  query Stages {\n    stages {\n      number\n    }\n  }\n": types.StagesDocument,
    "\n  query VillagesAndProvinces($code: String!, $first: Int, $after: String) {\n    kecamatan(code: $code) {\n      villages(first: $first, after: $after) {\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        nodes {\n          code\n          kind\n        }\n      }\n    }\n    provinces(first: $first, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        name\n      }\n    }\n  }\n": types.VillagesAndProvincesDocument,
    "\n  mutation CancelTraining($id: ID!) {\n    cancelTraining(id: $id) {\n      __typename\n    }\n  }\n": types.CancelTrainingDocument,
    "\n  query VillageEdgesAndProvinces($code: String!, $first: Int, $after: String) {\n    kecamatan(code: $code) {\n      villages(first: $first, after: $after) {\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            code\n          }\n        }\n      }\n    }\n    provinces(first: 3) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        code\n      }\n    }\n  }\n": types.VillageEdgesAndProvincesDocument,
    "\n  query VillagesOfKecamatan($code: String!) {\n    kecamatan(code: $code) {\n      name\n      villages(first: 100) {\n        nodes {\n          name\n          kind\n        }\n      }\n    }\n  }\n": types.VillagesOfKecamatanDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ViewerKey { viewer { role keyName keyPrefix regionCode } }"): (typeof documents)["query ViewerKey { viewer { role keyName keyPrefix regionCode } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ViewerRole { viewer { role } }"): (typeof documents)["query ViewerRole { viewer { role } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query CoverageHeadline($regionCode: String) { coverage(regionCode: $regionCode) { level totParticipants } }"): (typeof documents)["query CoverageHeadline($regionCode: String) { coverage(regionCode: $regionCode) { level totParticipants } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query PersonReach($id: ID!) { node(id: $id) { id ... on Person { reach { peopleTrained } } } }"): (typeof documents)["query PersonReach($id: ID!) { node(id: $id) { id ... on Person { reach { peopleTrained } } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query StageVenues { stages { id provinces { venueCity } } }"): (typeof documents)["query StageVenues { stages { id provinces { venueCity } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query KecamatanCounts($code: String!) { kabupaten(code: $code) { id kecamatans { totalCount } } }"): (typeof documents)["query KecamatanCounts($code: String!) { kabupaten(code: $code) { id kecamatans { totalCount } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Stages {\n    stages {\n      number\n    }\n  }\n"): (typeof documents)["\n  query Stages {\n    stages {\n      number\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query VillagesAndProvinces($code: String!, $first: Int, $after: String) {\n    kecamatan(code: $code) {\n      villages(first: $first, after: $after) {\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        nodes {\n          code\n          kind\n        }\n      }\n    }\n    provinces(first: $first, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  query VillagesAndProvinces($code: String!, $first: Int, $after: String) {\n    kecamatan(code: $code) {\n      villages(first: $first, after: $after) {\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        nodes {\n          code\n          kind\n        }\n      }\n    }\n    provinces(first: $first, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        name\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelTraining($id: ID!) {\n    cancelTraining(id: $id) {\n      __typename\n    }\n  }\n"): (typeof documents)["\n  mutation CancelTraining($id: ID!) {\n    cancelTraining(id: $id) {\n      __typename\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query VillageEdgesAndProvinces($code: String!, $first: Int, $after: String) {\n    kecamatan(code: $code) {\n      villages(first: $first, after: $after) {\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            code\n          }\n        }\n      }\n    }\n    provinces(first: 3) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        code\n      }\n    }\n  }\n"): (typeof documents)["\n  query VillageEdgesAndProvinces($code: String!, $first: Int, $after: String) {\n    kecamatan(code: $code) {\n      villages(first: $first, after: $after) {\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            code\n          }\n        }\n      }\n    }\n    provinces(first: 3) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        code\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query VillagesOfKecamatan($code: String!) {\n    kecamatan(code: $code) {\n      name\n      villages(first: 100) {\n        nodes {\n          name\n          kind\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query VillagesOfKecamatan($code: String!) {\n    kecamatan(code: $code) {\n      name\n      villages(first: 100) {\n        nodes {\n          name\n          kind\n        }\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;