-- AlterTable
ALTER TABLE "province" ADD COLUMN     "kabupaten_count" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "kabupaten" ADD COLUMN     "kecamatan_count" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "kecamatan" ADD COLUMN     "village_count" INTEGER NOT NULL DEFAULT 0;

-- Fill the counts of a tree loaded before this migration (a later start skips the import of a
-- tree it already holds). The tree importer runs the same statements after every import.
UPDATE "province" AS "parent" SET "kabupaten_count" = "counted"."n"
FROM (SELECT "p"."code", count("c"."code")::int AS "n" FROM "province" AS "p" LEFT JOIN "kabupaten" AS "c" ON "c"."province_code" = "p"."code" GROUP BY "p"."code") AS "counted"
WHERE "parent"."code" = "counted"."code" AND "parent"."kabupaten_count" <> "counted"."n";

UPDATE "kabupaten" AS "parent" SET "kecamatan_count" = "counted"."n"
FROM (SELECT "p"."code", count("c"."code")::int AS "n" FROM "kabupaten" AS "p" LEFT JOIN "kecamatan" AS "c" ON "c"."kabupaten_code" = "p"."code" GROUP BY "p"."code") AS "counted"
WHERE "parent"."code" = "counted"."code" AND "parent"."kecamatan_count" <> "counted"."n";

UPDATE "kecamatan" AS "parent" SET "village_count" = "counted"."n"
FROM (SELECT "p"."code", count("c"."code")::int AS "n" FROM "kecamatan" AS "p" LEFT JOIN "village" AS "c" ON "c"."kecamatan_code" = "p"."code" GROUP BY "p"."code") AS "counted"
WHERE "parent"."code" = "counted"."code" AND "parent"."village_count" <> "counted"."n";
