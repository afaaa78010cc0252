import { escapeLike } from "../db/like-pattern.js";
import type { DirectSql } from "../db/direct-sql.js";
import type { Db, PrismaClient } from "../db/prisma.js";
import type { Kabupaten, Kecamatan, Province, Village } from "../db/generated/prisma/client.js";
import type { RegionLevel } from "./codes.js";
import { pageConditions, regionSql } from "./sql.js";
import type { RegionPageRequest } from "./page-request.js";

export type RegionRow = Province | Kabupaten | Kecamatan | Village;

interface RegionWhere {
  code?: { in: string[] };
  name?: { contains: string; mode: "insensitive" };
}

/** What the four region tables have in common, so one query serves every level. */
interface RegionTable {
  findMany(args: { where: RegionWhere }): Promise<RegionRow[]>;
  count(args: { where: RegionWhere }): Promise<number>;
}

export function regionTable(db: Db, level: RegionLevel): RegionTable {
  switch (level) {
    case "PROVINCE":
      return db.province;
    case "KABUPATEN":
      return db.kabupaten;
    case "KECAMATAN":
      return db.kecamatan;
    case "VILLAGE":
      return db.village;
  }
}

/** The filter every region listing accepts: a case-insensitive substring of the name. */
export function nameSearch(search: string | null | undefined): RegionWhere {
  return search ? { name: { contains: escapeLike(search), mode: "insensitive" } } : {};
}

export interface RegionPageQuery extends RegionPageRequest {
  search?: string | null;
}

/**
 * A page of regions ordered by code across one or more levels: each level's table gives its own
 * first `limit` rows past the cursor (one hand-written statement per level, read from the code
 * index) and the merge keeps the first `limit` of them all, which is exactly the page a single
 * table holding every region would give.
 */
export async function findRegionPage(
  sql: DirectSql,
  levels: readonly RegionLevel[],
  page: RegionPageQuery,
): Promise<RegionRow[]> {
  const parameters: unknown[] = [page.limit];
  const where = ["true", ...pageConditions(page, "region", parameters)].join(" AND ");
  const direction = page.descending ? "DESC" : "ASC";
  const pages = await Promise.all(
    levels.map((level) =>
      sql.rows<RegionRow>(
        {
          text: `SELECT ${regionSql[level].columns} FROM ${regionSql[level].table} region WHERE ${where} ORDER BY code ${direction} LIMIT $1`,
          row: regionSql[level].row,
        },
        parameters,
      ),
    ),
  );
  // One level's page is already in order.
  if (pages.length === 1) return pages[0] ?? [];
  const order = page.descending ? -1 : 1;
  return pages
    .flat()
    .sort((a, b) => order * (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
    .slice(0, page.limit);
}

export async function countRegions(
  prisma: PrismaClient,
  levels: readonly RegionLevel[],
  search: string | null | undefined,
): Promise<number> {
  const counts = await Promise.all(levels.map((level) => regionTable(prisma, level).count({ where: nameSearch(search) })));
  return counts.reduce((sum, count) => sum + count, 0);
}
