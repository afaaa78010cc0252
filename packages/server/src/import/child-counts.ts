import type { SqlClient } from "./bulk-write.js";

/** A parent level of the tree, the level below it, and the column that stores how many children it has. */
interface ChildCount {
  parent: string;
  child: string;
  parentColumn: string;
  countColumn: string;
}

const childCounts: readonly ChildCount[] = [
  { parent: "province", child: "kabupaten", parentColumn: "province_code", countColumn: "kabupaten_count" },
  { parent: "kabupaten", child: "kecamatan", parentColumn: "kabupaten_code", countColumn: "kecamatan_count" },
  { parent: "kecamatan", child: "village", parentColumn: "kecamatan_code", countColumn: "village_count" },
];

/**
 * Sets every parent's stored child count to what the tree holds now (zero for a parent left
 * without children), writing only the rows whose count changed, so an unchanged re-import writes
 * nothing. The same statements backfill the counts in the migration that added the columns.
 */
export async function refreshChildCounts(sql: SqlClient): Promise<number> {
  let changed = 0;
  for (const { parent, child, parentColumn, countColumn } of childCounts) {
    changed += await sql.$executeRawUnsafe(`
      UPDATE "${parent}" AS "parent" SET "${countColumn}" = "counted"."n"
      FROM (SELECT "p"."code", count("c"."code")::int AS "n" FROM "${parent}" AS "p"
            LEFT JOIN "${child}" AS "c" ON "c"."${parentColumn}" = "p"."code" GROUP BY "p"."code") AS "counted"
      WHERE "parent"."code" = "counted"."code" AND "parent"."${countColumn}" <> "counted"."n"`);
  }
  return changed;
}
