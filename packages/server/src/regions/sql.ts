import { escapeLike } from "../db/like-pattern.js";
import type { RegionLevel } from "./codes.js";

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
