import type { ApiKeyRole } from "../db/generated/prisma/enums.js";
import { isKeyCaller } from "../access/caller.js";
import { builder } from "./builder.js";
import { Region } from "./regions.js";

const ViewerRole = builder.enumType("ViewerRole", {
  description: "The role a request acts with: ANONYMOUS without a key, else the key's role.",
  values: {
    ANONYMOUS: { description: "No key was sent: the public region tree and program only." },
    PARTNER: { description: "A PARTNER key: also trainings, enrollments, people without personal fields, coverage and exports." },
    STAFF: { description: "A STAFF key: also personal fields and writes, within `Viewer.region`'s subtree." },
    ADMIN: { description: "An ADMIN key: everything, including API keys and the audit trail." },
  } satisfies Record<"ANONYMOUS" | ApiKeyRole, { description: string }>,
});

const Viewer = builder.objectRef<{ role: "ANONYMOUS" | ApiKeyRole; keyPrefix: string | null; keyName: string | null; regionCode: string | null }>("Viewer").implement({
  description: "Who the request acts as, so a client can tell what it may see before it asks.",
  fields: (t) => ({
    role: t.expose("role", { type: ViewerRole, description: "The role the request acts with." }),
    keyPrefix: t.exposeString("keyPrefix", { nullable: true, description: "The key's public prefix; null without a key." }),
    keyName: t.exposeString("keyName", { nullable: true, description: "The label the key was given when made; null without a key." }),
    regionCode: t.exposeString("regionCode", { nullable: true, description: "The subtree a STAFF key is confined to; null for the whole country." }),
    region: t.field({
      type: Region,
      nullable: true,
      description: "The region whose subtree a STAFF key is confined to; null for the whole country.",
      resolve: (viewer, _args, context) => (viewer.regionCode ? context.regions.load(viewer.regionCode) : null),
    }),
  }),
});

builder.queryField("viewer", (t) =>
  t.field({
    type: Viewer,
    description: "Who this request acts as. Anyone may ask, with or without a key.",
    resolve: (_root, _args, { caller }) =>
      isKeyCaller(caller)
        ? { role: caller.role, keyPrefix: caller.prefix, keyName: caller.name, regionCode: caller.regionCode }
        : { role: "ANONYMOUS" as const, keyPrefix: null, keyName: null, regionCode: null },
  }),
);
