import { bulkWrite, type BulkTable, type SqlClient } from "../import/bulk-write.js";
import type { Progress } from "../progress.js";
import { sealPersonFields } from "../personal-data/personal-fields.js";
import type { PersonRow } from "./person.js";
import type { DemoPlan, EnrollmentRow, TrainingRow } from "./rows.js";

// Timestamps come from the plan, not the clock, so the same seed gives the same rows: a row is
// created on the first day of its training and, for trainings and enrollments, last updated on
// its last day, when the training was completed.
const midnight = (isoDate: string) => `${isoDate} 00:00:00`;

const trainingSpec: BulkTable<TrainingRow> = {
  table: "training",
  columns: {
    id: "uuid", level: '"TrainingLevel"', province_code: "varchar", kabupaten_code: "varchar", kecamatan_code: "varchar",
    stage_number: "int", title: "text", venue: "text", starts_on: "date", ends_on: "date", status: '"TrainingStatus"',
    pass_threshold: "int", created_at: "timestamp", updated_at: "timestamp",
  },
  toColumns: (t) => [
    t.id, t.level, t.provinceCode, t.kabupatenCode, t.kecamatanCode, t.stageNumber, t.title, t.venue, t.startsOn, t.endsOn,
    t.status, t.passThreshold, midnight(t.startsOn), midnight(t.endsOn),
  ],
};

const trainingModuleSpec: BulkTable<{ trainingId: string; moduleNumber: number }> = {
  table: "training_module",
  columns: { training_id: "uuid", module_number: "int" },
  toColumns: (row) => [row.trainingId, row.moduleNumber],
};

const personSpec: BulkTable<PersonRow> = {
  table: "person",
  columns: {
    id: "uuid", full_name: "text", nik: "text", nik_hash: "text", phone: "text", email: "text", gender: '"Gender"', institution: '"Institution"',
    position: "text", home_province_code: "varchar", home_kabupaten_code: "varchar", home_kecamatan_code: "varchar",
    home_village_code: "varchar", created_at: "timestamp", updated_at: "timestamp",
  },
  // Personal fields are sealed as they are written, as every write path does: the plan holds them plain.
  toColumns: (p) => {
    const sealed = sealPersonFields({ nik: p.nik, phone: p.phone, email: p.email });
    return [
      p.id, p.fullName, sealed.nik, sealed.nikHash, sealed.phone, sealed.email, p.gender, p.institution, p.position, p.homeProvinceCode,
      p.homeKabupatenCode, p.homeKecamatanCode, p.homeVillageCode, midnight(p.recordedOn), midnight(p.recordedOn),
    ];
  },
};

function enrollmentSpec(trainings: ReadonlyMap<string, TrainingRow>): BulkTable<EnrollmentRow> {
  const trainingOf = (id: string) => {
    const training = trainings.get(id);
    if (!training) throw new Error(`The plan enrolls into training ${id}, which it does not hold.`);
    return training;
  };
  return {
    table: "enrollment",
    columns: {
      id: "uuid", training_id: "uuid", person_id: "uuid", role: '"EnrollmentRole"', days_attended: "int", pre_test_score: "int",
      post_test_score: "int", completed: "boolean", certified_trainer: "boolean", created_at: "timestamp", updated_at: "timestamp",
    },
    toColumns: (e) => [
      e.id, e.trainingId, e.personId, e.role, e.daysAttended, e.preTestScore, e.postTestScore, e.completed, e.certifiedTrainer,
      midnight(trainingOf(e.trainingId).startsOn), midnight(trainingOf(e.trainingId).endsOn),
    ],
  };
}

/** Inserts the whole plan, parents before children; returns the number of rows written. */
export async function loadPlan(sql: SqlClient, plan: DemoPlan, progress: Progress): Promise<number> {
  const modules = plan.trainings.flatMap((training) => training.moduleNumbers.map((moduleNumber) => ({ trainingId: training.id, moduleNumber })));
  const trainings = new Map(plan.trainings.map((training) => [training.id, training]));
  return (
    (await bulkWrite(sql, trainingSpec, plan.trainings, progress)) +
    (await bulkWrite(sql, trainingModuleSpec, modules, progress)) +
    (await bulkWrite(sql, personSpec, plan.people, progress)) +
    (await bulkWrite(sql, enrollmentSpec(trainings), plan.enrollments, progress))
  );
}
