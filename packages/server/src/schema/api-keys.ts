import { ApiKeyRole } from "../db/generated/prisma/enums.js";
import { createApiKey, revokeApiKey } from "../access/api-keys.js";
import { builder } from "./builder.js";

const ApiKeyRoleEnum = builder.enumType(ApiKeyRole, {
  name: "ApiKeyRole",
  description: "PARTNER: trainings, enrollments, people without personal fields, coverage, exports. STAFF: also personal fields and writes, within its region's subtree. ADMIN: everything, including keys and the audit trail.",
});

const ApiKey = builder.prismaObject("ApiKey", {
  description: "An API key as the key table keeps it: never its secret, which only its creator ever saw.",
  fields: (t) => ({
    id: t.exposeID("id"),
    name: t.exposeString("name"),
    prefix: t.exposeString("prefix"),
    role: t.expose("role", { type: ApiKeyRoleEnum }),
    regionCode: t.exposeString("regionCode", { nullable: true }),
    persistedOnly: t.exposeBoolean("persistedOnly"),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    lastUsedAt: t.expose("lastUsedAt", { type: "DateTime", nullable: true, description: "Updated at most once a minute." }),
    revokedAt: t.expose("revokedAt", { type: "DateTime", nullable: true }),
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
  fields: (t) => ({
    role: t.field({ type: ApiKeyRoleEnum, required: true }),
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
      resolve: (query, { id }, _args, context) => context.prisma.apiKey.findUniqueOrThrow({ ...query, where: { id } }),
    }),
  }),
});

builder.mutationFields((t) => ({
  createApiKey: t.field({
    audit: true,
    type: NewApiKey,
    errors: {},
    description: "Makes an API key, which every server process accepts at once. ADMIN only.",
    authScopes: { admin: true },
    args: { input: t.arg({ type: CreateApiKeyInput, required: true }) },
    resolve: async (_root, { input }, context) => {
      const { key, apiKey } = await createApiKey(context.db, { ...input, persistedOnly: input.persistedOnly ?? false });
      // `id` names the new key in the audit trail; the secret is in no argument, so it is never recorded.
      return { key, id: apiKey.id };
    },
  }),
  revokeApiKey: t.prismaField({
    audit: true,
    type: ApiKey,
    errors: {},
    description: "Revokes a key: every server process refuses it from its next request. Revoking it again changes nothing. ADMIN only.",
    authScopes: { admin: true },
    args: { idOrPrefix: t.arg.string({ required: true, description: "The key's id, or its public prefix (p3pd_…)." }) },
    resolve: async (query, _root, { idOrPrefix }, context) => {
      const revoked = await revokeApiKey(context.db, idOrPrefix);
      return context.db.apiKey.findUniqueOrThrow({ ...query, where: { id: revoked.id } });
    },
  }),
}));
