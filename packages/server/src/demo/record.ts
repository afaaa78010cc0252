import * as v from "valibot";
import { queryRow, type SqlStatement } from "../db/sql-statement.js";
import type { SqlClient } from "../import/bulk-write.js";
import { demoTitlePrefix } from "./rows.js";

/** The demo's row in `dataset_import`; its version is "<scale>-<seed>". */
export const demoDatasetName = "demo";

/** Demo rows whose record is gone (someone deleted it) count as a demo of unknown version. */
const unrecordedVersion = "unrecorded";

const demoPresence: SqlStatement<{ version: string | null; demoTrainings: boolean }> = {
  text: `SELECT (SELECT version FROM dataset_import WHERE name = $1) AS version,
       EXISTS (SELECT 1 FROM training WHERE starts_with(title, $2)) AS "demoTrainings"`,
  row: v.strictObject({ version: v.nullable(v.string()), demoTrainings: v.boolean() }),
};

/** The version of the demo the database holds, or null when it holds none. */
export async function presentDemoVersion(sql: SqlClient): Promise<string | null> {
  const row = await queryRow(sql, demoPresence, [demoDatasetName, demoTitlePrefix]);
  return row.version ?? (row.demoTrainings ? unrecordedVersion : null);
}
