import { builder } from "./builder.js";
import { Province } from "./regions.js";
import type { StageProvinceRow } from "./stage-provinces.js";

export const Stage = builder.prismaNode("Stage", {
  id: { field: "number" },
  nullable: true,
  description: "A wave of provincial Training of Trainers (tahap), as the ministry announced it.",
  fields: (t) => ({
    number: t.exposeInt("number", { description: "The stage's place in the order the ministry ran them: 1, 2 or 3." }),
    name: t.exposeString("name", { description: 'Indonesian name, e.g. "Tahap 3".' }),
    period: t.exposeString("period", { description: 'When it ran, as precisely as the source states it, e.g. "March 2024".' }),
    startsOn: t.expose("startsOn", { type: "Date", nullable: true, description: "First day; null when the source gives no day." }),
    endsOn: t.expose("endsOn", { type: "Date", nullable: true, description: "Last day; null when the source gives none." }),
    provinces: t.field({
      type: [StageProvince],
      description: "The provinces that held their ToT in this stage, in code order.",
      resolve: (stage, _args, context) => context.stageProvinces.load(stage.number),
    }),
  }),
});

const StageProvince = builder.objectRef<StageProvinceRow>("StageProvince").implement({
  description: "A province's place in a stage: where its ToT was held and for how many participants.",
  fields: (t) => ({
    province: t.field({ type: Province, description: "The province whose kabupaten officials took this ToT.", resolve: (stageProvince) => stageProvince.province }),
    venueCity: t.exposeString("venueCity", { nullable: true, description: "City that hosted the ToT; null when not stated." }),
    participantQuota: t.exposeInt("participantQuota", { description: "Participants planned for this province's ToT." }),
  }),
});

export const CurriculumModule = builder.prismaNode("CurriculumModule", {
  id: { field: "number" },
  nullable: true,
  description: "One of the eight ToT modules.",
  fields: (t) => ({
    number: t.exposeInt("number", { description: "Position in the curriculum, 1–8." }),
    name: t.exposeString("name", { description: "Indonesian name, as the ministry gives it." }),
    nameEn: t.exposeString("nameEn", { description: "The name in English, a translation of `name`." }),
  }),
});

builder.queryFields((t) => ({
  stages: t.prismaField({
    type: [Stage],
    description: "Every stage, in order.",
    resolve: (query, _root, _args, context) => context.prisma.stage.findMany({ ...query, orderBy: { number: "asc" } }),
  }),
  stage: t.prismaField({
    type: Stage,
    nullable: true,
    description: "One stage by its number; null when there is no such stage.",
    args: { number: t.arg.int({ required: true, description: "The stage's number, 1–3." }) },
    resolve: (query, _root, args, context) => context.prisma.stage.findUnique({ ...query, where: { number: args.number } }),
  }),
  curriculumModules: t.prismaField({
    type: [CurriculumModule],
    description: "The eight modules, in curriculum order.",
    resolve: (query, _root, _args, context) =>
      context.prisma.curriculumModule.findMany({ ...query, orderBy: { number: "asc" } }),
  }),
}));
