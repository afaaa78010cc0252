import type { RegionLevel } from "./region-codes.js";

/**
 * Each level's table and every column of its model, named as Prisma names the fields: what the
 * hand-written reads of the tree select, so they return exactly the rows Prisma would.
 */
export const regionSql = {
  PROVINCE: { table: "province", columns: `code, name, kabupaten_count AS "kabupatenCount"` },
  KABUPATEN: { table: "kabupaten", columns: `code, province_code AS "provinceCode", name, kind::text AS kind, kecamatan_count AS "kecamatanCount"` },
  KECAMATAN: { table: "kecamatan", columns: `code, kabupaten_code AS "kabupatenCode", name, village_count AS "villageCount"` },
  VILLAGE: { table: "village", columns: `code, kecamatan_code AS "kecamatanCode", name, kind::text AS kind` },
} as const satisfies Record<RegionLevel, { table: string; columns: string }>;
