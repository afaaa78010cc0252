-- Each write statement keeps participation and the coverage summaries in a fixed, small number of
-- statements, whatever the number of rows it changed or how they got there. Before, an updated
-- enrolment's row was deleted and inserted again (two passes of the summaries' triggers, each
-- taking the rows out and putting them in), an enrolment insert ran the delete pass too on no
-- rows, and deleting a training removed each of its enrolments' participation rows by the
-- foreign key's cascade, which PostgreSQL runs as one statement per enrolment, so the
-- summaries' statement triggers ran once per enrolment. Semicolons inside the function bodies
-- are \x3B escapes (see the data_version migration).

-- The foreign key only checks now, at commit: the enrolments' delete trigger below removes their
-- rows first, in one statement per statement on enrollment.
ALTER TABLE "participation" DROP CONSTRAINT "participation_enrollment_id_fkey";
ALTER TABLE "participation" ADD CONSTRAINT "participation_enrollment_id_fkey" FOREIGN KEY ("enrollment_id") REFERENCES "enrollment"("id")
  ON DELETE NO ACTION ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED;

CREATE FUNCTION "delete_participants"() RETURNS trigger LANGUAGE plpgsql AS E'BEGIN
  DELETE FROM participation pa USING old_enrollments e WHERE pa.enrollment_id = e.id\x3B
  RETURN NULL\x3B
END\x3B';
CREATE TRIGGER "enrollment_deletes_participants" AFTER DELETE ON "enrollment"
  REFERENCING OLD TABLE AS old_enrollments FOR EACH STATEMENT EXECUTE FUNCTION "delete_participants"();

-- Inserted enrolments are copied, updated ones are brought up to date in place, only the rows that
-- differ (recording attendance writes none), so the summaries see one update of old and new rows.
-- An enrolment that stops or starts being a participant's (its role changed) loses or gains its row.
CREATE OR REPLACE FUNCTION "copy_participants"() RETURNS trigger LANGUAGE plpgsql AS E'BEGIN
  INSERT INTO participation SELECT * FROM participation_rows(ARRAY(SELECT id FROM new_enrollments))\x3B
  RETURN NULL\x3B
END\x3B';
CREATE FUNCTION "update_participants"() RETURNS trigger LANGUAGE plpgsql AS E'BEGIN
  -- The rows participation_rows would give, joined here from the transition table: the planner
  -- knows its size, and takes the function for a thousand rows, which made it hash all of participation.
  WITH fresh AS (
    SELECT e.id AS enrollment_id, e.training_id, e.person_id, t.level AS training_level, t.status AS training_status,
      t.province_code AS training_province_code, t.stage_number AS training_stage_number, t.starts_on AS training_starts_on,
      p.home_province_code, p.home_kabupaten_code, p.home_kecamatan_code, p.home_village_code, p.institution,
      e.completed, e.certified_trainer, e.pre_test_score, e.post_test_score
    FROM new_enrollments e JOIN person p ON p.id = e.person_id JOIN training t ON t.id = e.training_id
    WHERE e.role = ''PARTICIPANT''),
  gone AS (
    DELETE FROM participation pa USING new_enrollments e
    WHERE pa.enrollment_id = e.id AND NOT EXISTS (SELECT 1 FROM fresh f WHERE f.enrollment_id = pa.enrollment_id)),
  changed AS (
    UPDATE participation pa SET training_id = f.training_id, person_id = f.person_id, training_level = f.training_level,
      training_status = f.training_status, training_province_code = f.training_province_code, training_stage_number = f.training_stage_number,
      training_starts_on = f.training_starts_on, home_province_code = f.home_province_code, home_kabupaten_code = f.home_kabupaten_code,
      home_kecamatan_code = f.home_kecamatan_code, home_village_code = f.home_village_code, institution = f.institution,
      completed = f.completed, certified_trainer = f.certified_trainer, pre_test_score = f.pre_test_score, post_test_score = f.post_test_score
    FROM fresh f WHERE pa.enrollment_id = f.enrollment_id AND ROW(pa.*) IS DISTINCT FROM ROW(f.*))
  -- The sub-statements share one snapshot: the rows missing here are those no participation row had before.
  INSERT INTO participation SELECT f.* FROM fresh f WHERE NOT EXISTS (SELECT 1 FROM participation pa WHERE pa.enrollment_id = f.enrollment_id)\x3B
  RETURN NULL\x3B
END\x3B';
DROP TRIGGER "enrollment_copies_participants_on_update" ON "enrollment";
CREATE TRIGGER "enrollment_copies_participants_on_update" AFTER UPDATE ON "enrollment"
  REFERENCING NEW TABLE AS new_enrollments FOR EACH STATEMENT EXECUTE FUNCTION "update_participants"();

-- The summaries' triggers do nothing for a statement that changed no row (PostgreSQL runs
-- statement triggers either way), and an update passes on only the rows whose counted columns
-- changed: a training's new date moves its participation rows but none of the summaries.
CREATE OR REPLACE FUNCTION "participation_inserted_into_coverage"() RETURNS TRIGGER LANGUAGE plpgsql AS E'BEGIN
  IF EXISTS (SELECT 1 FROM new_rows) THEN
    PERFORM coverage_participation_apply(ARRAY[]::participation[], ARRAY(SELECT ROW(n.*)::participation FROM new_rows n))\x3B
  END IF\x3B
  RETURN NULL\x3B
END\x3B';
CREATE OR REPLACE FUNCTION "participation_updated_in_coverage"() RETURNS TRIGGER LANGUAGE plpgsql AS E'DECLARE
  removed participation[]\x3B
  added participation[]\x3B
BEGIN
  SELECT array_agg(ROW(o.*)::participation), array_agg(ROW(n.*)::participation) INTO removed, added
  FROM old_rows o JOIN new_rows n ON n.enrollment_id = o.enrollment_id
  WHERE (o.training_id, o.person_id, o.training_level, o.training_status, o.training_province_code, o.training_stage_number,
      o.home_province_code, o.home_kabupaten_code, o.home_kecamatan_code, o.home_village_code, o.institution,
      o.completed, o.certified_trainer, o.pre_test_score, o.post_test_score)
    IS DISTINCT FROM (n.training_id, n.person_id, n.training_level, n.training_status, n.training_province_code, n.training_stage_number,
      n.home_province_code, n.home_kabupaten_code, n.home_kecamatan_code, n.home_village_code, n.institution,
      n.completed, n.certified_trainer, n.pre_test_score, n.post_test_score)\x3B
  IF removed IS NOT NULL THEN PERFORM coverage_participation_apply(removed, added)\x3B END IF\x3B
  RETURN NULL\x3B
END\x3B';
CREATE OR REPLACE FUNCTION "participation_deleted_from_coverage"() RETURNS TRIGGER LANGUAGE plpgsql AS E'BEGIN
  IF EXISTS (SELECT 1 FROM old_rows) THEN
    PERFORM coverage_participation_apply(ARRAY(SELECT ROW(o.*)::participation FROM old_rows o), ARRAY[]::participation[])\x3B
  END IF\x3B
  RETURN NULL\x3B
END\x3B';

-- The modules of the changed rows' trainings, found through the training_module key: an IN over
-- the unnested arrays, estimated at a hundred rows, had the planner scan every training's modules.
CREATE OR REPLACE FUNCTION "coverage_participation_apply"(removed "participation"[], added "participation"[]) RETURNS VOID LANGUAGE plpgsql AS E'BEGIN
  PERFORM coverage_summaries_apply(removed, added)\x3B
  PERFORM coverage_module_summaries_apply(removed, added, ARRAY(
    SELECT tm FROM training_module tm
    WHERE tm.training_id = ANY (ARRAY(SELECT r.training_id FROM unnest(removed) r UNION SELECT a.training_id FROM unnest(added) a))))\x3B
END\x3B';

-- Planning the summaries' statements cost more than running them (about 3 ms against 0.2 ms for
-- one enrolment on the national demo): a plan for their array arguments is made once per session
-- and kept, instead of a new one for each call. The plans fit any number of rows: every step
-- joins the changed rows to the summaries' keys.
ALTER FUNCTION "coverage_summaries_apply"("participation"[], "participation"[]) SET plan_cache_mode = force_generic_plan;
ALTER FUNCTION "coverage_module_summaries_apply"("participation"[], "participation"[], "training_module"[]) SET plan_cache_mode = force_generic_plan;
ALTER FUNCTION "training_places_apply"("training"[], "training"[]) SET plan_cache_mode = force_generic_plan;
