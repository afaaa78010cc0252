import type { SqlClient } from "../import/bulk-write.js";
import type { Progress } from "../progress.js";
import { sealPersonFields } from "../personal-data/personal-fields.js";
import { emailFor, phoneNumber } from "./contact.js";
import { fullNameFor } from "./names.js";
import { NikRegistry } from "./nik.js";
import { streamFor } from "./random.js";
import type { DemoPlan } from "./rows.js";

/**
 * `--multiply N`: the demo's cascade N times over, for benchmarks at scale. Copy 1 is the demo as
 * planned; copies 2..N repeat its trainings, modules, people and enrolments (scores, completion,
 * certification) with new ids, so a report over N copies counts N times the trainings, the
 * enrolments and the people, and the same regions. Rows are copied in SQL from the rows just
 * loaded (INSERT … SELECT, a few statements per copy), through the tables' triggers like any
 * write, so every summary stays right. Only the personal fields are made here: each copy's
 * people get new names, NIKs, phones and emails, sealed as every write path seals them.
 */
export const multiplyRange = { min: 1, max: 50 } as const;

/** A row's id in copy $1, from the original's: deterministic, and computed where it is needed, so a copied enrolment finds its copied training and person without a lookup. */
const copyId = (column: string) => `md5(${column}::text || '/copy ' || $1::int)::uuid`;

const copyTrainings = `
  INSERT INTO training (id, level, province_code, kabupaten_code, kecamatan_code, stage_number, title, venue, starts_on, ends_on,
    status, pass_threshold, created_at, updated_at)
  SELECT ${copyId("t.id")}, t.level, t.province_code, t.kabupaten_code, t.kecamatan_code, t.stage_number, t.title || ' (copy ' || $1::int || ')',
    t.venue, t.starts_on, t.ends_on, t.status, t.pass_threshold, t.created_at, t.updated_at
  FROM training t WHERE t.id = ANY($2::uuid[])`;

const copyModules = `
  INSERT INTO training_module (training_id, module_number)
  SELECT ${copyId("m.training_id")}, m.module_number FROM training_module m WHERE m.training_id = ANY($2::uuid[])`;

const copyPeople = `
  INSERT INTO person (id, full_name, nik, nik_hash, phone, email, gender, institution, position, home_province_code, home_kabupaten_code,
    home_kecamatan_code, home_village_code, created_at, updated_at)
  SELECT ${copyId("b.id")}, v.full_name, v.nik, v.nik_hash, v.phone, v.email, b.gender, b.institution, b.position, b.home_province_code,
    b.home_kabupaten_code, b.home_kecamatan_code, b.home_village_code, b.created_at, b.updated_at
  FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) AS v(id, full_name, nik, nik_hash, phone, email)
  JOIN person b ON b.id = v.id`;

const copyEnrollments = `
  INSERT INTO enrollment (id, training_id, person_id, role, days_attended, pre_test_score, post_test_score, completed, certified_trainer,
    created_at, updated_at)
  SELECT ${copyId("e.id")}, ${copyId("e.training_id")}, ${copyId("e.person_id")}, e.role, e.days_attended, e.pre_test_score, e.post_test_score,
    e.completed, e.certified_trainer, e.created_at, e.updated_at
  FROM enrollment e WHERE e.training_id = ANY($2::uuid[])`;

/** People per statement: their sealed fields travel as array parameters, a few MB a batch. */
const peopleBatch = 10_000;

/** Copy `copy`'s people: the plan's, each with a new name, NIK (same kecamatan and birth date, next serial), phone and email. */
async function copyPeopleOf(sql: SqlClient, plan: DemoPlan, copy: number, seed: number, niks: NikRegistry): Promise<number> {
  // One stream per copy, walked in the plan's order: the same seed and copy give the same people.
  const random = streamFor(seed, `copy ${copy}`);
  let written = 0;
  for (let offset = 0; offset < plan.people.length; offset += peopleBatch) {
    const batch = plan.people.slice(offset, offset + peopleBatch).map((person) => {
      const fullName = fullNameFor(random, person.gender, person.homeProvinceCode);
      const sealed = sealPersonFields({ nik: niks.issueBeside(person.nik), phone: phoneNumber(random), email: emailFor(random, fullName) });
      return { id: person.id, fullName, ...sealed };
    });
    written += await sql.$executeRawUnsafe(
      copyPeople,
      copy,
      batch.map((row) => row.id),
      batch.map((row) => row.fullName),
      batch.map((row) => row.nik),
      batch.map((row) => row.nikHash),
      batch.map((row) => row.phone),
      batch.map((row) => row.email),
    );
  }
  return written;
}

/**
 * Writes copies 2..`times` of the plan, whose rows are already loaded; `takenNiks` are the NIKs of
 * people outside the demo. Returns the rows written.
 */
export async function multiplyDemo(
  sql: SqlClient,
  plan: DemoPlan,
  options: { times: number; seed: number; takenNiks: Iterable<string> },
  progress: Progress,
): Promise<number> {
  if (options.times <= 1) return 0;
  const niks = new NikRegistry([...options.takenNiks, ...plan.people.map((person) => person.nik)]);
  const trainingIds = plan.trainings.map((training) => training.id);
  let written = 0;
  progress.start("copies", options.times - 1);
  for (let copy = 2; copy <= options.times; copy++) {
    // Parents before children, as the foreign keys want.
    written += await sql.$executeRawUnsafe(copyTrainings, copy, trainingIds);
    written += await sql.$executeRawUnsafe(copyModules, copy, trainingIds);
    written += await copyPeopleOf(sql, plan, copy, options.seed, niks);
    written += await sql.$executeRawUnsafe(copyEnrollments, copy, trainingIds);
    progress.advance(copy - 1);
  }
  progress.finish();
  return written;
}
