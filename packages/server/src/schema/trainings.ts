import { TrainingLevel, TrainingStatus } from "../db/generated/prisma/enums.js";
import { codeOfPlace, trainingPlaceFilter } from "../cascade/places.js";
import { trainingDays } from "../cascade/completion-rule.js";
import { cancelTraining, completeTraining, createTraining, updateTraining } from "../cascade/trainings.js";
import type { Prisma } from "../db/generated/prisma/client.js";
import { builder } from "./builder.js";
import type { Context } from "./context.js";
import { nonEmptySelection } from "./selection.js";
import { assertRegionCode } from "./region-args.js";
import { CurriculumModule } from "./program.js";
import { Region } from "./regions.js";

export const TrainingLevelEnum = builder.enumType(TrainingLevel, {
  name: "TrainingLevel",
  description:
    "PROVINCIAL_TOT: held in a province for kabupaten officials; KECAMATAN_TRAINING: held in a kabupaten by certified trainers for kecamatan apparatus and facilitators; VILLAGE_SESSION: held in a kecamatan by trained kecamatan apparatus for village officials.",
});

export const TrainingStatusEnum = builder.enumType(TrainingStatus, { name: "TrainingStatus" });

export const Training = builder.prismaNode("Training", {
  id: { field: "id" },
  nullable: true,
  // Partners and up; a STAFF key only within its subtree, however the training was reached.
  authScopes: async (training, context) => ((await context.access.canSeeTraining(training.id)) ? { partner: true } : false),
  description: "One training event of the cascade.",
  fields: (t) => ({
    level: t.expose("level", { type: TrainingLevelEnum }),
    regionCode: t.string({
      description: "Where it is held: a province, kabupaten or kecamatan code, by level.",
      resolve: (training) => codeOfPlace(training),
    }),
    region: t.field({
      type: Region,
      resolve: async (training, _args, context) => {
        const region = await context.regions.load(codeOfPlace(training));
        if (!region) throw new Error(`Training ${training.id} is held in a region that does not exist`);
        return region;
      },
    }),
    stage: t.relation("stage", { nullable: true, description: "The stage of a PROVINCIAL_TOT; null for other levels." }),
    title: t.exposeString("title"),
    venue: t.exposeString("venue", { nullable: true }),
    startsOn: t.expose("startsOn", { type: "Date", nullable: true }),
    endsOn: t.expose("endsOn", { type: "Date", nullable: true }),
    days: t.int({
      nullable: true,
      description: "Days it lasts, both ends included; null until both dates are known.",
      resolve: (training) => trainingDays(training.startsOn, training.endsOn) ?? null,
    }),
    status: t.expose("status", { type: TrainingStatusEnum }),
    passThreshold: t.exposeInt("passThreshold", { description: "Post-test score a participant needs to complete (0–100)." }),
    modules: t.field({
      type: [CurriculumModule],
      description: "The curriculum modules it covers, in curriculum order.",
      select: { modules: { select: { module: true }, orderBy: { moduleNumber: "asc" } } },
      resolve: (training) => training.modules.map((link) => link.module),
    }),
  }),
});

export const TrainingConnection = builder.connectionObject({ type: Training, name: "TrainingConnection" });

/** The filters every trainings listing takes. */
const trainingFilterArgs = builder.args((t) => ({
  level: t.field({ type: TrainingLevelEnum }),
  status: t.field({ type: TrainingStatusEnum }),
  stage: t.int({ description: "Stage number (only ToTs belong to stages)." }),
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
      args: { ...trainingFilterArgs, regionCode: t.arg.string({ description: "A region code of any level." }) },
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
  fields: (t) => ({
    level: t.field({ type: TrainingLevelEnum, required: true }),
    regionCode: t.string({ required: true, description: "A province code for a ToT, a kabupaten code for a kecamatan training, a kecamatan code for a village session." }),
    stage: t.int({ description: "Only for a PROVINCIAL_TOT, and the stage must include its province." }),
    title: t.string({ required: true }),
    venue: t.string(),
    startsOn: t.field({ type: "Date" }),
    endsOn: t.field({ type: "Date" }),
    status: t.field({ type: TrainingStatusEnum, description: "PLANNED (default) or ONGOING." }),
    passThreshold: t.int({ description: "Post-test score needed to complete, 0–100 (default 70)." }),
    moduleNumbers: t.intList({ description: "Curriculum modules covered (default: all 8 for a ToT, none otherwise)." }),
  }),
});

const UpdateTrainingInput = builder.inputType("UpdateTrainingInput", {
  description: "Fields to change; omitted fields stay as they are, null clears an optional one.",
  fields: (t) => ({
    title: t.string(),
    venue: t.string(),
    startsOn: t.field({ type: "Date" }),
    endsOn: t.field({ type: "Date" }),
    stage: t.int(),
    status: t.field({ type: TrainingStatusEnum }),
    passThreshold: t.int(),
    moduleNumbers: t.intList(),
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
    errors: {},
    authScopes: (_root, { input }, context) => (context.access.covers(input.regionCode) ? { staff: true } : false),
    type: Training,
    args: { input: t.arg({ type: CreateTrainingInput, required: true }) },
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
    errors: {},
    authScopes: trainingWrite,
    type: Training,
    args: { id: t.arg.globalID({ required: true, for: Training }), input: t.arg({ type: UpdateTrainingInput, required: true }) },
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
    errors: {},
    authScopes: trainingWrite,
    type: Training,
    args: { id: t.arg.globalID({ required: true, for: Training }) },
    resolve: async (query, _root, { id }, context) => {
      await cancelTraining(context.db, id.id);
      return reloadTraining(context, query, id.id);
    },
  }),
  completeTraining: t.prismaField({
    audit: true,
    errors: {},
    authScopes: trainingWrite,
    type: Training,
    description: "Applies the completion rule to every participant and marks the training COMPLETED.",
    args: { id: t.arg.globalID({ required: true, for: Training }) },
    resolve: async (query, _root, { id }, context) => {
      await completeTraining(context.db, id.id);
      return reloadTraining(context, query, id.id);
    },
  }),
}));
