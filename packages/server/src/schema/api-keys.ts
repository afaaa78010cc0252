import type { ApiKeyRole } from "../db/generated/prisma/enums.js";
import { createApiKey, revokeApiKey } from "../access/api-keys.js";
import { forgetApiKey } from "../access/authenticate.js";
import { builder } from "./builder.js";
import { describedResult } from "./error-results.js";
import { nonEmptySelection } from "./selection.js";

const ApiKeyRoleEnum = builder.enumType("ApiKeyRole", {
  description: "What a key may do. Each role may do everything the one before it may, except that a STAFF key is confined to its region's subtree.",
  values: {
    PARTNER: { description: "Reads trainings, enrollments, people without their personal fields, coverage and exports, over the whole country." },
    STAFF: { description: "A PARTNER's reads plus personal fields and every write, within its region's subtree only." },
    ADMIN: { description: "Everything, over the whole country, including API keys and the audit trail." },
  } satisfies Record<ApiKeyRole, { description: string }>,
});

const ApiKey = builder.prismaObject("ApiKey", {
  description: "An API key as the key table keeps it: never its secret, which only its creator ever saw.",
  fields: (t) => ({
    id: t.exposeID("id", { description: "The key's id (a UUID, not a global ID): `revokeApiKey` takes it." }),
    name: t.exposeString("name", { description: "The label its creator gave it, 1–100 characters." }),
    prefix: t.exposeString("prefix", { description: 'The key\'s public start, "p3pd_" and 8 characters: unique, safe to show in lists and logs, and what `AuditRecord.keyPrefix` names.' }),
    role: t.expose("role", { type: ApiKeyRoleEnum, description: "What the key may do." }),
    regionCode: t.exposeString("regionCode", { nullable: true, description: "The subtree a STAFF key is confined to; null for PARTNER and ADMIN keys, which reach the whole country." }),
    persistedOnly: t.exposeBoolean("persistedOnly", { description: "Whether the key may run only the persisted operations of the manifest (the SDK's curated ones), never a query's text." }),
    createdAt: t.expose("createdAt", { type: "DateTime", description: "When the key was made." }),
    lastUsedAt: t.expose("lastUsedAt", { type: "DateTime", nullable: true, description: "When a request last used it, updated at most once a minute; null if it was never used." }),
    revokedAt: t.expose("revokedAt", { type: "DateTime", nullable: true, description: "When it was revoked, after which every request with it is refused; null while it is valid." }),
  }),
});

builder.queryField("apiKeys", (t) =>
  t.prismaField({
    type: [ApiKey],
    description: "Every API key, revoked ones included, oldest first. Keys are made with `createApiKey` (or `p3pd keys create`) and revoked with `revokeApiKey`.",
    authScopes: { admin: true },
    resolve: (query, _root, _args, context) => context.prisma.apiKey.findMany({ ...query, orderBy: { createdAt: "asc" } }),
  }),
);

const CreateApiKeyInput = builder.inputType("CreateApiKeyInput", {
  description: "The key to make.",
  fields: (t) => ({
    role: t.field({ type: ApiKeyRoleEnum, required: true, description: "What the new key may do." }),
    regionCode: t.string({ description: "The subtree a STAFF key is confined to; required for STAFF, refused for the other roles." }),
    name: t.string({ required: true, description: "A label of 1 to 100 characters, to tell keys apart." }),
    persistedOnly: t.boolean({ description: "The key may run only the SDK's persisted operations. Default false." }),
  }),
});

const NewApiKey = builder.objectRef<{ key: string; id: string }>("NewApiKey").implement({
  description: "A key just made: the only time its secret is ever shown. Only its hash is kept, so store it now.",
  fields: (t) => ({
    key: t.exposeString("key", { description: "The whole key, to send as `Authorization: Bearer <key>`." }),
    apiKey: t.prismaField({
      type: ApiKey,
      description: "The key as `apiKeys` lists it from now on, without its secret.",
      resolve: (query, { id }, _args, context) => context.prisma.apiKey.findUniqueOrThrow({ ...query, where: { id } }),
    }),
  }),
});

builder.mutationFields((t) => ({
  createApiKey: t.field({
    audit: true,
    type: NewApiKey,
    errors: describedResult("createApiKey", "The key with its secret, shown this once."),
    description: "Makes an API key, which every server process accepts at once. ADMIN only.",
    authScopes: { admin: true },
    args: { input: t.arg({ type: CreateApiKeyInput, required: true, description: "The key to make." }) },
    resolve: async (_root, { input }, context) => {
      const { key, apiKey } = await createApiKey(context.db, { ...input, persistedOnly: input.persistedOnly ?? false });
      // `id` names the new key in the audit trail; the secret is in no argument, so it is never recorded.
      return { key, id: apiKey.id };
    },
  }),
  revokeApiKey: t.prismaField({
    audit: true,
    type: ApiKey,
    errors: describedResult("revokeApiKey", "The key as it now is, with its `revokedAt`."),
    description:
      "Revokes a key: the server that answers refuses it from its next request, every other server process within 2 seconds. Revoking it again changes nothing. ADMIN only.",
    authScopes: { admin: true },
    args: { idOrPrefix: t.arg.string({ required: true, description: "The key's id, or its public prefix (p3pd_…)." }) },
    resolve: async (query, _root, { idOrPrefix }, context) => {
      const revoked = await revokeApiKey(context.db, idOrPrefix);
      // Once committed, before the answer: the revoking process never accepts the key again.
      context.afterCommit(async () => forgetApiKey(context.prisma, revoked.prefix));
      // An answer of `__typename` alone plans an empty selection, which Prisma refuses (see selection.ts).
      return context.db.apiKey.findUniqueOrThrow({ ...nonEmptySelection(query), where: { id: revoked.id } });
    },
  }),
}));
