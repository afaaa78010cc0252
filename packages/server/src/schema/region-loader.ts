import DataLoader from "dataloader";
import type { DirectSql } from "../db/direct-sql.js";
import { levelOfCode, type RegionLevel } from "./region-codes.js";
import type { RegionRow } from "./region-queries.js";
import { regionSql } from "./region-sql.js";

export type RegionLoader = DataLoader<string, RegionRow | null>;

/**
 * Regions by code, batched per request: all the parents and ancestors asked for while resolving
 * one level of a response cost one query per region level, not one per row.
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
    const rows = await Promise.all(
      [...byLevel].map(([level, levelCodes]) =>
        sql.rows<RegionRow>(`SELECT ${regionSql[level].columns} FROM ${regionSql[level].table} WHERE code = ANY($1::text[])`, [levelCodes]),
      ),
    );
    const byCode = new Map(rows.flat().map((row) => [row.code, row]));
    return codes.map((code) => byCode.get(code) ?? null);
  });
}
