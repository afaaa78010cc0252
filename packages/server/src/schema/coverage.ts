import type { Institution, VillageKind } from "../db/generated/prisma/enums.js";
import type { ModuleScores } from "../reports/breakdowns.js";

import {
  average,
  childCoverage,
  coverageLevels,
  coverageOf,
  countryTotal,
  coverageFilterProblem,
  defaultTrainerTarget,
  rate,
  type CoverageFilter,
  type CoverageRow,
} from "../reports/coverage.js";
import type { PrismaClient } from "../db/prisma.js";
import { builder } from "./builder.js";
import { reportRollUp } from "./field-costs.js";
import { badUserInput } from "./graphql-errors.js";
import { InstitutionEnum } from "./people.js";
import { CurriculumModule } from "./program.js";
import { levelOfCode } from "../regions/codes.js";
import { assertRegionCode } from "./region-args.js";
import { Region, VillageKindEnum } from "./regions.js";

/** A coverage row as resolvers pass it on: the counts, and how they were filtered. */
interface CoverageNode {
  row: CoverageRow;
  filter: CoverageFilter;
  /** Known already for the country, whose counts are the sum of its provinces'. */
  children?: CoverageRow[];
}

const CoverageLevelEnum = builder.enumType("CoverageLevel", {
  description: "The whole country, or a level of the administrative tree.",
  values: {
    COUNTRY: { description: "All of Indonesia: the sum of its provinces." },
    PROVINCE: { description: "One province." },
    KABUPATEN: { description: "One kabupaten or kota." },
    KECAMATAN: { description: "One kecamatan." },
    VILLAGE: { description: "One village." },
  } satisfies Record<(typeof coverageLevels)[number], { description: string }>,
});

const InstitutionCountRef = builder.objectRef<{ institution: Institution; participants: number; certifiedTrainers: number }>("InstitutionCount").implement({
  description: "The ToT participants living in a region who come from one institution.",
  fields: (t) => ({
    institution: t.expose("institution", { type: InstitutionEnum, description: "The institution these participants come from." }),
    participants: t.exposeInt("participants", { description: "Their ToT enrollments as participants." }),
    certifiedTrainers: t.exposeInt("certifiedTrainers", { description: "Distinct people among them whom a ToT certified as trainers." }),
  }),
});

const VillageKindCoverage = builder.objectRef<{ kind: VillageKind; reached: number; total: number }>("VillageKindCoverage").implement({
  description: "The villages of one kind in a region, and how many of them the cascade reached.",
  fields: (t) => ({
    kind: t.expose("kind", { type: VillageKindEnum, description: "The kind of village." }),
    reached: t.exposeInt("reached", { description: "Villages of this kind whose officials took part in a completed village session." }),
    total: t.exposeInt("total", { description: "Villages of this kind in the region." }),
    rate: t.float({ nullable: true, description: "reached / total; null when there are none.", resolve: (v) => rate(v.reached, v.total) }),
  }),
});

const ModuleScoresRef = builder.objectRef<ModuleScores>("ModuleScores").implement({
  description: "Test scores of participants of trainings that covered one module.",
  fields: (t) => ({
    // The roll-up reads each module with its scores: a Prisma query per row of every region
    // would cost more than all the SQL of a country's coverage.
    module: t.field({ type: CurriculumModule, description: "The module these scores are for.", resolve: (scores) => scores.module }),
    participants: t.exposeInt("participants", { description: "Participants with a recorded score." }),
    preTestAverage: t.exposeFloat("preTestAverage", { nullable: true, description: "Average pre-test score, 0–100; null when none was recorded." }),
    postTestAverage: t.exposeFloat("postTestAverage", { nullable: true, description: "Average post-test score, 0–100; null when none was recorded." }),
    gainAverage: t.exposeFloat("gainAverage", { nullable: true, description: "Average of post − pre, over participants with both." }),
  }),
});

export const Coverage = builder.objectRef<CoverageNode>("Coverage");

Coverage.implement({
  description:
    "How far the cascade reached in one region (or the whole country), computed in SQL. Counts are additive: a parent's equal the sum of its `children`'s where each person or training lies in a child (people count where they live, trainings where they are held); rates are recomputed from the counts.",
  fields: (t) => ({
    level: t.field({ type: CoverageLevelEnum, description: "Whether this row is the country's or which level its region is on.", resolve: ({ row }) => (row.code === null ? "COUNTRY" : (levelOfCode(row.code) ?? "COUNTRY")) }),
    regionCode: t.string({ nullable: true, description: "The code of the region these figures are for; null for the whole country.", resolve: ({ row }) => row.code }),
    region: t.field({ type: Region, nullable: true, description: "The region these figures are for; null for the whole country.", resolve: ({ row }, _args, context) => (row.code === null ? null : context.regions.load(row.code)) }),
    trainerTarget: t.int({ description: "Certified trainers a kabupaten should have.", resolve: ({ filter }) => filter.trainerTarget }),
    totParticipants: t.int({ description: "ToT enrollments of participants living here (someone in two ToTs counts twice).", resolve: ({ row }) => row.totParticipants }),
    totParticipantsByInstitution: t.field({
      type: [InstitutionCountRef],
      description: "`totParticipants` and the trainers certified, by the institution the participants come from; one row per institution that has participants here.",
      resolve: ({ row, filter }, _args, context) => context.breakdowns.institutions.load({ code: row.code, filter }),
    }),
    certifiedTrainers: t.int({ description: "People living here whom a ToT certified: trainers available to train kecamatan apparatus.", resolve: ({ row }) => row.certifiedTrainers }),
    kabupatenTotal: t.int({ description: "Kabupaten and kota in the region (1 for a kabupaten, 0 below it).", resolve: ({ row }) => row.kabupatenTotal }),
    kabupatenMeetingTrainerTarget: t.int({ description: "Kabupaten with at least `trainerTarget` certified trainers.", resolve: ({ row }) => row.kabupatenMeetingTrainerTarget }),
    meetsTrainerTarget: t.boolean({
      nullable: true,
      description: "For a kabupaten: whether it has at least `trainerTarget` certified trainers; null elsewhere.",
      resolve: ({ row, filter }) => (row.code !== null && levelOfCode(row.code) === "KABUPATEN" ? row.certifiedTrainers >= filter.trainerTarget : null),
    }),
    kecamatanTrainingsHeld: t.int({ description: "Completed kecamatan trainings held here.", resolve: ({ row }) => row.kecamatanTrainingsHeld }),
    kecamatanTrainingsPlanned: t.int({ description: "Planned or ongoing kecamatan trainings held here.", resolve: ({ row }) => row.kecamatanTrainingsPlanned }),
    kecamatanApparatusTrained: t.int({ description: "Distinct kecamatan apparatus (Institution KECAMATAN) living here who completed a kecamatan training that was closed as COMPLETED.", resolve: ({ row }) => row.kecamatanApparatusTrained }),
    facilitatorsTrained: t.int({ description: "Distinct kecamatan facilitators living here who completed a kecamatan training that was closed as COMPLETED.", resolve: ({ row }) => row.facilitatorsTrained }),
    kecamatanCovered: t.int({ description: "Kecamatan where someone completed a kecamatan training.", resolve: ({ row }) => row.kecamatanCovered }),
    kecamatanTotal: t.int({ description: "Kecamatan in the region (1 for a kecamatan, 0 for a village).", resolve: ({ row }) => row.kecamatanTotal }),
    kecamatanCoverageRate: t.float({ nullable: true, description: "`kecamatanCovered` / `kecamatanTotal`, from 0 to 1; null when the region has no kecamatan.", resolve: ({ row }) => rate(row.kecamatanCovered, row.kecamatanTotal) }),
    villageSessionsHeld: t.int({ description: "Completed village sessions held here.", resolve: ({ row }) => row.villageSessionsHeld }),
    villagesReached: t.int({ description: "Villages whose officials took part in a completed village session.", resolve: ({ row }) => row.villagesReached }),
    villagesTotal: t.int({ description: "Villages of every kind in the region.", resolve: ({ row }) => row.villagesTotal }),
    villageReachRate: t.float({ nullable: true, description: "`villagesReached` / `villagesTotal`, from 0 to 1; null when the region has no village.", resolve: ({ row }) => rate(row.villagesReached, row.villagesTotal) }),
    villagesByKind: t.field({
      type: [VillageKindCoverage],
      description: "Villages reached and in total, one row per kind: DESA, KELURAHAN, DESA_ADAT, in that order.",
      resolve: ({ row }) => [
        { kind: "DESA" as const, reached: row.desaReached, total: row.desaTotal },
        { kind: "KELURAHAN" as const, reached: row.kelurahanReached, total: row.kelurahanTotal },
        { kind: "DESA_ADAT" as const, reached: row.desaAdatReached, total: row.desaAdatTotal },
      ],
    }),
    preTestAverage: t.float({ nullable: true, description: "Average pre-test score of participants living here, 0–100, over every recorded score; null when none was recorded.", resolve: ({ row }) => average(row.preTestSum, row.preTestCount) }),
    postTestAverage: t.float({ nullable: true, description: "Average post-test score of participants living here, 0–100, over every recorded score; null when none was recorded.", resolve: ({ row }) => average(row.postTestSum, row.postTestCount) }),
    gainAverage: t.float({ nullable: true, description: "Average of post − pre, over participants with both.", resolve: ({ row }) => average(row.gainSum, row.gainCount) }),
    scoresByModule: t.field({
      type: [ModuleScoresRef],
      description: "The scores of participants living here, by curriculum module of the trainings they took, in curriculum order; only the modules that some training of theirs covered.",
      resolve: ({ row, filter }, _args, context) => context.breakdowns.moduleScores.load({ code: row.code, filter }),
    }),
    children: t.field({
      type: [Coverage],
      description: "One row per child region, in code order: provinces under the country, kabupaten under a province, and so on.",
      resolve: async ({ row, filter, children }, _args, context) =>
        (children ?? (await childCoverage(context.prisma, row.code, filter))).map((child) => ({ row: child, filter })),
    }),
  }),
});

const coverageArgs = builder.args((t) => ({
  stage: t.int({ description: "Only this stage: its ToTs, and the later levels in its provinces." }),
  from: t.field({ type: "Date", description: "Only trainings starting on or after this day." }),
  to: t.field({ type: "Date", description: "Only trainings starting on or before this day." }),
  trainerTarget: t.int({ defaultValue: defaultTrainerTarget, description: `Certified trainers a kabupaten should have (default ${defaultTrainerTarget}).` }),
}));

function filterOf(args: { stage?: number | null; from?: Date | null; to?: Date | null; trainerTarget?: number | null }): CoverageFilter {
  const filter = { stage: args.stage, from: args.from, to: args.to, trainerTarget: args.trainerTarget ?? defaultTrainerTarget };
  const problem = coverageFilterProblem(filter);
  if (problem) throw badUserInput(problem);
  return filter;
}

/** The coverage of a region, or of the country (whose counts are its provinces' summed). */
async function coverageNode(context: { prisma: PrismaClient }, code: string | null, filter: CoverageFilter): Promise<CoverageNode | null> {
  if (code === null) {
    const children = await childCoverage(context.prisma, null, filter);
    return { row: countryTotal(children), filter, children };
  }
  const row = await coverageOf(context.prisma, code, filter);
  return row ? { row, filter } : null;
}

builder.queryField("coverage", (t) =>
  t.field({
    type: Coverage,
    description:
      "The cascade's indicators for a region (or, without `regionCode`, the whole country), with a row per child region. PARTNER keys and up; a STAFF key only for its own subtree.",
    ...reportRollUp,
    // A STAFF key reports on its own subtree only; the country is the sum of every subtree.
    authScopes: (_root, { regionCode }, context) => (context.access.covers(regionCode ?? null) ? { partner: true } : false),
    args: { regionCode: t.arg.string({ description: "An existing region's code, any level (an unknown or malformed one is a BAD_USER_INPUT error); null: the whole country." }), ...coverageArgs },
    resolve: async (_root, args, context) => {
      if (args.regionCode) assertRegionCode(args.regionCode);
      const node = await coverageNode(context, args.regionCode ?? null, filterOf(args));
      if (!node) throw badUserInput(`No region has the code "${args.regionCode}".`);
      return node;
    },
  }),
);

builder.interfaceField(Region, "coverage", (t) =>
  t.field({
    type: Coverage,
    description: "The cascade's indicators for this region, with a row per child region. PARTNER keys and up; a STAFF key only within its own subtree.",
    ...reportRollUp,
    authScopes: (region, _args, context) => (context.access.covers(region.code) ? { partner: true } : false),
    args: coverageArgs,
    resolve: async (region, args, context) => {
      const node = await coverageNode(context, region.code, filterOf(args));
      if (!node) throw new Error(`Region ${region.code} has no coverage row`);
      return node;
    },
  }),
);
