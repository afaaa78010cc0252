import * as v from "valibot";
import type { RowShape } from "../db/sql-statement.js";
import type { Kabupaten, Kecamatan, Province, Village } from "../db/generated/prisma/client.js";
import { escapeLike } from "../db/like-pattern.js";
import type { RegionLevel } from "./codes.js";

const provinceRow: RowShape<Province> = v.strictObject({ code: v.string(), name: v.string(), kabupatenCount: v.number() });
const kabupatenRow: RowShape<Kabupaten> = v.strictObject({
  code: v.string(),
  provinceCode: v.string(),
  name: v.string(),
  kind: v.picklist(["KABUPATEN", "KOTA"]),
  kecamatanCount: v.number(),
});
const kecamatanRow: RowShape<Kecamatan> = v.strictObject({ code: v.string(), kabupatenCode: v.string(), name: v.string(), villageCount: v.number() });
const villageRow: RowShape<Village> = v.strictObject({
  code: v.string(),
  kecamatanCode: v.string(),
  name: v.string(),
  kind: v.picklist(["KELURAHAN", "DESA", "DESA_ADAT"]),
});

/**
 * Each level's table, every column of its model named as Prisma names the fields, and the shape
 * of such a row: what the hand-written reads of the tree select, so they return exactly the rows
 * Prisma would, checked.
 */
export const regionSql = {
  PROVINCE: { table: "province", columns: `code, name, kabupaten_count AS "kabupatenCount"`, row: provinceRow },
  KABUPATEN: {
    table: "kabupaten",
    columns: `code, province_code AS "provinceCode", name, kind::text AS kind, kecamatan_count AS "kecamatanCount"`,
    row: kabupatenRow,
  },
  KECAMATAN: { table: "kecamatan", columns: `code, kabupaten_code AS "kabupatenCode", name, village_count AS "villageCount"`, row: kecamatanRow },
  VILLAGE: { table: "village", columns: `code, kecamatan_code AS "kecamatanCode", name, kind::text AS kind`, row: villageRow },
} as const satisfies Record<RegionLevel, { table: string; columns: string; row: RowShape<unknown> }>;

/** Any level's row, as the levels' shapes allow: for statements that read several levels at once. */
export const anyRegionRow = v.union([provinceRow, kabupatenRow, kecamatanRow, villageRow]);

/** What narrows a code-ordered page of regions: a name search and the codes around a cursor. */
interface PageBounds {
  search?: string | null;
  after: string | null;
  before: string | null;
}

/**
 * The conditions on `alias`'s rows that a page's search and cursor add, their values appended to
 * `parameters` and referred to by position.
 */
export function pageConditions({ search, after, before }: PageBounds, alias: string, parameters: unknown[]): string[] {
  const bind = (value: unknown) => `$${parameters.push(value)}`;
  const conditions: string[] = [];
  if (search) conditions.push(`${alias}.name ILIKE ${bind(`%${escapeLike(search)}%`)}`);
  if (after !== null) conditions.push(`${alias}.code > ${bind(after)}`);
  if (before !== null) conditions.push(`${alias}.code < ${bind(before)}`);
  return conditions;
}
