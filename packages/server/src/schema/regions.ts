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
  description: "A level of Indonesia's administrative tree.",
  values: regionLevels,
});

const KabupatenKindEnum = builder.enumType("KabupatenKind", {
  description: "A kabupaten (regency) or a kota (city): the second level of the tree.",
  values: ["KABUPATEN", "KOTA"] as const,
});

export const VillageKindEnum = builder.enumType("VillageKind", {
  description: "Kelurahan (urban, code 1xxx), desa (village, 2xxx) or desa adat (customary village, 3xxx).",
  values: ["KELURAHAN", "DESA", "DESA_ADAT"] as const,
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
    level: t.field({ type: RegionLevelEnum, resolve: levelOf }),
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

const searchDescription = `Case-insensitive substring of the name; % and _ are plain characters. At most ${searchMaxLength} characters.`;
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
    kind: t.expose("kind", { type: KabupatenKindEnum }),
    province: t.relation("province"),
    kecamatans: t.connection(
      {
        type: Kecamatan,
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
    kabupaten: t.relation("kabupaten"),
    villages: t.connection(
      {
        type: Village,
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
    kind: t.expose("kind", { type: VillageKindEnum }),
    kecamatan: t.relation("kecamatan"),
  }),
});

const ProvinceConnection = builder.connectionObject({ type: Province, name: "ProvinceConnection" });
const KabupatenConnection = builder.connectionObject({ type: Kabupaten, name: "KabupatenConnection" });
const KecamatanConnection = builder.connectionObject({ type: Kecamatan, name: "KecamatanConnection" });
const VillageConnection = builder.connectionObject({ type: Village, name: "VillageConnection" });

builder.queryFields((t) => ({
  region: t.field({
    type: Region,
    nullable: true,
    description: "Any region by code, whatever its level. Null when no region has that code.",
    args: { code: t.arg.string({ required: true }) },
    resolve: (_root, { code }, context) => {
      assertRegionCode(code);
      return context.regions.load(code);
    },
  }),
  province: t.field({
    type: Province,
    nullable: true,
    args: { code: t.arg.string({ required: true, description: 'Two digits, e.g. "73".' }) },
    resolve: (_root, { code }, context) => {
      assertCodeOfLevel(code, "PROVINCE");
      return loadRegionOfLevel(context.regions, code, "PROVINCE");
    },
  }),
  kabupaten: t.field({
    type: Kabupaten,
    nullable: true,
    args: { code: t.arg.string({ required: true, description: 'e.g. "73.71".' }) },
    resolve: (_root, { code }, context) => {
      assertCodeOfLevel(code, "KABUPATEN");
      return loadRegionOfLevel(context.regions, code, "KABUPATEN");
    },
  }),
  kecamatan: t.field({
    type: Kecamatan,
    nullable: true,
    args: { code: t.arg.string({ required: true, description: 'e.g. "73.71.01".' }) },
    resolve: (_root, { code }, context) => {
      assertCodeOfLevel(code, "KECAMATAN");
      return loadRegionOfLevel(context.regions, code, "KECAMATAN");
    },
  }),
  village: t.field({
    type: Village,
    nullable: true,
    args: { code: t.arg.string({ required: true, description: 'e.g. "73.71.01.1001".' }) },
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
        level: t.arg({ type: RegionLevelEnum, description: "Only regions of this level." }),
      },
      resolve: async (_root, args, context) => {
        const levels = args.level ? [args.level] : regionLevels;
        const connection = await resolveRegionConnection(args, (page) => findRegionPage(context.sql, levels, { ...page, search: args.search }));
        return { ...connection, totalCount: () => countRegions(context.prisma, levels, args.search) };
      },
    },
    { name: "RegionConnection" },
    { name: "RegionEdge" },
  ),
}));
