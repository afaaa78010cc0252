import { erasePerson, erasureReasonMaxLength, type Erasure } from "../cascade/erase-person.js";
import { purgeErasedRemnants } from "../personal-data/erased-remnants.js";
import { builder } from "./builder.js";
import { describedResult } from "./error-results.js";
import { Person } from "./people.js";
import { maxLengthOf } from "./text-limits.js";

const ErasedPerson = builder.objectRef<Erasure>("ErasedPerson").implement({
  description: "A person whose personal data `erasePerson` erased, now or before.",
  fields: (t) => ({
    person: t.prismaField({
      type: Person,
      description: "The person as they remain: institution, home region and enrollments; every personal field null.",
      resolve: (query, { id }, _args, context) => context.prisma.person.findUniqueOrThrow({ ...query, where: { id } }),
    }),
    erasedAt: t.expose("erasedAt", { type: "DateTime", description: "When the personal data was erased (at the first erasure, if this one found it done)." }),
    alreadyErased: t.exposeBoolean("alreadyErased", { description: "The person had been erased before: this call changed nothing." }),
  }),
});

builder.mutationField("erasePerson", (t) =>
  t.field({
    audit: true,
    type: ErasedPerson,
    errors: describedResult("erasePerson", "The person as erased: when, and whether an earlier call had done it."),
    description:
      "Erases a person's personal data for good (UU 27/2022): full name, NIK (freed for anyone imported later), phone, email, gender and position. Their enrollments, attendance, scores and certificates stay, as an anonymous participant's, so every report counts the same. The audit record keeps the reason. Erasing again changes nothing. ADMIN only.",
    authScopes: { admin: true },
    args: {
      id: t.arg.globalID({ required: true, for: Person, description: "The person to erase." }),
      reason: t.arg.string({
        required: true,
        description: `Why (a request of the person, a retention rule, …), 1 to ${erasureReasonMaxLength} characters; kept in the audit record.`,
        ...maxLengthOf(erasureReasonMaxLength),
      }),
    },
    resolve: async (_root, { id, reason }, context) => {
      const erasure = await erasePerson(context.db, id.id, reason);
      // Also when it was erased before: a purge an earlier call could not finish is done now.
      context.afterCommit(() => purgeErasedRemnants(context.prisma));
      return erasure;
    },
  }),
);
