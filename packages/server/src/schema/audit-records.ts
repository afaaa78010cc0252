import { builder } from "./builder.js";

export const AuditRecord = builder.prismaObject("AuditRecord", {
  description: "One write a key attempted. The trail is append-only: no API changes it, and the database refuses to.",
  fields: (t) => ({
    at: t.expose("at", { type: "DateTime", description: "When the write was attempted." }),
    keyPrefix: t.exposeString("keyPrefix", { description: `The key's prefix, or "env:P3PD_ADMIN_KEY" for the bootstrap key.` }),
    role: t.exposeString("role", { description: "The role the key had then: STAFF or ADMIN (the only roles that may write)." }),
    action: t.exposeString("action", { description: 'The mutation\'s field name, e.g. "enroll".' }),
    arguments: t.string({
      description: "Its arguments as JSON text, personal values redacted and long lists counted.",
      resolve: (record) => JSON.stringify(record.arguments),
    }),
    outcome: t.exposeString("outcome", { description: "OK, the typename of a refusal (ValidationError …) or an error code (FORBIDDEN …)." }),
    subjectId: t.exposeString("subjectId", { nullable: true, description: "The id of the row the write returned, when it returned one." }),
  }),
});

const AuditRecordConnection = builder.connectionObject(
  { type: AuditRecord, name: "AuditRecordConnection", description: "A page of the audit trail, newest first. ADMIN keys only." },
  { description: "An audit record on a page, with its cursor." },
);

builder.queryField("auditRecords", (t) =>
  t.prismaConnection(
    {
      type: AuditRecord,
      cursor: "id",
      description: "The audit trail, newest first: every write attempted, refusals included. ADMIN keys only.",
      authScopes: { admin: true },
      args: {
        action: t.arg.string({ description: 'Only records of this mutation, by its field name, e.g. "enroll"; null: every mutation.' }),
        keyPrefix: t.arg.string({ description: 'Only records of the key with this prefix ("p3pd_…", or "env:P3PD_ADMIN_KEY"); null: every key.' }),
      },
      totalCount: (_root, args, context) =>
        context.prisma.auditRecord.count({ where: { action: args.action ?? undefined, keyPrefix: args.keyPrefix ?? undefined } }),
      resolve: (query, _root, args, context) =>
        context.prisma.auditRecord.findMany({
          ...query,
          where: { action: args.action ?? undefined, keyPrefix: args.keyPrefix ?? undefined },
          orderBy: { id: "desc" },
        }),
    },
    AuditRecordConnection,
  ),
);
