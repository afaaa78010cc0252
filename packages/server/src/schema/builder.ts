import SchemaBuilder from "@pothos/core";
import type { GraphQLResolveInfo } from "graphql";
import ErrorsPlugin from "@pothos/plugin-errors";
import PrismaPlugin from "@pothos/plugin-prisma";
import RelayPlugin, { resolveNodes } from "@pothos/plugin-relay";
import ScopeAuthPlugin from "@pothos/plugin-scope-auth";
import type PrismaTypes from "../db/generated/pothos-types.js";
import { getDatamodel } from "../db/generated/pothos-types.js";
import { ConflictError, NotFoundError, ValidationError } from "../cascade/write-errors.js";
import { scopesOf, unauthorizedError, type AuthScopes } from "./access-scopes.js";
import AuditPlugin from "./audit-plugin.js";
import type { Context } from "./context.js";
import DeadlinePlugin from "./deadline-plugin.js";
import { assertNodeTypename, decodeIssuedGlobalID, type GlobalId } from "./global-ids.js";
import { resolveNodeReadingRegions, resolveNodesReadingRegions } from "./region-nodes.js";
import { defaultPageSize, maxPageSize, minPageSize } from "./page-args.js";

const capitalize = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

export const builder = new SchemaBuilder<{
  Context: Context;
  AuthScopes: AuthScopes;
  PrismaTypes: PrismaTypes;
  Scalars: {
    Date: { Input: Date; Output: Date };
    DateTime: { Input: Date; Output: Date };
    ID: { Input: string; Output: string };
  };
  // Fields are non-null unless they say otherwise: nullable is the exception worth stating.
  DefaultFieldNullability: false;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
  // Connections carry their total, or a function that counts it only when asked.
  Connection: { totalCount?: number | (() => number | Promise<number>) };
}>({
  // Outermost first: nothing starts after the operation's deadline; the audit trail wraps the rest,
  // so it records the scope checks' refusals too; then scope auth: a field the caller may not see
  // is refused before anything else runs.
  plugins: [DeadlinePlugin, AuditPlugin, ScopeAuthPlugin, ErrorsPlugin, RelayPlugin, PrismaPlugin],
  scopeAuth: {
    authScopes: scopesOf,
    unauthorizedError: (_parent, context, info, result) => unauthorizedError(context, info, result),
  },
  defaultFieldNullability: false,
  errors: {
    // Only our own error classes become typed results; anything else stays an internal error.
    defaultTypes: [ValidationError, NotFoundError, ConflictError],
    defaultResultOptions: { name: ({ fieldName }) => `${capitalize(fieldName)}Success` },
    defaultUnionOptions: { name: ({ fieldName }) => `${capitalize(fieldName)}Result` },
  },
  prisma: {
    client: (context) => context.prisma,
    dmmf: getDatamodel(),
    exposeDescriptions: false,
    filterConnectionTotalCount: true,
    defaultConnectionSize: defaultPageSize,
    maxConnectionSize: maxPageSize,
  },
  relay: {
    clientMutationId: "omit",
    cursorType: "String",
    nodesOnConnection: { description: "The page's items without their cursors: the same items, in the same order, as `edges`." },
    // Every connection's paging arguments and fields, described once for all of them.
    firstArgOptions: {
      description: `Page forward: at most this many items after \`after\`, ${minPageSize}–${maxPageSize} (another number is a BAD_USER_INPUT error); ${defaultPageSize} when neither \`first\` nor \`last\` is given. Nested connections' page sizes multiply into the request's node count, which has a limit (QUERY_TOO_COMPLEX).`,
    },
    afterArgOptions: {
      description: "Start after this cursor (an `endCursor` or edge `cursor` this connection issued; any other string is a BAD_USER_INPUT error); null: from the start.",
    },
    lastArgOptions: { description: `Page backward: at most this many items before \`before\`, ${minPageSize}–${maxPageSize} (another number is a BAD_USER_INPUT error).` },
    beforeArgOptions: {
      description: "End before this cursor (a `startCursor` or edge `cursor` this connection issued; any other string is a BAD_USER_INPUT error); null: up to the end.",
    },
    edgesFieldOptions: { nullable: false, description: "The page's items in the connection's order, each with the cursor to page from it." },
    nodeFieldOptions: { nullable: false, description: "The item at this position of the page; never null." },
    cursorFieldOptions: { description: "Opaque position of this item: pass it as `after` or `before`." },
    pageInfoFieldOptions: { description: "Whether there are more pages, and the cursors to fetch them." },
    pageInfoTypeOptions: { description: "Where a page sits in its connection (Relay cursor connections)." },
    hasNextPageFieldOptions: { description: "Whether items follow this page (when paging forward with `first`)." },
    hasPreviousPageFieldOptions: { description: "Whether items precede this page (when paging backward with `last`)." },
    startCursorFieldOptions: { description: "The first item's cursor, to pass as `before`; null for an empty page." },
    endCursorFieldOptions: { description: "The last item's cursor, to pass as `after`; null for an empty page." },
    decodeGlobalID: decodeIssuedGlobalID,
    // Described once here, so every Node type's id (and Node itself) reads the same in the docs.
    idFieldOptions: { description: "Relay global ID: opaque and stable; `node(id:)` and every `id` argument take it." },
    nodeTypeOptions: { description: "An object with a stable global ID, which `node(id:)` and `nodes(ids:)` refetch." },
    nodeQueryOptions: {
      description: "Any object with a global ID (a region, stage, module, training, person or enrollment), whatever its type; null when nothing has this ID. A training, person or enrollment the caller may not read is an UNAUTHENTICATED or FORBIDDEN error.",
      args: { id: { description: "A global ID this API issued (an `id` field's value); anything else is a BAD_USER_INPUT error." } },
      resolve: (_root, { id }, context, info, resolveNode) => {
        assertNodeTypename(id, info.schema);
        return resolveNodeReadingRegions(id, context.regions, resolveNode);
      },
    },
    nodesQueryOptions: {
      description: "Objects by global ID, in the order of `ids`: null in place of each one that does not exist, and an UNAUTHENTICATED or FORBIDDEN error in place of each the caller may not read.",
      args: { ids: { description: "Global IDs this API issued, any types mixed; one that is not is a BAD_USER_INPUT error for the whole field." } },
      // The plugin's own resolver (the last parameter) always resolves every ID of the request.
      resolve: (_root, { ids }, context, info) => {
        for (const id of ids) assertNodeTypename(id, info.schema);
        return resolveNodesReadingRegions(ids, context.regions, (others) => resolveOtherNodes(context, info, others));
      },
    },
  },
});

/** The relay plugin's own node loading, for the IDs that are not regions (see region-nodes.ts). */
function resolveOtherNodes(context: Context, info: GraphQLResolveInfo, ids: GlobalId[]): Promise<readonly unknown[]> {
  return resolveNodes(builder, context, info, ids);
}

builder.queryType({
  description: "What can be read. The region tree and the program are public; trainings, people and coverage need a PARTNER, STAFF or ADMIN key; API keys and the audit trail an ADMIN key.",
});
// Every write needs a STAFF or ADMIN key; each mutation then checks the rows it touches.
builder.mutationType({
  authScopes: { staff: true },
  description:
    "What can be written: every mutation needs a STAFF key (confined to its region's subtree) or an ADMIN key, runs in one transaction with its audit record, and answers a typed error, writing nothing, when the input is at fault.",
});

builder.globalConnectionField("totalCount", (t) =>
  t.int({
    description: "How many items the connection holds across all its pages.",
    resolve: async (connection) => {
      const { totalCount } = connection;
      return (typeof totalCount === "function" ? await totalCount() : totalCount) ?? 0;
    },
  }),
);
