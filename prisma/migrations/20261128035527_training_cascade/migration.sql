-- CreateEnum
CREATE TYPE "TrainingLevel" AS ENUM ('PROVINCIAL_TOT', 'KECAMATAN_TRAINING', 'VILLAGE_SESSION');

-- CreateEnum
CREATE TYPE "TrainingStatus" AS ENUM ('PLANNED', 'ONGOING', 'COMPLETED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "Institution" AS ENUM ('INSPEKTORAT', 'BAPPEDA', 'DISDUKCAPIL', 'SETDA_PEMERINTAHAN', 'DPMD', 'KECAMATAN', 'FASILITATOR_KECAMATAN', 'DESA', 'OTHER');

-- CreateEnum
CREATE TYPE "Gender" AS ENUM ('FEMALE', 'MALE');

-- CreateEnum
CREATE TYPE "EnrollmentRole" AS ENUM ('PARTICIPANT', 'TRAINER');

-- CreateTable
CREATE TABLE "training" (
    "id" UUID NOT NULL,
    "level" "TrainingLevel" NOT NULL,
    "province_code" VARCHAR(2) NOT NULL,
    "kabupaten_code" VARCHAR(5),
    "kecamatan_code" VARCHAR(8),
    "stage_number" INTEGER,
    "title" TEXT NOT NULL,
    "venue" TEXT,
    "starts_on" DATE,
    "ends_on" DATE,
    "status" "TrainingStatus" NOT NULL DEFAULT 'PLANNED',
    "pass_threshold" INTEGER NOT NULL DEFAULT 70,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "training_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "training_module" (
    "training_id" UUID NOT NULL,
    "module_number" INTEGER NOT NULL,

    CONSTRAINT "training_module_pkey" PRIMARY KEY ("training_id","module_number")
);

-- CreateTable
CREATE TABLE "person" (
    "id" UUID NOT NULL,
    "full_name" TEXT NOT NULL,
    "nik" CHAR(16),
    "phone" TEXT,
    "email" TEXT,
    "gender" "Gender",
    "institution" "Institution" NOT NULL,
    "position" TEXT,
    "home_province_code" VARCHAR(2) NOT NULL,
    "home_kabupaten_code" VARCHAR(5),
    "home_kecamatan_code" VARCHAR(8),
    "home_village_code" VARCHAR(13),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "person_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "enrollment" (
    "id" UUID NOT NULL,
    "training_id" UUID NOT NULL,
    "person_id" UUID NOT NULL,
    "role" "EnrollmentRole" NOT NULL,
    "days_attended" INTEGER NOT NULL DEFAULT 0,
    "pre_test_score" INTEGER,
    "post_test_score" INTEGER,
    "completed" BOOLEAN NOT NULL DEFAULT false,
    "certified_trainer" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "enrollment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "training_province_code_level_idx" ON "training"("province_code", "level");

-- CreateIndex
CREATE INDEX "training_kabupaten_code_level_idx" ON "training"("kabupaten_code", "level");

-- CreateIndex
CREATE INDEX "training_kecamatan_code_level_idx" ON "training"("kecamatan_code", "level");

-- CreateIndex
CREATE INDEX "training_stage_number_idx" ON "training"("stage_number");

-- CreateIndex
CREATE UNIQUE INDEX "person_nik_key" ON "person"("nik");

-- CreateIndex
CREATE INDEX "person_home_province_code_idx" ON "person"("home_province_code");

-- CreateIndex
CREATE INDEX "person_home_kabupaten_code_idx" ON "person"("home_kabupaten_code");

-- CreateIndex
CREATE INDEX "person_home_kecamatan_code_idx" ON "person"("home_kecamatan_code");

-- CreateIndex
CREATE INDEX "person_full_name_idx" ON "person"("full_name");

-- CreateIndex
CREATE INDEX "enrollment_person_id_idx" ON "enrollment"("person_id");

-- CreateIndex
CREATE INDEX "enrollment_training_id_role_idx" ON "enrollment"("training_id", "role");

-- CreateIndex
CREATE UNIQUE INDEX "enrollment_training_id_person_id_key" ON "enrollment"("training_id", "person_id");

-- AddForeignKey
ALTER TABLE "training" ADD CONSTRAINT "training_province_code_fkey" FOREIGN KEY ("province_code") REFERENCES "province"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "training" ADD CONSTRAINT "training_kabupaten_code_fkey" FOREIGN KEY ("kabupaten_code") REFERENCES "kabupaten"("code") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "training" ADD CONSTRAINT "training_kecamatan_code_fkey" FOREIGN KEY ("kecamatan_code") REFERENCES "kecamatan"("code") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "training" ADD CONSTRAINT "training_stage_number_fkey" FOREIGN KEY ("stage_number") REFERENCES "stage"("number") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "training_module" ADD CONSTRAINT "training_module_training_id_fkey" FOREIGN KEY ("training_id") REFERENCES "training"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "training_module" ADD CONSTRAINT "training_module_module_number_fkey" FOREIGN KEY ("module_number") REFERENCES "curriculum_module"("number") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "person" ADD CONSTRAINT "person_home_province_code_fkey" FOREIGN KEY ("home_province_code") REFERENCES "province"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "person" ADD CONSTRAINT "person_home_kabupaten_code_fkey" FOREIGN KEY ("home_kabupaten_code") REFERENCES "kabupaten"("code") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "person" ADD CONSTRAINT "person_home_kecamatan_code_fkey" FOREIGN KEY ("home_kecamatan_code") REFERENCES "kecamatan"("code") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "person" ADD CONSTRAINT "person_home_village_code_fkey" FOREIGN KEY ("home_village_code") REFERENCES "village"("code") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "enrollment" ADD CONSTRAINT "enrollment_training_id_fkey" FOREIGN KEY ("training_id") REFERENCES "training"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "enrollment" ADD CONSTRAINT "enrollment_person_id_fkey" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Rules the database keeps even if a writer bypasses the API (Prisma cannot declare CHECKs).
ALTER TABLE "training"
  ADD CONSTRAINT "training_dates_in_order" CHECK ("ends_on" IS NULL OR "starts_on" IS NULL OR "ends_on" >= "starts_on"),
  ADD CONSTRAINT "training_pass_threshold_range" CHECK ("pass_threshold" BETWEEN 0 AND 100),
  ADD CONSTRAINT "training_place_matches_level" CHECK (
    ("level" = 'PROVINCIAL_TOT' AND "kabupaten_code" IS NULL AND "kecamatan_code" IS NULL)
    OR ("level" = 'KECAMATAN_TRAINING' AND "kabupaten_code" IS NOT NULL AND "kecamatan_code" IS NULL)
    OR ("level" = 'VILLAGE_SESSION' AND "kabupaten_code" IS NOT NULL AND "kecamatan_code" IS NOT NULL)),
  ADD CONSTRAINT "training_stage_only_for_tot" CHECK ("stage_number" IS NULL OR "level" = 'PROVINCIAL_TOT');

ALTER TABLE "person"
  ADD CONSTRAINT "person_nik_sixteen_digits" CHECK ("nik" IS NULL OR "nik" ~ '^[0-9]{16}$');

ALTER TABLE "enrollment"
  ADD CONSTRAINT "enrollment_days_attended_not_negative" CHECK ("days_attended" >= 0),
  ADD CONSTRAINT "enrollment_pre_test_score_range" CHECK ("pre_test_score" BETWEEN 0 AND 100),
  ADD CONSTRAINT "enrollment_post_test_score_range" CHECK ("post_test_score" BETWEEN 0 AND 100);
