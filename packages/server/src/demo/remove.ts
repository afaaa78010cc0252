import * as v from "valibot";
import { queryRows, type SqlStatement } from "../db/sql-statement.js";
import type { SqlClient } from "../import/bulk-write.js";
import { demoTitlePrefix } from "./rows.js";
import { demoDatasetName } from "./record.js";

const demoPeople: SqlStatement<{ id: string }> = {
  text: `SELECT DISTINCT e.person_id::text AS id FROM enrollment e JOIN training t ON t.id = e.training_id
     WHERE starts_with(t.title, $1)`,
  row: v.strictObject({ id: v.string() }),
};

/**
 * Deletes the demo dataset: its enrollments, its trainings (their modules go with them, by
 * cascade), then the people it enrolled who are enrolled nowhere else, then its record. Demo
 * trainings are known by their title prefix and demo people by their enrollments, so no real
 * row is touched. Meant to run inside the transaction that loads the next demo.
 */
export async function removeDemo(sql: SqlClient): Promise<void> {
  const people = await queryRows(sql, demoPeople, [demoTitlePrefix]);
  // Enrolments first, while their trainings' modules are still there: in one DELETE of many
  // trainings, the cascades to modules and enrolments fire their summary triggers once, after
  // both are gone, and the module scores would stay counted.
  await sql.$executeRawUnsafe(`DELETE FROM enrollment e USING training t WHERE t.id = e.training_id AND starts_with(t.title, $1)`, demoTitlePrefix);
  await sql.$executeRawUnsafe(`DELETE FROM training WHERE starts_with(title, $1)`, demoTitlePrefix);
  await sql.$executeRawUnsafe(
    `DELETE FROM person p WHERE p.id = ANY($1::uuid[]) AND NOT EXISTS (SELECT 1 FROM enrollment e WHERE e.person_id = p.id)`,
    people.map((row) => row.id),
  );
  await sql.$executeRawUnsafe(`DELETE FROM dataset_import WHERE name = $1`, demoDatasetName);
}
