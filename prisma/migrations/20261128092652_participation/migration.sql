-- CreateTable
CREATE TABLE "participation" (
    "enrollment_id" UUID NOT NULL,
    "training_id" UUID NOT NULL,
    "person_id" UUID NOT NULL,
    "training_level" "TrainingLevel" NOT NULL,
    "training_status" "TrainingStatus" NOT NULL,
    "training_province_code" VARCHAR(2) NOT NULL,
    "training_stage_number" INTEGER,
    "training_starts_on" DATE,
    "home_province_code" VARCHAR(2) NOT NULL,
    "home_kabupaten_code" VARCHAR(5),
    "home_kecamatan_code" VARCHAR(8),
    "home_village_code" VARCHAR(13),
    "institution" "Institution" NOT NULL,
    "completed" BOOLEAN NOT NULL,
    "certified_trainer" BOOLEAN NOT NULL,
    "pre_test_score" INTEGER,
    "post_test_score" INTEGER,

    CONSTRAINT "participation_pkey" PRIMARY KEY ("enrollment_id")
);

-- CreateIndex
CREATE INDEX "participation_home_province_code_idx" ON "participation"("home_province_code");

-- CreateIndex
CREATE INDEX "participation_home_kabupaten_code_idx" ON "participation"("home_kabupaten_code");

-- CreateIndex
CREATE INDEX "participation_home_kecamatan_code_idx" ON "participation"("home_kecamatan_code");

-- CreateIndex
CREATE INDEX "participation_training_level_idx" ON "participation"("training_level");

-- CreateIndex
CREATE INDEX "participation_training_id_idx" ON "participation"("training_id");

-- CreateIndex
CREATE INDEX "participation_person_id_idx" ON "participation"("person_id");

-- AddForeignKey
ALTER TABLE "participation" ADD CONSTRAINT "participation_enrollment_id_fkey" FOREIGN KEY ("enrollment_id") REFERENCES "enrollment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Kept by statement triggers from the rows each statement wrote (transition tables), so a bulk
-- write of thousands of enrolments costs one more INSERT ... SELECT, not one call per row, and the
-- copy commits or rolls back with the write. Deletes follow the enrolment through the foreign key.
-- Prisma's driver-adapter migration runner splits scripts at every semicolon, quoted or not, so the
-- semicolons of the function bodies are written as \x3B escapes.

-- The participation rows of these enrolments as the tables hold them now (none for an enrolment
-- that is not a participant's): what the triggers copy, and this migration once for the
-- enrolments made before it. Columns in the order of the table.
CREATE FUNCTION "participation_rows"(enrollment_ids UUID[]) RETURNS SETOF "participation" LANGUAGE sql STABLE AS '
  SELECT e.id, e.training_id, e.person_id, t.level, t.status, t.province_code, t.stage_number, t.starts_on,
    p.home_province_code, p.home_kabupaten_code, p.home_kecamatan_code, p.home_village_code, p.institution,
    e.completed, e.certified_trainer, e.pre_test_score, e.post_test_score
  FROM enrollment e JOIN person p ON p.id = e.person_id JOIN training t ON t.id = e.training_id
  WHERE e.id = ANY (enrollment_ids) AND e.role = ''PARTICIPANT''';

-- Inserted and updated enrolments are copied afresh.
CREATE FUNCTION "copy_participants"() RETURNS trigger LANGUAGE plpgsql AS E'BEGIN
  DELETE FROM participation pa USING new_enrollments e WHERE pa.enrollment_id = e.id\x3B
  INSERT INTO participation SELECT * FROM participation_rows(ARRAY(SELECT id FROM new_enrollments))\x3B
  RETURN NULL\x3B
END\x3B';

CREATE TRIGGER "enrollment_copies_participants_on_insert" AFTER INSERT ON "enrollment"
  REFERENCING NEW TABLE AS new_enrollments FOR EACH STATEMENT EXECUTE FUNCTION "copy_participants"();
CREATE TRIGGER "enrollment_copies_participants_on_update" AFTER UPDATE ON "enrollment"
  REFERENCING NEW TABLE AS new_enrollments FOR EACH STATEMENT EXECUTE FUNCTION "copy_participants"();

-- A person who moves or changes institution takes their participation rows along (only rows that
-- differ are written, so editing a phone number writes none).
CREATE FUNCTION "copy_participant_homes"() RETURNS trigger LANGUAGE plpgsql AS E'BEGIN
  UPDATE participation pa SET home_province_code = p.home_province_code, home_kabupaten_code = p.home_kabupaten_code,
    home_kecamatan_code = p.home_kecamatan_code, home_village_code = p.home_village_code, institution = p.institution
  FROM new_people p
  WHERE pa.person_id = p.id
    AND (pa.home_province_code, pa.home_kabupaten_code, pa.home_kecamatan_code, pa.home_village_code, pa.institution)
      IS DISTINCT FROM (p.home_province_code, p.home_kabupaten_code, p.home_kecamatan_code, p.home_village_code, p.institution)\x3B
  RETURN NULL\x3B
END\x3B';

CREATE TRIGGER "person_copies_homes_to_participation" AFTER UPDATE ON "person"
  REFERENCING NEW TABLE AS new_people FOR EACH STATEMENT EXECUTE FUNCTION "copy_participant_homes"();

-- A training that changes status, level, place, stage or date takes its participation rows along.
CREATE FUNCTION "copy_participant_trainings"() RETURNS trigger LANGUAGE plpgsql AS E'BEGIN
  UPDATE participation pa SET training_level = t.level, training_status = t.status, training_province_code = t.province_code,
    training_stage_number = t.stage_number, training_starts_on = t.starts_on
  FROM new_trainings t
  WHERE pa.training_id = t.id
    AND (pa.training_level, pa.training_status, pa.training_province_code, pa.training_stage_number, pa.training_starts_on)
      IS DISTINCT FROM (t.level, t.status, t.province_code, t.stage_number, t.starts_on)\x3B
  RETURN NULL\x3B
END\x3B';

CREATE TRIGGER "training_copies_to_participation" AFTER UPDATE ON "training"
  REFERENCING NEW TABLE AS new_trainings FOR EACH STATEMENT EXECUTE FUNCTION "copy_participant_trainings"();

-- The enrolments made before this migration.
INSERT INTO "participation" SELECT * FROM "participation_rows"(ARRAY(SELECT "id" FROM "enrollment"));
