import type { TrainingLevel, TrainingStatus } from "../db/generated/prisma/enums.js";
import { codeOfPlace, trainingPlaceFilter } from "../cascade/places.js";
import { trainingDays } from "../cascade/completion-rule.js";
import { cancelTraining, completeTraining, createTraining, updateTraining } from "../cascade/trainings.js";
import type { Prisma } from "../db/generated/prisma/client.js";
import { builder } from "./builder.js";
import { describedResult } from "./error-results.js";
import type { Context } from "./context.js";
import { nonEmptySelection } from "./selection.js";
import { assertRegionCode } from "./region-args.js";
import { CurriculumModule } from "./program.js";
import { Region } from "./regions.js";

export const TrainingLevelEnum = builder.enumType("TrainingLevel", {
  description: "The cascade's three levels: each trains the people who teach the next one.",
  values: {
    PROVINCIAL_TOT: { description: "A Training of Trainers held in a province for kabupaten officials; completing it certifies a trainer." },
    KECAMATAN_TRAINING: { description: "Held in a kabupaten by its certified trainers, for kecamatan apparatus and facilitators." },
    VILLAGE_SESSION: { description: "Held in a kecamatan by kecamatan apparatus who completed a kecamatan training, for village officials." },
  } satisfies Record<TrainingLevel, { description: string }>,
});

export const TrainingStatusEnum = builder.enumType("TrainingStatus", {
  description: "Where a training stands. Enrollments, attendance and scores change only while it is PLANNED or ONGOING.",
  values: {
    PLANNED: { description: "Scheduled, not started (a new training's default)." },
    ONGOING: { description: "Under way." },
    COMPLETED: { description: "Closed by `completeTraining`, which decided each participant's completion; nothing about it changes any more." },
    CANCELLED: { description: "Called off by `cancelTraining`; it counts in no report's held trainings, and nothing about it changes any more." },
  } satisfies Record<TrainingStatus, { description: string }>,
});

export const Training = builder.prismaNode("Training", {
  id: { field: "id" },
  nullable: true,
  // Partners and up; a STAFF key only within its subtree, however the training was reached.
  authScopes: async (training, context) => ((await context.access.canSeeTraining(training.id)) ? { partner: true } : false),
  description: "One training event of the cascade. PARTNER keys and up; a STAFF key sees only the trainings held in its region's subtree.",
  fields: (t) => ({
    level: t.expose("level", { type: TrainingLevelEnum, description: "Which level of the cascade it belongs to; it decides the level of its region." }),
    regionCode: t.string({
      description: "Where it is held: a province, kabupaten or kecamatan code, by level.",
      resolve: (training) => codeOfPlace(training),
    }),
    region: t.field({
      type: Region,
      description: "Where it is held: a province for a ToT, a kabupaten for a kecamatan training, a kecamatan for a village session.",
      resolve: async (training, _args, context) => {
        const region = await context.regions.load(codeOfPlace(training));
        if (!region) throw new Error(`Training ${training.id} is held in a region that does not exist`);
        return region;
      },
    }),
    stage: t.relation("stage", { nullable: true, description: "The stage of a PROVINCIAL_TOT; null for other levels." }),
    title: t.exposeString("title", { description: "Its name, 1–200 characters." }),
    venue: t.exposeString("venue", { nullable: true, description: "Where it meets, as its organisers wrote it; null when not known." }),
    startsOn: t.expose("startsOn", { type: "Date", nullable: true, description: "Its first day; null until scheduled." }),
    endsOn: t.expose("endsOn", { type: "Date", nullable: true, description: "Its last day, never before `startsOn`; null until scheduled." }),
    days: t.int({
      nullable: true,
      description: "Days it lasts, both ends included; null until both dates are known.",
      resolve: (training) => trainingDays(training.startsOn, training.endsOn) ?? null,
    }),
    status: t.expose("status", { type: TrainingStatusEnum, description: "Where it stands: planned, ongoing, completed or cancelled." }),
    passThreshold: t.exposeInt("passThreshold", { description: "Post-test score a participant needs to complete (0–100)." }),
    modules: t.field({
      type: [CurriculumModule],
      description: "The curriculum modules it covers, in curriculum order.",
      select: { modules: { select: { module: true }, orderBy: { moduleNumber: "asc" } } },
      resolve: (training) => training.modules.map((link) => link.module),
    }),
  }),
});

export const TrainingConnection = builder.connectionObject(
  { type: Training, name: "TrainingConnection", description: "A page of trainings, oldest record first (the order they were created in)." },
  { description: "A training on a page, with its cursor." },
);

/** The filters every trainings listing takes. */
const trainingFilterArgs = builder.args((t) => ({
  level: t.field({ type: TrainingLevelEnum, description: "Only trainings of this level; null: every level." }),
  status: t.field({ type: TrainingStatusEnum, description: "Only trainings in this status; null: any status." }),
  stage: t.int({ description: "Only the ToTs of this stage number (only ToTs belong to stages); null: any stage or none." }),
}));

export interface TrainingFilter {
  level?: TrainingLevel | null;
  status?: TrainingStatus | null;
  stage?: number | null;
}

/** The trainings a listing shows: its filters, its region, and only what the caller may see. */
export function trainingWhere(context: Context, filter: TrainingFilter, regionCode?: string | null): Prisma.TrainingWhereInput {
  const place = regionCode ? trainingPlaceFilter(regionCode) : {};
  return {
    AND: [
      {
        // No training is held in a village: its subtree holds none.
        ...(place ?? { id: { in: [] } }),
        ...(filter.level ? { level: filter.level } : {}),
        ...(filter.status ? { status: filter.status } : {}),
        ...(filter.stage != null ? { stageNumber: filter.stage } : {}),
      },
      context.access.trainings,
    ],
  };
}

builder.interfaceField(Region, "trainings", (t) =>
  t.prismaConnection(
    {
      type: Training,
      cursor: "id",
      description: "Trainings held anywhere in this region's subtree, oldest record first.",
      authScopes: { partner: true },
      args: trainingFilterArgs,
      totalCount: (region, args, context) => context.prisma.training.count({ where: trainingWhere(context, args, region.code) }),
      resolve: (query, region, args, context) =>
        context.prisma.training.findMany({ ...query, where: trainingWhere(context, args, region.code), orderBy: { id: "asc" } }),
    },
    TrainingConnection,
  ),
);

builder.queryField("trainings", (t) =>
  t.prismaConnection(
    {
      type: Training,
      cursor: "id",
      description: "All trainings, or those held in the subtree of `regionCode`, oldest record first.",
      authScopes: { partner: true },
      args: { ...trainingFilterArgs, regionCode: t.arg.string({ description: "Only trainings held in this region's subtree: a code of any level (a malformed one is a BAD_USER_INPUT error); null: the whole country." }) },
      totalCount: (_root, args, context) => {
        if (args.regionCode) assertRegionCode(args.regionCode);
        return context.prisma.training.count({ where: trainingWhere(context, args, args.regionCode) });
      },
      resolve: (query, _root, args, context) => {
        if (args.regionCode) assertRegionCode(args.regionCode);
        return context.prisma.training.findMany({ ...query, where: trainingWhere(context, args, args.regionCode), orderBy: { id: "asc" } });
      },
    },
    TrainingConnection,
  ),
);

const CreateTrainingInput = builder.inputType("CreateTrainingInput", {
  description: "A new training. Dates may follow later with `updateTraining`; `completeTraining` needs both.",
  fields: (t) => ({
    level: t.field({ type: TrainingLevelEnum, required: true, description: "Its level of the cascade, which decides what `regionCode` must be." }),
    regionCode: t.string({ required: true, description: "A province code for a ToT, a kabupaten code for a kecamatan training, a kecamatan code for a village session." }),
    stage: t.int({ description: "Only for a PROVINCIAL_TOT, and the stage must include its province." }),
    title: t.string({ required: true, description: "Its name, 1–200 characters once trimmed." }),
    venue: t.string({ description: "Where it meets, at most 200 characters; null or blank: not known yet." }),
    startsOn: t.field({ type: "Date", description: "Its first day; null: not scheduled yet." }),
    endsOn: t.field({ type: "Date", description: "Its last day, not before `startsOn`; null: not scheduled yet." }),
    status: t.field({ type: TrainingStatusEnum, description: "PLANNED (default) or ONGOING; COMPLETED and CANCELLED are reached only through `completeTraining` and `cancelTraining`." }),
    passThreshold: t.int({ description: "Post-test score needed to complete, 0–100 (default 70)." }),
    moduleNumbers: t.intList({ description: "Curriculum modules covered (default: all 8 for a ToT, none otherwise)." }),
  }),
});

const UpdateTrainingInput = builder.inputType("UpdateTrainingInput", {
  description: "Fields to change on an open (PLANNED or ONGOING) training; omitted fields stay as they are, null clears an optional one.",
  fields: (t) => ({
    title: t.string({ description: "A new name, 1–200 characters; it cannot be cleared." }),
    venue: t.string({ description: "A new venue, at most 200 characters; null clears it." }),
    startsOn: t.field({ type: "Date", description: "A new first day; null clears it." }),
    endsOn: t.field({ type: "Date", description: "A new last day, not before the first; null clears it." }),
    stage: t.int({ description: "The stage of a PROVINCIAL_TOT, which must include its province; null takes it out of its stage." }),
    status: t.field({ type: TrainingStatusEnum, description: "PLANNED or ONGOING; use `completeTraining` or `cancelTraining` for the others." }),
    passThreshold: t.int({ description: "The post-test score needed to complete, 0–100." }),
    moduleNumbers: t.intList({ description: "The curriculum modules it covers, each 1–8, replacing the list it had." }),
  }),
});

/**
 * The write services return bare rows; the response may select relations (modules, stage), so the
 * written row is read back with the selection Pothos planned for it.
 */
function reloadTraining(context: Context, query: { include?: Prisma.TrainingInclude; select?: Prisma.TrainingSelect }, id: string) {
  return context.db.training.findUniqueOrThrow({ ...nonEmptySelection(query), where: { id } });
}

/** GraphQL gives null for "clear" and omits "keep"; required fields cannot be cleared. */
const keepUnlessGiven = <T>(value: T | null | undefined): T | undefined => value ?? undefined;

/** Writes to an existing training: STAFF within its subtree, or ADMIN. */
const trainingWrite = async (_root: object, { id }: { id: { id: string } }, context: Context) =>
  (await context.access.canSeeTraining(id.id)) ? { staff: true } : false;

builder.mutationFields((t) => ({
  createTraining: t.prismaField({
    audit: true,
    errors: describedResult("createTraining", "The training as created, with its global ID."),
    authScopes: (_root, { input }, context) => (context.access.covers(input.regionCode) ? { staff: true } : false),
    type: Training,
    description: "Creates a training. STAFF keys within their subtree (where it is held), or ADMIN.",
    args: { input: t.arg({ type: CreateTrainingInput, required: true, description: "The training to create." }) },
    resolve: async (query, _root, { input }, context) => {
      const training = await createTraining(context.db, {
        ...input,
        status: keepUnlessGiven(input.status),
        passThreshold: keepUnlessGiven(input.passThreshold),
        moduleNumbers: keepUnlessGiven(input.moduleNumbers),
      });
      return reloadTraining(context, query, training.id);
    },
  }),
  updateTraining: t.prismaField({
    audit: true,
    errors: describedResult("updateTraining", "The training as it now is."),
    authScopes: trainingWrite,
    type: Training,
    description: "Changes an open training's terms; a COMPLETED or CANCELLED one is a ConflictError. STAFF keys within their subtree, or ADMIN.",
    args: {
      id: t.arg.globalID({ required: true, for: Training, description: "The training's global ID." }),
      input: t.arg({ type: UpdateTrainingInput, required: true, description: "What to change." }),
    },
    resolve: async (query, _root, { id, input }, context) => {
      await updateTraining(context.db, id.id, {
        ...input,
        title: keepUnlessGiven(input.title),
        status: keepUnlessGiven(input.status),
        passThreshold: keepUnlessGiven(input.passThreshold),
        moduleNumbers: keepUnlessGiven(input.moduleNumbers),
      });
      return reloadTraining(context, query, id.id);
    },
  }),
  cancelTraining: t.prismaField({
    audit: true,
    errors: describedResult("cancelTraining", "The training, now CANCELLED."),
    authScopes: trainingWrite,
    type: Training,
    description: "Calls a training off: it becomes CANCELLED and takes no more writes. Cancelling it again changes nothing; a COMPLETED one is a ConflictError. STAFF keys within their subtree, or ADMIN.",
    args: { id: t.arg.globalID({ required: true, for: Training, description: "The training's global ID." }) },
    resolve: async (query, _root, { id }, context) => {
      await cancelTraining(context.db, id.id);
      return reloadTraining(context, query, id.id);
    },
  }),
  completeTraining: t.prismaField({
    audit: true,
    errors: describedResult("completeTraining", "The training, now COMPLETED, with its participants' `completed` and `certifiedTrainer` decided."),
    authScopes: trainingWrite,
    type: Training,
    description:
      "Closes a training: a participant who attended every day and reached `passThreshold` in the post-test completes it (and a ToT certifies them as a trainer); then it is COMPLETED. It needs both dates; running it again changes nothing; a CANCELLED one is a ConflictError. STAFF keys within their subtree, or ADMIN.",
    args: { id: t.arg.globalID({ required: true, for: Training, description: "The training's global ID." }) },
    resolve: async (query, _root, { id }, context) => {
      await completeTraining(context.db, id.id);
      return reloadTraining(context, query, id.id);
    },
  }),
}));
