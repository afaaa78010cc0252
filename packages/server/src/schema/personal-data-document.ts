import { encodeGlobalID } from "@pothos/plugin-relay";
import { auditRecordIdsNaming } from "../access/audit-log.js";
import { homeCodeOf } from "../cascade/places.js";
import { builder } from "./builder.js";
import { AuditRecord } from "./audit-records.js";
import { Enrollment, Person } from "./people.js";

/**
 * Everything held about one person, as UU 27/2022 lets them ask for it: their row (personal fields
 * decrypted), every enrollment with its training, attendance, scores and certificate, and the
 * audit records that name them.
 */
const PersonalDataDocument = builder.objectRef<{ personId: string }>("PersonalDataDocument").implement({
  description: "Everything the platform holds about one person (the data subject's right of access, UU 27/2022).",
  fields: (t) => ({
    person: t.prismaField({
      type: Person,
      description: "The person's own fields, personal ones decrypted.",
      resolve: (query, { personId }, _args, context) => context.prisma.person.findUniqueOrThrow({ ...query, where: { id: personId } }),
    }),
    enrollments: t.prismaField({
      type: [Enrollment],
      description: "Every enrollment of the person, oldest first: its training, days attended, scores, completion and trainer certificate.",
      resolve: (query, { personId }, _args, context) => context.prisma.enrollment.findMany({ ...query, where: { personId }, orderBy: { id: "asc" } }),
    }),
    auditRecords: t.prismaField({
      type: [AuditRecord],
      description: "The audit records that name the person (as the row a write returned, or in its arguments), oldest first.",
      resolve: async (query, { personId }, _args, context) => {
        const ids = await auditRecordIdsNaming(context.prisma, { id: personId, globalId: encodeGlobalID("Person", personId) });
        return context.prisma.auditRecord.findMany({ ...query, where: { id: { in: ids } }, orderBy: { id: "asc" } });
      },
    }),
  }),
});

builder.queryField("personalData", (t) =>
  t.field({
    type: PersonalDataDocument,
    nullable: true,
    description:
      "Everything held about one person as one document (the right of access). ADMIN keys, and STAFF keys whose region holds the person's home; null when no person has this id (ADMIN).",
    args: { personId: t.arg.globalID({ required: true, for: Person, description: "The person's global ID." }) },
    authScopes: async (_root, { personId }, context) => {
      if (context.caller.role === "ADMIN") return { admin: true };
      if (context.caller.role !== "STAFF") return { personalData: true };
      const person = await context.prisma.person.findUnique({ where: { id: personId.id } });
      return person && context.access.covers(homeCodeOf(person)) ? { staff: true } : false;
    },
    resolve: async (_root, { personId }, context) => {
      const person = await context.prisma.person.findUnique({ where: { id: personId.id }, select: { id: true } });
      return person ? { personId: person.id } : null;
    },
  }),
);
