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
    nodesOnConnection: true,
    // Every connection's paging arguments and fields, described once for all of them.
    firstArgOptions: { description: `Page forward: at most this many items after \`after\`, ${minPageSize}–${maxPageSize}; ${defaultPageSize} when neither \`first\` nor \`last\` is given.` },
    afterArgOptions: { description: "Start after this cursor (an `endCursor` or edge `cursor` from an earlier page); null: from the start." },
    lastArgOptions: { description: `Page backward: at most this many items before \`before\`, ${minPageSize}–${maxPageSize}.` },
    beforeArgOptions: { description: "End before this cursor (a `startCursor` or edge `cursor` from an earlier page); null: up to the end." },
    edgesFieldOptions: { nullable: false, description: "The page's items, each with the cursor to page from it." },
    nodesFieldOptions: { description: "The page's items, without cursors (the same items as `edges`)." },
    nodeFieldOptions: { nullable: false, description: "The item." },
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
      resolve: (_root, { id }, context, info, resolveNode) => {
        assertNodeTypename(id, info.schema);
        return resolveNodeReadingRegions(id, context.regions, resolveNode);
      },
    },
    nodesQueryOptions: {
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

builder.queryType({});
// Every write needs a STAFF or ADMIN key; each mutation then checks the rows it touches.
builder.mutationType({ authScopes: { staff: true } });

builder.globalConnectionField("totalCount", (t) =>
  t.int({
    description: "How many items the connection holds across all its pages.",
    resolve: async (connection) => {
      const { totalCount } = connection;
      return (typeof totalCount === "function" ? await totalCount() : totalCount) ?? 0;
    },
  }),
);
