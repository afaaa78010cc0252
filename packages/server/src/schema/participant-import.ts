import { InvalidRowsError } from "../cascade/write-errors.js";
import { importParticipants, importTimeoutMs, maxImportRows, type ParticipantImportResult } from "../cascade/participant-import.js";
import { builder } from "./builder.js";
import { InstitutionEnum, GenderEnum } from "./people.js";
import { Training } from "./trainings.js";

const ParticipantRowInput = builder.inputType("ParticipantRowInput", {
  description: "One row of an attendance sheet. A person is matched by NIK, or else by full name and home region.",
  fields: (t) => ({
    line: t.int({ description: "Its line in the source file, for error reports (default: its position in the list, from 1)." }),
    fullName: t.string({ required: true }),
    nik: t.string(),
    gender: t.field({ type: GenderEnum }),
    institution: t.field({ type: InstitutionEnum, required: true }),
    position: t.string(),
    homeRegionCode: t.string({ required: true }),
    phone: t.string(),
    email: t.string(),
    daysAttended: t.int(),
    preTestScore: t.int(),
    postTestScore: t.int(),
  }),
});

const ParticipantImport = builder.objectRef<ParticipantImportResult>("ParticipantImport").implement({
  authScopes: { staff: true },
  description: "What an import did. Running the same rows again reports them all unchanged.",
  fields: (t) => ({
    rows: t.exposeInt("rows"),
    peopleCreated: t.exposeInt("peopleCreated"),
    peopleMatched: t.exposeInt("peopleMatched", { description: "Rows whose person was already known." }),
    enrolled: t.exposeInt("enrolled", { description: "New enrollments." }),
    updated: t.exposeInt("updated", { description: "Enrollments whose attendance or scores changed." }),
    unchanged: t.exposeInt("unchanged"),
  }),
});

builder.mutationField("importParticipants", (t) =>
  t.field({
    audit: { timeoutMs: importTimeoutMs },
    type: ParticipantImport,
    description: `Enrols up to ${maxImportRows.toLocaleString("en-US")} participants in a training at once: all or nothing, and idempotent.`,
    errors: { types: [InvalidRowsError] },
    authScopes: async (_root, { trainingId }, context) => ((await context.access.canSeeTraining(trainingId.id)) ? { staff: true } : false),
    args: {
      trainingId: t.arg.globalID({ required: true, for: Training }),
      rows: t.arg({ type: [ParticipantRowInput], required: true }),
    },
    // Every row obeys the single-person writes' rules for this key (see ImportReach).
    resolve: (_root, args, context) =>
      importParticipants(
        context.db,
        context.access,
        args.trainingId.id,
        args.rows.map((row, index) => ({ ...row, line: row.line ?? index + 1 })),
      ),
  }),
);
