import { InvalidRowsError } from "../cascade/write-errors.js";
import { importParticipants, importTimeoutMs, maxImportRows, type ParticipantImportResult } from "../cascade/participant-import.js";
import { builder } from "./builder.js";
import { describedResult } from "./error-results.js";
import { InstitutionEnum, GenderEnum } from "./people.js";
import { Training } from "./trainings.js";

const ParticipantRowInput = builder.inputType("ParticipantRowInput", {
  description:
    "One row of an attendance sheet. A person is matched by NIK, or else by full name and home region; a person not found is registered from the row, a person found keeps their recorded fields.",
  fields: (t) => ({
    line: t.int({ description: "Its line in the source file, for error reports (default: its position in the list, from 1)." }),
    fullName: t.string({ required: true, description: "Full name; not blank. With `homeRegionCode` it matches a person who has no NIK." }),
    nik: t.string({ description: "16-digit civil ID number (spaces dropped), which matches a known person; null or blank: match by name and home." }),
    gender: t.field({ type: GenderEnum, description: "For a new person; null: not recorded." }),
    institution: t.field({ type: InstitutionEnum, required: true, description: "Where they work, for a new person." }),
    position: t.string({ description: "Their post, for a new person; null or blank: none." }),
    homeRegionCode: t.string({ required: true, description: "The existing region they live in, a code of any level; a STAFF key's subtree must hold it." }),
    phone: t.string({ description: "Phone number, for a new person (same rule as RegisterPersonInput.phone); null or blank: none." }),
    email: t.string({ description: "Email address, for a new person; null or blank: none." }),
    daysAttended: t.int({ description: "Days attended, 0 to the training's `days`; null: keep what is recorded (0 for a new enrollment)." }),
    preTestScore: t.int({ description: "Pre-test score, 0–100; null: keep what is recorded." }),
    postTestScore: t.int({ description: "Post-test score, 0–100; null: keep what is recorded." }),
  }),
});

const ParticipantImport = builder.objectRef<ParticipantImportResult>("ParticipantImport").implement({
  authScopes: { staff: true },
  description: "What an import did. Running the same rows again reports them all unchanged.",
  fields: (t) => ({
    rows: t.exposeInt("rows", { description: "Rows imported: all of those sent." }),
    peopleCreated: t.exposeInt("peopleCreated", { description: "Rows whose person was not known and was registered." }),
    peopleMatched: t.exposeInt("peopleMatched", { description: "Rows whose person was already known." }),
    enrolled: t.exposeInt("enrolled", { description: "New enrollments." }),
    updated: t.exposeInt("updated", { description: "Enrollments whose attendance or scores changed." }),
    unchanged: t.exposeInt("unchanged", { description: "Rows of people already enrolled whose attendance and scores were already as given." }),
  }),
});

builder.mutationField("importParticipants", (t) =>
  t.field({
    audit: { timeoutMs: importTimeoutMs },
    type: ParticipantImport,
    description: `Enrols up to ${maxImportRows.toLocaleString("en-US")} participants in a training at once: all or nothing, and idempotent. STAFF keys for a training and people within their subtree, or ADMIN.`,
    errors: {
      types: [InvalidRowsError],
      ...describedResult("importParticipants", "What the import did, row by row in counts.", "InvalidRowsError listing every bad row, ValidationError, NotFoundError or ConflictError"),
    },
    authScopes: async (_root, { trainingId }, context) => ((await context.access.canSeeTraining(trainingId.id)) ? { staff: true } : false),
    args: {
      trainingId: t.arg.globalID({ required: true, for: Training, description: "The training's global ID; it must be PLANNED or ONGOING." }),
      rows: t.arg({ type: [ParticipantRowInput], required: true, description: `The sheet's rows, at most ${maxImportRows.toLocaleString("en-US")}; every one is enrolled as a PARTICIPANT.` }),
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
