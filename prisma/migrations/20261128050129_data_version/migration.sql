-- CreateTable
CREATE TABLE "data_version" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "version" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "data_version_pkey" PRIMARY KEY ("id")
);

-- One row, and every statement that writes to the data reports depend on moves it forward.
-- The update becomes visible only when its transaction commits, so a reader never caches
-- results under a version whose data it could not see yet.
ALTER TABLE "data_version" ADD CONSTRAINT "data_version_single_row" CHECK ("id" = 1);
INSERT INTO "data_version" ("id", "version") VALUES (1, 0);

-- Prisma's driver-adapter migration runner splits scripts at every semicolon, quoted or not, so the
-- semicolons of the function body are written as \x3B escapes.
CREATE FUNCTION "bump_data_version"() RETURNS trigger LANGUAGE plpgsql
  AS E'BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1\x3B RETURN NULL\x3B END\x3B';

CREATE TRIGGER "training_bumps_data_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "training"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_data_version"();
CREATE TRIGGER "training_module_bumps_data_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "training_module"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_data_version"();
CREATE TRIGGER "person_bumps_data_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "person"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_data_version"();
CREATE TRIGGER "enrollment_bumps_data_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "enrollment"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_data_version"();
CREATE TRIGGER "stage_province_bumps_data_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "stage_province"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_data_version"();
CREATE TRIGGER "province_bumps_data_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "province"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_data_version"();
CREATE TRIGGER "kabupaten_bumps_data_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "kabupaten"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_data_version"();
CREATE TRIGGER "kecamatan_bumps_data_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "kecamatan"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_data_version"();
CREATE TRIGGER "village_bumps_data_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "village"
  FOR EACH STATEMENT EXECUTE FUNCTION "bump_data_version"();
