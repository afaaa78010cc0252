-- Test scores are kept per home region down to the kecamatan (or the kabupaten, the province for
-- people whose home is known only that far), stage bucket and module: score sums and counts add up
-- along the tree, so a village's residents need no rows of their own, and a national database
-- keeps one row per kecamatan and module instead of one per village. A village's module scores are
-- read from its enrolments (summary-sql.ts). Semicolons inside the function body are \x3B escapes
-- (see the data_version migration).

-- The rows kept so far, added up per kecamatan, to be put back once the village column is gone.
CREATE TABLE "coverage_module_summary_backfill" AS
  SELECT "stage_bucket", "home_province_code", "home_kabupaten_code", "home_kecamatan_code", "module_number",
    sum("enrolments")::int AS "enrolments", sum("participants")::int AS "participants",
    sum("pre_test_sum")::bigint AS "pre_test_sum", sum("pre_test_count")::int AS "pre_test_count",
    sum("post_test_sum")::bigint AS "post_test_sum", sum("post_test_count")::int AS "post_test_count",
    sum("gain_sum")::bigint AS "gain_sum", sum("gain_count")::int AS "gain_count"
  FROM "coverage_module_summary"
  GROUP BY 1, 2, 3, 4, 5;
DELETE FROM "coverage_module_summary";

-- DropIndex
DROP INDEX "coverage_module_summary_home_village_code_stage_bucket_idx";

-- AlterTable
ALTER TABLE "coverage_module_summary" DROP CONSTRAINT "coverage_module_summary_pkey",
DROP COLUMN "home_village_code",
ADD CONSTRAINT "coverage_module_summary_pkey" PRIMARY KEY ("stage_bucket", "home_province_code", "home_kabupaten_code", "home_kecamatan_code", "module_number");

-- Rows whose every sum came back to zero (an enrolment added, then removed) are left out: a report
-- shows a module only where enrolments count in it.
INSERT INTO "coverage_module_summary" ("stage_bucket", "home_province_code", "home_kabupaten_code", "home_kecamatan_code", "module_number",
  "enrolments", "participants", "pre_test_sum", "pre_test_count", "post_test_sum", "post_test_count", "gain_sum", "gain_count")
SELECT * FROM "coverage_module_summary_backfill"
WHERE ("enrolments", "participants", "pre_test_sum", "pre_test_count", "post_test_sum", "post_test_count", "gain_sum", "gain_count")
  <> (0, 0, 0, 0, 0, 0, 0, 0)
ORDER BY 1, 2, 3, 4, 5;
DROP TABLE "coverage_module_summary_backfill";

-- As before (see the coverage_summaries migration), without the village.
CREATE OR REPLACE FUNCTION "coverage_module_summaries_apply"(removed "participation"[], added "participation"[], modules "training_module"[]) RETURNS VOID LANGUAGE plpgsql AS E'BEGIN
  INSERT INTO coverage_module_summary AS cm (stage_bucket, home_province_code, home_kabupaten_code, home_kecamatan_code,
    module_number, enrolments, participants, pre_test_sum, pre_test_count, post_test_sum, post_test_count, gain_sum, gain_count)
  SELECT b.bucket, c.home_province_code, coalesce(c.home_kabupaten_code, ''''), coalesce(c.home_kecamatan_code, ''''),
    m.module_number, sum(c.sign)::int,
    sum(c.sign * (c.pre_test_score IS NOT NULL OR c.post_test_score IS NOT NULL)::int)::int,
    coalesce(sum(c.sign * c.pre_test_score), 0)::bigint, sum(c.sign * (c.pre_test_score IS NOT NULL)::int)::int,
    coalesce(sum(c.sign * c.post_test_score), 0)::bigint, sum(c.sign * (c.post_test_score IS NOT NULL)::int)::int,
    coalesce(sum(c.sign * (c.post_test_score - c.pre_test_score)), 0)::bigint, sum(c.sign * (c.post_test_score - c.pre_test_score IS NOT NULL)::int)::int
  FROM (SELECT -1 AS sign, r.* FROM unnest(removed) r UNION ALL SELECT 1 AS sign, a.* FROM unnest(added) a) c
  JOIN unnest(modules) m ON m.training_id = c.training_id
  CROSS JOIN LATERAL coverage_stage_buckets(c.training_level, c.training_status, c.training_province_code, c.training_stage_number) b(bucket)
  GROUP BY 1, 2, 3, 4, 5
  HAVING (sum(c.sign), sum(c.sign * (c.pre_test_score IS NOT NULL OR c.post_test_score IS NOT NULL)::int), sum(c.sign * (c.pre_test_score IS NOT NULL)::int),
    sum(c.sign * (c.post_test_score IS NOT NULL)::int), coalesce(sum(c.sign * c.pre_test_score), 0), coalesce(sum(c.sign * c.post_test_score), 0)) <> (0, 0, 0, 0, 0, 0)
  ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (stage_bucket, home_province_code, home_kabupaten_code, home_kecamatan_code, module_number) DO UPDATE SET
    enrolments = cm.enrolments + excluded.enrolments, participants = cm.participants + excluded.participants,
    pre_test_sum = cm.pre_test_sum + excluded.pre_test_sum, pre_test_count = cm.pre_test_count + excluded.pre_test_count,
    post_test_sum = cm.post_test_sum + excluded.post_test_sum, post_test_count = cm.post_test_count + excluded.post_test_count,
    gain_sum = cm.gain_sum + excluded.gain_sum, gain_count = cm.gain_count + excluded.gain_count\x3B
END\x3B';
