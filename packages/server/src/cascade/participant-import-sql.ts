import * as v from "valibot";
import type { SqlStatement } from "../db/sql-statement.js";
import { EnrollmentRole } from "../db/generated/prisma/enums.js";

/**
 * The statements of a bulk participant import, each one statement for the whole sheet, whatever
 * its size: every column travels as one array parameter and `unnest` turns the arrays back into
 * rows, so 20,000 rows are the same few round trips as 20, and nothing sends a parameter per row
 * (PostgreSQL allows 65,535). Prisma's bulk calls compiled and interpreted every row of such
 * queries, which was most of an import's time.
 */

/** Which of the codes exist, each array holding the codes of one level. */
export const existingRegionCodes: SqlStatement<{ code: string }> = {
  text: `SELECT code::text AS code FROM province WHERE code = ANY($1::text[])
    UNION ALL SELECT code::text FROM kabupaten WHERE code = ANY($2::text[])
    UNION ALL SELECT code::text FROM kecamatan WHERE code = ANY($3::text[])
    UNION ALL SELECT code::text FROM village WHERE code = ANY($4::text[])`,
  row: v.strictObject({ code: v.string() }),
};

export interface KnownPerson {
  id: string;
  fullName: string;
  nikHash: string | null;
  homeProvinceCode: string;
  homeKabupatenCode: string | null;
  homeKecamatanCode: string | null;
  homeVillageCode: string | null;
}

/** The people holding one of the NIK hashes $1, or with one of the ids $2: what identifies them. */
export const knownPeople: SqlStatement<KnownPerson> = {
  text: `SELECT id::text AS id, full_name AS "fullName", nik_hash::text AS "nikHash", home_province_code::text AS "homeProvinceCode",
      home_kabupaten_code::text AS "homeKabupatenCode", home_kecamatan_code::text AS "homeKecamatanCode", home_village_code::text AS "homeVillageCode"
    FROM person WHERE nik_hash = ANY($1::text[]) OR id = ANY($2::uuid[])`,
  row: v.strictObject({
    id: v.string(),
    fullName: v.string(),
    nikHash: v.nullable(v.string()),
    homeProvinceCode: v.string(),
    homeKabupatenCode: v.nullable(v.string()),
    homeKecamatanCode: v.nullable(v.string()),
    homeVillageCode: v.nullable(v.string()),
  }),
};

/** The people without a NIK named (trimmed full name, any case) $1 at the exact home region $2, pairwise. */
export const peopleNamedAt: SqlStatement<{ id: string }> = {
  text: `SELECT DISTINCT person.id::text AS id
      FROM person
      JOIN unnest($1::text[], $2::text[]) AS wanted(full_name, home_code)
        ON lower(person.full_name) = lower(wanted.full_name)
       AND coalesce(person.home_village_code, person.home_kecamatan_code, person.home_kabupaten_code, person.home_province_code) = wanted.home_code
     WHERE person.nik IS NULL`,
  row: v.strictObject({ id: v.string() }),
};

/** New people, one per element of the arrays (personal fields sealed by the caller); timestamps in UTC, as Prisma writes them. */
export const insertPeople: SqlStatement<{ inserted: number }> = {
  text: `WITH inserted AS (
      INSERT INTO person (id, full_name, nik, nik_hash, phone, email, gender, institution, position,
                          home_province_code, home_kabupaten_code, home_kecamatan_code, home_village_code, created_at, updated_at)
      SELECT id, full_name, nik, nik_hash, phone, email, gender::"Gender", institution::"Institution", position,
             province, kabupaten, kecamatan, village, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
        FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                    $10::text[], $11::text[], $12::text[], $13::text[])
          AS row(id, full_name, nik, nik_hash, phone, email, gender, institution, position, province, kabupaten, kecamatan, village)
      RETURNING 1)
    SELECT count(*)::int AS inserted FROM inserted`,
  row: v.strictObject({ inserted: v.number() }),
};

export interface ImportedEnrollment {
  id: string;
  personId: string;
  role: EnrollmentRole;
  daysAttended: number;
  preTestScore: number | null;
  postTestScore: number | null;
}

/** The enrolments of training $1 of the people $2. */
export const enrollmentsOfPeople: SqlStatement<ImportedEnrollment> = {
  text: `SELECT id::text AS id, person_id::text AS "personId", role::text AS role, days_attended AS "daysAttended",
      pre_test_score AS "preTestScore", post_test_score AS "postTestScore"
    FROM enrollment WHERE training_id = $1::uuid AND person_id = ANY($2::uuid[])`,
  row: v.strictObject({
    id: v.string(),
    personId: v.string(),
    role: v.enum(EnrollmentRole),
    daysAttended: v.number(),
    preTestScore: v.nullable(v.number()),
    postTestScore: v.nullable(v.number()),
  }),
};

/** New PARTICIPANT enrolments in training $1: ids $2, people $3, attendance $4 (null: none yet) and scores $5, $6. */
export const insertParticipantEnrollments: SqlStatement<{ inserted: number }> = {
  text: `WITH inserted AS (
      INSERT INTO enrollment (id, training_id, person_id, role, days_attended, pre_test_score, post_test_score, created_at, updated_at)
      SELECT id, $1::uuid, person_id, 'PARTICIPANT', coalesce(days_attended, 0), pre_test_score, post_test_score,
             now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
        FROM unnest($2::uuid[], $3::uuid[], $4::int[], $5::int[], $6::int[]) AS row(id, person_id, days_attended, pre_test_score, post_test_score)
      RETURNING 1)
    SELECT count(*)::int AS inserted FROM inserted`,
  row: v.strictObject({ inserted: v.number() }),
};

/** Attendance and scores of existing enrolments $1; a null keeps what the enrolment holds. */
export const updateEnrollmentRecords: SqlStatement<{ updated: number }> = {
  text: `WITH updated AS (
      UPDATE enrollment AS e SET
        days_attended = coalesce(row.days_attended, e.days_attended),
        pre_test_score = coalesce(row.pre_test_score, e.pre_test_score),
        post_test_score = coalesce(row.post_test_score, e.post_test_score),
        updated_at = now() AT TIME ZONE 'UTC'
      FROM unnest($1::uuid[], $2::int[], $3::int[], $4::int[]) AS row(id, days_attended, pre_test_score, post_test_score)
      WHERE e.id = row.id
      RETURNING 1)
    SELECT count(*)::int AS updated FROM updated`,
  row: v.strictObject({ updated: v.number() }),
};
