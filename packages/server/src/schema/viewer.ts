import { ApiKeyRole } from "../db/generated/prisma/enums.js";
import { isKeyCaller } from "../access/caller.js";
import { builder } from "./builder.js";
import { Region } from "./regions.js";

const ViewerRole = builder.enumType("ViewerRole", {
  description: "The role a request acts with: ANONYMOUS without a key, else the key's role.",
  values: ["ANONYMOUS", ...Object.values(ApiKeyRole)] as const,
});

const Viewer = builder.objectRef<{ role: "ANONYMOUS" | ApiKeyRole; keyPrefix: string | null; keyName: string | null; regionCode: string | null }>("Viewer").implement({
  description: "Who the request acts as, so a client can tell what it may see before it asks.",
  fields: (t) => ({
    role: t.expose("role", { type: ViewerRole }),
    keyPrefix: t.exposeString("keyPrefix", { nullable: true, description: "The key's public prefix; null without a key." }),
    keyName: t.exposeString("keyName", { nullable: true }),
    regionCode: t.exposeString("regionCode", { nullable: true, description: "The subtree a STAFF key is confined to; null for the whole country." }),
    region: t.field({
      type: Region,
      nullable: true,
      resolve: (viewer, _args, context) => (viewer.regionCode ? context.regions.load(viewer.regionCode) : null),
    }),
  }),
});

builder.queryField("viewer", (t) =>
  t.field({
    type: Viewer,
    resolve: (_root, _args, { caller }) =>
      isKeyCaller(caller)
        ? { role: caller.role, keyPrefix: caller.prefix, keyName: caller.name, regionCode: caller.regionCode }
        : { role: "ANONYMOUS" as const, keyPrefix: null, keyName: null, regionCode: null },
  }),
);
