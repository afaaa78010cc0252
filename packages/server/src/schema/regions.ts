import { ancestorCodes, regionLevels, typeNameOfLevel, type RegionLevel } from "../regions/codes.js";
import { countRegions, findRegionPage, nameSearch, type RegionRow } from "../regions/queries.js";
import { loadRegionOfLevel } from "../regions/loader.js";
import { builder } from "./builder.js";
import { assertCodeOfLevel, assertRegionCode } from "./region-args.js";
import { childConnection } from "./region-child-connection.js";
import { resolveRegionConnection } from "./region-connection.js";
import { maxLengthOf, searchMaxLength } from "./text-limits.js";

/** Each level's codes have their own length: "73", "73.71", "73.71.01", "73.71.01.1001". */
const levelOfCodeLength: Partial<Record<number, RegionLevel>> = { 2: "PROVINCE", 5: "KABUPATEN", 8: "KECAMATAN", 13: "VILLAGE" };

/**
 * Rows reach this module only from the region tables, whose codes are well-formed, so the length
 * tells the level: this runs for every region of a response, and the patterns cost four tests.
 */
function levelOf(region: RegionRow): RegionLevel {
  const level = levelOfCodeLength[region.code.length];
  if (!level) throw new Error(`Region row with malformed code "${region.code}"`);
  return level;
}

export const RegionLevelEnum = builder.enumType("RegionLevel", {
  description: "A level of Indonesia's administrative tree, from the top; a code's shape tells its level.",
  values: {
    PROVINCE: { description: 'A province (provinsi): a two-digit code, e.g. "73".' },
    KABUPATEN: { description: 'A kabupaten (regency) or kota (city): "73.71".' },
    KECAMATAN: { description: 'A kecamatan (sub-district): "73.71.01".' },
    VILLAGE: { description: 'A desa, kelurahan or desa adat: "73.71.01.1001".' },
  } satisfies Record<(typeof regionLevels)[number], { description: string }>,
});

const KabupatenKindEnum = builder.enumType("KabupatenKind", {
  description: "A kabupaten (regency) or a kota (city): the second level of the tree.",
  values: {
    KABUPATEN: { description: "A regency, headed by a bupati." },
    KOTA: { description: "A city, headed by a wali kota." },
  },
});

export const VillageKindEnum = builder.enumType("VillageKind", {
  description: "Kelurahan (urban, code 1xxx), desa (village, 2xxx) or desa adat (customary village, 3xxx).",
  values: {
    KELURAHAN: { description: "An urban ward, headed by a lurah the kabupaten or kota appoints; code 1xxx." },
    DESA: { description: "A village that governs itself under the Village Law (UU 6/2014), headed by an elected kepala desa; code 2xxx." },
    DESA_ADAT: { description: "A customary village, governed by its adat (customary law); code 3xxx." },
  },
});

export const Region = builder.interfaceRef<RegionRow>("Region");

Region.implement({
  description: "A node of the administrative tree, addressed by its Kemendagri code; fetch it again with `node(id:)`.",
  // Every region is a Node (a province, kabupaten, kecamatan or village), so a client that
  // normalises by `Node.id` (Relay, Apollo, urql) can key a Region it met through this interface.
  interfaces: [builder.nodeInterfaceRef()],
  resolveType: (region) => typeNameOfLevel[levelOf(region)],
  fields: (t) => ({
    code: t.exposeString("code", { description: 'Kemendagri code, e.g. "73.71.01".' }),
    name: t.exposeString("name", { description: "Official name, exactly as published." }),
    level: t.field({ type: RegionLevelEnum, description: "Which level of the tree this region is on; its code's shape says the same.", resolve: levelOf }),
    parent: t.field({
      type: Region,
      nullable: true,
      description: "The region directly above; null for a province.",
      resolve: (region, _args, context) => {
        const parentCode = ancestorCodes(region.code).at(-1);
        return parentCode ? context.regions.load(parentCode) : null;
      },
    }),
    ancestors: t.field({
      type: [Region],
      description: "The regions above, province first and parent last; empty for a province.",
      resolve: async (region, _args, context) => {
        const ancestors = await context.regions.loadMany(ancestorCodes(region.code));
        return ancestors.filter((ancestor): ancestor is RegionRow => ancestor !== null && !(ancestor instanceof Error));
      },
    }),
  }),
});

const searchDescription = `Only those whose name holds this text, ignoring case (% and _ are plain characters), at most ${searchMaxLength} characters; null: all of them.`;
const searchArg = { description: searchDescription, ...maxLengthOf(searchMaxLength) };

export const Province = builder.prismaNode("Province", {
  interfaces: [Region],
  id: { field: "code" },
  nullable: true,
  description: "A province (provinsi), e.g. 73 Sulawesi Selatan.",
  fields: (t) => ({
    kabupatens: t.connection(
      {
        type: Kabupaten,
        description: "The province's kabupaten and kota, in code order; `totalCount` counts those matching `search`.",
        args: { search: t.arg.string(searchArg) },
        resolve: ({ code, kabupatenCount }, args, context) =>
          childConnection(context, "KABUPATEN", context.regionChildren.kabupatens, { code, childCount: kabupatenCount }, args),
      },
      KabupatenConnection,
    ),
  }),
});

export const Kabupaten = builder.prismaNode("Kabupaten", {
  interfaces: [Region],
  id: { field: "code" },
  nullable: true,
  description: "A kabupaten (regency) or kota (city), e.g. 73.71 Kota Makassar.",
  fields: (t) => ({
    kind: t.expose("kind", { type: KabupatenKindEnum, description: "Whether it is a regency (KABUPATEN) or a city (KOTA)." }),
    province: t.relation("province", { description: "The province it belongs to." }),
    kecamatans: t.connection(
      {
        type: Kecamatan,
        description: "Its kecamatan, in code order; `totalCount` counts those matching `search`.",
        args: { search: t.arg.string(searchArg) },
        resolve: ({ code, kecamatanCount }, args, context) =>
          childConnection(context, "KECAMATAN", context.regionChildren.kecamatans, { code, childCount: kecamatanCount }, args),
      },
      KecamatanConnection,
    ),
  }),
});

export const Kecamatan = builder.prismaNode("Kecamatan", {
  interfaces: [Region],
  id: { field: "code" },
  nullable: true,
  description: "A kecamatan (sub-district), e.g. 73.71.01 Mariso.",
  fields: (t) => ({
    kabupaten: t.relation("kabupaten", { description: "The kabupaten or kota it belongs to." }),
    villages: t.connection(
      {
        type: Village,
        description: "Its villages (desa, kelurahan, desa adat), in code order; `totalCount` counts those matching `search`.",
        args: { search: t.arg.string(searchArg) },
        resolve: ({ code, villageCount }, args, context) =>
          childConnection(context, "VILLAGE", context.regionChildren.villages, { code, childCount: villageCount }, args),
      },
      VillageConnection,
    ),
  }),
});

export const Village = builder.prismaNode("Village", {
  interfaces: [Region],
  id: { field: "code" },
  nullable: true,
  description: "A desa, kelurahan or desa adat: the leaves of the tree.",
  fields: (t) => ({
    kind: t.expose("kind", { type: VillageKindEnum, description: "Whether it is a desa, a kelurahan or a desa adat." }),
    kecamatan: t.relation("kecamatan", { description: "The kecamatan it belongs to." }),
  }),
});

const ProvinceConnection = builder.connectionObject(
  { type: Province, name: "ProvinceConnection", description: "A page of provinces, in code order." },
  { description: "A province on a page, with its cursor." },
);
const KabupatenConnection = builder.connectionObject(
  { type: Kabupaten, name: "KabupatenConnection", description: "A page of kabupaten and kota, in code order." },
  { description: "A kabupaten or kota on a page, with its cursor." },
);
const KecamatanConnection = builder.connectionObject(
  { type: Kecamatan, name: "KecamatanConnection", description: "A page of kecamatan, in code order." },
  { description: "A kecamatan on a page, with its cursor." },
);
const VillageConnection = builder.connectionObject(
  { type: Village, name: "VillageConnection", description: "A page of villages, in code order." },
  { description: "A village on a page, with its cursor." },
);

builder.queryFields((t) => ({
  region: t.field({
    type: Region,
    nullable: true,
    description: "Any region by code, whatever its level. Null when no region has that code.",
    args: { code: t.arg.string({ required: true, description: 'A Kemendagri code of any level, e.g. "73" or "73.71.01.1001"; a malformed one is a BAD_USER_INPUT error.' }) },
    resolve: (_root, { code }, context) => {
      assertRegionCode(code);
      return context.regions.load(code);
    },
  }),
  province: t.field({
    type: Province,
    nullable: true,
    description: "A province by its code; null when no province has it.",
    args: { code: t.arg.string({ required: true, description: 'Two digits, e.g. "73"; another shape is a BAD_USER_INPUT error.' }) },
    resolve: (_root, { code }, context) => {
      assertCodeOfLevel(code, "PROVINCE");
      return loadRegionOfLevel(context.regions, code, "PROVINCE");
    },
  }),
  kabupaten: t.field({
    type: Kabupaten,
    nullable: true,
    description: "A kabupaten or kota by its code; null when none has it.",
    args: { code: t.arg.string({ required: true, description: 'Province and kabupaten digits, e.g. "73.71"; another shape is a BAD_USER_INPUT error.' }) },
    resolve: (_root, { code }, context) => {
      assertCodeOfLevel(code, "KABUPATEN");
      return loadRegionOfLevel(context.regions, code, "KABUPATEN");
    },
  }),
  kecamatan: t.field({
    type: Kecamatan,
    nullable: true,
    description: "A kecamatan by its code; null when none has it.",
    args: { code: t.arg.string({ required: true, description: 'Three pairs of digits, e.g. "73.71.01"; another shape is a BAD_USER_INPUT error.' }) },
    resolve: (_root, { code }, context) => {
      assertCodeOfLevel(code, "KECAMATAN");
      return loadRegionOfLevel(context.regions, code, "KECAMATAN");
    },
  }),
  village: t.field({
    type: Village,
    nullable: true,
    description: "A village (desa, kelurahan or desa adat) by its code; null when none has it.",
    args: { code: t.arg.string({ required: true, description: 'The kecamatan\'s code and four digits, e.g. "73.71.01.1001"; another shape is a BAD_USER_INPUT error.' }) },
    resolve: (_root, { code }, context) => {
      assertCodeOfLevel(code, "VILLAGE");
      return loadRegionOfLevel(context.regions, code, "VILLAGE");
    },
  }),
  provinces: t.prismaConnection(
    {
      type: Province,
      cursor: "code",
      description: "All 38 provinces, in code order.",
      args: { search: t.arg.string(searchArg) },
      totalCount: (_connection, { search }, context) => context.prisma.province.count({ where: nameSearch(search) }),
      resolve: (query, _root, { search }, context) =>
        context.prisma.province.findMany({ ...query, where: nameSearch(search), orderBy: { code: "asc" } }),
    },
    ProvinceConnection,
  ),
  regions: t.connection(
    {
      type: Region,
      description: "Regions of every level (or of one), in code order: search the whole tree by name.",
      args: {
        search: t.arg.string(searchArg),
        level: t.arg({ type: RegionLevelEnum, description: "Only regions of this level; null: every level." }),
      },
      resolve: async (_root, args, context) => {
        const levels = args.level ? [args.level] : regionLevels;
        const connection = await resolveRegionConnection(args, (page) => findRegionPage(context.sql, levels, { ...page, search: args.search }));
        return { ...connection, totalCount: () => countRegions(context.prisma, levels, args.search) };
      },
    },
    { name: "RegionConnection", description: "A page of regions of any level, in code order (so a province comes before its kabupaten)." },
    { name: "RegionEdge", description: "A region on a page, with its cursor." },
  ),
}));
