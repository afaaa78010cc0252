-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "KabupatenKind" AS ENUM ('KABUPATEN', 'KOTA');

-- CreateEnum
CREATE TYPE "VillageKind" AS ENUM ('KELURAHAN', 'DESA', 'DESA_ADAT');

-- CreateTable
CREATE TABLE "province" (
    "code" VARCHAR(2) NOT NULL,
    "name" TEXT NOT NULL,

    CONSTRAINT "province_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "kabupaten" (
    "code" VARCHAR(5) NOT NULL,
    "province_code" VARCHAR(2) NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "KabupatenKind" NOT NULL,

    CONSTRAINT "kabupaten_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "kecamatan" (
    "code" VARCHAR(8) NOT NULL,
    "kabupaten_code" VARCHAR(5) NOT NULL,
    "name" TEXT NOT NULL,

    CONSTRAINT "kecamatan_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "village" (
    "code" VARCHAR(13) NOT NULL,
    "kecamatan_code" VARCHAR(8) NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "VillageKind" NOT NULL,

    CONSTRAINT "village_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "stage" (
    "number" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "starts_on" DATE,
    "ends_on" DATE,

    CONSTRAINT "stage_pkey" PRIMARY KEY ("number")
);

-- CreateTable
CREATE TABLE "stage_province" (
    "stage_number" INTEGER NOT NULL,
    "province_code" VARCHAR(2) NOT NULL,
    "venue_city" TEXT,
    "participant_quota" INTEGER NOT NULL,

    CONSTRAINT "stage_province_pkey" PRIMARY KEY ("stage_number","province_code")
);

-- CreateTable
CREATE TABLE "curriculum_module" (
    "number" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "name_en" TEXT NOT NULL,

    CONSTRAINT "curriculum_module_pkey" PRIMARY KEY ("number")
);

-- CreateTable
CREATE TABLE "dataset_import" (
    "name" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "row_count" INTEGER NOT NULL,
    "imported_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "dataset_import_pkey" PRIMARY KEY ("name")
);

-- CreateIndex
CREATE INDEX "kabupaten_province_code_code_idx" ON "kabupaten"("province_code", "code");

-- CreateIndex
CREATE INDEX "kecamatan_kabupaten_code_code_idx" ON "kecamatan"("kabupaten_code", "code");

-- CreateIndex
CREATE INDEX "village_kecamatan_code_code_idx" ON "village"("kecamatan_code", "code");

-- CreateIndex
CREATE INDEX "stage_province_province_code_idx" ON "stage_province"("province_code");

-- AddForeignKey
ALTER TABLE "kabupaten" ADD CONSTRAINT "kabupaten_province_code_fkey" FOREIGN KEY ("province_code") REFERENCES "province"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "kecamatan" ADD CONSTRAINT "kecamatan_kabupaten_code_fkey" FOREIGN KEY ("kabupaten_code") REFERENCES "kabupaten"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "village" ADD CONSTRAINT "village_kecamatan_code_fkey" FOREIGN KEY ("kecamatan_code") REFERENCES "kecamatan"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stage_province" ADD CONSTRAINT "stage_province_stage_number_fkey" FOREIGN KEY ("stage_number") REFERENCES "stage"("number") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stage_province" ADD CONSTRAINT "stage_province_province_code_fkey" FOREIGN KEY ("province_code") REFERENCES "province"("code") ON DELETE RESTRICT ON UPDATE CASCADE;
