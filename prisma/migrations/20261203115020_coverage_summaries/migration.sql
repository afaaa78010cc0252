-- CreateTable
CREATE TABLE "coverage_summary" (
    "stage_bucket" INTEGER NOT NULL,
    "home_province_code" VARCHAR(2) NOT NULL,
    "home_kabupaten_code" VARCHAR(5) NOT NULL,
    "home_kecamatan_code" VARCHAR(8) NOT NULL,
    "home_village_code" VARCHAR(13) NOT NULL,
    "apparatus_trained" INTEGER NOT NULL DEFAULT 0,
    "facilitators_trained" INTEGER NOT NULL DEFAULT 0,
    "kecamatan_covered" INTEGER NOT NULL DEFAULT 0,
    "village_kecamatan_covered" INTEGER NOT NULL DEFAULT 0,
    "desa_reached" INTEGER NOT NULL DEFAULT 0,
    "kelurahan_reached" INTEGER NOT NULL DEFAULT 0,
    "desa_adat_reached" INTEGER NOT NULL DEFAULT 0,
    "pre_test_sum" BIGINT NOT NULL DEFAULT 0,
    "pre_test_count" INTEGER NOT NULL DEFAULT 0,
    "post_test_sum" BIGINT NOT NULL DEFAULT 0,
    "post_test_count" INTEGER NOT NULL DEFAULT 0,
    "gain_sum" BIGINT NOT NULL DEFAULT 0,
    "gain_count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "coverage_summary_pkey" PRIMARY KEY ("stage_bucket","home_province_code","home_kabupaten_code","home_kecamatan_code","home_village_code")
);

-- CreateTable
CREATE TABLE "coverage_institution_summary" (
    "stage_bucket" INTEGER NOT NULL,
    "home_province_code" VARCHAR(2) NOT NULL,
    "home_kabupaten_code" VARCHAR(5) NOT NULL,
    "home_kecamatan_code" VARCHAR(8) NOT NULL,
    "home_village_code" VARCHAR(13) NOT NULL,
    "institution" "Institution" NOT NULL,
    "tot_participants" INTEGER NOT NULL DEFAULT 0,
    "certified_trainers" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "coverage_institution_summary_pkey" PRIMARY KEY ("stage_bucket","home_province_code","home_kabupaten_code","home_kecamatan_code","home_village_code","institution")
);

-- CreateTable
CREATE TABLE "coverage_module_summary" (
    "stage_bucket" INTEGER NOT NULL,
    "home_province_code" VARCHAR(2) NOT NULL,
    "home_kabupaten_code" VARCHAR(5) NOT NULL,
    "home_kecamatan_code" VARCHAR(8) NOT NULL,
    "home_village_code" VARCHAR(13) NOT NULL,
    "module_number" INTEGER NOT NULL,
    "enrolments" INTEGER NOT NULL DEFAULT 0,
    "participants" INTEGER NOT NULL DEFAULT 0,
    "pre_test_sum" BIGINT NOT NULL DEFAULT 0,
    "pre_test_count" INTEGER NOT NULL DEFAULT 0,
    "post_test_sum" BIGINT NOT NULL DEFAULT 0,
    "post_test_count" INTEGER NOT NULL DEFAULT 0,
    "gain_sum" BIGINT NOT NULL DEFAULT 0,
    "gain_count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "coverage_module_summary_pkey" PRIMARY KEY ("stage_bucket","home_province_code","home_kabupaten_code","home_kecamatan_code","home_village_code","module_number")
);

-- CreateTable
CREATE TABLE "coverage_presence" (
    "kind" VARCHAR(24) NOT NULL,
    "subject" VARCHAR(36) NOT NULL,
    "stage_bucket" INTEGER NOT NULL,
    "home_province_code" VARCHAR(2) NOT NULL,
    "home_kabupaten_code" VARCHAR(5) NOT NULL,
    "home_kecamatan_code" VARCHAR(8) NOT NULL,
    "home_village_code" VARCHAR(13) NOT NULL,
    "institution" VARCHAR(24) NOT NULL,
    "n" INTEGER NOT NULL,

    CONSTRAINT "coverage_presence_pkey" PRIMARY KEY ("kind","subject","stage_bucket","home_province_code","home_kabupaten_code","home_kecamatan_code","home_village_code","institution")
);

-- CreateTable
CREATE TABLE "training_place_summary" (
    "stage_bucket" INTEGER NOT NULL,
    "province_code" VARCHAR(2) NOT NULL,
    "kabupaten_code" VARCHAR(5) NOT NULL,
    "kecamatan_code" VARCHAR(8) NOT NULL,
    "kecamatan_trainings_held" INTEGER NOT NULL DEFAULT 0,
    "kecamatan_trainings_planned" INTEGER NOT NULL DEFAULT 0,
    "village_sessions_held" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "training_place_summary_pkey" PRIMARY KEY ("stage_bucket","province_code","kabupaten_code","kecamatan_code")
);

-- CreateIndex
CREATE INDEX "coverage_summary_home_kabupaten_code_stage_bucket_idx" ON "coverage_summary"("home_kabupaten_code", "stage_bucket");

-- CreateIndex
CREATE INDEX "coverage_summary_home_kecamatan_code_stage_bucket_idx" ON "coverage_summary"("home_kecamatan_code", "stage_bucket");

-- CreateIndex
CREATE INDEX "coverage_summary_home_village_code_stage_bucket_idx" ON "coverage_summary"("home_village_code", "stage_bucket");

-- CreateIndex
CREATE INDEX "coverage_institution_summary_home_kabupaten_code_stage_buck_idx" ON "coverage_institution_summary"("home_kabupaten_code", "stage_bucket");

-- CreateIndex
CREATE INDEX "coverage_institution_summary_home_kecamatan_code_stage_buck_idx" ON "coverage_institution_summary"("home_kecamatan_code", "stage_bucket");

-- CreateIndex
CREATE INDEX "coverage_institution_summary_home_village_code_stage_bucket_idx" ON "coverage_institution_summary"("home_village_code", "stage_bucket");

-- CreateIndex
CREATE INDEX "coverage_module_summary_home_kabupaten_code_stage_bucket_idx" ON "coverage_module_summary"("home_kabupaten_code", "stage_bucket");

-- CreateIndex
CREATE INDEX "coverage_module_summary_home_kecamatan_code_stage_bucket_idx" ON "coverage_module_summary"("home_kecamatan_code", "stage_bucket");

-- CreateIndex
CREATE INDEX "coverage_module_summary_home_village_code_stage_bucket_idx" ON "coverage_module_summary"("home_village_code", "stage_bucket");

-- CreateIndex
CREATE INDEX "training_place_summary_kabupaten_code_stage_bucket_idx" ON "training_place_summary"("kabupaten_code", "stage_bucket");

-- CreateIndex
CREATE INDEX "training_place_summary_kecamatan_code_stage_bucket_idx" ON "training_place_summary"("kecamatan_code", "stage_bucket");

-- The summaries are kept by statement triggers from the rows each statement changed (transition
-- tables, passed on as arrays), in the transaction of the write: a bulk import of thousands of
-- enrolments costs a few grouped upserts, and a write touches only the summary rows of the home
-- regions and stage buckets it changed. Every write path (the API, the bulk import, the demo
-- seed, plain SQL) goes through them. Upserts take their rows in key order so that concurrent
-- writers lock them in the same order. Semicolons inside the function bodies are \x3B escapes
-- (see the data_version migration).

-- The stage buckets a training counts in ($1 level, $2 status, $3 province, $4 stage number):
-- none when cancelled, else 0 (no stage filter), its stage for a ToT, the stages of its province
-- for the later levels (what a `stage` filter keeps).
CREATE FUNCTION "coverage_stage_buckets"("TrainingLevel", "TrainingStatus", TEXT, INTEGER) RETURNS SETOF INTEGER LANGUAGE sql STABLE AS E'  SELECT 0 WHERE $2 <> ''CANCELLED''
  UNION ALL SELECT $4 WHERE $2 <> ''CANCELLED'' AND $1 = ''PROVINCIAL_TOT'' AND $4 IS NOT NULL
  UNION ALL SELECT sp.stage_number FROM stage_province sp WHERE $2 <> ''CANCELLED'' AND $1 <> ''PROVINCIAL_TOT'' AND sp.province_code = $3';

-- Takes the participation rows `removed` out of coverage_summary, coverage_institution_summary and
-- coverage_presence, and puts `added` in. What an enrolment counts towards is the reports' rule:
-- a ToT participant is counted, and is a certified trainer if certified, a completed kecamatan
-- training that the participant completed makes them kecamatan apparatus or a facilitator (by
-- institution) and covers their kecamatan, a completed village session reaches their village,
-- counted by its kind (the first digit of the code's last segment: 1 kelurahan, 2 desa, 3 desa adat).
CREATE FUNCTION "coverage_summaries_apply"(removed "participation"[], added "participation"[]) RETURNS VOID LANGUAGE plpgsql AS E'BEGIN
  WITH changed AS (
    SELECT -1 AS sign, r.* FROM unnest(removed) r
    UNION ALL
    SELECT 1 AS sign, a.* FROM unnest(added) a),
  scoped AS (
    SELECT c.sign, b.bucket, c.person_id::text AS person, c.training_level, c.training_status, c.institution, c.certified_trainer,
      c.pre_test_score AS pre, c.post_test_score AS post, c.home_kecamatan_code, c.home_village_code,
      c.home_province_code AS hp, coalesce(c.home_kabupaten_code, '''') AS hkb, coalesce(c.home_kecamatan_code, '''') AS hkc,
      coalesce(c.home_village_code, '''') AS hv,
      c.training_level = ''KECAMATAN_TRAINING'' AND c.training_status = ''COMPLETED'' AND c.completed AS kecamatan_trained
    FROM changed c CROSS JOIN LATERAL coverage_stage_buckets(c.training_level, c.training_status, c.training_province_code, c.training_stage_number) b(bucket)),
  presence_delta AS (
    SELECT p.kind, p.subject, s.bucket, p.hp, p.hkb, p.hkc, p.hv, p.institution, sum(s.sign)::int AS delta
    FROM scoped s CROSS JOIN LATERAL (VALUES
      (CASE WHEN s.training_level = ''PROVINCIAL_TOT'' AND s.certified_trainer THEN ''certified'' END, s.person, s.hp, s.hkb, s.hkc, s.hv, s.institution::text),
      (CASE WHEN s.kecamatan_trained AND s.institution = ''KECAMATAN'' THEN ''apparatus'' END, s.person, s.hp, s.hkb, s.hkc, s.hv, ''''),
      (CASE WHEN s.kecamatan_trained AND s.institution = ''FASILITATOR_KECAMATAN'' THEN ''facilitator'' END, s.person, s.hp, s.hkb, s.hkc, s.hv, ''''),
      -- The kecamatan counts once in its own row (village ''''), once per village in the village''s.
      (CASE WHEN s.kecamatan_trained AND s.home_kecamatan_code IS NOT NULL THEN ''kecamatan'' END, s.home_kecamatan_code, s.hp, s.hkb, s.hkc, '''', ''''),
      (CASE WHEN s.kecamatan_trained AND s.home_village_code IS NOT NULL THEN ''village_kecamatan'' END, s.home_village_code, s.hp, s.hkb, s.hkc, s.hv, ''''),
      (CASE WHEN s.training_level = ''VILLAGE_SESSION'' AND s.training_status = ''COMPLETED'' THEN CASE substr(s.home_village_code, 10, 1)
         WHEN ''2'' THEN ''desa'' WHEN ''1'' THEN ''kelurahan'' WHEN ''3'' THEN ''desa_adat'' END END, s.home_village_code, s.hp, s.hkb, s.hkc, s.hv, '''')
    ) AS p(kind, subject, hp, hkb, hkc, hv, institution)
    WHERE p.kind IS NOT NULL
    GROUP BY p.kind, p.subject, s.bucket, p.hp, p.hkb, p.hkc, p.hv, p.institution
    HAVING sum(s.sign) <> 0),
  presence AS (
    INSERT INTO coverage_presence AS cp (kind, subject, stage_bucket, home_province_code, home_kabupaten_code, home_kecamatan_code, home_village_code, institution, n)
    SELECT * FROM presence_delta ORDER BY kind, subject, bucket, hp, hkb, hkc, hv, institution
    ON CONFLICT (kind, subject, stage_bucket, home_province_code, home_kabupaten_code, home_kecamatan_code, home_village_code, institution)
      DO UPDATE SET n = cp.n + excluded.n
    RETURNING cp.kind, cp.subject, cp.stage_bucket AS bucket, cp.home_province_code AS hp, cp.home_kabupaten_code AS hkb,
      cp.home_kecamatan_code AS hkc, cp.home_village_code AS hv, cp.institution, cp.n),
  -- +1 where a subject came to count, -1 where nothing keeps it any more.
  crossed AS (
    SELECT p.kind, p.bucket, p.hp, p.hkb, p.hkc, p.hv, p.institution, sign(p.n)::int - sign(p.n - d.delta)::int AS change
    FROM presence p JOIN presence_delta d USING (kind, subject, bucket, hp, hkb, hkc, hv, institution)
    WHERE sign(p.n) <> sign(p.n - d.delta)),
  summary_delta AS (
    SELECT bucket, hp, hkb, hkc, hv,
      sum(apparatus)::int AS apparatus, sum(facilitators)::int AS facilitators, sum(kecamatan)::int AS kecamatan,
      sum(village_kecamatan)::int AS village_kecamatan, sum(desa)::int AS desa, sum(kelurahan)::int AS kelurahan, sum(desa_adat)::int AS desa_adat,
      coalesce(sum(pre_sum), 0)::bigint AS pre_sum, sum(pre_n)::int AS pre_n, coalesce(sum(post_sum), 0)::bigint AS post_sum, sum(post_n)::int AS post_n,
      coalesce(sum(gain_sum), 0)::bigint AS gain_sum, sum(gain_n)::int AS gain_n
    FROM (
      SELECT s.bucket, s.hp, s.hkb, s.hkc, s.hv, 0 AS apparatus, 0 AS facilitators, 0 AS kecamatan, 0 AS village_kecamatan,
        0 AS desa, 0 AS kelurahan, 0 AS desa_adat,
        s.sign * s.pre AS pre_sum, s.sign * (s.pre IS NOT NULL)::int AS pre_n, s.sign * s.post AS post_sum, s.sign * (s.post IS NOT NULL)::int AS post_n,
        s.sign * (s.post - s.pre) AS gain_sum, s.sign * (s.post - s.pre IS NOT NULL)::int AS gain_n
      FROM scoped s
      UNION ALL
      SELECT c.bucket, c.hp, c.hkb, c.hkc, c.hv,
        CASE c.kind WHEN ''apparatus'' THEN c.change ELSE 0 END, CASE c.kind WHEN ''facilitator'' THEN c.change ELSE 0 END,
        CASE c.kind WHEN ''kecamatan'' THEN c.change ELSE 0 END, CASE c.kind WHEN ''village_kecamatan'' THEN c.change ELSE 0 END,
        CASE c.kind WHEN ''desa'' THEN c.change ELSE 0 END, CASE c.kind WHEN ''kelurahan'' THEN c.change ELSE 0 END,
        CASE c.kind WHEN ''desa_adat'' THEN c.change ELSE 0 END,
        NULL, 0, NULL, 0, NULL, 0
      FROM crossed c WHERE c.kind <> ''certified'') x
    GROUP BY bucket, hp, hkb, hkc, hv),
  summary AS (
    INSERT INTO coverage_summary AS cs (stage_bucket, home_province_code, home_kabupaten_code, home_kecamatan_code, home_village_code,
      apparatus_trained, facilitators_trained, kecamatan_covered, village_kecamatan_covered, desa_reached, kelurahan_reached, desa_adat_reached,
      pre_test_sum, pre_test_count, post_test_sum, post_test_count, gain_sum, gain_count)
    SELECT * FROM summary_delta
    WHERE (apparatus, facilitators, kecamatan, village_kecamatan, desa, kelurahan, desa_adat, pre_sum, pre_n, post_sum, post_n, gain_sum, gain_n)
      <> (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    ORDER BY bucket, hp, hkb, hkc, hv
    ON CONFLICT (stage_bucket, home_province_code, home_kabupaten_code, home_kecamatan_code, home_village_code) DO UPDATE SET
      apparatus_trained = cs.apparatus_trained + excluded.apparatus_trained,
      facilitators_trained = cs.facilitators_trained + excluded.facilitators_trained,
      kecamatan_covered = cs.kecamatan_covered + excluded.kecamatan_covered,
      village_kecamatan_covered = cs.village_kecamatan_covered + excluded.village_kecamatan_covered,
      desa_reached = cs.desa_reached + excluded.desa_reached,
      kelurahan_reached = cs.kelurahan_reached + excluded.kelurahan_reached,
      desa_adat_reached = cs.desa_adat_reached + excluded.desa_adat_reached,
      pre_test_sum = cs.pre_test_sum + excluded.pre_test_sum, pre_test_count = cs.pre_test_count + excluded.pre_test_count,
      post_test_sum = cs.post_test_sum + excluded.post_test_sum, post_test_count = cs.post_test_count + excluded.post_test_count,
      gain_sum = cs.gain_sum + excluded.gain_sum, gain_count = cs.gain_count + excluded.gain_count),
  institution_delta AS (
    SELECT bucket, hp, hkb, hkc, hv, institution, sum(participants)::int AS participants, sum(certified)::int AS certified
    FROM (
      SELECT s.bucket, s.hp, s.hkb, s.hkc, s.hv, s.institution, s.sign AS participants, 0 AS certified
      FROM scoped s WHERE s.training_level = ''PROVINCIAL_TOT''
      UNION ALL
      SELECT c.bucket, c.hp, c.hkb, c.hkc, c.hv, c.institution::"Institution", 0, c.change
      FROM crossed c WHERE c.kind = ''certified'') x
    GROUP BY bucket, hp, hkb, hkc, hv, institution
    HAVING (sum(participants), sum(certified)) <> (0, 0))
  INSERT INTO coverage_institution_summary AS ci (stage_bucket, home_province_code, home_kabupaten_code, home_kecamatan_code, home_village_code,
    institution, tot_participants, certified_trainers)
  SELECT * FROM institution_delta ORDER BY bucket, hp, hkb, hkc, hv, institution
  ON CONFLICT (stage_bucket, home_province_code, home_kabupaten_code, home_kecamatan_code, home_village_code, institution) DO UPDATE SET
    tot_participants = ci.tot_participants + excluded.tot_participants,
    certified_trainers = ci.certified_trainers + excluded.certified_trainers\x3B
END\x3B';

-- Takes the scores of the participation rows `removed` out of coverage_module_summary and puts
-- those of `added` in, for the modules of `modules` their trainings cover. Called for changed
-- enrolments with their trainings' modules now, and for changed modules with their trainings'
-- enrolments now: whichever of a training's enrolments and modules goes first (a training
-- deleted with both), each pair is taken out exactly once.
CREATE FUNCTION "coverage_module_summaries_apply"(removed "participation"[], added "participation"[], modules "training_module"[]) RETURNS VOID LANGUAGE plpgsql AS E'BEGIN
  INSERT INTO coverage_module_summary AS cm (stage_bucket, home_province_code, home_kabupaten_code, home_kecamatan_code, home_village_code,
    module_number, enrolments, participants, pre_test_sum, pre_test_count, post_test_sum, post_test_count, gain_sum, gain_count)
  SELECT b.bucket, c.home_province_code, coalesce(c.home_kabupaten_code, ''''), coalesce(c.home_kecamatan_code, ''''), coalesce(c.home_village_code, ''''),
    m.module_number, sum(c.sign)::int,
    sum(c.sign * (c.pre_test_score IS NOT NULL OR c.post_test_score IS NOT NULL)::int)::int,
    coalesce(sum(c.sign * c.pre_test_score), 0)::bigint, sum(c.sign * (c.pre_test_score IS NOT NULL)::int)::int,
    coalesce(sum(c.sign * c.post_test_score), 0)::bigint, sum(c.sign * (c.post_test_score IS NOT NULL)::int)::int,
    coalesce(sum(c.sign * (c.post_test_score - c.pre_test_score)), 0)::bigint, sum(c.sign * (c.post_test_score - c.pre_test_score IS NOT NULL)::int)::int
  FROM (SELECT -1 AS sign, r.* FROM unnest(removed) r UNION ALL SELECT 1 AS sign, a.* FROM unnest(added) a) c
  JOIN unnest(modules) m ON m.training_id = c.training_id
  CROSS JOIN LATERAL coverage_stage_buckets(c.training_level, c.training_status, c.training_province_code, c.training_stage_number) b(bucket)
  GROUP BY 1, 2, 3, 4, 5, 6
  HAVING (sum(c.sign), sum(c.sign * (c.pre_test_score IS NOT NULL OR c.post_test_score IS NOT NULL)::int), sum(c.sign * (c.pre_test_score IS NOT NULL)::int),
    sum(c.sign * (c.post_test_score IS NOT NULL)::int), coalesce(sum(c.sign * c.pre_test_score), 0), coalesce(sum(c.sign * c.post_test_score), 0)) <> (0, 0, 0, 0, 0, 0)
  ORDER BY 1, 2, 3, 4, 5, 6
  ON CONFLICT (stage_bucket, home_province_code, home_kabupaten_code, home_kecamatan_code, home_village_code, module_number) DO UPDATE SET
    enrolments = cm.enrolments + excluded.enrolments, participants = cm.participants + excluded.participants,
    pre_test_sum = cm.pre_test_sum + excluded.pre_test_sum, pre_test_count = cm.pre_test_count + excluded.pre_test_count,
    post_test_sum = cm.post_test_sum + excluded.post_test_sum, post_test_count = cm.post_test_count + excluded.post_test_count,
    gain_sum = cm.gain_sum + excluded.gain_sum, gain_count = cm.gain_count + excluded.gain_count\x3B
END\x3B';

-- Both summaries of participation rows, with the modules their trainings cover now.
CREATE FUNCTION "coverage_participation_apply"(removed "participation"[], added "participation"[]) RETURNS VOID LANGUAGE plpgsql AS E'BEGIN
  PERFORM coverage_summaries_apply(removed, added)\x3B
  PERFORM coverage_module_summaries_apply(removed, added, ARRAY(
    SELECT tm FROM training_module tm
    WHERE tm.training_id IN (SELECT r.training_id FROM unnest(removed) r UNION SELECT a.training_id FROM unnest(added) a)))\x3B
END\x3B';

CREATE FUNCTION "participation_inserted_into_coverage"() RETURNS TRIGGER LANGUAGE plpgsql AS E'BEGIN
  PERFORM coverage_participation_apply(ARRAY[]::participation[], ARRAY(SELECT ROW(n.*)::participation FROM new_rows n))\x3B
  RETURN NULL\x3B
END\x3B';
CREATE FUNCTION "participation_updated_in_coverage"() RETURNS TRIGGER LANGUAGE plpgsql AS E'BEGIN
  PERFORM coverage_participation_apply(ARRAY(SELECT ROW(o.*)::participation FROM old_rows o), ARRAY(SELECT ROW(n.*)::participation FROM new_rows n))\x3B
  RETURN NULL\x3B
END\x3B';
CREATE FUNCTION "participation_deleted_from_coverage"() RETURNS TRIGGER LANGUAGE plpgsql AS E'BEGIN
  PERFORM coverage_participation_apply(ARRAY(SELECT ROW(o.*)::participation FROM old_rows o), ARRAY[]::participation[])\x3B
  RETURN NULL\x3B
END\x3B';
CREATE TRIGGER "participation_inserts_coverage" AFTER INSERT ON "participation"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "participation_inserted_into_coverage"();
CREATE TRIGGER "participation_updates_coverage" AFTER UPDATE ON "participation"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "participation_updated_in_coverage"();
CREATE TRIGGER "participation_deletes_coverage" AFTER DELETE ON "participation"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "participation_deleted_from_coverage"();

-- Modules added to or taken from a training move its enrolments' scores in or out of them.
CREATE FUNCTION "training_module_inserted_into_coverage"() RETURNS TRIGGER LANGUAGE plpgsql AS E'BEGIN
  PERFORM coverage_module_summaries_apply(ARRAY[]::participation[],
    ARRAY(SELECT pa FROM participation pa WHERE pa.training_id IN (SELECT n.training_id FROM new_rows n)), ARRAY(SELECT ROW(n.*)::training_module FROM new_rows n))\x3B
  RETURN NULL\x3B
END\x3B';
CREATE FUNCTION "training_module_updated_in_coverage"() RETURNS TRIGGER LANGUAGE plpgsql AS E'BEGIN
  PERFORM coverage_module_summaries_apply(ARRAY(SELECT pa FROM participation pa WHERE pa.training_id IN (SELECT o.training_id FROM old_rows o)),
    ARRAY[]::participation[], ARRAY(SELECT ROW(o.*)::training_module FROM old_rows o))\x3B
  PERFORM coverage_module_summaries_apply(ARRAY[]::participation[],
    ARRAY(SELECT pa FROM participation pa WHERE pa.training_id IN (SELECT n.training_id FROM new_rows n)), ARRAY(SELECT ROW(n.*)::training_module FROM new_rows n))\x3B
  RETURN NULL\x3B
END\x3B';
CREATE FUNCTION "training_module_deleted_from_coverage"() RETURNS TRIGGER LANGUAGE plpgsql AS E'BEGIN
  PERFORM coverage_module_summaries_apply(ARRAY(SELECT pa FROM participation pa WHERE pa.training_id IN (SELECT o.training_id FROM old_rows o)),
    ARRAY[]::participation[], ARRAY(SELECT ROW(o.*)::training_module FROM old_rows o))\x3B
  RETURN NULL\x3B
END\x3B';
CREATE TRIGGER "training_module_inserts_coverage" AFTER INSERT ON "training_module"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "training_module_inserted_into_coverage"();
CREATE TRIGGER "training_module_updates_coverage" AFTER UPDATE ON "training_module"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "training_module_updated_in_coverage"();
CREATE TRIGGER "training_module_deletes_coverage" AFTER DELETE ON "training_module"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "training_module_deleted_from_coverage"();

-- Trainings held and planned by place: a training's status, level, place or stage moving takes it
-- from one row to another (an edit of its title writes nothing).
CREATE FUNCTION "training_places_apply"(removed "training"[], added "training"[]) RETURNS VOID LANGUAGE plpgsql AS E'BEGIN
  INSERT INTO training_place_summary AS tp (stage_bucket, province_code, kabupaten_code, kecamatan_code,
    kecamatan_trainings_held, kecamatan_trainings_planned, village_sessions_held)
  SELECT b.bucket, c.province_code, coalesce(c.kabupaten_code, ''''), coalesce(c.kecamatan_code, ''''),
    coalesce(sum(c.sign) FILTER (WHERE c.level = ''KECAMATAN_TRAINING'' AND c.status = ''COMPLETED''), 0)::int,
    coalesce(sum(c.sign) FILTER (WHERE c.level = ''KECAMATAN_TRAINING'' AND c.status IN (''PLANNED'', ''ONGOING'')), 0)::int,
    coalesce(sum(c.sign) FILTER (WHERE c.level = ''VILLAGE_SESSION'' AND c.status = ''COMPLETED''), 0)::int
  FROM (SELECT -1 AS sign, r.* FROM unnest(removed) r UNION ALL SELECT 1 AS sign, a.* FROM unnest(added) a) c
  CROSS JOIN LATERAL coverage_stage_buckets(c.level, c.status, c.province_code, c.stage_number) b(bucket)
  WHERE c.level <> ''PROVINCIAL_TOT''
  GROUP BY 1, 2, 3, 4
  HAVING (coalesce(sum(c.sign) FILTER (WHERE c.level = ''KECAMATAN_TRAINING'' AND c.status = ''COMPLETED''), 0),
    coalesce(sum(c.sign) FILTER (WHERE c.level = ''KECAMATAN_TRAINING'' AND c.status IN (''PLANNED'', ''ONGOING'')), 0),
    coalesce(sum(c.sign) FILTER (WHERE c.level = ''VILLAGE_SESSION'' AND c.status = ''COMPLETED''), 0)) <> (0, 0, 0)
  ORDER BY 1, 2, 3, 4
  ON CONFLICT (stage_bucket, province_code, kabupaten_code, kecamatan_code) DO UPDATE SET
    kecamatan_trainings_held = tp.kecamatan_trainings_held + excluded.kecamatan_trainings_held,
    kecamatan_trainings_planned = tp.kecamatan_trainings_planned + excluded.kecamatan_trainings_planned,
    village_sessions_held = tp.village_sessions_held + excluded.village_sessions_held\x3B
END\x3B';

CREATE FUNCTION "training_inserted_into_coverage"() RETURNS TRIGGER LANGUAGE plpgsql AS E'BEGIN
  PERFORM training_places_apply(ARRAY[]::training[], ARRAY(SELECT ROW(n.*)::training FROM new_rows n))\x3B
  RETURN NULL\x3B
END\x3B';
CREATE FUNCTION "training_updated_in_coverage"() RETURNS TRIGGER LANGUAGE plpgsql AS E'BEGIN
  PERFORM training_places_apply(ARRAY(SELECT ROW(o.*)::training FROM old_rows o), ARRAY(SELECT ROW(n.*)::training FROM new_rows n))\x3B
  RETURN NULL\x3B
END\x3B';
CREATE FUNCTION "training_deleted_from_coverage"() RETURNS TRIGGER LANGUAGE plpgsql AS E'BEGIN
  PERFORM training_places_apply(ARRAY(SELECT ROW(o.*)::training FROM old_rows o), ARRAY[]::training[])\x3B
  RETURN NULL\x3B
END\x3B';
CREATE TRIGGER "training_inserts_coverage" AFTER INSERT ON "training"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "training_inserted_into_coverage"();
CREATE TRIGGER "training_updates_coverage" AFTER UPDATE ON "training"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "training_updated_in_coverage"();
CREATE TRIGGER "training_deletes_coverage" AFTER DELETE ON "training"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "training_deleted_from_coverage"();

-- Every summary computed afresh from the rows: this migration's backfill, and whenever the
-- provinces of a stage change (which moves trainings between stage buckets). A province at a time
-- keeps the arrays small on a national database.
CREATE FUNCTION "coverage_summaries_rebuild"() RETURNS VOID LANGUAGE plpgsql AS E'DECLARE
  province TEXT\x3B
BEGIN
  DELETE FROM coverage_presence\x3B
  DELETE FROM coverage_summary\x3B
  DELETE FROM coverage_institution_summary\x3B
  DELETE FROM coverage_module_summary\x3B
  DELETE FROM training_place_summary\x3B
  FOR province IN SELECT p.code FROM province p
    WHERE EXISTS (SELECT 1 FROM participation pa WHERE pa.home_province_code = p.code) ORDER BY p.code LOOP
    PERFORM coverage_participation_apply(ARRAY[]::participation[], ARRAY(SELECT pa FROM participation pa WHERE pa.home_province_code = province))\x3B
  END LOOP\x3B
  FOR province IN SELECT p.code FROM province p WHERE EXISTS (SELECT 1 FROM training t WHERE t.province_code = p.code) ORDER BY p.code LOOP
    PERFORM training_places_apply(ARRAY[]::training[], ARRAY(SELECT t FROM training t WHERE t.province_code = province))\x3B
  END LOOP\x3B
END\x3B';

-- Reference data: written when the program's stages are loaded, rarely after. Rows inserted or
-- deleted, or keys that changed, rebuild the summaries, an upsert that changes a venue does not.
CREATE FUNCTION "stage_province_inserted_or_deleted"() RETURNS TRIGGER LANGUAGE plpgsql AS E'BEGIN
  IF EXISTS (SELECT 1 FROM changed_rows) THEN PERFORM coverage_summaries_rebuild()\x3B END IF\x3B
  RETURN NULL\x3B
END\x3B';
CREATE FUNCTION "stage_province_updated"() RETURNS TRIGGER LANGUAGE plpgsql AS E'BEGIN
  IF EXISTS (SELECT o.stage_number, o.province_code FROM old_rows o EXCEPT SELECT n.stage_number, n.province_code FROM new_rows n)
    OR EXISTS (SELECT n.stage_number, n.province_code FROM new_rows n EXCEPT SELECT o.stage_number, o.province_code FROM old_rows o)
  THEN PERFORM coverage_summaries_rebuild()\x3B END IF\x3B
  RETURN NULL\x3B
END\x3B';
CREATE FUNCTION "stage_province_truncated"() RETURNS TRIGGER LANGUAGE plpgsql AS E'BEGIN
  PERFORM coverage_summaries_rebuild()\x3B
  RETURN NULL\x3B
END\x3B';
CREATE TRIGGER "stage_province_inserts_rebuild_coverage" AFTER INSERT ON "stage_province"
  REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION "stage_province_inserted_or_deleted"();
CREATE TRIGGER "stage_province_deletes_rebuild_coverage" AFTER DELETE ON "stage_province"
  REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION "stage_province_inserted_or_deleted"();
CREATE TRIGGER "stage_province_updates_rebuild_coverage" AFTER UPDATE ON "stage_province"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "stage_province_updated"();
CREATE TRIGGER "stage_province_truncates_rebuild_coverage" AFTER TRUNCATE ON "stage_province"
  FOR EACH STATEMENT EXECUTE FUNCTION "stage_province_truncated"();

-- The rows written before this migration.
SELECT "coverage_summaries_rebuild"();
