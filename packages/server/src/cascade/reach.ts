import * as v from "valibot";
import type { PrismaClient } from "../db/prisma.js";
import { queryRows, type SqlStatement } from "../db/sql-statement.js";

/**
 * How far the cascade below one certified trainer went:
 * - trainingsFacilitated: kecamatan trainings they taught (not cancelled);
 * - peopleTrained: distinct participants of those trainings and of the village sessions their
 *   graduates then led;
 * - kecamatanCovered: distinct home kecamatan of the participants who completed their trainings
 *   (the kecamatan apparatus now able to guide villages);
 * - villagesReached: distinct home villages of the participants of those village sessions.
 */
export interface Reach {
  trainingsFacilitated: number;
  peopleTrained: number;
  kecamatanCovered: number;
  villagesReached: number;
}

const count = v.pipe(v.number(), v.integer());

// One statement for any number of trainers, so a page of trainers costs one round trip.
const reachOfTrainers: SqlStatement<Reach & { personId: string; certified: boolean }> = {
  row: v.strictObject({
    personId: v.string(),
    certified: v.boolean(),
    trainingsFacilitated: count,
    peopleTrained: count,
    kecamatanCovered: count,
    villagesReached: count,
  }),
  text: `
WITH trainer AS (SELECT DISTINCT unnest($1::uuid[]) AS person_id),
taught AS (
  SELECT e.person_id AS trainer_id, t.id AS training_id
  FROM enrollment e JOIN training t ON t.id = e.training_id
  WHERE e.person_id IN (SELECT person_id FROM trainer) AND e.role = 'TRAINER'
    AND t.level = 'KECAMATAN_TRAINING' AND t.status <> 'CANCELLED'),
graduates AS (
  SELECT DISTINCT tt.trainer_id, e.person_id
  FROM taught tt JOIN enrollment e ON e.training_id = tt.training_id AND e.role = 'PARTICIPANT' AND e.completed),
sessions AS (
  SELECT DISTINCT g.trainer_id, t.id AS training_id
  FROM graduates g
  JOIN enrollment e ON e.person_id = g.person_id AND e.role = 'TRAINER'
  JOIN training t ON t.id = e.training_id AND t.level = 'VILLAGE_SESSION' AND t.status <> 'CANCELLED'),
downstream AS (SELECT trainer_id, training_id FROM taught UNION SELECT trainer_id, training_id FROM sessions),
trained AS (
  SELECT DISTINCT d.trainer_id, e.person_id
  FROM downstream d JOIN enrollment e ON e.training_id = d.training_id AND e.role = 'PARTICIPANT'),
villages AS (
  SELECT DISTINCT s.trainer_id, p.home_village_code
  FROM sessions s
  JOIN enrollment e ON e.training_id = s.training_id AND e.role = 'PARTICIPANT'
  JOIN person p ON p.id = e.person_id
  WHERE p.home_village_code IS NOT NULL)
SELECT tr.person_id::text AS "personId",
  EXISTS (SELECT 1 FROM enrollment e WHERE e.person_id = tr.person_id AND e.certified_trainer) AS "certified",
  (SELECT count(*) FROM taught x WHERE x.trainer_id = tr.person_id)::int AS "trainingsFacilitated",
  (SELECT count(*) FROM trained x WHERE x.trainer_id = tr.person_id)::int AS "peopleTrained",
  (SELECT count(DISTINCT p.home_kecamatan_code) FROM graduates g JOIN person p ON p.id = g.person_id
    WHERE g.trainer_id = tr.person_id)::int AS "kecamatanCovered",
  (SELECT count(*) FROM villages v WHERE v.trainer_id = tr.person_id)::int AS "villagesReached"
FROM trainer tr`,
};

/** The reach of each of these people; people a ToT has not certified have none. */
export async function reachOf(prisma: PrismaClient, personIds: readonly string[]): Promise<Map<string, Reach>> {
  const rows = await queryRows(prisma, reachOfTrainers, [[...personIds]]);
  return new Map(rows.filter((row) => row.certified).map(({ personId, certified: _, ...reach }) => [personId, reach]));
}
