import DataLoader from "dataloader";
import type { DirectSql } from "../db/direct-sql.js";
import { levelOfCode, type RegionLevel } from "./codes.js";
import type { RegionRow } from "./queries.js";
import * as v from "valibot";
import { anyRegionRow, regionSql } from "./sql.js";

export type RegionLoader = DataLoader<string, RegionRow | null>;

const jsonRegionRow = v.strictObject({ row: anyRegionRow });

/**
 * Regions by code, batched per request: all the parents and ancestors asked for while resolving
 * one level of a response, or all the regions of a `nodes(ids:)` lookup, cost one statement.
 * Each level's rows come back as JSON (`to_json` of the row, named as Prisma names the fields),
 * so the levels' different columns fit one UNION ALL; a statement per level would cost a round
 * trip per level, in parallel but each with its own pool connection and protocol overhead.
 */
export function createRegionLoader(sql: DirectSql): RegionLoader {
  return new DataLoader(async (codes) => {
    const byLevel = new Map<RegionLevel, string[]>();
    for (const code of codes) {
      const level = levelOfCode(code);
      if (!level) continue;
      const levelCodes = byLevel.get(level);
      if (levelCodes) levelCodes.push(code);
      else byLevel.set(level, [code]);
    }
    if (byLevel.size === 0) return codes.map(() => null);
    const levels = [...byLevel];
    const selects = levels.map(
      ([level], index) =>
        `SELECT to_json(region) AS row FROM (SELECT ${regionSql[level].columns} FROM ${regionSql[level].table} WHERE code = ANY($${index + 1}::text[])) region`,
    );
    const rows = await sql.rows({ text: selects.join(" UNION ALL "), row: jsonRegionRow }, levels.map(([, levelCodes]) => levelCodes));
    const byCode = new Map(rows.map(({ row }) => [row.code, row]));
    return codes.map((code) => byCode.get(code) ?? null);
  });
}

/**
 * The region of `level` with this code, through the request's loader, or null when there is none;
 * the row is checked to be of that level, so callers get the level's own type.
 */
export async function loadRegionOfLevel<Level extends RegionLevel>(
  loader: RegionLoader,
  code: string,
  level: Level,
): Promise<v.InferOutput<(typeof regionSql)[Level]["row"]> | null> {
  const row = await loader.load(code);
  return row !== null && v.is(regionSql[level].row, row) ? row : null;
}
