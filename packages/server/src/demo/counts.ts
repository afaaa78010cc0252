import * as v from "valibot";
import { queryRow, type SqlStatement } from "../db/sql-statement.js";
import type { SqlClient } from "../import/bulk-write.js";
import { demoTitlePrefix } from "./rows.js";

export interface DemoCounts {
  provincialTots: number;
  kecamatanTrainings: number;
  villageSessions: number;
  people: number;
  enrollments: number;
  certifiedTrainers: number;
  villagesReached: number;
}

const count = v.pipe(v.number(), v.integer());

const countsSql = `
WITH demo_training AS (SELECT id, level FROM training WHERE starts_with(title, $1)),
demo_enrollment AS (
  SELECT e.person_id, e.role, e.certified_trainer, t.level
  FROM enrollment e JOIN demo_training t ON t.id = e.training_id)
SELECT
  (SELECT count(*) FROM demo_training WHERE level = 'PROVINCIAL_TOT')::int AS "provincialTots",
  (SELECT count(*) FROM demo_training WHERE level = 'KECAMATAN_TRAINING')::int AS "kecamatanTrainings",
  (SELECT count(*) FROM demo_training WHERE level = 'VILLAGE_SESSION')::int AS "villageSessions",
  (SELECT count(DISTINCT person_id) FROM demo_enrollment)::int AS "people",
  (SELECT count(*) FROM demo_enrollment)::int AS "enrollments",
  (SELECT count(DISTINCT person_id) FROM demo_enrollment WHERE certified_trainer)::int AS "certifiedTrainers",
  (SELECT count(DISTINCT p.home_village_code) FROM demo_enrollment e JOIN person p ON p.id = e.person_id
    WHERE e.level = 'VILLAGE_SESSION' AND e.role = 'PARTICIPANT')::int AS "villagesReached"`;

const demoCounts: SqlStatement<DemoCounts> = {
  text: countsSql,
  row: v.strictObject({
    provincialTots: count,
    kecamatanTrainings: count,
    villageSessions: count,
    people: count,
    enrollments: count,
    certifiedTrainers: count,
    villagesReached: count,
  }),
};

/** What the database holds of the demo, counted from the rows themselves. */
export async function countDemo(sql: SqlClient): Promise<DemoCounts> {
  return queryRow(sql, demoCounts, [demoTitlePrefix]);
}
